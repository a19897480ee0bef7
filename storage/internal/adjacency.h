// The in-memory adjacency: every edge's ends, kind and stance, in
// compressed sparse row (CSR) arrays per direction, so that traversals walk
// the graph without reading RocksDB. RocksDB stays the durable truth: the
// adjacency is built from the `out` column family when the store opens and
// kept current by every committed batch. Edge records (evidence) are not
// held; only 8 bytes per stored copy of an edge (see PackedEdge).
//
// Versions. An AdjacencyVersion is immutable: a base (the CSR arrays,
// shared by many versions) plus an overlay of the node lists changed since
// the base was built, stamped with the RocksDB sequence it is current at.
// A commit derives the next version from the previous one and the edge
// writes of its own batch, and folds the overlay into a new base once it
// holds more than a fraction of the nodes. A snapshot pairs its RocksDB
// snapshot with the version of the same sequence (Adjacency::Snapshot), so
// it sees all of a batch or none of it.
//
// Ids. Neighbor ids are held in 32 bits: node ids are dense from 1 and
// never reused. A store whose ids pass 2^32 keeps no adjacency (snapshots
// then scan RocksDB), as does one whose batches hold an edge write the
// adjacency cannot follow (a range deletion or merge in `out` or `in`).
//
// Thread safety: AdjacencyBase and AdjacencyVersion are immutable and
// shared freely. Adjacency's Snapshot may be called from any thread;
// Prepare, BeginCommit and EndCommit by one writer at a time (the store's
// write lock), in that order.
#ifndef REMARKGRAPH_STORAGE_INTERNAL_ADJACENCY_H_
#define REMARKGRAPH_STORAGE_INTERNAL_ADJACENCY_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "rocksdb/db.h"
#include "storage/graph_store.h"

namespace remarkgraph::storage::internal {

// One stored copy of an edge, seen from the node it is stored under.
struct PackedEdge {
  uint32_t neighbor = 0;
  uint8_t kind = 0;    // EdgeKind.
  uint8_t stance = 0;  // Stance, as stored in the edge's record.

  bool operator==(const PackedEdge& o) const {
    return neighbor == o.neighbor && kind == o.kind && stance == o.stance;
  }
};
static_assert(sizeof(PackedEdge) == 8);

// A node's edges in one direction, ordered by (kind, neighbor): the order
// of the RocksDB keys.
using PackedEdges = absl::Span<const PackedEdge>;

struct AdjacencyOverlay;

// The CSR arrays: for each direction, offsets indexed by node id into one
// array of edges.
class AdjacencyBase {
 public:
  // Reads every edge of the `out` column family through `out_edges` (an
  // iterator at the state to hold) and derives the incoming copies from
  // them. `next_id` is the store's next node id and `edge_hint` its edge
  // count (to size the arrays). DATA_LOSS for a malformed key or value;
  // OUT_OF_RANGE for ids that do not fit in 32 bits.
  static absl::StatusOr<std::shared_ptr<const AdjacencyBase>> Build(
      rocksdb::Iterator& out_edges, uint64_t next_id, int64_t edge_hint);

  // A new base holding the lists of `overlay` in place of this base's
  // lists for those nodes.
  std::shared_ptr<const AdjacencyBase> Merge(const AdjacencyOverlay& overlay) const;

  PackedEdges Edges(NodeId node, EdgeDirection direction) const;

  int64_t edges() const { return static_cast<int64_t>(csr_[0].edges.size()); }
  // The node ids the arrays have room for (the largest id + 1).
  size_t node_slots() const {
    return csr_[0].offsets.empty() ? 0 : csr_[0].offsets.size() - 1;
  }
  size_t bytes() const;

 private:
  struct Csr {
    std::vector<uint64_t> offsets;  // offsets[id] .. offsets[id + 1].
    std::vector<PackedEdge> edges;
  };
  Csr csr_[2];  // By EdgeDirection.
};

// Whole node lists that replace the base's, by direction.
struct AdjacencyOverlay {
  using Lists = absl::flat_hash_map<NodeId, std::shared_ptr<const std::vector<PackedEdge>>>;
  Lists lists[2];  // By EdgeDirection.
  size_t size() const { return lists[0].size() + lists[1].size(); }
};

// One consistent state of the adjacency.
class AdjacencyVersion {
 public:
  AdjacencyVersion(uint64_t sequence, std::shared_ptr<const AdjacencyBase> base,
                   std::shared_ptr<const AdjacencyOverlay> overlay)
      : sequence_(sequence), base_(std::move(base)), overlay_(std::move(overlay)) {}

  // The RocksDB sequence this version holds the edges of.
  uint64_t sequence() const { return sequence_; }

  // The edges of `node` in `direction`; with `kind`, only that kind's.
  PackedEdges Edges(NodeId node, EdgeDirection direction,
                    std::optional<EdgeKind> kind = std::nullopt) const;

 private:
  friend class Adjacency;

  const uint64_t sequence_;
  const std::shared_ptr<const AdjacencyBase> base_;
  // Lists changed since the base (never null).
  const std::shared_ptr<const AdjacencyOverlay> overlay_;
};

// Figures of the adjacency, for metrics and the benchmarks.
struct AdjacencyFigures {
  bool enabled = false;
  double build_seconds = 0;  // The build at open.
  int64_t edges = 0;         // In the current base.
  size_t base_bytes = 0;
  size_t overlay_lists = 0;
  int64_t merges = 0;  // Overlays folded into a new base since open.
};

// The store's adjacency: the current version, and the one a commit in
// progress will publish.
class Adjacency {
 public:
  // Builds the adjacency of `db` at `sequence` (its latest; no write may
  // run meanwhile). On failure the adjacency stays off and the reason is
  // returned (the store works on without it).
  absl::Status Build(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* out,
                     rocksdb::ColumnFamilyHandle* in, uint64_t sequence,
                     uint64_t next_id, int64_t edge_hint);

  // A RocksDB snapshot of `db` and the version of its sequence (nullptr
  // when the adjacency is off). The caller releases the snapshot.
  std::pair<const rocksdb::Snapshot*, std::shared_ptr<const AdjacencyVersion>>
  Snapshot(rocksdb::DB* db);

  // The version after `batch` commits on top of the current one, or
  // nullptr when the adjacency is off or turns off on this batch (a write
  // it cannot follow; logged).
  std::shared_ptr<const AdjacencyVersion> Prepare(const rocksdb::WriteBatch& batch);
  // The version after a commit that takes `sequences` sequence numbers and
  // changes no edge (a table file ingested into the text family); nullptr
  // when the adjacency is off.
  std::shared_ptr<const AdjacencyVersion> PrepareUnchanged(uint64_t sequences);
  // Around the RocksDB write of the prepared batch: snapshots taken in
  // between may see either version. `committed` is the store's latest
  // sequence after the write; a failed write passes ok = false.
  void BeginCommit(std::shared_ptr<const AdjacencyVersion> next);
  void EndCommit(bool ok, uint64_t committed);

  // Drops every version (the store is closing).
  void Clear();

  AdjacencyFigures Figures();

 private:
  void TurnOff(std::string_view why) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  uint32_t out_family_ = 0;
  uint32_t in_family_ = 0;
  absl::Mutex mutex_;
  bool enabled_ ABSL_GUARDED_BY(mutex_) = false;
  std::shared_ptr<const AdjacencyVersion> current_ ABSL_GUARDED_BY(mutex_);
  std::shared_ptr<const AdjacencyVersion> pending_ ABSL_GUARDED_BY(mutex_);
  double build_seconds_ ABSL_GUARDED_BY(mutex_) = 0;
  int64_t merges_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace remarkgraph::storage::internal

#endif  // REMARKGRAPH_STORAGE_INTERNAL_ADJACENCY_H_
