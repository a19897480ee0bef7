// ImportService: minutes text in (through the ingest library), the whole
// graph out. Imports are serialised: each links against the graph as the
// previous import left it, so cross-meeting links do not depend on timing.
#ifndef REMARKGRAPH_SERVICE_IMPORT_SERVICER_H_
#define REMARKGRAPH_SERVICE_IMPORT_SERVICER_H_

#include "absl/synchronization/mutex.h"
#include "remarkgraph/v1/import_service.grpc.pb.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

class ImportServicer final : public v1::ImportService::Service {
 public:
  // `store` must outlive the servicer.
  explicit ImportServicer(storage::GraphStore* store) : store_(store) {}

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
  absl::Status Import(const v1::ImportMinutesRequest& request,
                      v1::ImportMinutesResponse* response);

 private:
  storage::GraphStore* const store_;
  absl::Mutex import_mutex_;  // One import at a time.
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_IMPORT_SERVICER_H_
