// The query engine: traversals, shortest paths, dossiers and text search over
// one GraphSnapshot. Plain C++ (no gRPC), so it is testable and benchmarkable
// on its own.
//
// Every query runs under a Budget. Past any limit the answer is cut, marked
// truncated with the first limit that cut it, and still returned: a query
// never grows memory without bound. Results come in a deterministic order.
// Each method clamps the budget it is given with its ceilings (clamping is
// idempotent, so a budget clamped by the caller is unchanged), and checks
// the deadline before any work: a deadline already past is
// DEADLINE_EXCEEDED.
//
// Thread safety: a QueryEngine is stateless apart from its ceilings; methods
// may run concurrently, each on its own snapshot.
#ifndef REMARKGRAPH_QUERY_QUERY_ENGINE_H_
#define REMARKGRAPH_QUERY_QUERY_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
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
//
// A limit only marks the answer truncated when something was actually left
// out: reaching exactly max_nodes nodes, or a node with exactly max_fanout
// edges, is not a cut.
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
// `date` is a meeting's date, and for items and remarks that of their
// meeting; `speaker_label` exists on remarks only, `item_kind` and
// `outcome` on items only. A node without the key passes kNotEquals and
// fails every other operator. kAtLeast/kAtMost compare bytes (ISO dates
// compare correctly), except `item_kind` and `outcome`, which compare as
// numbers. Any other key is INVALID_ARGUMENT.
struct PropertyFilter {
  enum class Op { kEquals, kNotEquals, kContains, kAtLeast, kAtMost };
  std::string key;
  Op op = Op::kEquals;
  std::string value;
};

enum class Direction : uint8_t { kOutgoing, kIncoming, kBoth };

// The most steps a TraverseSpec may have.
inline constexpr size_t kMaxTraverseSteps = 16;

// One hop. Edges are read in storage order: for kBoth all outgoing edges
// first, then incoming; each direction by edge kind, then neighbour id.
struct Step {
  Direction direction = Direction::kOutgoing;
  std::vector<EdgeKind> edge_kinds;  // Empty: all.
  std::vector<NodeKind> node_kinds;  // Empty: all.
  std::vector<PropertyFilter> filters;
  // Only REFERENCES edges of these stances; edges of other kinds are not
  // affected. Empty: any.
  std::vector<Stance> stances;
};

struct TraverseSpec {
  std::vector<std::string> seeds;  // Resource names; duplicates count once.
  // steps[i] leads from depth i to depth i + 1; 1 to kMaxTraverseSteps.
  std::vector<Step> steps;
  // The last step repeats until budget.max_depth.
  bool repeat_last_step = false;
  bool include_seeds = false;
};

// A record in a query's answer is shared and read-only (never null unless
// said): the store may hand out the one it holds in memory (see
// GraphSnapshot::GetSharedNodes), so that answers copy no records.
using SharedRecord = std::shared_ptr<const NodeRecord>;

struct TraversalHit {
  NodeId id = storage::kNoNode;
  SharedRecord node;
  int depth = 0;
  std::optional<EdgeView> via;  // Unset for seeds.
};

struct PathSpec {
  std::string source;
  std::string target;
  // The way edges are followed from source towards target.
  Direction direction = Direction::kBoth;
  std::vector<EdgeKind> edge_kinds;  // Empty: all.
  int max_paths = 1;  // Clamped to 1..100.
};

// A path from source (nodes.front()) to target (nodes.back()).
struct Path {
  std::vector<NodeId> nodes;
  std::vector<std::string> names;
  // edges[i] joins nodes[i] and nodes[i+1], in its own direction (source
  // and target as stored, which may run against the path).
  std::vector<EdgeView> edges;
};

struct DossierSpec {
  std::string name;  // An item or a matter.
  int page_size = 50;  // Zero or negative: 50; at most 1000.
  // Position after which this page starts (from the previous page), empty
  // for the first page. Opaque to callers above the service layer.
  std::string page_token;
  // Bytes past which the page closes early, with a next page token (the
  // response must fit in one gRPC message); 0 for no cap.
  size_t max_bytes = 0;
};

struct DossierRemark {
  NodeId id = storage::kNoNode;
  SharedRecord remark;
  // The target of the remark's SPOKEN_BY edge (the first, if several), or
  // empty.
  std::string speaker;
  std::string speaker_title;  // Person title, else the printed label.
  // The remark's REFERENCES and ADOPTS edges into the subject (or, for a
  // matter, its items), by target then kind.
  std::vector<EdgeView> links;
};

struct DossierMeeting {
  NodeId id = storage::kNoNode;
  SharedRecord meeting;  // Null if the meeting node is missing.
  std::vector<DossierRemark> remarks;  // By ordinal.
};

struct Dossier {
  NodeRecord subject;
  // For a matter the items ABOUT it; for an item the matters it is ABOUT.
  std::vector<NodeRecord> related;
  // This page's remarks, grouped by meeting: newest meeting first (date
  // descending, then name), remarks by ordinal. The order runs across
  // pages: a meeting may continue on the next page.
  std::vector<DossierMeeting> meetings;
  // Distinct referencing remarks over all pages (of the edges scanned): the
  // pages together return exactly these.
  int64_t total_remarks = 0;
  // Distinct meetings of the remarks ordered (see GetDossier).
  int64_t total_meetings = 0;
  // Per stance, the remarks taking it, by stance; only stances that occur.
  // A remark takes each distinct stance stated on its links, or
  // UNSPECIFIED if none states one (an ADOPTS edge alone, say); a remark
  // with two stances counts under both.
  std::vector<std::pair<Stance, int64_t>> stance_counts;
  std::string next_page_token;
  Stats stats;
};

struct SearchSpec {
  std::string query;
  // Filters. A meeting or person that does not exist matches nothing.
  std::string meeting;  // Resource name filter, or empty.
  std::string person;   // Resource name filter (SPOKEN_BY), or empty.
  // Inclusive bounds on the remark's meeting date; `YYYY-MM-DD` or empty
  // (anything else is INVALID_ARGUMENT).
  std::string start_date, end_date;
  int page_size = 50;  // Zero or negative: 50; at most 1000.
  std::string page_token;
  // Bytes past which the page closes early, with a next page token (the
  // response must fit in one gRPC message); 0 for no cap.
  size_t max_bytes = 0;
};

struct SearchHit {
  NodeId id = storage::kNoNode;
  SharedRecord remark;
  // About 40 characters of the original text around the first match
  // (approximately placed when normalisation changed lengths), cut on
  // character boundaries.
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
  // order; `emit` returns false to stop (the client went away), and the
  // stats so far are returned. Order: by depth, then discovery (frontier
  // order, then each node's edges in storage order); include_seeds emits
  // the seeds first, at depth 0. A node is emitted at most once, so cycles
  // end. Filters apply to the node arrived at, never to seeds.
  //
  // Budgets: max_nodes counts emitted nodes; max_edges_scanned every edge
  // read; max_fanout the edges read from one node (the rest of that node
  // is skipped, kMaxFanout, and the walk goes on); max_depth cuts (kMaxDepth)
  // only if a further step would have reached a new node, which the engine
  // finds out by probing one level within the other budgets. Memory is
  // bounded by the visited set (max_nodes) and one chunk of edges.
  //
  // Errors: NOT_FOUND naming a missing seed; INVALID_ARGUMENT for no seeds,
  // no or more than kMaxTraverseSteps steps, or an unknown filter key;
  // DEADLINE_EXCEEDED when budget.deadline passes.
  absl::StatusOr<Stats> Traverse(
      storage::GraphSnapshot& snapshot, const TraverseSpec& spec,
      const Budget& budget,
      absl::FunctionRef<bool(const TraversalHit&)> emit) const;

  // Up to spec.max_paths shortest paths of equal length (bidirectional
  // breadth-first search, at most budget.max_depth edges). No path is an
  // empty list, not an error; if the depth limit ended the search with
  // both sides still open it is marked kMaxDepth (a longer path may exist).
  // source == target is one path of one node. Paths are ordered by their
  // node ids, then edges; which paths are returned when more exist is
  // deterministic. Work is bounded: each node keeps at most max_paths
  // parents, and at most max_paths² candidates are enumerated, however
  // many shortest paths there are. max_nodes counts nodes reached by both
  // sides. Errors: INVALID_ARGUMENT for an empty source or target,
  // NOT_FOUND naming a missing one, DEADLINE_EXCEEDED.
  absl::StatusOr<std::pair<std::vector<Path>, Stats>> FindPaths(
      storage::GraphSnapshot& snapshot, const PathSpec& spec,
      const Budget& budget) const;

  // Remarks referencing or adopting an item, or a matter and its items.
  // INVALID_ARGUMENT if `name` is not an item or matter, or the page token is
  // not one this query issued (for this subject); NOT_FOUND if the subject
  // does not exist.
  //
  // Cost and budgets: every REFERENCES/ADOPTS in-edge of the targets is
  // read (ids and stances only), up to max_edges_scanned (then
  // kMaxEdgesScanned, and the totals count what was read). To order the
  // listing each referencing remark's record is read once per call (16
  // bytes kept per remark; max_nodes does not cut the order, so paging
  // reaches every remark the totals count). Only the page's remarks are
  // returned in full. max_fanout does not apply: the
  // dossier is one node's aggregate, bounded by the edge budget. The page
  // token is a position in the order; if the graph changes between pages,
  // remarks may shift across the page boundary.
  absl::StatusOr<Dossier> GetDossier(storage::GraphSnapshot& snapshot,
                                     const DossierSpec& spec,
                                     const Budget& budget) const;

  // Text search over remarks (NormalizeForSearch on both sides, substring
  // match), in remark id order: the order remarks were first stored.
  // INVALID_ARGUMENT if the normalised query has fewer than 2 characters
  // (or no two adjacent non-space ones), a date is malformed, or the page
  // token is not one issued for the same query and filters. max_nodes caps
  // the candidate remarks read per call; when a budget cuts a page it
  // still carries a next_page_token that resumes after the last remark
  // examined, so a page may hold fewer than page_size hits while more
  // follow. Otherwise next_page_token is set only if another match exists.
  absl::StatusOr<SearchResult> SearchRemarks(storage::GraphSnapshot& snapshot,
                                             const SearchSpec& spec,
                                             const Budget& budget) const;

 private:
  Ceilings ceilings_;
};

}  // namespace remarkgraph::query

#endif  // REMARKGRAPH_QUERY_QUERY_ENGINE_H_
