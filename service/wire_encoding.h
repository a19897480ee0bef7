// Responses assembled from encoded parts, so that a stored node is turned
// into a wire message and serialized once, not once per response.
//
// The protobuf wire format of a message is the concatenation of its fields,
// each a tag and a value; a sub-message field's value is the sub-message's
// encoding. So a response can carry a field already encoded: it goes in the
// message's unknown-field set (SetEncodedField), which protobuf serializes
// verbatim after the known fields, and every client parses it as the field
// it is (field order does not matter to parsers; the elements of a repeated
// field keep their order). On the server such a field is invisible to the
// generated accessors: only code that serializes the message sees it.
#ifndef REMARKGRAPH_SERVICE_WIRE_ENCODING_H_
#define REMARKGRAPH_SERVICE_WIRE_ENCODING_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/message.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

// The bytes AppendField adds for a value of `size` bytes under `number`.
size_t FieldSize(int number, size_t size);

// Appends field `number` holding `bytes` (an encoded message, or a string)
// to the encoding in `out`: its tag, its length and the bytes.
void AppendField(int number, std::string_view bytes, std::string* out);

// Appends the tag and length of field `number` holding `size` bytes that
// the caller appends next.
void AppendFieldHeader(int number, size_t size, std::string* out);

// Appends string field `number` holding `text`; nothing for "" (the
// default, which proto3 does not send).
void AppendStringField(int number, std::string_view text, std::string* out);

// Appends field `number` holding the varint `value`; nothing for 0 (the
// default, which proto3 does not send).
void AppendVarintField(int number, uint64_t value, std::string* out);

// The varint of an int32 or int64 field holding `value` (a negative value
// takes ten bytes, as protobuf sends it).
inline uint64_t IntFieldValue(int64_t value) { return static_cast<uint64_t>(value); }

// Appends float field `number` holding `value`; nothing for 0 (the default,
// which proto3 does not send; -0 is sent).
void AppendFloatField(int number, float value, std::string* out);

// Adds to `message` an occurrence of its field `number` (a sub-message,
// string or bytes field, possibly repeated) given as the encoded `bytes`.
void AddEncodedField(google::protobuf::Message& message, int number, std::string bytes);

// The serialized remarkgraph.v1.Node of each stored record, made once and
// shared while the store shares that record.
//
// A record the store hands out shared (GraphSnapshot::GetSharedNodes) is
// immutable and lives in the store's read cache until a write replaces it:
// the encoding is kept beside a weak reference to the record object, and
// serves a later call only for that very object. A record the store read
// afresh (another object) is encoded again, and a changed node is always
// another object, so an encoding never outlives its record's value.
// Bounded by a byte budget; past it, entries go in no particular order.
// Thread-safe.
class WireNodeCache {
 public:
  // `budget_bytes` 0 keeps nothing (each call encodes).
  explicit WireNodeCache(size_t budget_bytes);

  // The serialized v1.Node of `record`, the record of node `id`.
  std::shared_ptr<const std::string> Encoded(
      storage::NodeId id, const std::shared_ptr<const storage::NodeRecord>& record);

  // Encodings made and reused since the start, for tests and metrics.
  int64_t encoded() const { return encoded_.load(std::memory_order_relaxed); }
  int64_t reused() const { return reused_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::weak_ptr<const storage::NodeRecord> record;
    std::shared_ptr<const std::string> bytes;
  };
  struct Shard {
    absl::Mutex mutex;
    absl::flat_hash_map<storage::NodeId, Entry> entries ABSL_GUARDED_BY(mutex);
    size_t bytes ABSL_GUARDED_BY(mutex) = 0;
  };
  static constexpr size_t kShards = 16;
  // The bytes an entry is charged: its encoding, the map's overhead, and
  // the record's own allocation, which the weak reference keeps after the
  // record is gone when the store made it with make_shared (one block for
  // the object and its reference counts).
  static size_t Charge(const std::string& bytes) {
    return bytes.size() + sizeof(std::string) + sizeof(storage::NodeRecord) + 96;
  }

  const size_t shard_budget_;
  std::array<Shard, kShards> shards_;
  std::atomic<int64_t> encoded_{0};
  std::atomic<int64_t> reused_{0};
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_WIRE_ENCODING_H_
