// WriteService: validates write requests, turns each into one storage
// Mutation, and applies it atomically.
#ifndef REMARKGRAPH_SERVICE_WRITE_SERVICER_H_
#define REMARKGRAPH_SERVICE_WRITE_SERVICER_H_

#include "remarkgraph/v1/write_service.grpc.pb.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

class WriteServicer final : public v1::WriteService::Service {
 public:
  // `store` must outlive the servicer.
  explicit WriteServicer(storage::GraphStore* store) : store_(store) {}

  grpc::Status UpsertNodes(grpc::ServerContext* context,
                           const v1::UpsertNodesRequest* request,
                           v1::UpsertNodesResponse* response) override;
  grpc::Status UpsertEdges(grpc::ServerContext* context,
                           const v1::UpsertEdgesRequest* request,
                           v1::UpsertEdgesResponse* response) override;
  grpc::Status DeleteEdges(grpc::ServerContext* context,
                           const v1::DeleteEdgesRequest* request,
                           v1::DeleteEdgesResponse* response) override;
  grpc::Status DeleteNodes(grpc::ServerContext* context,
                           const v1::DeleteNodesRequest* request,
                           v1::DeleteNodesResponse* response) override;

 private:
  storage::GraphStore* const store_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_WRITE_SERVICER_H_
