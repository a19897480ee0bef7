// Reading `remarkgraph upsert` input and cutting it into calls.

#ifndef REMARKGRAPH_CLIENTS_CLI_UPSERT_INPUT_H_
#define REMARKGRAPH_CLIENTS_CLI_UPSERT_INPUT_H_

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

#include "remarkgraph/v1/resources.pb.h"
#include "remarkgraph/v1/write_service.pb.h"

namespace remarkgraph::cli {

// What the input asks to store, each node and edge once.
struct UpsertInput {
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;
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
