// Paged listings: the nodes of a kind under filters, and the edges of a node.
// Page tokens are opaque, tied to the request's filters, and survive server
// restarts; a token from another request is INVALID_ARGUMENT.
#ifndef REMARKGRAPH_QUERY_LISTING_H_
#define REMARKGRAPH_QUERY_LISTING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "query/query_engine.h"
#include "storage/graph_store.h"

namespace remarkgraph::query {

struct ListNodesSpec {
  NodeKind kind = NodeKind::kUnspecified;
  std::string body;     // bodies/..., for MEETING, ITEM, REMARK.
  std::string meeting;  // meetings/..., for ITEM, REMARK, PERSON.
  std::string person;   // people/..., for REMARK, MEETING.
  std::string start_date, end_date;  // For MEETING, ITEM, REMARK.
  int page_size = 50;
  std::string page_token;
  // Bytes past which the page closes early, with a next page token (the
  // response must fit in one gRPC message); 0 for no cap.
  size_t max_bytes = 0;
};

struct NodePage {
  std::vector<NodeRecord> nodes;
  std::string next_page_token;
};

// Nodes of spec.kind that pass every filter. Order: resource name, except
// when driven by a person or body filter (then the order those edges were
// stored in). A page may hold fewer than page_size nodes when the scan
// budget (budget.max_edges_scanned candidates) or max_bytes runs out;
// follow the token.
// A filter naming a node that does not exist matches nothing. Errors:
// INVALID_ARGUMENT for a filter that does not apply to the kind, or a bad
// token.
absl::StatusOr<NodePage> ListNodes(storage::GraphSnapshot& snapshot,
                                   const ListNodesSpec& spec,
                                   const Budget& budget);

struct ListEdgesSpec {
  std::string name;
  Direction direction = Direction::kOutgoing;
  std::vector<EdgeKind> kinds;  // Empty: all.
  int page_size = 50;
  std::string page_token;
  // Bytes past which the page closes early, with a next page token (the
  // response must fit in one gRPC message); 0 for no cap.
  size_t max_bytes = 0;
};

struct NamedEdge {
  EdgeView edge;
  std::string source_name;
  std::string target_name;
};

struct EdgePage {
  std::vector<NamedEdge> edges;
  std::string next_page_token;
};

// Edges of one node: outgoing first, then by kind and the other endpoint's
// id; fewer than page_size with a token when max_bytes runs out. NOT_FOUND
// if the node does not exist.
absl::StatusOr<EdgePage> ListEdges(storage::GraphSnapshot& snapshot,
                                   const ListEdgesSpec& spec);

}  // namespace remarkgraph::query

#endif  // REMARKGRAPH_QUERY_LISTING_H_
