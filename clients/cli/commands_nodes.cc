// get, ls and delete: nodes by name and by kind.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "clients/cli/enum_names.h"
#include "clients/cli/format.h"
#include "clients/cli/paging.h"
#include "clients/cli/table.h"

namespace remarkgraph::cli {
namespace {

// The most names the API takes in one BatchGetNodes or DeleteNodes call;
// longer lists are sent in several calls.
constexpr size_t kMaxNamesPerCall = 1000;

void PrintNode(Session& session, const v1::Node& node, bool first) {
  if (session.json()) {
    session.PrintJson("node", node);
  } else {
    if (!first) session.out() << "\n";
    session.out() << NodeDetail(node);
  }
}

int RunGet(const ParsedArgs& args, Session& session) {
  const std::vector<std::string>& names = args.positionals();
  if (names.size() == 1) {
    v1::GetNodeRequest request;
    request.set_name(names[0]);
    v1::GetNodeResponse response;
    const grpc::Status status =
        session.graph().GetNode(session.NewContext().get(), request, &response);
    if (!status.ok()) return session.Fail(status);
    PrintNode(session, response.node(), true);
    return kExitOk;
  }
  bool first = true;
  for (size_t begin = 0; begin < names.size(); begin += kMaxNamesPerCall) {
    const size_t end = std::min(names.size(), begin + kMaxNamesPerCall);
    v1::BatchGetNodesRequest request;
    request.mutable_names()->Add(names.begin() + begin, names.begin() + end);
    v1::BatchGetNodesResponse response;
    const grpc::Status status = session.graph().BatchGetNodes(
        session.NewContext().get(), request, &response);
    if (!status.ok()) return session.Fail(status);
    for (const v1::Node& node : response.nodes()) {
      PrintNode(session, node, first);
      first = false;
    }
  }
  return kExitOk;
}

int RunLs(const ParsedArgs& args, Session& session) {
  v1::ListNodesRequest request;
  absl::StatusOr<v1::NodeKind> kind = ParseNodeKind(args.positionals()[0]);
  if (!kind.ok()) return session.Usage(kind.status());
  request.set_kind(*kind);
  request.set_body(args.Get("body"));
  request.set_meeting(args.Get("meeting"));
  request.set_person(args.Get("person"));
  if (absl::Status dates = ReadDateFlags(args, request.mutable_start_date(),
                                         request.mutable_end_date());
      !dates.ok()) {
    return session.Usage(dates);
  }
  absl::StatusOr<PageFlags> paging = ReadPageFlags(args);
  if (!paging.ok()) return session.Usage(paging.status());
  request.set_page_size(paging->page_size);

  Table table(
      {{.header = "NAME", .max_width = 48, .elide_front = true, .fixed = true},
       {.header = "KIND", .max_width = 8, .fixed = true},
       {.header = "TITLE", .max_width = 64}});
  return FetchPages(
      session, *paging,
      [&](const std::string& token, std::string* next) {
        request.set_page_token(token);
        v1::ListNodesResponse response;
        grpc::Status status = session.graph().ListNodes(
            session.NewContext().get(), request, &response);
        if (!status.ok()) return status;
        for (const v1::Node& node : response.nodes()) {
          if (session.json()) {
            session.PrintJson("node", node);
          } else {
            table.AddRow(
                {node.name(), ShortName(node.kind()), DisplayTitle(node)});
          }
        }
        *next = response.next_page_token();
        return status;
      },
      [&](bool failed) {
        if (session.json()) return;
        if (table.empty()) {
          if (failed) return;
          session.out() << "no nodes found\n";
        } else {
          table.Print(session.out(), 0, session.line_width());
        }
      });
}

int RunDelete(const ParsedArgs& args, Session& session) {
  const std::vector<std::string>& names = args.positionals();
  v1::DeleteNodesResponse total;
  for (size_t begin = 0; begin < names.size(); begin += kMaxNamesPerCall) {
    const size_t end = std::min(names.size(), begin + kMaxNamesPerCall);
    v1::DeleteNodesRequest request;
    request.mutable_names()->Add(names.begin() + begin, names.begin() + end);
    request.set_allow_missing(args.Has("allow-missing"));
    v1::DeleteNodesResponse response;
    const grpc::Status status = session.write().DeleteNodes(
        session.NewContext().get(), request, &response);
    if (!status.ok()) {
      if (begin > 0) {
        session.err() << "deleted before the failure: "
                      << Count(total.deleted_nodes(), "node") << ", "
                      << Count(total.deleted_edges(), "edge") << "\n";
      }
      return session.Fail(status);
    }
    total.set_deleted_nodes(total.deleted_nodes() + response.deleted_nodes());
    total.set_deleted_edges(total.deleted_edges() + response.deleted_edges());
  }
  if (session.json()) {
    session.PrintJson("deleted", total, /*with_defaults=*/true);
  } else {
    session.out() << "deleted " << Count(total.deleted_nodes(), "node") << ", "
                  << Count(total.deleted_edges(), "edge") << "\n";
  }
  return kExitOk;
}

}  // namespace

Command GetCommand() {
  return {{.name = "get",
           .positional_synopsis = "NAME...",
           .summary = "Show nodes by resource name.",
           .description =
               "One name is read with GetNode, several with BatchGetNodes\n"
               "(all or nothing: one missing name fails the call with "
               "NOT_FOUND).\n\n"
               "example:\n"
               "  remarkgraph get meetings/cshq-31 people/goto\n",
           .min_positionals = 1,
           .max_positionals = -1,
           .flags = {}},
          RunGet};
}

Command LsCommand() {
  std::vector<FlagSpec> flags = {
      {"body", "BODY",
       "only meetings of this body (bodies/ID), or their items and remarks"},
      {"meeting", "MEETING",
       "only items and remarks of this meeting, or its attendees"},
      {"person", "PERSON",
       "only remarks of this person, or meetings they attended"},
      {"from", "DATE",
       "only meetings on or after DATE (YYYY-MM-DD), or what belongs to them"},
      {"to", "DATE", "only meetings on or before DATE, likewise"},
  };
  for (FlagSpec& flag : PageFlagSpecs("nodes")) {
    flags.push_back(std::move(flag));
  }
  return {{.name = "ls",
           .positional_synopsis = "KIND",
           .summary = "List nodes of one kind, in resource-name order.",
           .description =
               "KIND is one of body, meeting, item, matter, remark, person,\n"
               "document, topic (any case; NODE_KIND_MEETING works too).\n\n"
               "examples:\n"
               "  remarkgraph ls meeting --body bodies/cshq --from 2024-01-01\n"
               "  remarkgraph ls remark --meeting meetings/cshq-31 --all\n",
           .min_positionals = 1,
           .max_positionals = 1,
           .flags = std::move(flags)},
          RunLs};
}

Command DeleteCommand() {
  return {
      {.name = "delete",
       .positional_synopsis = "NAME...",
       .summary = "Delete nodes and every edge into or out of them.",
       .description =
           "Up to 1000 names go in one atomic call; longer lists are sent\n"
           "in several calls. The remarks of a deleted meeting stay; delete\n"
           "them by name.\n\n"
           "example:\n"
           "  remarkgraph delete meetings/cshq-31/remarks/9 --allow-missing\n",
       .min_positionals = 1,
       .max_positionals = -1,
       .flags = {{"allow-missing", "", "ignore names that do not exist"}}},
      RunDelete};
}

}  // namespace remarkgraph::cli
