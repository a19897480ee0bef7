// Chunked, budgeted reading of one node's edges.
#ifndef REMARKGRAPH_QUERY_INTERNAL_EDGE_READER_H_
#define REMARKGRAPH_QUERY_INTERNAL_EDGE_READER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "query/internal/budget.h"
#include "query/query_engine.h"
#include "storage/graph_store.h"

namespace remarkgraph::query::internal {

// An edge copied out of a scan (EdgeEntry::value only lives during the
// visit). From the in-memory adjacency it comes without its record but with
// its stance.
struct ScannedEdge {
  NodeId node = storage::kNoNode;
  NodeId neighbor = storage::kNoNode;
  EdgeKind kind = EdgeKind::kUnspecified;
  storage::EdgeDirection direction = storage::EdgeDirection::kOutgoing;
  // The serialized EdgeRecord, when the scan read it (RocksDB).
  std::optional<std::string> value;
  // The record's stance, when `value` is not held (the adjacency).
  Stance stance = Stance::kUnspecified;

  NodeId source() const {
    return direction == storage::EdgeDirection::kOutgoing ? node : neighbor;
  }
  NodeId target() const {
    return direction == storage::EdgeDirection::kOutgoing ? neighbor : node;
  }
  // The stance, read from `value` when held. INTERNAL if it is malformed.
  absl::StatusOr<Stance> GetStance() const;
};

// The edges as EdgeViews, records included: decoded from their values, or
// read in one batch from `snapshot` for those scanned without. INTERNAL if
// a value does not parse or an edge is missing from the snapshot.
absl::StatusOr<std::vector<EdgeView>> ToViews(
    storage::GraphSnapshot& snapshot, const std::vector<const ScannedEdge*>& edges);

// The edge kinds of a filter, ascending and without duplicates (the order
// storage scans them in); kUnspecified entries are dropped.
std::vector<EdgeKind> NormalizeKinds(const std::vector<EdgeKind>& kinds);

// Reads the edges of one node in storage order (outgoing before incoming for
// kBoth; by kind, then neighbor id), a chunk at a time: from the in-memory
// adjacency when the snapshot has it (edges without values), else from
// RocksDB (with values). Between chunks no iterator is open, so callers may
// read nodes from the same snapshot, and memory stays bounded by the chunk
// size however many edges the node has.
class EdgeReader {
 public:
  // `kinds` as from NormalizeKinds; empty means every kind.
  EdgeReader(storage::GraphSnapshot& snapshot, NodeId node, Direction direction,
             const std::vector<EdgeKind>& kinds);

  // Appends up to `max` further edges to `out`. Returns false once no edge
  // remains (then nothing more is appended).
  absl::StatusOr<bool> Next(size_t max, std::vector<ScannedEdge>* out);

 private:
  struct Segment {
    storage::EdgeDirection direction;
    std::optional<EdgeKind> kind;
  };

  storage::GraphSnapshot& snapshot_;
  const bool in_memory_;
  NodeId node_;
  std::vector<Segment> segments_;
  size_t segment_ = 0;
  std::optional<storage::EdgeCursor> cursor_;
};

// Why ReadBudgeted returned.
enum class ReadOutcome {
  kEdges,          // `chunk` holds edges; call again.
  kExhausted,      // The node has no further edges.
  kFanoutCut,      // More edges remain but the node used its fan-out.
  kEdgeBudgetCut,  // More edges remain but the query used its edge budget.
  kTimeCut,        // The server time budget is spent.
};

// The edge count per chunk: large enough to batch node reads, small enough
// to keep memory flat.
inline constexpr size_t kEdgeChunk = 256;

// Replaces `chunk` with the next edges of `reader` that fit both the node's
// fan-out (`node_edges` counts what was read from this node so far and is
// advanced) and the query's edge budget (charged to `tracker`). The cut
// outcomes are returned rather than recorded so that a caller that only
// probes can decide what they mean. An edge read merely to learn whether
// more remain is not charged. DEADLINE_EXCEEDED passes through.
absl::StatusOr<ReadOutcome> ReadBudgeted(EdgeReader& reader,
                                         int64_t& node_edges,
                                         BudgetTracker& tracker,
                                         std::vector<ScannedEdge>* chunk);

}  // namespace remarkgraph::query::internal

#endif  // REMARKGRAPH_QUERY_INTERNAL_EDGE_READER_H_
