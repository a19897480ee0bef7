// GraphService: decodes and validates requests, runs them on a snapshot
// through the query engine, and encodes the answers.
#ifndef REMARKGRAPH_SERVICE_GRAPH_SERVICER_H_
#define REMARKGRAPH_SERVICE_GRAPH_SERVICER_H_

#include <grpcpp/grpcpp.h>

#include "query/query_engine.h"
#include "remarkgraph/v1/graph_service.grpc.pb.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

// Served on gRPC's callback API: each call runs on the thread that received
// it, with no hand-off to a worker thread. Queries are short (a budget bounds
// each), so they run inline. Thread safety: any number of calls at once.
class GraphServicer final : public v1::GraphService::CallbackService {
 public:
  // `store` and `engine` must outlive the servicer.
  GraphServicer(storage::GraphStore* store, const query::QueryEngine* engine)
      : store_(store), engine_(engine) {}

  grpc::ServerUnaryReactor* GetNode(grpc::CallbackServerContext* context,
                                    const v1::GetNodeRequest* request,
                                    v1::GetNodeResponse* response) override;
  grpc::ServerUnaryReactor* BatchGetNodes(grpc::CallbackServerContext* context,
                                          const v1::BatchGetNodesRequest* request,
                                          v1::BatchGetNodesResponse* response) override;
  grpc::ServerUnaryReactor* ListNodes(grpc::CallbackServerContext* context,
                                      const v1::ListNodesRequest* request,
                                      v1::ListNodesResponse* response) override;
  grpc::ServerUnaryReactor* ListEdges(grpc::CallbackServerContext* context,
                                      const v1::ListEdgesRequest* request,
                                      v1::ListEdgesResponse* response) override;
  // The walk runs to its end (within its budget) before the first message
  // goes out, and its messages are then written one after another, each
  // once the one before has left: memory per call is bounded by the
  // budget's max_nodes, as for the unary queries. A client that goes away
  // stops the walk.
  grpc::ServerWriteReactor<v1::TraverseResponse>* Traverse(
      grpc::CallbackServerContext* context, const v1::TraverseRequest* request) override;
  grpc::ServerUnaryReactor* FindPaths(grpc::CallbackServerContext* context,
                                      const v1::FindPathsRequest* request,
                                      v1::FindPathsResponse* response) override;
  grpc::ServerUnaryReactor* GetDossier(grpc::CallbackServerContext* context,
                                       const v1::GetDossierRequest* request,
                                       v1::GetDossierResponse* response) override;
  grpc::ServerUnaryReactor* SearchRemarks(grpc::CallbackServerContext* context,
                                          const v1::SearchRemarksRequest* request,
                                          v1::SearchRemarksResponse* response) override;

 private:
  // The server's default budget with the client's deadline.
  query::Budget BudgetFor(const grpc::ServerContextBase& context,
                          const v1::QueryBudget* requested) const;

  storage::GraphStore* const store_;
  const query::QueryEngine* const engine_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_GRAPH_SERVICER_H_
