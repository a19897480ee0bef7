// Stages one Mutation into a RocksDB WriteBatchWithIndex, so that later
// operations read the effect of earlier ones (read-your-writes) before
// anything is committed. Nothing is written to the database here: the store
// commits batch() in one Write, or drops it on error.
#ifndef REMARKGRAPH_STORAGE_INTERNAL_STORE_WRITER_H_
#define REMARKGRAPH_STORAGE_INTERNAL_STORE_WRITER_H_

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "storage/graph_store.h"
#include "storage/internal/bulk_postings.h"
#include "storage/internal/read_cache.h"
#include "storage/internal/rocksdb_util.h"

namespace remarkgraph::storage::internal {

class StoreWriter {
 public:
  // With `postings`, the text postings of the nodes it Accepts (those the
  // mutation creates) go there instead of into the batch.
  StoreWriter(rocksdb::DB* db, const Handles* handles, Counters counters,
              PostingTable* postings = nullptr, size_t reserved_bytes = 0);

  // About the bytes the batch of `mutation` takes (an overestimate: the
  // room reserved for it is only touched as it fills), so that the batch
  // never grows by copying itself. `with_postings`: the text postings of
  // its nodes go into the batch too.
  static size_t EstimateBatchBytes(const Mutation& mutation, bool with_postings);

  // Validates and stages every operation. On error the batch must be
  // dropped; the status carries the failing operation's index as payload
  // kOperationIndexPayload (decimal text).
  absl::StatusOr<ApplyResult> Stage(const Mutation& mutation);
  // The same, releasing each operation of `mutation` once staged
  // (Mutation::Release), so that the mutation and the batch are not both
  // held whole. On error the mutation is left part released.
  absl::StatusOr<ApplyResult> StageReleasing(Mutation& mutation);

  rocksdb::WriteBatchWithIndex& batch() { return batch_; }
  // The counters after the staged changes.
  const Counters& counters() const { return counters_; }
  // The cached reads the staged changes make stale.
  const Touched& touched() const { return touched_; }

 private:
  absl::StatusOr<ApplyResult> StageAll(const Mutation& mutation, Mutation* releasing);
  absl::Status UpsertNode(const Mutation::Op& op, const NodeRecord& node,
                          ApplyResult* result);
  absl::Status UpsertEdge(const Mutation::Op& op, const EdgeRecord& edge,
                          ApplyResult* result);
  absl::Status DeleteEdge(const Mutation::Op& op, ApplyResult* result);
  absl::Status DeleteNode(const Mutation::Op& op, ApplyResult* result);

  // Reads through the batch into the database.
  absl::StatusOr<std::optional<std::string>> Read(ColumnFamily family,
                                                  std::string_view key);
  // Reads the batch alone: for keys nothing stored can hold.
  absl::StatusOr<std::optional<std::string>> ReadBatch(ColumnFamily family,
                                                       std::string_view key);
  absl::StatusOr<std::optional<NodeId>> ResolveName(std::string_view name);
  absl::StatusOr<NodeId> ResolveEndpoint(std::string_view name,
                                         std::string_view role);
  // Stage a write: into the batch's index where staging may read it back,
  // else deferred (see Unread).
  absl::Status Put(ColumnFamily family, std::string_view key,
                   std::string_view value);
  absl::Status Delete(ColumnFamily family, std::string_view key);
  // Whether staging never reads `family`'s writes back from the batch from
  // here on, so that they skip its index (an insert into a skip list each):
  // names are answered from resolved_, the kind index is never read, and
  // incoming edges only by a node deletion, none of which is ahead once
  // scans_ahead_ is false. Every later write of such a family is deferred
  // too, so that their order holds.
  bool Unread(ColumnFamily family) const;
  absl::Status IndexText(NodeId id, std::string_view text, bool add);
  absl::Status Log(ChangeRecord::Op op, std::string_view name,
                   std::string_view target = "",
                   EdgeKind kind = EdgeKind::kUnspecified);
  absl::Status WriteCounters();
  // Notes the name of node `id`, which the batch refers to by id only.
  void NameNode(NodeId id, std::string_view name);
  // The name stored in node `id`'s record (through the batch).
  absl::StatusOr<std::string> StoredName(NodeId id);
  // Writes the names noted by NameNode into the write-ahead log with the
  // batch (BatchNames), but those of nodes the batch upserts: their
  // records carry them.
  absl::Status AppendBatchNames();
  // Writes the text postings and change-log entries staged outside the
  // batch's index (see deferred_).
  absl::Status AppendDeferred();

  rocksdb::DB* const db_;
  const Handles* const handles_;
  PostingTable* const postings_;
  Counters counters_;
  // Ids from here on are of nodes this batch creates: nothing stored holds
  // them, so a key that begins with one is looked up in the batch alone.
  const NodeId first_new_id_;
  const rocksdb::DBOptions db_options_;
  rocksdb::WriteBatchWithIndex batch_;
  const int64_t commit_micros_;
  Touched touched_;
  // Writes that nothing reads back during staging (text postings, the change
  // log): appended to the batch after everything else, unindexed. A large
  // import stages millions of postings: each is its key and value packed in
  // `deferred_bytes_` and a small entry pointing at them.
  void Defer(ColumnFamily family, std::string_view key, std::string_view value, bool erase);
  struct Deferred {
    // The family and the key's first 15 bytes, big-endian and zero-padded:
    // they order almost every pair of entries (a text key is a length byte,
    // a bigram of up to 6 bytes and an 8-byte id) without reading the key.
    uint64_t sort_high;
    uint64_t sort_low;
    const char* data;  // key, then value, in a chunk of deferred_bytes_.
    uint32_t key_size;
    uint32_t value_size;
    uint32_t order;  // Of staging, to keep a delete before a put of its key.
    uint8_t family;  // A ColumnFamily.
    bool erase;
    std::string_view key() const { return {data, key_size}; }
    std::string_view value() const { return {data + key_size, value_size}; }
  };
  // A deque: it grows by blocks, never to twice what it holds.
  std::deque<Deferred> deferred_;
  // Chunks that never reallocate, so that entries may point into them.
  std::vector<std::string> deferred_bytes_;
  // The posting prefixes touched, each once (see touched()).
  absl::flat_hash_set<std::string> posting_prefixes_;
  absl::flat_hash_map<NodeId, std::string> named_;
  // Names resolved or created while staging, and names deleted (nullopt):
  // the meeting and its people are named by thousands of edges of one
  // import. Every change of the names family goes through this writer, so
  // the map stays what the batch and the database would answer.
  absl::flat_hash_map<std::string, std::optional<NodeId>> resolved_;
  // A node deletion is at or after the operation being staged.
  bool scans_ahead_ = true;
  absl::flat_hash_set<NodeId> upserted_;
};

}  // namespace remarkgraph::storage::internal

#endif  // REMARKGRAPH_STORAGE_INTERNAL_STORE_WRITER_H_
