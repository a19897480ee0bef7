// watch: the change feed (WatchService.Watch), one change a line.

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "clients/cli/enum_names.h"
#include "remarkgraph/v1/watch_service.grpc.pb.h"

namespace remarkgraph::cli {
namespace {

// "12 12 upsert node meetings/c-1" or
// "14 13 delete edge meetings/c-1 -held-by-> bodies/council".
std::string Describe(const v1::ChangeEvent& event) {
  std::string line = absl::StrCat(event.sequence(), " ", event.commit_sequence(), " ",
                                  event.op() == v1::CHANGE_OP_DELETE ? "delete" : "upsert");
  if (event.has_node()) return absl::StrCat(line, " node ", event.node().name());
  return absl::StrCat(line, " edge ", event.edge().source(), " -", ShortName(event.edge().kind()),
                      "-> ", event.edge().target());
}

int RunWatch(const ParsedArgs& args, Session& session) {
  v1::WatchRequest request;
  uint64_t from = 0;
  if (args.Has("from") && !absl::SimpleAtoi(args.Get("from"), &from)) {
    return session.Usage(absl::StrCat("--from: '", args.Get("from"), "' is not a sequence number"));
  }
  request.set_from_sequence(from);
  int64_t count = -1;
  if (args.Has("count") && (!absl::SimpleAtoi(args.Get("count"), &count) || count < 1)) {
    return session.Usage(
        absl::StrCat("--count: '", args.Get("count"), "' is not a positive number"));
  }
  if (args.Has("kind")) {
    absl::StatusOr<std::vector<v1::NodeKind>> kinds = ParseNodeKindList(args.Get("kind"));
    if (!kinds.ok()) return session.Usage(absl::StrCat("--kind: ", kinds.status().message()));
    for (v1::NodeKind kind : *kinds) request.add_node_kinds(kind);
  }
  if (args.Has("edge-kind")) {
    absl::StatusOr<std::vector<v1::EdgeKind>> kinds = ParseEdgeKindList(args.Get("edge-kind"));
    if (!kinds.ok()) return session.Usage(absl::StrCat("--edge-kind: ", kinds.status().message()));
    for (v1::EdgeKind kind : *kinds) request.add_edge_kinds(kind);
  }
  // A watch lasts until stopped: no --timeout deadline.
  grpc::ClientContext context;
  auto reader = v1::WatchService::NewStub(session.channel())->Watch(&context, request);
  v1::WatchResponse message;
  int64_t seen = 0;
  while (seen != count && reader->Read(&message)) {
    for (const v1::ChangeEvent& event : message.events()) {
      if (session.json()) {
        session.PrintJson("change", event);
      } else {
        session.out() << Describe(event) << "\n";
      }
      if (++seen == count) break;
    }
    session.out().flush();
  }
  if (seen == count) {
    context.TryCancel();
    while (reader->Read(&message)) {
    }
    reader->Finish();
    return kExitOk;
  }
  return session.Fail(reader->Finish());
}

}  // namespace

Command WatchCommand() {
  return {{.name = "watch",
           .positional_synopsis = "",
           .summary = "Print each change to the graph as it commits (the change feed).",
           .description =
               "One line a change: SEQUENCE COMMIT_SEQUENCE upsert|delete node NAME, or\n"
               "... edge SOURCE -KIND-> TARGET; with --json, {\"change\": {...}} lines with\n"
               "the whole records. Runs until stopped, or until --count changes. --from\n"
               "resumes: pass the last SEQUENCE seen + 1, or an export's sequence + 1\n"
               "(see docs/operations.md, The change feed). Without --from: from now.\n\n"
               "examples:\n"
               "  remarkgraph watch\n"
               "  remarkgraph watch --from 1200 --kind meeting,remark --json\n",
           .min_positionals = 0,
           .max_positionals = 0,
           .flags = {{"from", "SEQUENCE", "the first sequence wanted (default: the next commit)"},
                     {"kind", "KINDS", "only node changes of these kinds (comma-separated)"},
                     {"edge-kind", "KINDS", "only edge changes of these kinds (comma-separated)"},
                     {"count", "N", "stop after N changes"}}},
          RunWatch};
}

}  // namespace remarkgraph::cli
