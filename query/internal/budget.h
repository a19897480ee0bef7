// Bookkeeping of one query's budget: edges read, nodes visited, the clock,
// and the first limit that cut the answer.
#ifndef REMARKGRAPH_QUERY_INTERNAL_BUDGET_H_
#define REMARKGRAPH_QUERY_INTERNAL_BUDGET_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "query/query_engine.h"

namespace remarkgraph::query::internal {

// Not thread-safe: one tracker belongs to one running query.
class BudgetTracker {
 public:
  // `budget` should already be clamped (Ceilings::Clamp). The clock starts
  // now.
  explicit BudgetTracker(const Budget& budget);

  const Budget& budget() const { return budget_; }

  // DEADLINE_EXCEEDED once the client's deadline has passed. Otherwise OK;
  // when the server time budget is spent it records kTimeBudget, which the
  // caller sees through time_spent().
  absl::Status CheckClock();
  bool time_spent() const { return time_spent_; }

  // Records `reason` unless an earlier reason is recorded already.
  void Truncate(Truncation reason);
  Truncation truncation() const { return truncation_; }
  bool truncated() const { return truncation_ != Truncation::kNone; }

  int64_t edges_scanned() const { return edges_scanned_; }
  int64_t edges_left() const {
    return budget_.max_edges_scanned - edges_scanned_;
  }
  void AddEdges(int64_t n) { edges_scanned_ += n; }

  int64_t nodes_visited() const { return nodes_visited_; }
  int64_t nodes_left() const { return budget_.max_nodes - nodes_visited_; }
  void AddNodes(int64_t n) { nodes_visited_ += n; }

  // The statistics so far, with the elapsed time.
  Stats Finish() const;

 private:
  Budget budget_;
  absl::Time start_;
  absl::Time time_limit_;
  bool time_spent_ = false;
  Truncation truncation_ = Truncation::kNone;
  int64_t edges_scanned_ = 0;
  int64_t nodes_visited_ = 0;
};

}  // namespace remarkgraph::query::internal

#endif  // REMARKGRAPH_QUERY_INTERNAL_BUDGET_H_
