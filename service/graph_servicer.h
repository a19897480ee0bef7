// GraphService: decodes and validates requests, runs them on a snapshot
// through the query engine, and encodes the answers.
#ifndef REMARKGRAPH_SERVICE_GRAPH_SERVICER_H_
#define REMARKGRAPH_SERVICE_GRAPH_SERVICER_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "query/query_engine.h"
#include "remarkgraph/v1/graph_service.grpc.pb.h"
#include "service/wire_encoding.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

// Served on gRPC's callback API: each call runs on the thread that received
// it, with no hand-off to a worker thread. Queries are short (a budget bounds
// each), so they run inline. Thread safety: any number of calls at once, of
// which at most `max_queries_in_flight` are answered: a query counts from
// the start of its handler until its call is done (the response, or a
// stream's last message, has gone out or the client has gone away), so a
// slow reader holds its slot. A query past the limit is refused at once
// with RESOURCE_EXHAUSTED (kShedMessage, ErrorInfo reason TOO_MANY_QUERIES,
// RetryInfo) before any work.
class GraphServicer final : public v1::GraphService::CallbackService {
 public:
  // `store` and `engine` must outlive the servicer. `max_message_bytes` is
  // the server's largest response message: a paged response stops short of
  // it (less a margin for what the estimate of a page misses) and hands out
  // a next page token instead of failing.
  // Unary responses of at least `compress_min_bytes` (0: none) go gzip
  // compressed to clients that accept gzip.
  // `max_queries_in_flight` of 0 or less sets no limit.
  // Nodes go out encoded once while the store shares their records (see
  // WireNodeCache), up to `encoded_nodes_bytes` of them.
  GraphServicer(storage::GraphStore* store, const query::QueryEngine* engine,
                size_t max_message_bytes, size_t compress_min_bytes,
                int max_queries_in_flight = 0, size_t encoded_nodes_bytes = 64 << 20)
      : store_(store),
        engine_(engine),
        max_page_bytes_(PageBytesFor(max_message_bytes)),
        compress_min_bytes_(compress_min_bytes),
        max_queries_in_flight_(max_queries_in_flight),
        wire_nodes_(encoded_nodes_bytes) {}
  // Must follow the end of every call gRPC ran on it (the server's Wait).
  ~GraphServicer() override;

  // The bytes of records a page may hold: 7/8 of the message size.
  static size_t PageBytesFor(size_t max_message_bytes) {
    return max_message_bytes - max_message_bytes / 8;
  }

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
  // Answers a unary call: takes a query slot (or sheds the call), runs
  // `body`, which fills `response`, and finishes the call with its status;
  // the slot is freed when the call is done. A successful response of at
  // least compress_min_bytes_ goes compressed with the best algorithm the
  // client accepts (its grpc-accept-encoding; gRPC's clients offer gzip and
  // deflate), or plain if it accepts none.
  grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                   std::string_view method,
                                   const google::protobuf::Message& response,
                                   absl::FunctionRef<absl::Status()> body);

  // Takes a query slot: false, and nothing taken, when every slot is in use.
  bool Admit();
  // Frees a slot Admit took.
  void Release();

  // The server's default budget with the client's deadline.
  query::Budget BudgetFor(const grpc::ServerContextBase& context,
                          const v1::QueryBudget* requested) const;

  storage::GraphStore* const store_;
  const query::QueryEngine* const engine_;
  const size_t max_page_bytes_;
  const size_t compress_min_bytes_;
  const int max_queries_in_flight_;
  std::atomic<int> queries_in_flight_{0};
  WireNodeCache wire_nodes_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_GRAPH_SERVICER_H_
