#include "service/wire_encoding.h"

#include <bit>
#include <utility>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/unknown_field_set.h"
#include "service/convert.h"

namespace remarkgraph::service {
namespace {

using google::protobuf::io::CodedOutputStream;

// Wire types of the protobuf encoding.
constexpr uint32_t kVarint = 0;
constexpr uint32_t kLengthDelimited = 2;
constexpr uint32_t kFixed32 = 5;

uint32_t Tag(int number, uint32_t wire_type) {
  return static_cast<uint32_t>(number) << 3 | wire_type;
}

void AppendVarint(uint64_t value, std::string* out) {
  uint8_t buffer[10];
  const uint8_t* end = CodedOutputStream::WriteVarint64ToArray(value, buffer);
  out->append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(end - buffer));
}

}  // namespace

size_t FieldSize(int number, size_t size) {
  return CodedOutputStream::VarintSize32(Tag(number, kLengthDelimited)) +
         CodedOutputStream::VarintSize64(size) + size;
}

void AppendFieldHeader(int number, size_t size, std::string* out) {
  AppendVarint(Tag(number, kLengthDelimited), out);
  AppendVarint(size, out);
}

void AppendField(int number, std::string_view bytes, std::string* out) {
  AppendFieldHeader(number, bytes.size(), out);
  out->append(bytes.data(), bytes.size());
}

void AppendStringField(int number, std::string_view text, std::string* out) {
  if (!text.empty()) AppendField(number, text, out);
}

void AppendVarintField(int number, uint64_t value, std::string* out) {
  if (value == 0) return;
  AppendVarint(Tag(number, kVarint), out);
  AppendVarint(value, out);
}

void AppendFloatField(int number, float value, std::string* out) {
  const uint32_t bits = std::bit_cast<uint32_t>(value);
  if (bits == 0) return;
  AppendVarint(Tag(number, kFixed32), out);
  uint8_t bytes[4];
  CodedOutputStream::WriteLittleEndian32ToArray(bits, bytes);
  out->append(reinterpret_cast<const char*>(bytes), 4);
}

void AddEncodedField(google::protobuf::Message& message, int number, std::string bytes) {
  message.GetReflection()->MutableUnknownFields(&message)->AddLengthDelimited(number)->swap(
      bytes);
}

WireNodeCache::WireNodeCache(size_t budget_bytes) : shard_budget_(budget_bytes / kShards) {}

std::shared_ptr<const std::string> WireNodeCache::Encoded(
    storage::NodeId id, const std::shared_ptr<const storage::NodeRecord>& record) {
  Shard& shard = shards_[id % kShards];
  if (shard_budget_ > 0) {
    absl::MutexLock lock(&shard.mutex);
    const auto it = shard.entries.find(id);
    if (it != shard.entries.end() && it->second.record.lock() == record) {
      reused_.fetch_add(1, std::memory_order_relaxed);
      return it->second.bytes;
    }
  }
  auto bytes = std::make_shared<std::string>();
  ToWire(*record).SerializeToString(bytes.get());
  encoded_.fetch_add(1, std::memory_order_relaxed);
  const size_t charge = Charge(*bytes);
  if (charge > shard_budget_ / 4) return bytes;  // Nothing kept, or too big to keep.

  absl::MutexLock lock(&shard.mutex);
  auto [it, inserted] = shard.entries.try_emplace(id);
  if (!inserted) shard.bytes -= Charge(*it->second.bytes);
  it->second = Entry{.record = record, .bytes = bytes};
  shard.bytes += charge;
  if (shard.bytes > shard_budget_) {
    // Entries whose record the store no longer holds go first, then any
    // until a quarter of the shard is free.
    for (auto e = shard.entries.begin(); e != shard.entries.end();) {
      if (e->second.record.expired()) {
        shard.bytes -= Charge(*e->second.bytes);
        shard.entries.erase(e++);
      } else {
        ++e;
      }
    }
    for (auto e = shard.entries.begin();
         e != shard.entries.end() && shard.bytes > shard_budget_ - shard_budget_ / 4;) {
      shard.bytes -= Charge(*e->second.bytes);
      shard.entries.erase(e++);
    }
  }
  return bytes;
}

}  // namespace remarkgraph::service
