// GraphService: decodes and validates requests, runs them on a snapshot
// through the query engine, and encodes the answers.
#ifndef REMARKGRAPH_SERVICE_GRAPH_SERVICER_H_
#define REMARKGRAPH_SERVICE_GRAPH_SERVICER_H_

#include "query/query_engine.h"
#include "remarkgraph/v1/graph_service.grpc.pb.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

class GraphServicer final : public v1::GraphService::Service {
 public:
  // `store` and `engine` must outlive the servicer.
  GraphServicer(storage::GraphStore* store, const query::QueryEngine* engine)
      : store_(store), engine_(engine) {}

  grpc::Status GetNode(grpc::ServerContext* context,
                       const v1::GetNodeRequest* request,
                       v1::GetNodeResponse* response) override;
  grpc::Status BatchGetNodes(grpc::ServerContext* context,
                             const v1::BatchGetNodesRequest* request,
                             v1::BatchGetNodesResponse* response) override;
  grpc::Status ListNodes(grpc::ServerContext* context,
                         const v1::ListNodesRequest* request,
                         v1::ListNodesResponse* response) override;
  grpc::Status ListEdges(grpc::ServerContext* context,
                         const v1::ListEdgesRequest* request,
                         v1::ListEdgesResponse* response) override;
  grpc::Status Traverse(grpc::ServerContext* context,
                        const v1::TraverseRequest* request,
                        grpc::ServerWriter<v1::TraverseResponse>* writer) override;
  grpc::Status FindPaths(grpc::ServerContext* context,
                         const v1::FindPathsRequest* request,
                         v1::FindPathsResponse* response) override;
  grpc::Status GetDossier(grpc::ServerContext* context,
                          const v1::GetDossierRequest* request,
                          v1::GetDossierResponse* response) override;
  grpc::Status SearchRemarks(grpc::ServerContext* context,
                             const v1::SearchRemarksRequest* request,
                             v1::SearchRemarksResponse* response) override;

 private:
  // The server's default budget with the client's deadline.
  query::Budget BudgetFor(const grpc::ServerContext& context,
                          const v1::QueryBudget* requested) const;

  storage::GraphStore* const store_;
  const query::QueryEngine* const engine_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_GRAPH_SERVICER_H_
