// Prometheus metrics of the server, served over HTTP on their own port
// (--metrics_listen) at /metrics, with Debian's prometheus-cpp:
//
//   grpc_server_started_total{grpc_service,grpc_method}
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_code}
//   grpc_server_handling_seconds{grpc_service,grpc_method}  (histogram)
//   remarkgraph_in_flight_calls{grpc_service,grpc_method}
//   remarkgraph_load_shed_total           calls refused because the server was full
//   remarkgraph_query_truncations_total{reason}   answers cut by a budget
//   remarkgraph_import_messages_total, remarkgraph_import_bytes_total
//   remarkgraph_rocksdb_*                 storage engine figures, read at scrape time
//   remarkgraph_replica_*                 a replica's lag (service/replicator.h)
//
// The gRPC metric names follow the grpc-ecosystem convention so that
// existing dashboards apply. Method labels are bounded: a method the server
// does not serve is counted as grpc_method="unknown", so callers cannot
// grow the label set. Thread-safe.
#ifndef REMARKGRAPH_SERVICE_METRICS_H_
#define REMARKGRAPH_SERVICE_METRICS_H_

#include <functional>
#include <memory>
#include <vector>
#include <string>

#include "absl/status/statusor.h"
#include "service/call_interceptor.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

class ServerMetrics final : public CallObserver {
 public:
  // Serves /metrics on `listen` (host:port; port 0 picks a free one).
  // `store` must outlive the object; its figures are read at each scrape.
  // UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<ServerMetrics>> Start(const std::string& listen,
                                                              storage::GraphStore* store);
  ~ServerMetrics() override;

  // Adds figures read at each scrape, each named `prefix` + its name
  // (counters also get `_total`). `source` must stay callable while the
  // metrics are served.
  void AddFigures(std::string prefix,
                  std::function<std::vector<storage::EngineFigure>()> source);

  // The bound HTTP port.
  int port() const;

  void OnCallStart(std::string_view method) override;
  void OnCallEnd(const CallRecord& call) override;
  void OnRequest(std::string_view method, const google::protobuf::Message& request) override;
  void OnResponse(std::string_view method, const google::protobuf::Message& response) override;

  struct Impl;

 private:
  explicit ServerMetrics(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_METRICS_H_
