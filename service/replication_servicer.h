// ReplicationService, the primary's side of read replicas: streams the
// store's committed write batches (from its write-ahead log) and copies of
// the database (RocksDB checkpoints) to replicas (service/replicator.h).
#ifndef REMARKGRAPH_SERVICE_REPLICATION_SERVICER_H_
#define REMARKGRAPH_SERVICE_REPLICATION_SERVICER_H_

#include <atomic>
#include <string>

#include "remarkgraph/v1/replication_service.grpc.pb.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

class ReplicationServicer final : public v1::ReplicationService::Service {
 public:
  // `store` must outlive the servicer. Checkpoints are written next to
  // `data_dir` (same file system, so they are hard links) and removed once
  // sent.
  ReplicationServicer(storage::GraphStore* store, std::string data_dir)
      : store_(store), data_dir_(std::move(data_dir)) {}

  grpc::Status StreamUpdates(grpc::ServerContext* context,
                             const v1::StreamUpdatesRequest* request,
                             grpc::ServerWriter<v1::StreamUpdatesResponse>* writer) override;
  grpc::Status FetchCheckpoint(grpc::ServerContext* context,
                               const v1::FetchCheckpointRequest* request,
                               grpc::ServerWriter<v1::FetchCheckpointResponse>* writer) override;

  // Ends every open stream (UNAVAILABLE) so that a stopping server need not
  // wait for replicas to hang up. Thread-safe.
  void Stop() { stopped_.store(true); }

 private:
  storage::GraphStore* const store_;
  const std::string data_dir_;
  std::atomic<bool> stopped_{false};
  std::atomic<uint64_t> checkpoints_{0};
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_REPLICATION_SERVICER_H_
