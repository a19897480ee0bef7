// WatchService, the change feed: streams the changes committed to the graph,
// decoded from the store's write-ahead log (GraphStore::ReadChangeBatches),
// to clients that keep a copy of the graph in step.
#ifndef REMARKGRAPH_SERVICE_WATCH_SERVICER_H_
#define REMARKGRAPH_SERVICE_WATCH_SERVICER_H_

#include <atomic>

#include "remarkgraph/v1/watch_service.grpc.pb.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

class WatchServicer final : public v1::WatchService::Service {
 public:
  // `store` must outlive the servicer. At most `max_streams` Watch calls
  // are served at once (each holds a server thread while it streams); more
  // are refused with RESOURCE_EXHAUSTED.
  WatchServicer(storage::GraphStore* store, int max_streams)
      : store_(store), max_streams_(max_streams) {}

  grpc::Status Watch(grpc::ServerContext* context, const v1::WatchRequest* request,
                     grpc::ServerWriter<v1::WatchResponse>* writer) override;

  // Ends every open stream (UNAVAILABLE, saying where to resume) so that a
  // stopping server need not wait for watchers to hang up. Thread-safe.
  void Stop() { stopped_.store(true); }

 private:
  storage::GraphStore* const store_;
  const int max_streams_;
  std::atomic<int> streams_{0};
  std::atomic<bool> stopped_{false};
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_WATCH_SERVICER_H_
