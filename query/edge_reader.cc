#include "query/internal/edge_reader.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace remarkgraph::query::internal {

using storage::EdgeDirection;

absl::StatusOr<EdgeRecord> ScannedEdge::DecodeRecord() const {
  EdgeRecord record;
  if (!record.ParseFromString(value)) {
    return absl::InternalError(absl::StrCat("corrupt edge value between nodes ",
                                            source(), " and ", target()));
  }
  return record;
}

absl::StatusOr<EdgeView> ScannedEdge::ToView() const {
  EdgeView view;
  view.source = source();
  view.target = target();
  view.kind = kind;
  ASSIGN_OR_RETURN(view.record, DecodeRecord());
  return view;
}

absl::StatusOr<Stance> ReadStance(std::string_view value) {
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(value.data()),
      static_cast<int>(value.size()));
  using google::protobuf::internal::WireFormatLite;
  constexpr uint32_t kStanceTag = WireFormatLite::MakeTag(
      EdgeRecord::kStanceFieldNumber, WireFormatLite::WIRETYPE_VARINT);
  uint32_t stance = 0;
  while (uint32_t tag = in.ReadTag()) {
    if (tag == kStanceTag) {
      // The last occurrence wins, as when parsing.
      if (!in.ReadVarint32(&stance)) {
        return absl::InternalError("corrupt edge value");
      }
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return absl::InternalError("corrupt edge value");
    }
  }
  if (in.CurrentPosition() != static_cast<int>(value.size())) {
    return absl::InternalError("corrupt edge value");
  }
  return static_cast<Stance>(stance);
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
    : snapshot_(snapshot), node_(node) {
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
    ASSIGN_OR_RETURN(
        int64_t visited,
        snapshot_.ScanEdges(node_, segment.direction, segment.kind, cursor_,
                            [&](const storage::EdgeEntry& entry) {
                              out->push_back({entry.node, entry.neighbor,
                                              entry.kind, entry.direction,
                                              std::string(entry.value)});
                              ++got;
                              return got < want;
                            }));
    (void)visited;
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
