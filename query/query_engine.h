// The query engine: traversals, shortest paths, dossiers and text search over
// one GraphSnapshot. Plain C++ (no gRPC), so it is testable and benchmarkable
// on its own.
//
// Every query runs under a Budget. Past any limit the answer is cut, marked
// truncated with the first limit that cut it, and still returned: a query
// never grows memory without bound. Results come in a deterministic order.
//
// Thread safety: a QueryEngine is stateless apart from its ceilings; methods
// may run concurrently, each on its own snapshot.
#ifndef REMARKGRAPH_QUERY_QUERY_ENGINE_H_
#define REMARKGRAPH_QUERY_QUERY_ENGINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/graph_store.h"

namespace remarkgraph::query {

using storage::EdgeKind;
using storage::NodeId;
using storage::NodeKind;
using storage::NodeRecord;
using storage::EdgeRecord;
using storage::Stance;

// Numbering matches remarkgraph.v1.TruncationReason.
enum class Truncation : uint8_t {
  kNone = 0,
  kMaxNodes = 1,
  kMaxEdgesScanned = 2,
  kMaxFanout = 3,
  kTimeBudget = 4,
  kMaxDepth = 5,
};

// Limits of one query. Build with Ceilings::Clamp so that no request exceeds
// the server's ceilings.
struct Budget {
  int max_depth = 4;
  int64_t max_nodes = 10'000;
  int64_t max_edges_scanned = 1'000'000;
  int64_t max_fanout = 10'000;
  // Server time allowed for the query. Past it: truncated (kTimeBudget).
  absl::Duration time_budget = absl::Seconds(5);
  // The client's deadline. Past it the query fails with DEADLINE_EXCEEDED.
  absl::Time deadline = absl::InfiniteFuture();
};

// Server-wide ceilings and defaults for budgets.
struct Ceilings {
  Budget defaults;
  Budget maximum{.max_depth = 16,
                 .max_nodes = 100'000,
                 .max_edges_scanned = 10'000'000,
                 .max_fanout = 100'000,
                 .time_budget = absl::Seconds(30)};
  // A requested budget: zero/negative fields take defaults, larger ones are
  // lowered to the maximum. The deadline is passed through.
  Budget Clamp(const Budget& requested) const;
};

// What a query used, and whether it was cut.
struct Stats {
  int64_t nodes_visited = 0;
  int64_t edges_scanned = 0;
  Truncation truncation = Truncation::kNone;
  absl::Duration elapsed;
  bool truncated() const { return truncation != Truncation::kNone; }
};

// An edge with both endpoints resolved to ids and its value decoded.
struct EdgeView {
  NodeId source = storage::kNoNode;
  NodeId target = storage::kNoNode;
  EdgeKind kind = EdgeKind::kUnspecified;
  EdgeRecord record;
};

// A condition on a node. Keys: `title`, `date`, `speaker_label`,
// `item_kind`, `outcome` (numbers as decimal text), or `properties.KEY`.
struct PropertyFilter {
  enum class Op { kEquals, kNotEquals, kContains, kAtLeast, kAtMost };
  std::string key;
  Op op = Op::kEquals;
  std::string value;
};

enum class Direction : uint8_t { kOutgoing, kIncoming, kBoth };

struct Step {
  Direction direction = Direction::kOutgoing;
  std::vector<EdgeKind> edge_kinds;  // Empty: all.
  std::vector<NodeKind> node_kinds;  // Empty: all.
  std::vector<PropertyFilter> filters;
  std::vector<Stance> stances;  // REFERENCES only; empty: any.
};

struct TraverseSpec {
  std::vector<std::string> seeds;  // Resource names.
  std::vector<Step> steps;
  bool repeat_last_step = false;
  bool include_seeds = false;
};

struct TraversalHit {
  NodeId id = storage::kNoNode;
  NodeRecord node;
  int depth = 0;
  std::optional<EdgeView> via;  // Unset for seeds.
};

struct PathSpec {
  std::string source;
  std::string target;
  Direction direction = Direction::kBoth;
  std::vector<EdgeKind> edge_kinds;  // Empty: all.
  int max_paths = 1;
};

struct Path {
  std::vector<NodeId> nodes;
  std::vector<std::string> names;
  std::vector<EdgeView> edges;  // edges[i] joins nodes[i], nodes[i+1].
};

struct DossierSpec {
  std::string name;  // An item or a matter.
  int page_size = 50;
  // Position after which this page starts (from the previous page), empty
  // for the first page. Opaque to callers above the service layer.
  std::string page_token;
};

struct DossierRemark {
  NodeId id = storage::kNoNode;
  NodeRecord remark;
  std::string speaker;        // Person resource name, or empty.
  std::string speaker_title;  // Person title, else the printed label.
  std::vector<EdgeView> links;
};

struct DossierMeeting {
  NodeId id = storage::kNoNode;
  NodeRecord meeting;  // Empty record if the meeting node is missing.
  std::vector<DossierRemark> remarks;  // By ordinal.
};

struct Dossier {
  NodeRecord subject;
  std::vector<NodeRecord> related;
  std::vector<DossierMeeting> meetings;  // Newest meeting first.
  int64_t total_remarks = 0;
  int64_t total_meetings = 0;
  std::vector<std::pair<Stance, int64_t>> stance_counts;
  std::string next_page_token;
  Stats stats;
};

struct SearchSpec {
  std::string query;
  std::string meeting;  // Resource name filter, or empty.
  std::string person;   // Resource name filter, or empty.
  std::string start_date, end_date;  // `YYYY-MM-DD` or empty.
  int page_size = 50;
  std::string page_token;
};

struct SearchHit {
  NodeId id = storage::kNoNode;
  NodeRecord remark;
  std::string snippet;
};

struct SearchResult {
  std::vector<SearchHit> hits;
  std::string next_page_token;
  Stats stats;
};

class QueryEngine {
 public:
  explicit QueryEngine(Ceilings ceilings = {}) : ceilings_(ceilings) {}

  const Ceilings& ceilings() const { return ceilings_; }

  // Breadth-first walk. Each node reached is passed to `emit` once, in
  // order; `emit` returns false to stop (the client went away). Errors:
  // NOT_FOUND for a missing seed, INVALID_ARGUMENT for a bad spec,
  // DEADLINE_EXCEEDED when budget.deadline passes.
  absl::StatusOr<Stats> Traverse(
      storage::GraphSnapshot& snapshot, const TraverseSpec& spec,
      const Budget& budget,
      absl::FunctionRef<bool(const TraversalHit&)> emit) const;

  // Up to spec.max_paths shortest paths of equal length (bidirectional
  // breadth-first search, at most budget.max_depth edges). No path is an
  // empty list, not an error.
  absl::StatusOr<std::pair<std::vector<Path>, Stats>> FindPaths(
      storage::GraphSnapshot& snapshot, const PathSpec& spec,
      const Budget& budget) const;

  // Remarks referencing or adopting an item, or a matter and its items.
  // INVALID_ARGUMENT if `name` is not an item or matter, or the page token is
  // not one this query issued.
  absl::StatusOr<Dossier> GetDossier(storage::GraphSnapshot& snapshot,
                                     const DossierSpec& spec,
                                     const Budget& budget) const;

  // Text search over remarks. INVALID_ARGUMENT if the normalised query has
  // fewer than 2 characters.
  absl::StatusOr<SearchResult> SearchRemarks(storage::GraphSnapshot& snapshot,
                                             const SearchSpec& spec,
                                             const Budget& budget) const;

 private:
  Ceilings ceilings_;
};

}  // namespace remarkgraph::query

#endif  // REMARKGRAPH_QUERY_QUERY_ENGINE_H_
