// edges and paths: the edges of one node, and the paths between two.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "clients/cli/enum_names.h"
#include "clients/cli/format.h"
#include "clients/cli/paging.h"
#include "clients/cli/table.h"
#include "clients/cli/text_width.h"

namespace remarkgraph::cli {
namespace {

// The flags edges and paths share.
std::vector<FlagSpec> DirectionAndKindFlags() {
  return {{"out", "", "follow outgoing edges"},
          {"in", "", "follow incoming edges"},
          {"both", "", "follow edges both ways"},
          {"kind", "K",
           "only edges of kind K (references, adopts, ...; commas allowed)",
           /*repeated=*/true}};
}

// --in, --out or --both; `fallback` when none is given.
absl::StatusOr<v1::Direction> ReadDirection(const ParsedArgs& args,
                                            v1::Direction fallback) {
  const int given = args.Has("in") + args.Has("out") + args.Has("both");
  if (given > 1) {
    return absl::InvalidArgumentError(
        "give at most one of --in, --out, --both");
  }
  if (args.Has("in")) return v1::DIRECTION_INCOMING;
  if (args.Has("out")) return v1::DIRECTION_OUTGOING;
  if (args.Has("both")) return v1::DIRECTION_BOTH;
  return fallback;
}

// Every --kind, each possibly a comma list.
absl::StatusOr<std::vector<v1::EdgeKind>> ReadEdgeKinds(
    const ParsedArgs& args) {
  std::vector<v1::EdgeKind> kinds;
  for (const std::string& value : args.GetAll("kind")) {
    absl::StatusOr<std::vector<v1::EdgeKind>> some = ParseEdgeKindList(value);
    if (!some.ok()) return some.status();
    kinds.insert(kinds.end(), some->begin(), some->end());
  }
  return kinds;
}

int RunEdges(const ParsedArgs& args, Session& session) {
  v1::ListEdgesRequest request;
  request.set_name(args.positionals()[0]);
  absl::StatusOr<v1::Direction> direction =
      ReadDirection(args, v1::DIRECTION_OUTGOING);
  if (!direction.ok()) return session.Usage(direction.status());
  request.set_direction(*direction);
  absl::StatusOr<std::vector<v1::EdgeKind>> kinds = ReadEdgeKinds(args);
  if (!kinds.ok()) return session.Usage(kinds.status());
  for (v1::EdgeKind kind : *kinds) request.add_kinds(kind);
  absl::StatusOr<PageFlags> paging = ReadPageFlags(args);
  if (!paging.ok()) return session.Usage(paging.status());
  request.set_page_size(paging->page_size);

  Table table({{.header = "SOURCE", .max_width = 48, .elide_front = true},
               {.header = "KIND", .max_width = 12, .fixed = true},
               {.header = "TARGET", .max_width = 48, .elide_front = true},
               {.header = "STANCE", .max_width = 8, .fixed = true}});
  return FetchPages(
      session, *paging,
      [&](const std::string& token, std::string* next) {
        request.set_page_token(token);
        v1::ListEdgesResponse response;
        grpc::Status status = session.graph().ListEdges(
            session.NewContext().get(), request, &response);
        if (!status.ok()) return status;
        for (const v1::Edge& edge : response.edges()) {
          if (session.json()) {
            session.PrintJson("edge", edge);
          } else {
            table.AddRow({edge.source(), ShortName(edge.kind()), edge.target(),
                          ShortName(edge.stance())});
          }
        }
        *next = response.next_page_token();
        return status;
      },
      [&](bool failed) {
        if (session.json()) return;
        if (table.empty()) {
          if (failed) return;
          session.out() << "no edges found\n";
        } else {
          table.Print(session.out(), 0, session.line_width());
        }
      });
}

// One path, a node per line, each after the edge that leads to it:
//
//   meetings/cshq-31/remarks/3
//     --REFERENCES--> meetings/cshq-31/items/2
//     <--HAS_ITEM---- meetings/cshq-31
void PrintPath(const v1::Path& path, std::ostream& out) {
  if (path.nodes().empty()) return;
  std::vector<std::string> arrows;
  int width = 0;
  for (int i = 0; i < path.edges_size() && i + 1 < path.nodes_size(); ++i) {
    const v1::Edge& edge = path.edges(i);
    const std::string kind = ShortName(edge.kind());
    // The edge runs forwards when it leaves the node before it.
    arrows.push_back(edge.source() == path.nodes(i)
                         ? absl::StrCat("--", kind, "-->")
                         : absl::StrCat("<--", kind, "--"));
    width = std::max(width, DisplayWidth(arrows.back()));
  }
  out << "  " << path.nodes(0) << "\n";
  for (size_t i = 0; i < arrows.size(); ++i) {
    out << "    " << PadRight(arrows[i], width) << " " << path.nodes(i + 1)
        << "\n";
  }
}

int RunPaths(const ParsedArgs& args, Session& session) {
  v1::FindPathsRequest request;
  request.set_source(args.positionals()[0]);
  request.set_target(args.positionals()[1]);
  absl::StatusOr<v1::Direction> direction =
      ReadDirection(args, v1::DIRECTION_BOTH);
  if (!direction.ok()) return session.Usage(direction.status());
  request.set_direction(*direction);
  absl::StatusOr<std::vector<v1::EdgeKind>> kinds = ReadEdgeKinds(args);
  if (!kinds.ok()) return session.Usage(kinds.status());
  for (v1::EdgeKind kind : *kinds) request.add_edge_kinds(kind);
  if (args.Has("max-paths")) {
    absl::StatusOr<int> max =
        ParseIntFlag("max-paths", args.Get("max-paths"), 1, 100);
    if (!max.ok()) return session.Usage(max.status());
    request.set_max_paths(*max);
  }
  if (args.Has("max-depth")) {
    absl::StatusOr<int> max =
        ParseIntFlag("max-depth", args.Get("max-depth"), 1, 64);
    if (!max.ok()) return session.Usage(max.status());
    request.mutable_budget()->set_max_depth(*max);
  }

  v1::FindPathsResponse response;
  const grpc::Status status =
      session.graph().FindPaths(session.NewContext().get(), request, &response);
  if (!status.ok()) return session.Fail(status);
  if (session.json()) {
    for (const v1::Path& path : response.paths()) {
      session.PrintJson("path", path);
    }
    session.PrintJson("stats", response.stats());
    return kExitOk;
  }
  std::ostream& out = session.out();
  for (int i = 0; i < response.paths_size(); ++i) {
    const v1::Path& path = response.paths(i);
    if (i > 0) out << "\n";
    out << "path " << i + 1 << " (" << Count(path.edges_size(), "edge")
        << ")\n";
    PrintPath(path, out);
  }
  if (response.paths().empty()) out << "no path found\n";
  out << "\n" << StatsLine(response.stats()) << "\n";
  return kExitOk;
}

}  // namespace

Command EdgesCommand() {
  std::vector<FlagSpec> flags = DirectionAndKindFlags();
  for (FlagSpec& flag : PageFlagSpecs("edges")) {
    flags.push_back(std::move(flag));
  }
  return {{.name = "edges",
           .positional_synopsis = "NAME",
           .summary = "List the edges of a node (outgoing by default).",
           .description =
               "Edges come outgoing first, then by kind, then by the other "
               "end's name.\n\n"
               "examples:\n"
               "  remarkgraph edges meetings/cshq-31/items/2 --in --kind "
               "references\n"
               "  remarkgraph edges people/goto --both --all\n",
           .min_positionals = 1,
           .max_positionals = 1,
           .flags = std::move(flags)},
          RunEdges};
}

Command PathsCommand() {
  std::vector<FlagSpec> flags = {
      {"max-paths", "K", "most paths to return (1-100; server default 1)"},
      {"max-depth", "D", "longest path, in edges (server default 6)"}};
  for (FlagSpec& flag : DirectionAndKindFlags()) {
    flags.push_back(std::move(flag));
  }
  return {
      {.name = "paths",
       .positional_synopsis = "SOURCE TARGET",
       .summary = "Find the shortest paths between two nodes.",
       .description =
           "Edges are followed both ways unless --in or --out is given. All\n"
           "paths returned have the same, shortest, length; none is not an\n"
           "error.\n\n"
           "example:\n"
           "  remarkgraph paths meetings/cshq-31/remarks/3 "
           "matters/cyber-strategy \\\n"
           "      --max-paths 3 --max-depth 4\n",
       .min_positionals = 2,
       .max_positionals = 2,
       .flags = std::move(flags)},
      RunPaths};
}

}  // namespace remarkgraph::cli
