// A remarkgraphd process on a loopback port, for the replication tests and
// the replica lag benchmark: started with fork/exec, called through
// plaintext stubs, its health and /metrics read, stopped with a signal.
#ifndef REMARKGRAPH_TESTS_REPLICATION_DAEMON_PROCESS_H_
#define REMARKGRAPH_TESTS_REPLICATION_DAEMON_PROCESS_H_

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <csignal>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "remarkgraph/v1/graph_service.grpc.pb.h"
#include "remarkgraph/v1/write_service.grpc.pb.h"

namespace remarkgraph::testing {

class DaemonProcess {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  // `binary` is remarkgraphd; its database is `data_dir`; `flags` are
  // added to the listen, data and metrics flags.
  DaemonProcess(std::string binary, std::string data_dir, std::vector<std::string> flags);
  ~DaemonProcess() { Kill(SIGKILL); }
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  // Where the process's stderr goes (default: inherited); set before Start.
  void set_log_file(std::string path) { log_file_ = std::move(path); }
  std::vector<std::string>& flags() { return flags_; }

  // Starts the process (again, after Kill, on the same ports and data).
  void Start();
  // Sends `signal` and waits for the process to end.
  void Kill(int signal);
  // The exit status when the process ends within `limit` (-1 for a signal).
  std::optional<int> WaitForExit(absl::Duration limit);

  std::string address() const;
  const std::string& data_dir() const { return data_dir_; }
  v1::GraphService::Stub& graph() { return *graph_; }
  v1::WriteService::Stub& write() { return *write_; }

  ServingStatus Health() const;
  bool WaitForHealth(ServingStatus want, absl::Duration limit) const;
  // Whether the node `name` is readable here.
  bool Has(const std::string& name) const;
  // The value of the metric line that starts with `name ` on /metrics.
  std::optional<double> Metric(const std::string& name) const;

 private:
  std::string binary_;
  std::string data_dir_;
  std::vector<std::string> flags_;
  int port_ = 0;
  int metrics_port_ = 0;
  pid_t pid_ = -1;
  std::string log_file_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::GraphService::Stub> graph_;
  std::unique_ptr<v1::WriteService::Stub> write_;
};

}  // namespace remarkgraph::testing

#endif  // REMARKGRAPH_TESTS_REPLICATION_DAEMON_PROCESS_H_
