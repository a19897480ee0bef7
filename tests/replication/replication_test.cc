// Read replicas with real processes on loopback: a remarkgraphd primary and
// remarkgraphd --replicate_from replicas, each with its own database; the
// primary in plaintext, over TLS with tokens, and over mutual TLS with roles.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "service/auth.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/replication/daemon_process.h"

namespace remarkgraph::e2e {
namespace {

using grpc::health::v1::HealthCheckResponse;
using testing::DaemonProcess;

std::string DaemonPath() {
  if (const char* from_env = std::getenv("REMARKGRAPHD")) return from_env;
  return REMARKGRAPHD_PATH;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ReplicationTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (!std::filesystem::exists(DaemonPath())) {
      GTEST_SKIP() << "the remarkgraphd binary was not found (set REMARKGRAPHD)";
    }
  }
  void TearDown() override {
    primary_.reset();
    replica_a_.reset();
    replica_b_.reset();
    ServerTest::TearDown();
  }

  std::unique_ptr<DaemonProcess> Configure(const std::string& name,
                                           std::vector<std::string> flags) {
    return std::make_unique<DaemonProcess>(DaemonPath(), dir_.Sub(name), std::move(flags));
  }
  void StartPrimary(std::vector<std::string> flags = {}) {
    primary_ = Configure("primary", std::move(flags));
    primary_->set_log_file(dir_.Sub("primary.log"));
    primary_->Start();
    ASSERT_TRUE(primary_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)))
        << ReadFile(dir_.Sub("primary.log"));
  }
  std::unique_ptr<DaemonProcess> StartReplica(const std::string& name,
                                              std::vector<std::string> flags = {}) {
    flags.insert(flags.begin(),
                 {"--replicate_from=" + primary_->address(), "--max_replica_lag=5s"});
    std::unique_ptr<DaemonProcess> replica = Configure(name, std::move(flags));
    replica->set_log_file(dir_.Sub(name + ".log"));
    replica->Start();
    return replica;
  }

  grpc::Status Write(DaemonProcess& daemon, const std::vector<std::string>& names) {
    v1::UpsertNodesRequest request;
    for (const std::string& name : names) *request.add_nodes() = MakeNode(name, "t " + name);
    v1::UpsertNodesResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return daemon.write().UpsertNodes(&context, request, &response);
  }

  // How long until `name` is readable on every one of `replicas`; fails the
  // test past `limit`.
  absl::Duration TimeUntilVisible(const std::string& name,
                                  std::vector<const DaemonProcess*> replicas, absl::Time since,
                                  absl::Duration limit) {
    for (const DaemonProcess* replica : replicas) {
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

  // Every person node of `daemon` (name and title), one a line, in order.
  std::string GraphDumpOf(DaemonProcess& daemon) {
    std::string dump;
    v1::ListNodesRequest request;
    request.set_kind(v1::NODE_KIND_PERSON);
    request.set_page_size(1000);
    do {
      v1::ListNodesResponse page;
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
      const grpc::Status status = daemon.graph().ListNodes(&context, request, &page);
      if (!status.ok()) return "error: " + status.error_message();
      for (const v1::Node& node : page.nodes()) {
        absl::StrAppend(&dump, node.name(), " ", node.title(), "\n");
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return dump;
  }

  std::unique_ptr<DaemonProcess> primary_, replica_a_, replica_b_;
};

TEST_F(ReplicationTest, TwoReplicasFollowThePrimaryAndCatchUpAfterAKill) {
  StartPrimary();
  ASSERT_TRUE(Write(*primary_, {"people/before-bootstrap"}).ok());
  replica_a_ = StartReplica("replica-a");
  replica_b_ = StartReplica("replica-b");
  ASSERT_TRUE(replica_a_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  ASSERT_TRUE(replica_b_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  // Bootstrapped from a checkpoint.
  EXPECT_TRUE(replica_a_->Has("people/before-bootstrap"));
  EXPECT_TRUE(replica_b_->Has("people/before-bootstrap"));

  // Writes on a replica are refused, naming the primary, and change nothing.
  const grpc::Status refused = Write(*replica_a_, {"people/on-a-replica"});
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(refused.error_message().find(primary_->address()), std::string::npos)
      << refused.error_message();
  EXPECT_FALSE(primary_->Has("people/on-a-replica"));

  // Each write is visible on both replicas within a bound.
  absl::Duration worst = absl::ZeroDuration(), total = absl::ZeroDuration();
  constexpr int kWrites = 100;
  for (int i = 0; i < kWrites; ++i) {
    const std::string name = absl::StrCat("people/steady-", i);
    const absl::Time written = absl::Now();
    ASSERT_TRUE(Write(*primary_, {name}).ok());
    const absl::Duration took =
        TimeUntilVisible(name, {replica_a_.get(), replica_b_.get()}, written, absl::Seconds(5));
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
    ASSERT_TRUE(primary_->graph().ListNodes(&context, list, &first).ok());
  }
  ASSERT_FALSE(first.next_page_token().empty());
  list.set_page_token(first.next_page_token());
  v1::ListNodesResponse on_primary, on_replica;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(primary_->graph().ListNodes(&context, list, &on_primary).ok());
  }
  {
    grpc::ClientContext context;
    ASSERT_TRUE(replica_b_->graph().ListNodes(&context, list, &on_replica).ok());
  }
  EXPECT_EQ(on_replica.SerializeAsString(), on_primary.SerializeAsString());

  // The replica reports its lag as metrics.
  EXPECT_EQ(replica_b_->Metric("remarkgraph_replica_lag_sequences"), 0.0);
  EXPECT_GE(replica_b_->Metric("remarkgraph_replica_applied_batches_total").value_or(0),
            kWrites);

  // A replica killed mid-stream catches up from where its database stopped.
  replica_a_->Kill(SIGKILL);
  constexpr int kMissed = 500;
  for (int i = 0; i < kMissed; ++i) {
    ASSERT_TRUE(Write(*primary_, {absl::StrCat("people/missed-", i)}).ok());
  }
  const absl::Time restarted = absl::Now();
  replica_a_->Start();
  const absl::Duration catch_up = TimeUntilVisible(absl::StrCat("people/missed-", kMissed - 1),
                                                   {replica_a_.get()}, restarted, absl::Seconds(15));
  std::printf("restarted replica caught up %d batches in %s (%.0f batches/s, with start-up)\n",
              kMissed, absl::FormatDuration(catch_up).c_str(),
              kMissed / absl::ToDoubleSeconds(catch_up));
  EXPECT_TRUE(replica_a_->Has("people/missed-0"));
  EXPECT_TRUE(replica_a_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(5)));

  // The primary restarts: the replicas reconnect and follow on.
  primary_->Kill(SIGTERM);
  EXPECT_TRUE(replica_b_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(1)))
      << "a short cut within --max_replica_lag keeps the replica serving";
  primary_->Start();
  ASSERT_TRUE(primary_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  const absl::Time written = absl::Now();
  ASSERT_TRUE(Write(*primary_, {"people/after-restart"}).ok());
  const absl::Duration after_restart = TimeUntilVisible(
      "people/after-restart", {replica_a_.get(), replica_b_.get()}, written, absl::Seconds(10));
  std::printf("after the primary restarted, a write reached both replicas in %s\n",
              absl::FormatDuration(after_restart).c_str());
}

TEST_F(ReplicationTest, AReplicaWhoseLogIsGoneSaysItMustBeBootstrappedAgain) {
  // Without retention the primary deletes its log once flushed.
  StartPrimary({"--wal_ttl=0s", "--wal_size_limit_mb=0"});
  ASSERT_TRUE(Write(*primary_, {"people/first"}).ok());
  replica_a_ = StartReplica("replica-a");
  ASSERT_TRUE(replica_a_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  replica_a_->Kill(SIGKILL);
  ASSERT_TRUE(Write(*primary_, {"people/second"}).ok());
  // A restart flushes the log into tables and drops it.
  primary_->Kill(SIGTERM);
  primary_->Start();
  ASSERT_TRUE(primary_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  ASSERT_TRUE(Write(*primary_, {"people/third"}).ok());

  replica_a_->Start();
  const absl::Time end = absl::Now() + absl::Seconds(10);
  std::optional<double> needs;
  while (absl::Now() < end && needs != 1.0) {
    needs = replica_a_->Metric("remarkgraph_replica_needs_bootstrap");
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(needs, 1.0);
  EXPECT_EQ(replica_a_->Health(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(replica_a_->Has("people/second"));

  // Bootstrapped again (an empty data directory), it has everything.
  replica_a_->Kill(SIGTERM);
  std::filesystem::remove_all(replica_a_->data_dir());
  replica_a_->Start();
  ASSERT_TRUE(replica_a_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  EXPECT_TRUE(replica_a_->Has("people/second"));
  EXPECT_TRUE(replica_a_->Has("people/third"));
}

TEST_F(ReplicationTest, APromotedReplicaServesWritesWithEveryReplicatedRecord) {
  StartPrimary();
  ASSERT_TRUE(Write(*primary_, {"people/before-bootstrap"}).ok());
  replica_a_ = StartReplica("replica-a");
  ASSERT_TRUE(replica_a_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  constexpr int kWrites = 50;
  for (int i = 0; i < kWrites; ++i) {
    ASSERT_TRUE(Write(*primary_, {absl::StrCat("people/replicated-", i)}).ok());
  }
  TimeUntilVisible(absl::StrCat("people/replicated-", kWrites - 1), {replica_a_.get()},
                   absl::Now(), absl::Seconds(10));
  const std::string before = GraphDumpOf(*primary_);

  // The primary is lost; the replica restarts without --replicate_from on
  // the same database and is the primary from then on.
  primary_->Kill(SIGKILL);
  replica_a_->Kill(SIGTERM);
  replica_a_->flags().clear();
  replica_a_->Start();
  ASSERT_TRUE(replica_a_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  EXPECT_EQ(GraphDumpOf(*replica_a_), before) << "every replicated record is there";
  ASSERT_TRUE(Write(*replica_a_, {"people/after-promotion"}).ok());
  EXPECT_TRUE(replica_a_->Has("people/after-promotion"));
  EXPECT_TRUE(replica_a_->Has("people/replicated-0"));

  // A new replica follows the promoted server from its first write on.
  primary_ = std::move(replica_a_);
  replica_b_ = StartReplica("replica-b");
  ASSERT_TRUE(replica_b_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  ASSERT_TRUE(Write(*primary_, {"people/on-the-new-replica"}).ok());
  TimeUntilVisible("people/on-the-new-replica", {replica_b_.get()}, absl::Now(),
                   absl::Seconds(10));
  EXPECT_EQ(GraphDumpOf(*replica_b_), GraphDumpOf(*primary_));
}

// A primary serving TLS with roles: certificates made at test time
// (tests/e2e/make_certs.sh), a policy where only admins may replicate.
class SecureReplicationTest : public ReplicationTest {
 protected:
  void SetUp() override {
    ReplicationTest::SetUp();
    if (IsSkipped()) return;
    certs_ = dir_.Sub("certs");
    const std::string command = std::string("'") + MAKE_CERTS_SH + "' '" + certs_ + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << "making test certificates failed";
    std::ofstream(dir_.Sub("policy.json")) << R"({
      "reader": ["spiffe://remarkgraph.test/reader", "reader-token"],
      "admin": ["spiffe://remarkgraph.test/admin", "replica-token"]})";
    std::ofstream(dir_.Sub("tokens")) << service::Sha256Hex("replica-s3cret") << " replica-token\n"
                                      << service::Sha256Hex("reader-s3cret") << " reader-token\n";
    std::ofstream(dir_.Sub("replica.token")) << "replica-s3cret\n";
    std::ofstream(dir_.Sub("reader.token")) << "reader-s3cret\n";
  }

  std::string Cert(const std::string& name) const { return certs_ + "/" + name; }

  // The primary over TLS, mutual when `mutual`, with the policy and tokens.
  // The test reaches it through the remarkgraph CLI as an admin (a process
  // of its own, as an operator would): this process's gRPC client stalls
  // on TLS handshakes with processes it forked.
  void StartSecurePrimary(bool mutual) {
    std::vector<std::string> flags = {"--tls_cert=" + Cert("server.pem"),
                                      "--tls_key=" + Cert("server.key"),
                                      "--policy_file=" + dir_.Sub("policy.json"),
                                      "--tokens_file=" + dir_.Sub("tokens")};
    if (mutual) flags.push_back("--client_ca=" + Cert("ca.pem"));
    primary_ = Configure("primary", std::move(flags));
    primary_->set_log_file(dir_.Sub("primary.log"));
    primary_->Start();
    const absl::Time end = absl::Now() + absl::Seconds(20);
    while (Cli("--timeout 1 health") != 0) {
      ASSERT_LT(absl::Now(), end) << "the TLS primary did not serve\n"
                                  << ReadFile(dir_.Sub("primary.log"));
      absl::SleepFor(absl::Milliseconds(100));
    }
  }

  // Runs `remarkgraph ARGS` against the primary over TLS as an admin (the
  // admin certificate, and the replicas' token where no certificate is
  // asked for);
  // returns its exit status, its output in `output`.
  int Cli(const std::string& args, std::string* output = nullptr,
          const std::string& input_file = "/dev/null") {
    const std::string command =
        absl::StrCat("'", CLI_PATH, "' --server ", primary_->address(), " --tls-ca '",
                     Cert("ca.pem"), "' --tls-cert '", Cert("admin.pem"), "' --tls-key '",
                     Cert("admin.key"), "' --token-file '", dir_.Sub("replica.token"), "' ", args,
                     " <'", input_file, "' 2>&1");
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    std::string text;
    char buffer[4096];
    while (size_t got = fread(buffer, 1, sizeof(buffer), pipe)) text.append(buffer, got);
    const int status = pclose(pipe);
    if (output != nullptr) *output = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Writes person nodes on the primary with `remarkgraph upsert`.
  bool WriteOverTls(const std::vector<std::string>& names) {
    const std::string input = dir_.Sub("upsert.jsonl");
    {
      std::ofstream out(input);
      for (const std::string& name : names) {
        out << R"({"node": {"name": ")" << name << R"(", "title": "t )" << name << "\"}}\n";
      }
    }
    std::string output;
    const int status = Cli("upsert", &output, input);
    EXPECT_EQ(status, 0) << output;
    return status == 0;
  }

  // Expects the replica to stop at start, its log saying `why`.
  void ExpectRefused(std::unique_ptr<DaemonProcess>& replica, const std::string& name,
                     int exit_status, const std::string& why) {
    const std::optional<int> status = replica->WaitForExit(absl::Seconds(20));
    EXPECT_EQ(status, exit_status) << name << " did not stop at start";
    const std::string log = ReadFile(dir_.Sub(name + ".log"));
    EXPECT_NE(log.find(why), std::string::npos) << log;
    EXPECT_FALSE(std::filesystem::exists(replica->data_dir() + "/CURRENT"))
        << "a refused replica holds no database";
  }

  std::string certs_;
};

TEST_F(SecureReplicationTest, ReplicasFollowAMutualTlsPrimaryAsAdmins) {
  StartSecurePrimary(/*mutual=*/true);
  ASSERT_TRUE(WriteOverTls({"people/before-bootstrap"}));
  // By the admin's client certificate.
  replica_a_ = StartReplica("replica-a", {"--replicate_tls_ca=" + Cert("ca.pem"),
                                          "--replicate_tls_cert=" + Cert("admin.pem"),
                                          "--replicate_tls_key=" + Cert("admin.key")});
  // By a token standing for an admin, over a reader's certificate.
  replica_b_ = StartReplica("replica-b", {"--replicate_tls_ca=" + Cert("ca.pem"),
                                          "--replicate_tls_cert=" + Cert("reader.pem"),
                                          "--replicate_tls_key=" + Cert("reader.key"),
                                          "--replicate_token_file=" + dir_.Sub("replica.token"),
                                          "--replicate_tls_server_name=localhost"});
  ASSERT_TRUE(replica_a_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  ASSERT_TRUE(replica_b_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  EXPECT_TRUE(replica_a_->Has("people/before-bootstrap"));
  ASSERT_TRUE(WriteOverTls({"people/over-tls", "people/over-tls-2"}));
  TimeUntilVisible("people/over-tls-2", {replica_a_.get(), replica_b_.get()}, absl::Now(),
                   absl::Seconds(10));
  EXPECT_EQ(GraphDumpOf(*replica_a_), GraphDumpOf(*replica_b_));
  EXPECT_TRUE(replica_b_->Has("people/before-bootstrap"));

  // A reader may not replicate: refused at start, nothing copied.
  std::unique_ptr<DaemonProcess> reader =
      StartReplica("replica-reader", {"--replicate_tls_ca=" + Cert("ca.pem"),
                                      "--replicate_tls_cert=" + Cert("reader.pem"),
                                      "--replicate_tls_key=" + Cert("reader.key")});
  ExpectRefused(reader, "replica-reader", 1, "PERMISSION_DENIED");
  // Without a client certificate the handshake fails: it keeps trying.
  std::unique_ptr<DaemonProcess> anonymous =
      StartReplica("replica-anonymous", {"--replicate_tls_ca=" + Cert("ca.pem")});
  EXPECT_FALSE(anonymous->WaitForExit(absl::Seconds(2)).has_value());
  EXPECT_NE(anonymous->Health(), HealthCheckResponse::SERVING);
}

TEST_F(SecureReplicationTest, AReplicaFollowsATlsPrimaryWithAToken) {
  StartSecurePrimary(/*mutual=*/false);
  ASSERT_TRUE(WriteOverTls({"people/before-bootstrap"}));
  replica_a_ = StartReplica("replica-a", {"--replicate_tls_ca=" + Cert("ca.pem"),
                                          "--replicate_token_file=" + dir_.Sub("replica.token")});
  ASSERT_TRUE(replica_a_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  ASSERT_TRUE(WriteOverTls({"people/with-a-token"}));
  TimeUntilVisible("people/with-a-token", {replica_a_.get()}, absl::Now(), absl::Seconds(10));
  EXPECT_TRUE(replica_a_->Has("people/before-bootstrap"));

  // A reader's token, and no token at all, are refused by the primary.
  std::unique_ptr<DaemonProcess> reader = StartReplica(
      "replica-reader", {"--replicate_tls_ca=" + Cert("ca.pem"),
                         "--replicate_token_file=" + dir_.Sub("reader.token")});
  ExpectRefused(reader, "replica-reader", 1, "PERMISSION_DENIED");
  std::unique_ptr<DaemonProcess> anonymous =
      StartReplica("replica-anonymous", {"--replicate_tls_ca=" + Cert("ca.pem")});
  ExpectRefused(anonymous, "replica-anonymous", 1, "UNAUTHENTICATED");
}

TEST_F(SecureReplicationTest, BadReplicaSecurityFlagsStopTheServerAtStart) {
  StartSecurePrimary(/*mutual=*/false);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--replicate_token_file=" + dir_.Sub("replica.token")},
       "--replicate_token_file needs --replicate_tls_ca"},
      {{"--replicate_tls_ca=" + Cert("ca.pem"), "--replicate_tls_cert=" + Cert("admin.pem")},
       "--replicate_tls_cert and --replicate_tls_key go together"},
      {{"--replicate_tls_ca=" + dir_.Sub("missing.pem")}, "missing.pem"},
      {{"--replicate_tls_ca=" + dir_.Sub("replica.token")}, "holds no PEM block"},
  };
  int i = 0;
  for (const auto& [flags, why] : cases) {
    const std::string name = absl::StrCat("bad-", i++);
    std::unique_ptr<DaemonProcess> replica = StartReplica(name, flags);
    ExpectRefused(replica, name, 2, why);
  }
}

}  // namespace
}  // namespace remarkgraph::e2e
