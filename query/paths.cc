// FindPaths: bidirectional breadth-first search. Each side keeps, per node
// reached, its depth and up to max_paths parent links of that depth: enough
// to rebuild max_paths shortest paths (each kept parent leads to at least
// one path, so a node with k kept parents has at least k prefixes) without
// holding every edge between two levels.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/error_details.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "query/internal/budget.h"
#include "query/internal/edge_reader.h"
#include "query/query_engine.h"

namespace remarkgraph::query {
namespace {

using internal::BudgetTracker;
using internal::EdgeReader;
using internal::ReadOutcome;
using internal::ScannedEdge;

constexpr int kMaxPathsCeiling = 100;

// An edge by which a node was reached from `parent` (one level nearer the
// side's root).
struct Link {
  NodeId parent = storage::kNoNode;
  NodeId source = storage::kNoNode;
  NodeId target = storage::kNoNode;
  EdgeKind kind = EdgeKind::kUnspecified;

  NodeId child() const { return source == parent ? target : source; }
};

struct Reached {
  int depth = 0;
  std::vector<Link> parents;  // Empty only for the root.
};

// One direction of the search.
struct Side {
  Direction direction;
  absl::flat_hash_map<NodeId, Reached> reached;
  std::vector<NodeId> frontier;
  int depth = 0;
};

Direction Reverse(Direction direction) {
  switch (direction) {
    case Direction::kOutgoing:
      return Direction::kIncoming;
    case Direction::kIncoming:
      return Direction::kOutgoing;
    case Direction::kBoth:
      return Direction::kBoth;
  }
  return Direction::kBoth;
}

// Expands `side` by one level. Nodes also reached by `other` go to `meets`.
// Returns false if a budget stopped the search (recorded in `tracker`);
// a per-node fan-out cut only skips the rest of that node.
absl::StatusOr<bool> ExpandSide(storage::GraphSnapshot& snapshot,
                                const std::vector<EdgeKind>& kinds,
                                size_t max_parents, Side& side,
                                const Side& other, BudgetTracker& tracker,
                                std::vector<NodeId>* meets) {
  std::vector<NodeId> next;
  std::vector<ScannedEdge> chunk;
  const int depth = side.depth + 1;
  for (NodeId node : side.frontier) {
    EdgeReader reader(snapshot, node, side.direction, kinds);
    int64_t node_edges = 0;
    for (bool node_done = false; !node_done;) {
      ASSIGN_OR_RETURN(
          ReadOutcome outcome,
          internal::ReadBudgeted(reader, node_edges, tracker, &chunk));
      switch (outcome) {
        case ReadOutcome::kExhausted:
          node_done = true;
          continue;
        case ReadOutcome::kFanoutCut:
          tracker.Truncate(Truncation::kMaxFanout);
          node_done = true;
          continue;
        case ReadOutcome::kEdgeBudgetCut:
          tracker.Truncate(Truncation::kMaxEdgesScanned);
          return false;
        case ReadOutcome::kTimeCut:
          return false;
        case ReadOutcome::kEdges:
          break;
      }
      for (const ScannedEdge& edge : chunk) {
        const Link link{node, edge.source(), edge.target(), edge.kind};
        auto it = side.reached.find(edge.neighbor);
        if (it == side.reached.end()) {
          if (tracker.nodes_left() <= 0) {
            tracker.Truncate(Truncation::kMaxNodes);
            return false;
          }
          tracker.AddNodes(1);
          side.reached.emplace(edge.neighbor, Reached{depth, {link}});
          next.push_back(edge.neighbor);
          if (other.reached.contains(edge.neighbor)) {
            meets->push_back(edge.neighbor);
          }
        } else if (it->second.depth == depth &&
                   it->second.parents.size() < max_parents) {
          it->second.parents.push_back(link);
        }
      }
    }
  }
  side.frontier = std::move(next);
  side.depth = depth;
  return true;
}

using Chain = std::vector<Link>;  // From the side's root outwards.

// Up to `limit` chains from the root of `side` to `node`, memoised per node
// so that shared prefixes are built once.
const std::vector<Chain>& Chains(
    const Side& side, NodeId node, size_t limit,
    std::unordered_map<NodeId, std::vector<Chain>>& memo) {
  auto found = memo.find(node);
  if (found != memo.end()) return found->second;
  std::vector<Chain> out;
  const Reached& reached = side.reached.at(node);
  if (reached.parents.empty()) out.emplace_back();
  for (const Link& link : reached.parents) {
    for (const Chain& prefix : Chains(side, link.parent, limit, memo)) {
      if (out.size() >= limit) break;
      Chain chain = prefix;
      chain.push_back(link);
      out.push_back(std::move(chain));
    }
  }
  // std::unordered_map keeps references valid across rehashing.
  return memo.emplace(node, std::move(out)).first->second;
}

struct Candidate {
  std::vector<NodeId> nodes;
  std::vector<Link> edges;  // edges[i] joins nodes[i] and nodes[i + 1].
};

// Orders paths by their node ids, then by their edges (kind, source,
// target): a total order, so the answer does not depend on discovery order
// among equal-length paths.
int ComparePaths(const Candidate& a, const Candidate& b) {
  if (a.nodes != b.nodes) return a.nodes < b.nodes ? -1 : 1;
  for (size_t i = 0; i < a.edges.size() && i < b.edges.size(); ++i) {
    const auto x =
        std::tie(a.edges[i].kind, a.edges[i].source, a.edges[i].target);
    const auto y =
        std::tie(b.edges[i].kind, b.edges[i].source, b.edges[i].target);
    if (x != y) return x < y ? -1 : 1;
  }
  return static_cast<int>(a.edges.size()) - static_cast<int>(b.edges.size());
}

// Joins the forward chains to `meet` with the backward chains from it.
void Combine(const Side& forward, const Side& backward, NodeId meet,
             size_t limit,
             std::unordered_map<NodeId, std::vector<Chain>>& forward_memo,
             std::unordered_map<NodeId, std::vector<Chain>>& backward_memo,
             NodeId source, size_t cap, std::vector<Candidate>* out) {
  const std::vector<Chain>& heads = Chains(forward, meet, limit, forward_memo);
  const std::vector<Chain>& tails =
      Chains(backward, meet, limit, backward_memo);
  for (const Chain& head : heads) {
    for (const Chain& tail : tails) {
      if (out->size() >= cap) return;
      Candidate path;
      path.nodes.push_back(source);
      for (const Link& link : head) {
        path.edges.push_back(link);
        path.nodes.push_back(link.child());
      }
      // The backward chain runs from the target out to `meet`: walk it
      // back, each link leading to its parent.
      for (auto it = tail.rbegin(); it != tail.rend(); ++it) {
        path.edges.push_back(*it);
        path.nodes.push_back(it->parent);
      }
      out->push_back(std::move(path));
    }
  }
}

absl::StatusOr<NodeId> ResolveEndpoint(storage::GraphSnapshot& snapshot,
                                       const std::string& name,
                                       std::string_view field) {
  if (name.empty()) {
    return absl::InvalidArgumentError(StrCat(field, ": required"));
  }
  ASSIGN_OR_RETURN(std::optional<NodeId> id, snapshot.Resolve(name));
  if (!id.has_value()) {
    return NodeNotFoundError(name, field);
  }
  return *id;
}

// Fills names and edge values of the chosen paths, reading each node and
// edge once.
absl::StatusOr<std::vector<Path>> Materialise(
    storage::GraphSnapshot& snapshot, const std::vector<Candidate>& chosen) {
  std::vector<NodeId> ids;
  for (const Candidate& c : chosen)
    ids.insert(ids.end(), c.nodes.begin(), c.nodes.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  ASSIGN_OR_RETURN(std::vector<std::optional<NodeRecord>> records,
                   snapshot.GetNodes(ids));
  absl::flat_hash_map<NodeId, std::string> names;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (records[i].has_value()) names[ids[i]] = records[i]->name();
  }
  std::vector<Path> paths;
  for (const Candidate& c : chosen) {
    Path path;
    path.nodes = c.nodes;
    for (NodeId id : c.nodes) path.names.push_back(names[id]);
    for (const Link& link : c.edges) {
      EdgeView view;
      view.source = link.source;
      view.target = link.target;
      view.kind = link.kind;
      ASSIGN_OR_RETURN(std::optional<EdgeRecord> record,
                       snapshot.GetEdge(link.source, link.kind, link.target));
      if (record.has_value()) view.record = *std::move(record);
      path.edges.push_back(std::move(view));
    }
    paths.push_back(std::move(path));
  }
  return paths;
}

}  // namespace

absl::StatusOr<std::pair<std::vector<Path>, Stats>> QueryEngine::FindPaths(
    storage::GraphSnapshot& snapshot, const PathSpec& spec,
    const Budget& budget) const {
  const size_t max_paths =
      static_cast<size_t>(std::clamp(spec.max_paths, 1, kMaxPathsCeiling));
  BudgetTracker tracker(ceilings_.Clamp(budget));
  RETURN_IF_ERROR(tracker.CheckClock());
  ASSIGN_OR_RETURN(NodeId source,
                   ResolveEndpoint(snapshot, spec.source, "source"));
  ASSIGN_OR_RETURN(NodeId target,
                   ResolveEndpoint(snapshot, spec.target, "target"));

  std::vector<Candidate> chosen;
  if (source == target) {
    tracker.AddNodes(1);
    chosen.push_back(Candidate{{source}, {}});
  } else {
    const std::vector<EdgeKind> kinds =
        internal::NormalizeKinds(spec.edge_kinds);
    Side forward{spec.direction, {}, {source}, 0};
    Side backward{Reverse(spec.direction), {}, {target}, 0};
    forward.reached[source] = Reached{};
    backward.reached[target] = Reached{};
    tracker.AddNodes(2);
    std::vector<NodeId> meets;
    while (!forward.frontier.empty() && !backward.frontier.empty()) {
      if (forward.depth + backward.depth >= tracker.budget().max_depth) {
        // A longer path may exist.
        tracker.Truncate(Truncation::kMaxDepth);
        break;
      }
      // Grow the smaller frontier: the cheaper level to read.
      const bool grow_forward =
          forward.frontier.size() <= backward.frontier.size();
      Side& side = grow_forward ? forward : backward;
      const Side& other = grow_forward ? backward : forward;
      ASSIGN_OR_RETURN(bool finished, ExpandSide(snapshot, kinds, max_paths,
                                                 side, other, tracker, &meets));
      // Meets found even in a level a budget cut short are shortest paths:
      // every shorter one would have met a level earlier.
      if (!meets.empty() || !finished) break;
    }
    if (!meets.empty()) {
      int length = INT32_MAX;
      for (NodeId m : meets) {
        length = std::min(
            length, forward.reached.at(m).depth + backward.reached.at(m).depth);
      }
      std::sort(meets.begin(), meets.end());
      // Bounded enumeration: at most max_paths prefixes and suffixes per
      // meeting node and max_paths² candidates overall, then the
      // lexicographically first max_paths of those.
      const size_t cap = max_paths * max_paths;
      std::unordered_map<NodeId, std::vector<Chain>> forward_memo;
      std::unordered_map<NodeId, std::vector<Chain>> backward_memo;
      for (NodeId m : meets) {
        if (forward.reached.at(m).depth + backward.reached.at(m).depth !=
            length) {
          continue;
        }
        Combine(forward, backward, m, max_paths, forward_memo, backward_memo,
                source, cap, &chosen);
      }
      std::sort(chosen.begin(), chosen.end(),
                [](const Candidate& a, const Candidate& b) {
                  return ComparePaths(a, b) < 0;
                });
      chosen.erase(std::unique(chosen.begin(), chosen.end(),
                               [](const Candidate& a, const Candidate& b) {
                                 return ComparePaths(a, b) == 0;
                               }),
                   chosen.end());
      if (chosen.size() > max_paths) chosen.resize(max_paths);
    }
  }
  ASSIGN_OR_RETURN(std::vector<Path> paths, Materialise(snapshot, chosen));
  return std::make_pair(std::move(paths), tracker.Finish());
}

}  // namespace remarkgraph::query
