// upsert: store nodes and edges read as JSON Lines from stdin.

#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"
#include "clients/cli/upsert_input.h"

namespace remarkgraph::cli {
namespace {

struct Totals {
  v1::UpsertNodesResponse nodes;
  v1::UpsertEdgesResponse edges;
};

template <typename Response>
void Add(const Response& response, Response* total) {
  total->set_created(total->created() + response.created());
  total->set_updated(total->updated() + response.updated());
}

void PrintTotals(Session& session, const Totals& totals, std::ostream& out) {
  if (session.json()) {
    session.PrintJson("nodes", totals.nodes, /*with_defaults=*/true);
    session.PrintJson("edges", totals.edges, /*with_defaults=*/true);
    return;
  }
  out << "nodes: " << totals.nodes.created() << " created, "
      << totals.nodes.updated() << " updated\n"
      << "edges: " << totals.edges.created() << " created, "
      << totals.edges.updated() << " updated\n";
}

// Reports a failed call, with the input line the error is about when the
// server names an item. What earlier calls stored stays stored, so the
// report says what that was, unless this was the first call.
int FailPart(Session& session, grpc::Status status, absl::string_view what,
             size_t index, size_t count, size_t offset,
             const std::vector<int>& lines, bool first_call,
             const Totals& totals) {
  if (const int line = LineOfError(status.error_message(), what, offset, lines);
      line > 0) {
    status = grpc::Status(
        status.error_code(),
        absl::StrCat(status.error_message(), " (stdin line ", line, ")"),
        status.error_details());
  }
  if (!first_call) {
    session.err() << "the call for " << what << " batch " << index + 1 << " of "
                  << count << " failed; earlier calls stored\n"
                  << "  nodes: " << totals.nodes.created() << " created, "
                  << totals.nodes.updated()
                  << " updated; edges: " << totals.edges.created()
                  << " created, " << totals.edges.updated() << " updated\n";
  }
  return session.Fail(status);
}

int RunUpsert(const ParsedArgs& args, Session& session) {
  if (isatty(STDIN_FILENO)) {
    session.err() << "reading JSON Lines from stdin; end with Ctrl-D\n";
  }
  UpsertInput input;
  std::vector<std::string> errors;
  if (!ReadUpsertInput(std::cin, &input, &errors)) {
    for (const std::string& error : errors) {
      session.err() << "stdin " << error << "\n";
    }
    return session.Fail(
        absl::InvalidArgumentError("malformed input; nothing was sent"));
  }
  if (input.replaced_duplicates > 0) {
    session.err() << "note: " << input.replaced_duplicates
                  << " nodes or edges were given more than once; the last "
                     "line of each was kept\n";
  }
  const BatchLimits limits;
  const std::vector<v1::UpsertNodesRequest> node_batches =
      NodeBatches(input.nodes, limits);
  const std::vector<v1::UpsertEdgesRequest> edge_batches =
      EdgeBatches(input.edges, limits);
  if (args.Has("dry-run")) {
    session.out() << "would upsert " << Count(input.nodes.size(), "node")
                  << " in " << Count(node_batches.size(), "call") << " and "
                  << Count(input.edges.size(), "edge") << " in "
                  << Count(edge_batches.size(), "call") << "\n";
    return kExitOk;
  }

  // Nodes go first so that edges may join nodes of the same input.
  Totals totals;
  size_t offset = 0;  // of the batch's first item in input.nodes or .edges
  for (size_t i = 0; i < node_batches.size(); ++i) {
    v1::UpsertNodesResponse response;
    const grpc::Status status = session.write().UpsertNodes(
        session.NewContext().get(), node_batches[i], &response);
    if (!status.ok()) {
      return FailPart(session, status, "nodes", i, node_batches.size(), offset,
                      input.node_lines, /*first_call=*/i == 0, totals);
    }
    Add(response, &totals.nodes);
    offset += node_batches[i].nodes_size();
  }
  offset = 0;
  for (size_t i = 0; i < edge_batches.size(); ++i) {
    v1::UpsertEdgesResponse response;
    const grpc::Status status = session.write().UpsertEdges(
        session.NewContext().get(), edge_batches[i], &response);
    if (!status.ok()) {
      return FailPart(session, status, "edges", i, edge_batches.size(), offset,
                      input.edge_lines,
                      /*first_call=*/i == 0 && node_batches.empty(), totals);
    }
    Add(response, &totals.edges);
    offset += edge_batches[i].edges_size();
  }
  PrintTotals(session, totals, session.out());
  return kExitOk;
}

}  // namespace

Command UpsertCommand() {
  return {
      {.name = "upsert",
       .positional_synopsis = "",
       .summary = "Create or replace nodes and edges read from stdin.",
       .description =
           "Input is JSON Lines: each line is {\"node\": NODE} or\n"
           "{\"edge\": EDGE}, with NODE and EDGE as remarkgraph.v1.Node and\n"
           "Edge in proto JSON. The whole input is read and checked first; a\n"
           "bad line is reported with its number and nothing is sent. Then\n"
           "all nodes are sent, up to 1000 per call, then all edges, up to\n"
           "10000 per call. Each call is atomic; the input as a whole is\n"
           "not. The output of `ls --json`, `get --json` and `edges --json`\n"
           "is valid input.\n\n"
           "example:\n"
           "  remarkgraph upsert <<'EOF'\n"
           "  {\"node\": {\"name\": \"bodies/cshq\", \"title\": "
           "\"ネットワーク安全保障推進本部\"}}\n"
           "  {\"node\": {\"name\": \"meetings/cshq-31\", \"meeting\": "
           "{\"date\": \"2024-06-04\"}}}\n"
           "  {\"edge\": {\"source\": \"meetings/cshq-31\", \"target\": "
           "\"bodies/cshq\",\n"
           "             \"kind\": \"EDGE_KIND_HELD_BY\"}}\n"
           "  EOF\n"
           "(each JSON object on one line)\n",
       .min_positionals = 0,
       .max_positionals = 0,
       .flags = {{"dry-run", "",
                  "check the input and count the calls; send nothing"}}},
      RunUpsert};
}

}  // namespace remarkgraph::cli
