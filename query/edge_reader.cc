#include "query/internal/edge_reader.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace remarkgraph::query::internal {

using storage::EdgeDirection;

absl::StatusOr<Stance> ScannedEdge::GetStance() const {
  if (!value.has_value()) return stance;
  return storage::ReadEdgeStance(*value);
}

absl::StatusOr<std::vector<EdgeView>> ToViews(
    storage::GraphSnapshot& snapshot, const std::vector<const ScannedEdge*>& edges) {
  std::vector<EdgeView> views(edges.size());
  std::vector<storage::EdgeRef> unread;
  std::vector<size_t> unread_index;
  for (size_t i = 0; i < edges.size(); ++i) {
    const ScannedEdge& edge = *edges[i];
    EdgeView& view = views[i];
    view.source = edge.source();
    view.target = edge.target();
    view.kind = edge.kind;
    if (edge.value.has_value()) {
      if (!view.record.ParseFromString(*edge.value)) {
        return absl::InternalError(absl::StrCat("corrupt edge value between nodes ",
                                                edge.source(), " and ", edge.target()));
      }
    } else {
      unread.push_back({edge.source(), edge.kind, edge.target()});
      unread_index.push_back(i);
    }
  }
  if (unread.empty()) return views;
  ASSIGN_OR_RETURN(std::vector<std::optional<EdgeRecord>> records, snapshot.GetEdges(unread));
  for (size_t j = 0; j < unread.size(); ++j) {
    if (!records[j].has_value()) {
      return absl::InternalError(absl::StrCat("edge between nodes ", unread[j].source, " and ",
                                              unread[j].target, " is missing from the store"));
    }
    views[unread_index[j]].record = *std::move(records[j]);
  }
  return views;
}

std::vector<EdgeKind> NormalizeKinds(const std::vector<EdgeKind>& kinds) {
  std::vector<EdgeKind> out;
  for (EdgeKind kind : kinds) {
    if (kind != EdgeKind::kUnspecified) out.push_back(kind);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

EdgeReader::EdgeReader(storage::GraphSnapshot& snapshot, NodeId node,
                       Direction direction, const std::vector<EdgeKind>& kinds)
    : snapshot_(snapshot), in_memory_(snapshot.has_adjacency()), node_(node) {
  // One segment per (direction, kind): a kind filter becomes one seek per
  // kind instead of reading and discarding the other kinds' edges.
  auto add = [&](EdgeDirection d) {
    if (kinds.empty()) {
      segments_.push_back({d, std::nullopt});
    } else {
      for (EdgeKind kind : kinds) segments_.push_back({d, kind});
    }
  };
  if (direction != Direction::kIncoming) add(EdgeDirection::kOutgoing);
  if (direction != Direction::kOutgoing) add(EdgeDirection::kIncoming);
}

absl::StatusOr<bool> EdgeReader::Next(size_t max,
                                      std::vector<ScannedEdge>* out) {
  size_t added = 0;
  while (added < max && segment_ < segments_.size()) {
    const Segment& segment = segments_[segment_];
    const size_t want = max - added;
    size_t got = 0;
    if (in_memory_) {
      ASSIGN_OR_RETURN(
          int64_t visited,
          snapshot_.ScanAdjacency(node_, segment.direction, segment.kind, cursor_,
                                  [&](const storage::AdjacentEdge& edge) {
                                    out->push_back({.node = node_,
                                                    .neighbor = edge.neighbor,
                                                    .kind = edge.kind,
                                                    .direction = segment.direction,
                                                    .value = std::nullopt,
                                                    .stance = edge.stance});
                                    ++got;
                                    return got < want;
                                  }));
      (void)visited;
    } else {
      ASSIGN_OR_RETURN(
          int64_t visited,
          snapshot_.ScanEdges(node_, segment.direction, segment.kind, cursor_,
                              [&](const storage::EdgeEntry& entry) {
                                out->push_back({.node = entry.node,
                                                .neighbor = entry.neighbor,
                                                .kind = entry.kind,
                                                .direction = entry.direction,
                                                .value = std::string(entry.value)});
                                ++got;
                                return got < want;
                              }));
      (void)visited;
    }
    added += got;
    if (got < want) {
      // The segment ran out before the chunk filled.
      ++segment_;
      cursor_.reset();
    } else {
      cursor_ = storage::EdgeCursor{out->back().kind, out->back().neighbor};
    }
  }
  return segment_ < segments_.size();
}

absl::StatusOr<ReadOutcome> ReadBudgeted(EdgeReader& reader,
                                         int64_t& node_edges,
                                         BudgetTracker& tracker,
                                         std::vector<ScannedEdge>* chunk) {
  chunk->clear();
  RETURN_IF_ERROR(tracker.CheckClock());
  if (tracker.time_spent()) return ReadOutcome::kTimeCut;
  const int64_t fanout_left = tracker.budget().max_fanout - node_edges;
  const int64_t edges_left = tracker.edges_left();
  const int64_t allow = std::min<int64_t>(
      {static_cast<int64_t>(kEdgeChunk), fanout_left, edges_left});
  if (allow <= 0) {
    // A limit is reached; it only cuts the answer if an edge remains.
    ASSIGN_OR_RETURN(bool more, reader.Next(1, chunk));
    const bool remains = more || !chunk->empty();
    chunk->clear();
    if (!remains) return ReadOutcome::kExhausted;
    return edges_left <= 0 ? ReadOutcome::kEdgeBudgetCut
                           : ReadOutcome::kFanoutCut;
  }
  ASSIGN_OR_RETURN(bool more, reader.Next(static_cast<size_t>(allow), chunk));
  node_edges += static_cast<int64_t>(chunk->size());
  tracker.AddEdges(static_cast<int64_t>(chunk->size()));
  if (chunk->empty() && !more) return ReadOutcome::kExhausted;
  return ReadOutcome::kEdges;
}

}  // namespace remarkgraph::query::internal
