// Reading `remarkgraph upsert` input and cutting it into calls.

#ifndef REMARKGRAPH_CLIENTS_CLI_UPSERT_INPUT_H_
#define REMARKGRAPH_CLIENTS_CLI_UPSERT_INPUT_H_

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "remarkgraph/v1/resources.pb.h"
#include "remarkgraph/v1/write_service.pb.h"

namespace remarkgraph::cli {

// What the input asks to store, each node and edge once.
struct UpsertInput {
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;
  // The input line each node and edge was read from (the last, for one
  // given more than once), parallel to `nodes` and `edges`.
  std::vector<int> node_lines;
  std::vector<int> edge_lines;
  // Nodes and edges given again on a later line; the later line wins, as if
  // the lines had been sent one by one.
  int replaced_duplicates = 0;
};

// Reads JSON Lines from `in`: each non-blank line is {"node": NODE} or
// {"edge": EDGE}, with NODE and EDGE in proto JSON (lowerCamelCase or
// snake_case field names, enum names such as "EDGE_KIND_REFERENCES").
// Unknown fields are errors. A node needs a name; an edge a source, a
// target and a kind. Returns false and fills `errors` with one
// "line N: ..." message per bad line (at most `max_errors`); `input` is then
// incomplete and must not be sent.
bool ReadUpsertInput(std::istream& in, UpsertInput* input,
                     std::vector<std::string>* errors, size_t max_errors = 20);

// The input line a server error is about. Errors name the field by its
// index in the request (`nodes[3].name`, `edges[0]`); `field` is "nodes" or
// "edges", `offset` the index in `lines` of the request's first item.
// Returns 0 when the message names no such index.
int LineOfError(absl::string_view message, absl::string_view field,
                size_t offset, const std::vector<int>& lines);

// Limits of one call. The API allows 1000 nodes and 10000 edges; the byte
// limit keeps each request under the 4 MiB a gRPC server accepts by default.
struct BatchLimits {
  size_t max_nodes = 1000;
  size_t max_edges = 10000;
  size_t max_bytes = 3 << 20;
};

// The calls that store `nodes` and `edges`, in order, within `limits`. A
// single item larger than max_bytes goes in a call of its own.
std::vector<v1::UpsertNodesRequest> NodeBatches(
    const std::vector<v1::Node>& nodes, const BatchLimits& limits);
std::vector<v1::UpsertEdgesRequest> EdgeBatches(
    const std::vector<v1::Edge>& edges, const BatchLimits& limits);

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_UPSERT_INPUT_H_
