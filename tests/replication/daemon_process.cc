#include "tests/replication/daemon_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/testing/http.h"

namespace remarkgraph::testing {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

DaemonProcess::DaemonProcess(std::string binary, std::string data_dir,
                             std::vector<std::string> flags)
    : binary_(std::move(binary)),
      data_dir_(std::move(data_dir)),
      flags_(std::move(flags)),
      port_(FreeLoopbackPort()),
      metrics_port_(FreeLoopbackPort()) {}

std::string DaemonProcess::address() const { return absl::StrCat("127.0.0.1:", port_); }

void DaemonProcess::Start() {
  std::vector<std::string> args = {binary_, "--listen=" + address(), "--data_dir=" + data_dir_,
                                   absl::StrCat("--metrics_listen=127.0.0.1:", metrics_port_),
                                   "--access_log_level=debug", "--log_level=warning",
                                   "--shutdown_grace=1s"};
  args.insert(args.end(), flags_.begin(), flags_.end());
  pid_ = fork();
  if (pid_ == 0) {
    if (!log_file_.empty()) {
      const int fd = open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) dup2(fd, STDERR_FILENO);
    }
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // Reconnects at once when the process comes up, so that times measure
  // the server, not the client's backoff. (gRPC also takes the minimum
  // backoff as the connect timeout: fine for plaintext on loopback.)
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 50);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 50);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 100);
  channel_ = grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), arguments);
  graph_ = v1::GraphService::NewStub(channel_);
  write_ = v1::WriteService::NewStub(channel_);
}

void DaemonProcess::Kill(int signal) {
  if (pid_ <= 0) return;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::optional<int> DaemonProcess::WaitForExit(absl::Duration limit) {
  const absl::Time end = absl::Now() + limit;
  while (pid_ > 0 && absl::Now() < end) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return std::nullopt;
}

DaemonProcess::ServingStatus DaemonProcess::Health() const {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
  HealthCheckResponse response;
  if (!Health::NewStub(channel_)->Check(&context, HealthCheckRequest(), &response).ok()) {
    return HealthCheckResponse::UNKNOWN;
  }
  return response.status();
}

bool DaemonProcess::WaitForHealth(ServingStatus want, absl::Duration limit) const {
  const absl::Time end = absl::Now() + limit;
  while (absl::Now() < end) {
    if (Health() == want) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return false;
}

bool DaemonProcess::Has(const std::string& name) const {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  v1::GetNodeRequest request;
  request.set_name(name);
  v1::GetNodeResponse response;
  return graph_->GetNode(&context, request, &response).ok();
}

std::optional<double> DaemonProcess::Metric(const std::string& name) const {
  const std::optional<std::string> body = HttpGet(metrics_port_, "/metrics");
  if (!body) return std::nullopt;
  const size_t at = body->find("\n" + name + " ");
  if (at == std::string::npos) return std::nullopt;
  return std::stod(body->substr(at + name.size() + 2));
}

}  // namespace remarkgraph::testing
