#include "service/import_servicer.h"

#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/error_details.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "ingest/importer.h"
#include "service/convert.h"
#include "service/import_report.h"
#include "service/rpc_util.h"
#include "service/validate.h"

namespace remarkgraph::service {
namespace {

using storage::EdgeKind;

constexpr size_t kMaxContentBytes = 16 << 20;

absl::StatusOr<ingest::Format> FormatFromWire(v1::MinutesFormat format) {
  switch (format) {
    case v1::MINUTES_FORMAT_UNSPECIFIED:
      return ingest::Format::kUnknown;
    case v1::MINUTES_FORMAT_GIJIGAIYO:
      return ingest::Format::kGijigaiyo;
    case v1::MINUTES_FORMAT_HATSUGEN_YOSHI:
      return ingest::Format::kHatsugenYoshi;
    case v1::MINUTES_FORMAT_NDL_JSON:
      return ingest::Format::kNdl;
    case v1::MINUTES_FORMAT_RECORDS:
      return ingest::Format::kRecords;
    case v1::MINUTES_FORMAT_KAIGIROKU:
      return ingest::Format::kKaigiroku;
    case v1::MINUTES_FORMAT_GIJIYOSHI_NARRATIVE:
      return ingest::Format::kGijiyoshiNarrative;
    default:
      return absl::InvalidArgumentError(
          StrCat("format: unknown format ", static_cast<int>(format)));
  }
}

v1::MinutesFormat FormatToWire(ingest::Format format) {
  switch (format) {
    case ingest::Format::kGijigaiyo:
      return v1::MINUTES_FORMAT_GIJIGAIYO;
    case ingest::Format::kHatsugenYoshi:
      return v1::MINUTES_FORMAT_HATSUGEN_YOSHI;
    case ingest::Format::kNdl:
      return v1::MINUTES_FORMAT_NDL_JSON;
    case ingest::Format::kRecords:
      return v1::MINUTES_FORMAT_RECORDS;
    case ingest::Format::kKaigiroku:
      return v1::MINUTES_FORMAT_KAIGIROKU;
    case ingest::Format::kGijiyoshiNarrative:
      return v1::MINUTES_FORMAT_GIJIYOSHI_NARRATIVE;
    default:
      return v1::MINUTES_FORMAT_UNSPECIFIED;
  }
}

absl::Status ValidateId(std::string_view id, std::string_view field) {
  if (id.empty()) return absl::OkStatus();
  return storage::ParseResourceName(StrCat("bodies/", id), field).status();
}

}  // namespace

absl::Status ImportServicer::Import(const v1::ImportMinutesRequest& request,
                                    v1::ImportMinutesResponse* response,
                                    const std::function<absl::Status()>& interrupt,
                                    size_t* budget) {
  const std::string& content = request.content();
  if (content.empty()) return absl::InvalidArgumentError("content: is empty");
  if (content.size() > kMaxContentBytes) {
    return absl::InvalidArgumentError(StrCat("content: is ", content.size(),
                                             " bytes; at most ", kMaxContentBytes,
                                             " are imported in one request"));
  }
  if (!storage::IsValidUtf8(content)) {
    return absl::InvalidArgumentError(
        "content: is not valid UTF-8 text (binary data, or minutes in another "
        "encoding such as Shift_JIS: convert them to UTF-8 first)");
  }
  const bool dry_run = request.dry_run();
  const bool stored = !dry_run && !request.validate_only();
  if (memory_budget_bytes_ > 0) {
    const size_t needed = ingest::EstimatedImportMemory(
        content.size(), !stored ? ingest::ImportWrite::kNone
                                : request.bulk() ? ingest::ImportWrite::kBulk
                                                 : ingest::ImportWrite::kLogged);
    if (needed > memory_budget_bytes_) {
      // The same request would need the same memory again: not retryable.
      return NotRetryable(WithReason(absl::ResourceExhaustedError(StrCat(
          "content: an import of ", content.size(), " bytes needs about ", needed >> 20,
          " MiB of memory, over the server's import budget of ", memory_budget_bytes_ >> 20,
          " MiB (--import_memory_mb); nothing was stored. Split the minutes or raise the "
          "budget")), "IMPORT_OVER_MEMORY_BUDGET"));
    }
  }
  ASSIGN_OR_RETURN(const ingest::Format format, FormatFromWire(request.format()));
  RETURN_IF_ERROR(ValidateId(request.body(), "body"));
  RETURN_IF_ERROR(ValidateId(request.meeting_id(), "meeting_id"));
  RETURN_IF_ERROR(ValidateDate(request.date(), "date"));
  RETURN_IF_ERROR(ValidateText(request.title(), kMaxTitleBytes, "title"));
  RETURN_IF_ERROR(ValidateText(request.source_name(), kMaxTitleBytes, "source_name"));
  const ingest::ImportMetadata metadata{.body = request.body(),
                                        .meeting_id = request.meeting_id(),
                                        .date = request.date(),
                                        .title = request.title()};

  auto check = [&]() { return interrupt ? interrupt() : absl::OkStatus(); };
  RETURN_IF_ERROR(check());
  size_t own_budget = kImportResponseBudget;
  size_t& left = budget != nullptr ? *budget : own_budget;

  absl::MutexLock lock(&import_mutex_);
  absl::Status last_race;
  for (int attempt = 0; attempt < kImportAttempts; ++attempt) {
    RETURN_IF_ERROR(check());
    const std::unique_ptr<storage::GraphSnapshot> snapshot = store_->Snapshot();
    ASSIGN_OR_RETURN(ingest::ImportResult imported,
                     ingest::ImportMinutes(content, format, metadata, snapshot.get(), {},
                                           interrupt));
    // The whole response is built before the write: once the write is done,
    // the import is reported as done.
    v1::ImportMinutesResponse built;
    built.set_source_name(request.source_name());
    if (!imported.minutes.empty()) built.set_format(FormatToWire(imported.minutes[0].format));
    size_t attempt_budget = left;
    FillImportResponse(imported, dry_run, attempt_budget, &built);
    if (request.validate_only() || dry_run) {
      built.set_validated_only(true);
      left = attempt_budget;
      *response = std::move(built);
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(check());
    // The response holds what it reports: the parsed minutes are not needed
    // for the write, and free their memory before the write takes its own.
    imported.minutes = {};
    if (before_write_) before_write_();
    absl::StatusOr<storage::ApplyResult> result =
        request.bulk() ? store_->ApplyBulk(std::move(imported.mutation)) : store_->Apply(imported.mutation);
    if (!result.ok()) {
      // Built from a snapshot in which every endpoint existed: a missing
      // one was deleted since. Link again against the graph as it is now.
      if (absl::IsFailedPrecondition(result.status()) || absl::IsNotFound(result.status())) {
        last_race = result.status();
        continue;
      }
      return result.status();
    }
    built.set_nodes_written(static_cast<int32_t>(result->nodes_created + result->nodes_updated));
    built.set_edges_written(static_cast<int32_t>(result->edges_created + result->edges_updated));
    left = attempt_budget;
    *response = std::move(built);
    return absl::OkStatus();
  }
  return WithReason(
      absl::AbortedError(StrCat("the graph changed under the import ", kImportAttempts,
                                " times (nodes it links to were deleted meanwhile); "
                                "nothing was stored, retry the import. Last: ",
                                last_race.message())),
      "CONCURRENT_CHANGE");
}

namespace {

// Up to the write, an import gives up when its caller has.
std::function<absl::Status()> CallerGone(grpc::ServerContext* context) {
  return [context]() -> absl::Status {
    if (context->IsCancelled()) {
      if (std::chrono::system_clock::now() >= context->deadline()) {
        return absl::DeadlineExceededError(
            "the client's deadline passed before the import was written; nothing was stored");
      }
      return absl::CancelledError("the client cancelled the import; nothing was stored");
    }
    if (std::chrono::system_clock::now() >= context->deadline()) {
      return absl::DeadlineExceededError(
          "the client's deadline passed before the import was written; nothing was stored");
    }
    return absl::OkStatus();
  };
}

}  // namespace

grpc::Status ImportServicer::ImportMinutes(grpc::ServerContext* context,
                                           const v1::ImportMinutesRequest* request,
                                           v1::ImportMinutesResponse* response) {
  return Finish("ImportMinutes",
                [&] { return Import(*request, response, CallerGone(context)); });
}

grpc::Status ImportServicer::BulkImportMinutes(
    grpc::ServerContext* context, grpc::ServerReader<v1::BulkImportMinutesRequest>* reader,
    v1::BulkImportMinutesResponse* response) {
  return Finish("BulkImportMinutes", [&]() -> absl::Status {
    v1::BulkImportMinutesRequest request;
    int32_t index = 0;
    // One budget for the whole response: once spent, results keep their
    // counts and reports but list no links.
    size_t budget = kImportResponseBudget;
    const std::function<absl::Status()> interrupt = CallerGone(context);
    while (reader->Read(&request)) {
      RETURN_IF_ERROR(interrupt());
      v1::BulkImportResult* result = response->add_results();
      result->set_index(index++);
      result->set_source_name(request.minutes().source_name());
      const absl::Status status =
          Import(request.minutes(), result->mutable_response(), interrupt, &budget);
      result->set_code(static_cast<int32_t>(status.code()));
      if (status.ok()) {
        response->set_imported(response->imported() + 1);
      } else {
        result->set_error(std::string(status.message()));
        result->clear_response();
        response->set_rejected(response->rejected() + 1);
      }
    }
    return absl::OkStatus();
  });
}

grpc::Status ImportServicer::ExportGraph(grpc::ServerContext* context,
                                         const v1::ExportGraphRequest* request,
                                         grpc::ServerWriter<v1::ExportGraphResponse>* writer) {
  return Finish("ExportGraph", [&]() -> absl::Status {
    std::set<storage::NodeKind> kinds;
    for (int i = 0; i < request->kinds_size(); ++i) {
      RETURN_IF_ERROR(ValidateNodeKind(static_cast<v1::NodeKind>(request->kinds(i)),
                                       StrCat("kinds[", i, "]")));
      kinds.insert(static_cast<storage::NodeKind>(request->kinds(i)));
    }
    if (kinds.empty()) {
      for (int k = 1; k <= storage::kMaxNodeKind; ++k) {
        kinds.insert(static_cast<storage::NodeKind>(k));
      }
    }
    const std::unique_ptr<storage::GraphSnapshot> snapshot = store_->Snapshot();
    // The first message says which sequence the snapshot holds (nodes come
    // before edges, so it is a node's, or alone when there are none).
    bool sent_sequence = false;
    // Nodes first, so that a reader that upserts in order never meets an
    // edge before its endpoints. Remember each exported id's name.
    std::map<storage::NodeId, std::string> names;
    for (storage::NodeKind kind : kinds) {
      std::vector<std::pair<std::string, storage::NodeId>> batch;
      std::string after;
      while (true) {
        batch.clear();
        RETURN_IF_ERROR(snapshot->ScanKind(kind, after, [&](std::string_view name,
                                                            storage::NodeId id) {
          batch.emplace_back(std::string(name), id);
          return batch.size() < 512;
        }));
        if (batch.empty()) break;
        std::vector<storage::NodeId> ids;
        for (const auto& entry : batch) ids.push_back(entry.second);
        ASSIGN_OR_RETURN(const auto records, snapshot->GetNodes(ids));
        for (size_t i = 0; i < batch.size(); ++i) {
          if (!records[i]) continue;
          names[batch[i].second] = batch[i].first;
          v1::ExportGraphResponse record;
          *record.mutable_node() = ToWire(*records[i]);
          if (!sent_sequence) record.set_sequence(snapshot->sequence());
          sent_sequence = true;
          if (!writer->Write(record) || context->IsCancelled()) {
            return absl::CancelledError("the client stopped reading the export");
          }
        }
        after = batch.back().first;
        if (batch.size() < 512) break;
      }
    }
    for (const auto& node : names) {
      // Named, not structured bindings: a lambda below uses the name, and
      // clang before 16 cannot capture a structured binding.
      const auto id = node.first;
      const std::string& name = node.second;
      absl::Status error;
      ASSIGN_OR_RETURN(
          const int64_t scanned,
          snapshot->ScanEdges(id, storage::EdgeDirection::kOutgoing, std::nullopt,
                              std::nullopt, [&](const storage::EdgeEntry& entry) {
                                const auto target = names.find(entry.neighbor);
                                if (target == names.end()) return true;  // Not exported.
                                absl::StatusOr<storage::EdgeRecord> edge = entry.Decode();
                                if (!edge.ok()) {
                                  error = edge.status();
                                  return false;
                                }
                                v1::ExportGraphResponse record;
                                *record.mutable_edge() =
                                    ToWire(*edge, entry.kind, name, target->second);
                                if (!writer->Write(record)) {
                                  error = absl::CancelledError(
                                      "the client stopped reading the export");
                                  return false;
                                }
                                return true;
                              }));
      (void)scanned;
      RETURN_IF_ERROR(error);
    }
    if (!sent_sequence) {
      v1::ExportGraphResponse only_sequence;
      only_sequence.set_sequence(snapshot->sequence());
      if (!writer->Write(only_sequence)) {
        return absl::CancelledError("the client stopped reading the export");
      }
    }
    return absl::OkStatus();
  });
}

}  // namespace remarkgraph::service
