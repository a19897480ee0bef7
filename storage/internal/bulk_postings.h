// Bulk writes (docs/storage.md, "Bulk writes"): the text postings of the
// nodes a write creates, built in memory and written out as one sorted
// RocksDB table file (SstFileWriter) that the store ingests whole, instead
// of sending every posting through the write-ahead log and the memtable;
// and the BulkPostings note that tells log readers and replicas about it.
//
// Only postings of nodes created by the write go here: their ids are
// fresh, so no reader can reach them before the write's records commit,
// and nothing older holds their keys. Each posting costs 16 bytes and its
// positions while it waits to be sorted.
//
// Thread safety: none; one writer uses it.
#ifndef REMARKGRAPH_STORAGE_INTERNAL_BULK_POSTINGS_H_
#define REMARKGRAPH_STORAGE_INTERNAL_BULK_POSTINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "storage/graph_store.h"
#include "storage/internal/rocksdb_util.h"

namespace remarkgraph::storage::internal {

class PostingTable {
 public:
  // Accepts the postings of nodes `first_id` .. `first_id` + 2^32 - 1.
  explicit PostingTable(NodeId first_id) : first_id_(first_id) {}

  bool Accepts(NodeId id) const { return id >= first_id_ && id - first_id_ <= UINT32_MAX; }

  // Room for about this many postings (at most one per code point of the
  // texts to come), so that collecting never reallocates.
  void Reserve(size_t postings) { entries_.reserve(postings); }

  // The posting of `bigram` for node `id`, with its value (the encoded
  // positions, EncodePositions), or its removal: of a node the same write
  // created and then changed or deleted. Only for ids it Accepts. The last
  // word on a key wins.
  void Add(NodeId id, std::string_view bigram, std::string_view positions);
  void Remove(NodeId id, std::string_view bigram);
  // Every posting of `id`'s text, already normalised (NormalizeForSearch).
  void AddText(NodeId id, std::string_view normalized);

  bool empty() const { return entries_.empty(); }
  // Postings and removals collected.
  size_t size() const { return entries_.size(); }

  // Sorts the postings into key order and writes those that stand (a key's
  // last posting, unless it was removed) into a new table file at `path`,
  // with `options` (the text column family's). Returns how many it wrote;
  // with none it writes no file. Releases the memory held.
  absl::StatusOr<size_t> Write(const rocksdb::Options& options, const std::string& path);

 private:
  // One posting: its bigram's UTF-8 bytes packed big-endian (two code
  // points take at most 8 bytes), the node as an offset from first_id_, and
  // where its value starts in values_ (increasing: the order of adding).
  struct Entry {
    uint64_t bigram;
    uint32_t node;
    uint32_t value_at;
  };
  static_assert(sizeof(Entry) == 16);

  void Push(NodeId id, std::string_view bigram);

  const NodeId first_id_;
  std::vector<Entry> entries_;
  // Each value as a varint of its size + 1 (0: a removal), then its bytes.
  std::string values_;
};

// Meta key held from the reservation of a bulk write's ids until its write
// commits: the sequence its ingestion may take (8 bytes), and the ids
// reserved. Found at open, it means the write never committed; the store
// then writes the BulkPostings note that closes the gap.
inline constexpr std::string_view kMetaBulkPending = "bulk_pending";

// The log-data record of `note`, and the note of a batch (nullopt when it
// carries none, or one that does not parse).
std::string BulkPostingsLogData(const BulkPostings& note);
bool IsBulkPostingsLogData(std::string_view blob);
std::optional<BulkPostings> FindBulkPostings(const rocksdb::WriteBatch& batch);

// Whether a write-ahead log that jumps from sequence `expected` to a batch
// starting at `sequence` lost nothing: the batch carries a BulkPostings
// note whose gap covers the missing sequence numbers.
bool IsBulkPostingsGap(const rocksdb::WriteBatch& batch, uint64_t expected, uint64_t sequence);

// On a replica: the postings of the nodes `batch` (a primary's bulk write)
// leaves standing with ids in the note's range, into `table`, as the
// primary built them. DATA_LOSS for a node record that does not parse.
absl::Status CollectBulkPostings(const Handles& handles, const rocksdb::WriteBatch& batch,
                                 const BulkPostings& note, PostingTable* table);

}  // namespace remarkgraph::storage::internal

#endif  // REMARKGRAPH_STORAGE_INTERNAL_BULK_POSTINGS_H_
