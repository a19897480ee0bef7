#include "query/internal/budget.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "query/query_engine.h"

namespace remarkgraph::query {
namespace {

template <typename T>
T ClampField(T requested, T fallback, T maximum) {
  if (requested <= T{}) return std::min(fallback, maximum);
  return std::min(requested, maximum);
}

}  // namespace

Budget Ceilings::Clamp(const Budget& requested) const {
  Budget out;
  out.max_depth =
      ClampField(requested.max_depth, defaults.max_depth, maximum.max_depth);
  out.max_nodes =
      ClampField(requested.max_nodes, defaults.max_nodes, maximum.max_nodes);
  out.max_edges_scanned =
      ClampField(requested.max_edges_scanned, defaults.max_edges_scanned,
                 maximum.max_edges_scanned);
  out.max_fanout =
      ClampField(requested.max_fanout, defaults.max_fanout, maximum.max_fanout);
  out.time_budget = ClampField(requested.time_budget, defaults.time_budget,
                               maximum.time_budget);
  out.deadline = requested.deadline;
  return out;
}

namespace internal {

BudgetTracker::BudgetTracker(const Budget& budget)
    : budget_(budget),
      start_(absl::Now()),
      time_limit_(start_ + budget.time_budget) {}

absl::Status BudgetTracker::CheckClock() {
  const absl::Time now = absl::Now();
  if (now >= budget_.deadline) {
    return absl::DeadlineExceededError(
        "the client's deadline passed before the query finished");
  }
  if (now >= time_limit_ && !time_spent_) {
    time_spent_ = true;
    Truncate(Truncation::kTimeBudget);
  }
  return absl::OkStatus();
}

void BudgetTracker::Truncate(Truncation reason) {
  if (truncation_ == Truncation::kNone) truncation_ = reason;
}

Stats BudgetTracker::Finish() const {
  Stats stats;
  stats.nodes_visited = nodes_visited_;
  stats.edges_scanned = edges_scanned_;
  stats.truncation = truncation_;
  stats.elapsed = absl::Now() - start_;
  return stats;
}

}  // namespace internal
}  // namespace remarkgraph::query
