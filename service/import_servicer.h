// ImportService: minutes text in (through the ingest library), the whole
// graph out. Imports are serialised: each links against the graph as the
// previous import left it, so cross-meeting links do not depend on timing.
#ifndef REMARKGRAPH_SERVICE_IMPORT_SERVICER_H_
#define REMARKGRAPH_SERVICE_IMPORT_SERVICER_H_

#include <cstddef>
#include <functional>

#include "absl/synchronization/mutex.h"
#include "remarkgraph/v1/import_service.grpc.pb.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

class ImportServicer final : public v1::ImportService::Service {
 public:
  // `store` must outlive the servicer. An import whose estimated peak
  // memory (ingest::EstimatedImportMemory) exceeds `memory_budget_bytes` is
  // refused up front with RESOURCE_EXHAUSTED; 0 means no budget.
  explicit ImportServicer(storage::GraphStore* store, size_t memory_budget_bytes = 0)
      : store_(store), memory_budget_bytes_(memory_budget_bytes) {}

  grpc::Status ImportMinutes(grpc::ServerContext* context,
                             const v1::ImportMinutesRequest* request,
                             v1::ImportMinutesResponse* response) override;
  grpc::Status BulkImportMinutes(grpc::ServerContext* context,
                                 grpc::ServerReader<v1::BulkImportMinutesRequest>* reader,
                                 v1::BulkImportMinutesResponse* response) override;
  grpc::Status ExportGraph(grpc::ServerContext* context,
                           const v1::ExportGraphRequest* request,
                           grpc::ServerWriter<v1::ExportGraphResponse>* writer) override;

  // One import, as ImportMinutes does it. Public for the bulk path and tests.
  // `interrupt` (may be empty) is consulted between the steps up to the
  // write; its error (DEADLINE_EXCEEDED, CANCELLED) ends the import with
  // nothing stored. After the write nothing fails: the response is built
  // before it, within `budget` bytes (reduced by what it takes).
  // An Apply that finds a node gone that the snapshot had (a concurrent
  // delete) is retried from a new snapshot; ABORTED after kImportAttempts.
  absl::Status Import(const v1::ImportMinutesRequest& request,
                      v1::ImportMinutesResponse* response,
                      const std::function<absl::Status()>& interrupt = nullptr,
                      size_t* budget = nullptr);

  static constexpr int kImportAttempts = 3;

  // Tests only: called after linking, before each write attempt, outside
  // of any lock the store holds (to race a delete deterministically).
  void SetBeforeWriteForTest(std::function<void()> hook) { before_write_ = std::move(hook); }

 private:
  storage::GraphStore* const store_;
  const size_t memory_budget_bytes_;
  absl::Mutex import_mutex_;  // One import at a time.
  std::function<void()> before_write_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_IMPORT_SERVICER_H_
