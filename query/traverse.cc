// Traverse: a level-by-level breadth-first walk that emits each node as it
// is discovered, so that the order is by depth, then discovery, and nothing
// but the visited set and one frontier is held.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/error_details.h"
#include "common/status_macros.h"
#include "query/internal/budget.h"
#include "query/internal/edge_reader.h"
#include "query/internal/filters.h"
#include "query/query_engine.h"

namespace remarkgraph::query {
namespace {

using internal::BudgetTracker;
using internal::EdgeReader;
using internal::MeetingCache;
using internal::ReadOutcome;
using internal::ScannedEdge;

// How one level ended.
enum class LevelEnd {
  kComplete,      // Every frontier node was expanded.
  kStop,          // A budget cut the walk, or the caller stopped it.
  kProbeHit,      // Probing: a new node would have been reached.
  kProbeUnknown,  // Probing: a budget stopped the probe before it knew.
};

class Walk {
 public:
  Walk(storage::GraphSnapshot& snapshot, const TraverseSpec& spec,
       BudgetTracker& tracker,
       absl::FunctionRef<bool(const TraversalHit&)> emit)
      : snapshot_(snapshot),
        spec_(spec),
        tracker_(tracker),
        emit_(emit),
        meetings_(snapshot) {}

  absl::Status Run();

 private:
  // The step that leads to `depth` (>= 1), or nullptr where the walk ends.
  const Step* StepAt(int depth) const {
    const size_t index = static_cast<size_t>(depth - 1);
    if (index < spec_.steps.size()) return &spec_.steps[index];
    return spec_.repeat_last_step ? &spec_.steps.back() : nullptr;
  }

  absl::StatusOr<std::vector<NodeId>> ResolveSeeds();

  // Expands `frontier` by `step` into `next`, emitting new nodes at `depth`.
  // With `probe`, emits nothing and stops at the first node that would be
  // new: that tells whether the depth limit cut anything.
  absl::StatusOr<LevelEnd> ExpandLevel(const std::vector<NodeId>& frontier,
                                       const Step& step, int depth, bool probe,
                                       std::vector<NodeId>* next);

  // Emits a node; false when the walk must stop (max_nodes, or the caller).
  bool Emit(TraversalHit hit);

  storage::GraphSnapshot& snapshot_;
  const TraverseSpec& spec_;
  BudgetTracker& tracker_;
  absl::FunctionRef<bool(const TraversalHit&)> emit_;
  MeetingCache meetings_;
  // Every node emitted, plus the seeds: a node is reached at most once, so
  // cycles end.
  absl::flat_hash_set<NodeId> visited_;
  // Nodes that failed `rejected_step_`'s node conditions: they are not read
  // again while that step applies (a repeated step keeps the set).
  absl::flat_hash_set<NodeId> rejected_;
  const Step* rejected_step_ = nullptr;
};

absl::StatusOr<std::vector<NodeId>> Walk::ResolveSeeds() {
  std::vector<NodeId> seeds;
  for (const std::string& name : spec_.seeds) {
    ASSIGN_OR_RETURN(std::optional<NodeId> id, snapshot_.Resolve(name));
    if (!id.has_value()) {
      return NodeNotFoundError(name, "seeds");
    }
    if (visited_.insert(*id).second) seeds.push_back(*id);
  }
  return seeds;
}

bool Walk::Emit(TraversalHit hit) {
  if (tracker_.nodes_left() <= 0) {
    tracker_.Truncate(Truncation::kMaxNodes);
    return false;
  }
  tracker_.AddNodes(1);
  return emit_(hit);
}

absl::Status Walk::Run() {
  ASSIGN_OR_RETURN(std::vector<NodeId> frontier, ResolveSeeds());
  if (spec_.include_seeds) {
    ASSIGN_OR_RETURN(std::vector<std::shared_ptr<const NodeRecord>> records,
                     snapshot_.GetSharedNodes(frontier));
    for (size_t i = 0; i < frontier.size(); ++i) {
      if (records[i] == nullptr) {
        return absl::NotFoundError(
            absl::StrCat("seed node ", frontier[i], " not found"));
      }
      TraversalHit hit;
      hit.id = frontier[i];
      hit.node = std::move(records[i]);
      hit.depth = 0;
      if (!Emit(std::move(hit))) return absl::OkStatus();
    }
  }
  for (int depth = 1; !frontier.empty(); ++depth) {
    const Step* step = StepAt(depth);
    if (step == nullptr) break;
    std::vector<NodeId> next;
    if (depth > tracker_.budget().max_depth) {
      // The depth limit only cuts the answer if the next level would have
      // reached a new node; a probe finds out, within the other budgets.
      ASSIGN_OR_RETURN(LevelEnd end, ExpandLevel(frontier, *step, depth,
                                                 /*probe=*/true, &next));
      if (end == LevelEnd::kProbeHit || end == LevelEnd::kProbeUnknown) {
        tracker_.Truncate(Truncation::kMaxDepth);
      }
      break;
    }
    ASSIGN_OR_RETURN(LevelEnd end, ExpandLevel(frontier, *step, depth,
                                               /*probe=*/false, &next));
    if (end == LevelEnd::kStop) break;
    frontier = std::move(next);
  }
  return absl::OkStatus();
}

absl::StatusOr<LevelEnd> Walk::ExpandLevel(const std::vector<NodeId>& frontier,
                                           const Step& step, int depth,
                                           bool probe,
                                           std::vector<NodeId>* next) {
  if (rejected_step_ != &step) {
    rejected_.clear();
    rejected_step_ = &step;
  }
  const std::vector<EdgeKind> kinds = internal::NormalizeKinds(step.edge_kinds);
  bool probe_unsure = false;
  std::vector<ScannedEdge> chunk;
  std::vector<char> edge_ok;
  std::vector<NodeId> to_read;
  absl::flat_hash_map<NodeId, size_t> read_index;
  std::vector<size_t> accepted;  // Indices into `chunk`.
  std::vector<const ScannedEdge*> via;

  for (NodeId node : frontier) {
    EdgeReader reader(snapshot_, node, step.direction, kinds);
    int64_t node_edges = 0;
    bool node_done = false;
    while (!node_done) {
      ASSIGN_OR_RETURN(
          ReadOutcome outcome,
          internal::ReadBudgeted(reader, node_edges, tracker_, &chunk));
      switch (outcome) {
        case ReadOutcome::kExhausted:
          node_done = true;
          continue;
        case ReadOutcome::kFanoutCut:
          if (probe) {
            probe_unsure = true;
          } else {
            tracker_.Truncate(Truncation::kMaxFanout);
          }
          node_done = true;
          continue;
        case ReadOutcome::kEdgeBudgetCut:
          if (probe) return LevelEnd::kProbeUnknown;
          tracker_.Truncate(Truncation::kMaxEdgesScanned);
          return LevelEnd::kStop;
        case ReadOutcome::kTimeCut:  // The tracker recorded kTimeBudget.
          return probe ? LevelEnd::kProbeUnknown : LevelEnd::kStop;
        case ReadOutcome::kEdges:
          break;
      }

      // Read the chunk's candidate nodes in one batch, each once.
      edge_ok.assign(chunk.size(), 0);
      to_read.clear();
      read_index.clear();
      for (size_t i = 0; i < chunk.size(); ++i) {
        const ScannedEdge& edge = chunk[i];
        if (visited_.contains(edge.neighbor) ||
            rejected_.contains(edge.neighbor)) {
          continue;
        }
        if (!step.stances.empty() && edge.kind == EdgeKind::kReferences) {
          ASSIGN_OR_RETURN(Stance stance, edge.GetStance());
          if (!internal::StanceAllowed(step, edge.kind, stance)) continue;
        }
        edge_ok[i] = 1;
        if (read_index.emplace(edge.neighbor, to_read.size()).second) {
          to_read.push_back(edge.neighbor);
        }
      }
      if (to_read.empty()) continue;
      ASSIGN_OR_RETURN(std::vector<std::shared_ptr<const NodeRecord>> records,
                       snapshot_.GetSharedNodes(to_read));

      // The nodes this chunk reaches, in order; their edges' records are
      // then read in one batch (the adjacency holds none).
      accepted.clear();
      for (size_t i = 0; i < chunk.size(); ++i) {
        if (!edge_ok[i]) continue;
        const NodeId neighbor = chunk[i].neighbor;
        if (visited_.contains(neighbor) || rejected_.contains(neighbor)) {
          continue;  // Accepted or rejected earlier in this chunk.
        }
        const std::shared_ptr<const NodeRecord>& record = records[read_index[neighbor]];
        if (record == nullptr) continue;  // A dangling edge: skip it.
        ASSIGN_OR_RETURN(bool matches,
                         internal::NodeMatchesStep(step, *record, meetings_));
        if (!matches) {
          rejected_.insert(neighbor);
          continue;
        }
        if (probe) return LevelEnd::kProbeHit;
        visited_.insert(neighbor);
        accepted.push_back(i);
      }
      // Past the node budget only the first extra hit matters: Emit cuts
      // the walk there, so no record is read for it.
      const size_t room =
          static_cast<size_t>(std::max<int64_t>(tracker_.nodes_left(), 0));
      if (accepted.size() > room) accepted.resize(room + 1);
      via.clear();
      for (size_t k = 0; k < accepted.size() && k < room; ++k) {
        via.push_back(&chunk[accepted[k]]);
      }
      ASSIGN_OR_RETURN(std::vector<EdgeView> views,
                       internal::ToViews(snapshot_, via));
      for (size_t k = 0; k < accepted.size(); ++k) {
        const NodeId neighbor = chunk[accepted[k]].neighbor;
        TraversalHit hit;
        hit.id = neighbor;
        hit.depth = depth;
        if (k < views.size()) hit.via = std::move(views[k]);
        hit.node = records[read_index[neighbor]];
        next->push_back(neighbor);
        if (!Emit(std::move(hit))) return LevelEnd::kStop;
      }
    }
  }
  return probe && probe_unsure ? LevelEnd::kProbeUnknown : LevelEnd::kComplete;
}

}  // namespace

absl::StatusOr<Stats> QueryEngine::Traverse(
    storage::GraphSnapshot& snapshot, const TraverseSpec& spec,
    const Budget& budget,
    absl::FunctionRef<bool(const TraversalHit&)> emit) const {
  if (spec.seeds.empty()) {
    return absl::InvalidArgumentError("seeds: at least one seed is required");
  }
  if (spec.steps.empty()) {
    return absl::InvalidArgumentError("steps: at least one step is required");
  }
  if (spec.steps.size() > kMaxTraverseSteps) {
    return absl::InvalidArgumentError(
        absl::StrCat("steps: at most ", kMaxTraverseSteps,
                     " steps allowed, got ", spec.steps.size()));
  }
  for (size_t i = 0; i < spec.steps.size(); ++i) {
    RETURN_IF_ERROR(internal::ValidateFilters(
        spec.steps[i].filters, absl::StrCat("steps[", i, "].filters")));
  }
  BudgetTracker tracker(ceilings_.Clamp(budget));
  RETURN_IF_ERROR(tracker.CheckClock());
  Walk walk(snapshot, spec, tracker, emit);
  RETURN_IF_ERROR(walk.Run());
  return tracker.Finish();
}

}  // namespace remarkgraph::query
