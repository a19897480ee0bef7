// Read replicas with real processes on loopback: a remarkgraphd primary and
// remarkgraphd --replicate_from replicas, each with its own database.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/http.h"

namespace remarkgraph::e2e {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

std::string DaemonPath() {
  if (const char* from_env = std::getenv("REMARKGRAPHD")) return from_env;
  return REMARKGRAPHD_PATH;
}

// A port free at the time of the call (bound and released).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t size = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  close(fd);
  return ntohs(address.sin_port);
}

// One remarkgraphd process.
struct Daemon {
  int port = 0;
  int metrics_port = 0;
  std::string data_dir;
  std::vector<std::string> flags;
  pid_t pid = -1;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::GraphService::Stub> graph;
  std::unique_ptr<v1::WriteService::Stub> write;

  std::string address() const { return absl::StrCat("127.0.0.1:", port); }

  void Start() {
    std::vector<std::string> args = {DaemonPath(), "--listen=" + address(),
                                     "--data_dir=" + data_dir,
                                     absl::StrCat("--metrics_listen=127.0.0.1:", metrics_port),
                                     "--access_log_level=debug", "--log_level=warning",
                                     "--shutdown_grace=1s"};
    args.insert(args.end(), flags.begin(), flags.end());
    pid = fork();
    if (pid == 0) {
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    // Reconnects at once when the process comes up, so that times measure
    // the server, not the client's backoff.
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 50);
    arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 50);
    arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 100);
    channel = grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(),
                                        arguments);
    graph = v1::GraphService::NewStub(channel);
    write = v1::WriteService::NewStub(channel);
  }

  void Kill(int signal) {
    if (pid <= 0) return;
    kill(pid, signal);
    int status = 0;
    waitpid(pid, &status, 0);
    pid = -1;
  }

  HealthCheckResponse::ServingStatus Health() const {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    HealthCheckResponse response;
    if (!Health::NewStub(channel)->Check(&context, HealthCheckRequest(), &response).ok()) {
      return HealthCheckResponse::UNKNOWN;
    }
    return response.status();
  }

  bool WaitForHealth(HealthCheckResponse::ServingStatus want, absl::Duration limit) const {
    const absl::Time end = absl::Now() + limit;
    while (absl::Now() < end) {
      if (Health() == want) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }

  bool Has(const std::string& name) const {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    v1::GetNodeRequest request;
    request.set_name(name);
    v1::GetNodeResponse response;
    return graph->GetNode(&context, request, &response).ok();
  }

  // The value of a metric line that starts with `name ` on /metrics.
  std::optional<double> Metric(const std::string& name) const {
    const std::optional<std::string> body = testing::HttpGet(metrics_port, "/metrics");
    if (!body) return std::nullopt;
    const size_t at = body->find("\n" + name + " ");
    if (at == std::string::npos) return std::nullopt;
    return std::stod(body->substr(at + name.size() + 2));
  }
};

class ReplicationTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (!std::filesystem::exists(DaemonPath())) {
      GTEST_SKIP() << "the remarkgraphd binary was not found (set REMARKGRAPHD)";
    }
  }
  void TearDown() override {
    for (Daemon* daemon : {&primary_, &replica_a_, &replica_b_}) daemon->Kill(SIGKILL);
    ServerTest::TearDown();
  }

  void Configure(Daemon& daemon, const std::string& name, std::vector<std::string> flags) {
    daemon.port = FreePort();
    daemon.metrics_port = FreePort();
    daemon.data_dir = dir_.Sub(name);
    daemon.flags = std::move(flags);
  }
  void StartPrimary(std::vector<std::string> flags = {}) {
    Configure(primary_, "primary", std::move(flags));
    primary_.Start();
    ASSERT_TRUE(primary_.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  }
  void StartReplica(Daemon& replica, const std::string& name) {
    Configure(replica, name, {"--replicate_from=" + primary_.address(), "--max_replica_lag=5s"});
    replica.Start();
  }

  grpc::Status Write(const Daemon& daemon, const std::vector<std::string>& names) {
    v1::UpsertNodesRequest request;
    for (const std::string& name : names) *request.add_nodes() = MakeNode(name, "t " + name);
    v1::UpsertNodesResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return daemon.write->UpsertNodes(&context, request, &response);
  }

  // How long until `name` is readable on every one of `replicas`; fails the
  // test past `limit`.
  absl::Duration TimeUntilVisible(const std::string& name, std::vector<const Daemon*> replicas,
                                  absl::Time since, absl::Duration limit) {
    for (const Daemon* replica : replicas) {
      while (!replica->Has(name)) {
        if (absl::Now() - since > limit) {
          ADD_FAILURE() << name << " not on " << replica->address() << " after " << limit;
          return limit;
        }
        absl::SleepFor(absl::Microseconds(500));
      }
    }
    return absl::Now() - since;
  }

  Daemon primary_, replica_a_, replica_b_;
};

TEST_F(ReplicationTest, TwoReplicasFollowThePrimaryAndCatchUpAfterAKill) {
  StartPrimary();
  ASSERT_TRUE(Write(primary_, {"people/before-bootstrap"}).ok());
  StartReplica(replica_a_, "replica-a");
  StartReplica(replica_b_, "replica-b");
  ASSERT_TRUE(replica_a_.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  ASSERT_TRUE(replica_b_.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  // Bootstrapped from a checkpoint.
  EXPECT_TRUE(replica_a_.Has("people/before-bootstrap"));
  EXPECT_TRUE(replica_b_.Has("people/before-bootstrap"));

  // Writes on a replica are refused, naming the primary, and change nothing.
  const grpc::Status refused = Write(replica_a_, {"people/on-a-replica"});
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(refused.error_message().find(primary_.address()), std::string::npos)
      << refused.error_message();
  EXPECT_FALSE(primary_.Has("people/on-a-replica"));

  // Each write is visible on both replicas within a bound.
  absl::Duration worst = absl::ZeroDuration(), total = absl::ZeroDuration();
  constexpr int kWrites = 100;
  for (int i = 0; i < kWrites; ++i) {
    const std::string name = absl::StrCat("people/steady-", i);
    const absl::Time written = absl::Now();
    ASSERT_TRUE(Write(primary_, {name}).ok());
    const absl::Duration took =
        TimeUntilVisible(name, {&replica_a_, &replica_b_}, written, absl::Seconds(5));
    worst = std::max(worst, took);
    total += took;
  }
  std::printf("replica visibility after a write on the primary: mean %s, worst %s (%d writes)\n",
              absl::FormatDuration(total / kWrites).c_str(),
              absl::FormatDuration(worst).c_str(), kWrites);
  EXPECT_LT(worst, absl::Seconds(2));

  // The same page tokens on the primary and a replica.
  v1::ListNodesRequest list;
  list.set_kind(v1::NODE_KIND_PERSON);
  list.set_page_size(7);
  v1::ListNodesResponse first;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(primary_.graph->ListNodes(&context, list, &first).ok());
  }
  ASSERT_FALSE(first.next_page_token().empty());
  list.set_page_token(first.next_page_token());
  v1::ListNodesResponse on_primary, on_replica;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(primary_.graph->ListNodes(&context, list, &on_primary).ok());
  }
  {
    grpc::ClientContext context;
    ASSERT_TRUE(replica_b_.graph->ListNodes(&context, list, &on_replica).ok());
  }
  EXPECT_EQ(on_replica.SerializeAsString(), on_primary.SerializeAsString());

  // The replica reports its lag as metrics.
  EXPECT_EQ(replica_b_.Metric("remarkgraph_replica_lag_sequences"), 0.0);
  EXPECT_GE(replica_b_.Metric("remarkgraph_replica_applied_batches_total").value_or(0),
            kWrites);

  // A replica killed mid-stream catches up from where its database stopped.
  replica_a_.Kill(SIGKILL);
  constexpr int kMissed = 500;
  for (int i = 0; i < kMissed; ++i) {
    ASSERT_TRUE(Write(primary_, {absl::StrCat("people/missed-", i)}).ok());
  }
  const absl::Time restarted = absl::Now();
  replica_a_.Start();
  const absl::Duration catch_up = TimeUntilVisible(absl::StrCat("people/missed-", kMissed - 1),
                                                   {&replica_a_}, restarted, absl::Seconds(15));
  std::printf("restarted replica caught up %d batches in %s (%.0f batches/s, with start-up)\n",
              kMissed, absl::FormatDuration(catch_up).c_str(),
              kMissed / absl::ToDoubleSeconds(catch_up));
  EXPECT_TRUE(replica_a_.Has("people/missed-0"));
  EXPECT_TRUE(replica_a_.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(5)));

  // The primary restarts: the replicas reconnect and follow on.
  primary_.Kill(SIGTERM);
  EXPECT_TRUE(replica_b_.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(1)))
      << "a short cut within --max_replica_lag keeps the replica serving";
  primary_.Start();
  ASSERT_TRUE(primary_.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  const absl::Time written = absl::Now();
  ASSERT_TRUE(Write(primary_, {"people/after-restart"}).ok());
  const absl::Duration after_restart = TimeUntilVisible(
      "people/after-restart", {&replica_a_, &replica_b_}, written, absl::Seconds(10));
  std::printf("after the primary restarted, a write reached both replicas in %s\n",
              absl::FormatDuration(after_restart).c_str());
}

TEST_F(ReplicationTest, AReplicaWhoseLogIsGoneSaysItMustBeBootstrappedAgain) {
  // Without retention the primary deletes its log once flushed.
  StartPrimary({"--wal_ttl=0s", "--wal_size_limit_mb=0"});
  ASSERT_TRUE(Write(primary_, {"people/first"}).ok());
  StartReplica(replica_a_, "replica-a");
  ASSERT_TRUE(replica_a_.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  replica_a_.Kill(SIGKILL);
  ASSERT_TRUE(Write(primary_, {"people/second"}).ok());
  // A restart flushes the log into tables and drops it.
  primary_.Kill(SIGTERM);
  primary_.Start();
  ASSERT_TRUE(primary_.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  ASSERT_TRUE(Write(primary_, {"people/third"}).ok());

  replica_a_.Start();
  const absl::Time end = absl::Now() + absl::Seconds(10);
  std::optional<double> needs;
  while (absl::Now() < end && needs != 1.0) {
    needs = replica_a_.Metric("remarkgraph_replica_needs_bootstrap");
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(needs, 1.0);
  EXPECT_EQ(replica_a_.Health(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(replica_a_.Has("people/second"));

  // Bootstrapped again (an empty data directory), it has everything.
  replica_a_.Kill(SIGTERM);
  std::filesystem::remove_all(replica_a_.data_dir);
  replica_a_.Start();
  ASSERT_TRUE(replica_a_.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  EXPECT_TRUE(replica_a_.Has("people/second"));
  EXPECT_TRUE(replica_a_.Has("people/third"));
}

}  // namespace
}  // namespace remarkgraph::e2e
