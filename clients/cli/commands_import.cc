// import: minutes files into the graph; export: the graph as JSON Lines.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "remarkgraph/v1/import_service.grpc.pb.h"

namespace remarkgraph::cli {
namespace {

// The server refuses larger requests; say so before sending.
constexpr size_t kMaxImportBytes = 16 << 20;

std::optional<v1::MinutesFormat> ParseFormatFlag(std::string text) {
  text = absl::AsciiStrToLower(text);
  if (text.empty() || text == "auto") return v1::MINUTES_FORMAT_UNSPECIFIED;
  if (text == "gijigaiyo") return v1::MINUTES_FORMAT_GIJIGAIYO;
  if (text == "hatsugen-yoshi") return v1::MINUTES_FORMAT_HATSUGEN_YOSHI;
  if (text == "ndl") return v1::MINUTES_FORMAT_NDL_JSON;
  if (text == "records") return v1::MINUTES_FORMAT_RECORDS;
  if (text == "kaigiroku") return v1::MINUTES_FORMAT_KAIGIROKU;
  if (text == "gijiyoshi-narrative") return v1::MINUTES_FORMAT_GIJIYOSHI_NARRATIVE;
  return std::nullopt;
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot be read"));
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxImportBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": is ", text.str().size(), " bytes; the server imports at most ",
                     kMaxImportBytes, " bytes of minutes in one request"));
  }
  return text.str();
}

void PrintImported(Session& session, const v1::ImportMinutesResponse& response) {
  if (session.json()) {
    session.PrintJson("imported", response);
    return;
  }
  for (const v1::ImportedMeeting& meeting : response.meetings()) {
    std::map<std::string, int> links;
    for (const v1::Edge& link : meeting.links()) {
      std::string kind = v1::EdgeKind_Name(link.kind()).substr(sizeof("EDGE_KIND_") - 1);
      ++links[absl::AsciiStrToLower(kind)];
    }
    session.out() << response.source_name() << ": " << meeting.meeting() << "  "
                  << meeting.title() << "\n  " << meeting.items() << " items, "
                  << meeting.remarks() << " remarks, " << meeting.people() << " people; links:";
    if (links.empty()) session.out() << " none";
    for (const auto& [kind, count] : links) session.out() << " " << kind << " " << count;
    session.out() << "\n";
    for (const std::string& warning : meeting.warnings()) {
      session.out() << "  warning: " << warning << "\n";
    }
  }
}

int RunImport(const ParsedArgs& args, Session& session) {
  const std::optional<v1::MinutesFormat> format = ParseFormatFlag(args.Get("format"));
  if (!format) {
    return session.Usage(
        "--format takes auto, gijigaiyo, hatsugen-yoshi, kaigiroku, "
        "gijiyoshi-narrative, ndl or records");
  }
  auto stub = v1::ImportService::NewStub(session.channel());
  int failures = 0;
  for (const std::string& path : args.positionals()) {
    absl::StatusOr<std::string> content = ReadWholeFile(path);
    if (!content.ok()) {
      session.Fail(content.status());
      ++failures;
      continue;
    }
    v1::ImportMinutesRequest request;
    request.set_content(*std::move(content));
    request.set_format(*format);
    request.set_body(args.Get("body"));
    request.set_date(args.Get("date"));
    request.set_title(args.Get("title"));
    request.set_source_name(path);
    request.set_validate_only(args.Has("dry-run"));
    v1::ImportMinutesResponse response;
    const auto context = session.NewContext();
    const grpc::Status status = stub->ImportMinutes(context.get(), request, &response);
    if (!status.ok()) {
      session.err() << path << ": ";
      session.Fail(status);
      ++failures;
      continue;
    }
    PrintImported(session, response);
  }
  return failures == 0 ? kExitOk : kExitFailed;
}

int RunExport(const ParsedArgs& args, Session& session) {
  v1::ExportGraphRequest request;
  for (const std::string& kind : args.GetAll("kind")) {
    v1::NodeKind parsed;
    std::string upper = absl::AsciiStrToUpper(kind);
    if (upper.rfind("NODE_KIND_", 0) != 0) upper = "NODE_KIND_" + upper;
    if (!v1::NodeKind_Parse(upper, &parsed) || parsed == v1::NODE_KIND_UNSPECIFIED) {
      return session.Usage(absl::StrCat("--kind: unknown node kind '", kind, "'"));
    }
    request.add_kinds(parsed);
  }
  // With --output the records go to FILE.partial, renamed to FILE only once
  // the whole export has arrived: a reader of FILE (a backup job, a
  // restore) never sees half a graph.
  const std::string output = args.Get("output");
  const std::string partial = output + ".partial";
  std::ofstream file;
  if (!output.empty()) {
    file.open(partial, std::ios::binary | std::ios::trunc);
    if (!file) {
      return session.Fail(absl::UnavailableError(absl::StrCat(
          "--output: cannot write '", partial, "': ", std::strerror(errno))));
    }
  }
  std::ostream& out = output.empty() ? session.out() : file;
  auto stub = v1::ImportService::NewStub(session.channel());
  // An export streams for as long as it takes: no --timeout deadline.
  grpc::ClientContext context;
  auto reader = stub->ExportGraph(&context, request);
  v1::ExportGraphResponse record;
  while (reader->Read(&record)) {
    // One record a line, as `upsert` reads them back.
    if (record.has_node()) WriteJsonLine(out, "node", record.node());
    if (record.has_edge()) WriteJsonLine(out, "edge", record.edge());
  }
  const grpc::Status status = reader->Finish();
  if (output.empty()) return status.ok() ? kExitOk : session.Fail(status);
  file.close();
  if (!status.ok()) {
    std::remove(partial.c_str());
    return session.Fail(status);
  }
  if (file.fail() || std::rename(partial.c_str(), output.c_str()) != 0) {
    const int error = errno;
    std::remove(partial.c_str());
    return session.Fail(absl::UnavailableError(
        absl::StrCat("--output: cannot write '", output, "': ", std::strerror(error))));
  }
  return kExitOk;
}

}  // namespace

Command ImportCommand() {
  return {{.name = "import",
           .positional_synopsis = "FILE...",
           .summary = "Import minutes (議事概要, 発言要旨, NDL JSON, records) with their links.",
           .description =
               "Each file is one import: parsed, linked to the decisions, items,\n"
               "documents and remarks it refers to, and stored atomically. Importing\n"
               "the same minutes again replaces them. Files must be UTF-8.\n\n"
               "examples:\n"
               "  remarkgraph import minutes/*.txt\n"
               "  remarkgraph import --format ndl --dry-run speech.json\n",
           .min_positionals = 1,
           .max_positionals = -1,
           .flags = {{"format", "FORMAT",
                      "auto (default), gijigaiyo, hatsugen-yoshi, kaigiroku, "
                      "gijiyoshi-narrative, ndl or records"},
                     {"body", "ID", "the body id, overriding the one in the text"},
                     {"date", "DATE", "the meeting date when the text has none"},
                     {"title", "TITLE", "the meeting title when the text has none"},
                     {"dry-run", "", "parse and link, report, store nothing"}}},
          RunImport};
}

Command ExportCommand() {
  return {{.name = "export",
           .positional_synopsis = "",
           .summary = "Write the whole graph as JSON Lines (nodes, then edges).",
           .description =
               "The output is what `upsert` reads: export from one server and upsert\n"
               "into another to copy a graph. See docs/import.md.\n\n"
               "example:\n"
               "  remarkgraph export > graph.jsonl\n"
               "  remarkgraph export --output /backup/graph.jsonl\n"
               "  remarkgraph --server other:50051 upsert < graph.jsonl\n",
           .min_positionals = 0,
           .max_positionals = 0,
           .flags = {{"kind", "KIND", "only nodes of KIND (and edges between them)", true},
                     {"output", "FILE",
                      "write to FILE (through FILE.partial, renamed when complete) instead of stdout"}}},
          RunExport};
}

}  // namespace remarkgraph::cli
