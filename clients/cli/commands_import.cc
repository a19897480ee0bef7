// import: minutes files into the graph; export: the graph as JSON Lines.

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "clients/cli/import_files.h"
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

std::string KindName(v1::EdgeKind kind) {
  return absl::AsciiStrToLower(v1::EdgeKind_Name(kind).substr(sizeof("EDGE_KIND_") - 1));
}

void PrintReport(const v1::ImportedMeeting& meeting, std::ostream& out) {
  const v1::QualityReport& r = meeting.report();
  out << "  found: " << (r.title().empty() ? "(no title)" : r.title()) << ", "
      << (r.date().empty() ? "(no date)" : r.date());
  if (!r.start_time().empty()) out << " " << r.start_time() << "-" << r.end_time();
  out << "; " << r.attendees() << " attendees, " << r.items() << " items ("
      << r.items_with_outcome() << " with an outcome), " << r.remarks() << " remarks ("
      << r.speakers_resolved() << " by a listed person, " << r.speakers_unresolved()
      << " by a label only)\n";
}

void PrintImported(Session& session, const v1::ImportMinutesResponse& response) {
  if (session.json()) {
    session.PrintJson("imported", response);
    return;
  }
  for (const v1::ImportedMeeting& meeting : response.meetings()) {
    std::map<std::string, int> links;
    for (const v1::Edge& link : meeting.links()) ++links[KindName(link.kind())];
    session.out() << response.source_name() << ": " << meeting.meeting() << "  "
                  << meeting.title() << "\n  " << meeting.items() << " items, "
                  << meeting.remarks() << " remarks, " << meeting.people() << " people; links:";
    if (links.empty()) session.out() << " none";
    for (const auto& [kind, count] : links) session.out() << " " << kind << " " << count;
    if (meeting.link_count() > meeting.links_size()) {
      session.out() << " (" << meeting.link_count() << " in all, the first "
                    << meeting.links_size() << " listed)";
    }
    session.out() << "\n";
    PrintReport(meeting, session.out());
    for (const v1::ImportWarning& warning : meeting.report().warnings()) {
      session.out() << "  warning";
      if (warning.line() > 0) session.out() << " (line " << warning.line() << ")";
      session.out() << ": " << warning.message() << "\n";
    }
    const int more = meeting.report().warning_count() - meeting.report().warnings_size();
    if (more > 0) session.out() << "  ... and " << more << " more warnings\n";
  }
  if (response.planned_node_count() == 0 && response.planned_edge_count() == 0) return;
  session.out() << "would write " << response.planned_node_count() << " nodes and "
                << response.planned_edge_count() << " edges (nothing was stored)";
  if (response.truncated()) {
    session.out() << "; the first " << response.planned_nodes_size() << " nodes and "
                  << response.planned_edges_size() << " edges:";
  }
  session.out() << "\n";
  for (const v1::Node& node : response.planned_nodes()) {
    std::string kind = v1::NodeKind_Name(node.kind()).substr(sizeof("NODE_KIND_") - 1);
    session.out() << "  node " << node.name() << "  " << absl::AsciiStrToLower(kind);
    if (!node.title().empty()) session.out() << "  " << node.title();
    session.out() << "\n";
  }
  for (const v1::Edge& edge : response.planned_edges()) {
    session.out() << "  edge " << edge.source() << " -" << KindName(edge.kind()) << "-> "
                  << edge.target();
    if (edge.stance() != v1::STANCE_UNSPECIFIED) {
      session.out() << "  " << absl::AsciiStrToLower(v1::Stance_Name(edge.stance()).substr(7));
    }
    session.out() << "\n";
  }
}

// Says what a failed call means for the file: a passed deadline stored
// nothing, and a longer --timeout is the cure.
void ReportFailure(Session& session, const std::string& path, const grpc::Status& status,
                   absl::Duration timeout) {
  session.err() << path << ": ";
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    session.Fail(grpc::Status(
        status.error_code(),
        absl::StrCat("the import did not finish within ", absl::FormatDuration(timeout),
                     "; nothing was stored. Give large minutes a longer --timeout (seconds).")));
    return;
  }
  session.Fail(status);
}

// The file's content; or, when it cannot be read, nothing, once the progress
// line and the session have been told why.
std::optional<std::string> ReadOrReport(const ImportFile& file, absl::Time start,
                                        ImportProgress& progress, Session& session) {
  absl::StatusOr<std::string> content = ReadWholeFile(file.path);
  if (!content.ok()) {
    progress.Finish(absl::Now() - start,
                    StatusCodeName(static_cast<grpc::StatusCode>(content.status().code())));
    session.Fail(content.status());
    return std::nullopt;
  }
  return *std::move(content);
}

// --bulk: every file in one BulkImportMinutes stream, each message asking
// for a bulk load (ImportMinutesRequest.bulk); the results come at the end.
int RunBulkImport(const ParsedArgs& args, Session& session, const std::vector<ImportFile>& files,
                  v1::MinutesFormat format, ImportProgress& progress,
                  v1::ImportService::Stub& stub) {
  absl::Duration timeout;
  for (const ImportFile& file : files) {
    timeout += ImportTimeout(file.bytes, args.Has("timeout"), session.timeout());
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMicroseconds(timeout));
  v1::BulkImportMinutesResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::BulkImportMinutesRequest>> writer =
      stub.BulkImportMinutes(&context, &response);
  int failures = 0;
  const absl::Time start = absl::Now();
  for (const ImportFile& file : files) {
    progress.Start(file);
    std::optional<std::string> content = ReadOrReport(file, start, progress, session);
    if (!content) {
      ++failures;
      continue;
    }
    v1::BulkImportMinutesRequest message;
    v1::ImportMinutesRequest& request = *message.mutable_minutes();
    request.set_content(*std::move(content));
    request.set_format(format);
    request.set_body(args.Get("body"));
    request.set_date(args.Get("date"));
    request.set_title(args.Get("title"));
    request.set_source_name(file.path);
    request.set_bulk(true);
    const bool sent = writer->Write(message);
    progress.Finish(absl::Now() - start, sent ? "sent" : "not sent");
    if (!sent) break;  // The call ended: Finish says why.
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) {
    ReportFailure(session, "bulk import", status, timeout);
    return kExitFailed;
  }
  for (const v1::BulkImportResult& result : response.results()) {
    if (result.code() != 0) {
      ReportFailure(session, result.source_name(),
                    grpc::Status(static_cast<grpc::StatusCode>(result.code()), result.error()),
                    timeout);
      ++failures;
      continue;
    }
    PrintImported(session, result.response());
  }
  return failures == 0 ? kExitOk : kExitFailed;
}

int RunImport(const ParsedArgs& args, Session& session) {
  const std::optional<v1::MinutesFormat> format = ParseFormatFlag(args.Get("format"));
  if (!format) {
    return session.Usage(
        "--format takes auto, gijigaiyo, hatsugen-yoshi, kaigiroku, "
        "gijiyoshi-narrative, ndl or records");
  }
  absl::StatusOr<std::vector<ImportFile>> files = CollectImportFiles(args.positionals());
  if (!files.ok()) return session.Fail(files.status());
  uint64_t total = 0;
  for (const ImportFile& f : *files) total += f.bytes;
  ImportProgress::Mode mode = ImportProgress::Mode::kNone;
  if (session.json()) {
    mode = ImportProgress::Mode::kJson;
  } else if (isatty(STDERR_FILENO) && !args.Has("no-progress")) {
    mode = ImportProgress::Mode::kTerminal;
  }
  ImportProgress progress(mode, mode == ImportProgress::Mode::kJson ? session.out() : session.err(),
                          static_cast<int>(files->size()), total);
  auto stub = v1::ImportService::NewStub(session.channel());
  const bool dry_run = args.Has("dry-run");
  if (args.Has("bulk")) {
    if (dry_run) return session.Usage("--bulk stores the minutes: it does not go with --dry-run");
    return RunBulkImport(args, session, *files, *format, progress, *stub);
  }
  int failures = 0;
  for (const ImportFile& file : *files) {
    progress.Start(file);
    const absl::Time start = absl::Now();
    std::optional<std::string> content = ReadOrReport(file, start, progress, session);
    if (!content) {
      ++failures;
      continue;
    }
    v1::ImportMinutesRequest request;
    request.set_content(*std::move(content));
    request.set_format(*format);
    request.set_body(args.Get("body"));
    request.set_date(args.Get("date"));
    request.set_title(args.Get("title"));
    request.set_source_name(file.path);
    request.set_dry_run(dry_run);
    v1::ImportMinutesResponse response;
    const absl::Duration timeout =
        ImportTimeout(file.bytes, args.Has("timeout"), session.timeout());
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMicroseconds(timeout));
    // The call runs on its own thread so that the terminal line can show
    // that the server is still at work.
    std::future<grpc::Status> call = std::async(std::launch::async, [&] {
      return stub->ImportMinutes(&context, request, &response);
    });
    while (call.wait_for(std::chrono::milliseconds(250)) != std::future_status::ready) {
      progress.Tick(absl::Now() - start);
    }
    const grpc::Status status = call.get();
    progress.Finish(absl::Now() - start,
                    status.ok() ? (dry_run ? "dry-run" : "done") : StatusCodeName(status.error_code()));
    if (!status.ok()) {
      ReportFailure(session, file.path, status, timeout);
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
           .positional_synopsis = "FILE|DIR...",
           .summary = "Import minutes (議事概要, 発言要旨, NDL JSON, records) with their links.",
           .description =
               "Each file is one import: parsed, linked to the decisions, items,\n"
               "documents and remarks it refers to, and stored atomically. Importing\n"
               "the same minutes again replaces them. Files must be UTF-8. A folder\n"
               "is imported with every .txt, .json, .jsonl and .ndjson file under it.\n"
               "Each import prints what was found (title, date, attendees, items,\n"
               "remarks) and its warnings with their lines; --dry-run also prints the\n"
               "nodes and edges it would write, and stores nothing. On a terminal a\n"
               "progress line shows each file; with --json, {\"progress\": ...} lines.\n"
               "Without --timeout an import may take 10 minutes, more for large files.\n"
               "--bulk sends every file in one stream and loads each in bulk: same\n"
               "result, a fraction of the server's memory and time for large files.\n\n"
               "examples:\n"
               "  remarkgraph import minutes/*.txt\n"
               "  remarkgraph import minutes/            # every minutes file under it\n"
               "  remarkgraph import --format ndl --dry-run speech.json\n"
               "  remarkgraph import --bulk archive/      # a large initial load\n",
           .min_positionals = 1,
           .max_positionals = -1,
           .flags = {{"format", "FORMAT",
                      "auto (default), gijigaiyo, hatsugen-yoshi, kaigiroku, "
                      "gijiyoshi-narrative, ndl or records"},
                     {"body", "ID", "the body id, overriding the one in the text"},
                     {"date", "DATE", "the meeting date when the text has none"},
                     {"title", "TITLE", "the meeting title when the text has none"},
                     {"dry-run", "", "parse and link, print the report and the graph, store nothing"},
                     {"bulk", "",
                      "load in bulk: every file in one BulkImportMinutes stream, the search "
                      "index of each built in memory and ingested as a table file (for large "
                      "loads; see docs/import.md)"},
                     {"no-progress", "", "no progress line on a terminal"}}},
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
