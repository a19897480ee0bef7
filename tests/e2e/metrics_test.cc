// The metrics endpoint of the real server, scraped directly and by a real
// Prometheus (Debian's package, started here on a free loopback port with a
// temporary configuration) whose query API is then asked for the figures.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <grpcpp/generic/generic_stub.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/http.h"

namespace remarkgraph::e2e {
namespace {

using ::testing::HasSubstr;

constexpr char kPrometheus[] = "/usr/bin/prometheus";

class MetricsTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    options_.metrics_listen = "127.0.0.1:0";
  }

  // Three GetNode calls that succeed, one NOT_FOUND, one Traverse cut by
  // its node budget.
  void MakeCalls() {
    WriteSampleGraph();
    v1::GetNodeResponse node;
    v1::GetNodeRequest get;
    get.set_name("people/aoki");
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(graph_->GetNode(Context().get(), get, &node).ok());
    get.set_name("people/nobody");
    ASSERT_EQ(graph_->GetNode(Context().get(), get, &node).error_code(),
              grpc::StatusCode::NOT_FOUND);

    v1::TraverseRequest traverse;
    traverse.add_seeds("people/baba");
    traverse.mutable_budget()->set_max_nodes(1);
    v1::TraversalStep* spoken = traverse.add_steps();
    spoken->set_direction(v1::DIRECTION_INCOMING);
    spoken->add_edge_kinds(v1::EDGE_KIND_SPOKEN_BY);
    auto context = Context();
    auto reader = graph_->Traverse(context.get(), traverse);
    v1::TraverseResponse message;
    bool truncated = false;
    while (reader->Read(&message)) {
      if (message.has_summary()) truncated = message.summary().truncated();
    }
    ASSERT_TRUE(reader->Finish().ok());
    ASSERT_TRUE(truncated) << "the traversal should have been cut by max_nodes";
  }

  // The line of the exposition text that names `series` and every label.
  static std::string Line(const std::string& text, const std::string& series,
                          const std::vector<std::string>& labels) {
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const std::string line = text.substr(start, end - start);
      start = end + 1;
      if (!line.starts_with(series + "{") && !line.starts_with(series + " ")) continue;
      bool all = true;
      for (const std::string& label : labels) all = all && line.find(label) != std::string::npos;
      if (all) return line;
    }
    return "";
  }
};

TEST_F(MetricsTest, ScrapeShowsCallsCodesLatencyTruncationsAndRocksDb) {
  StartServer();
  ASSERT_GT(server_->metrics_port(), 0);
  MakeCalls();
  const std::optional<std::string> text = testing::HttpGet(server_->metrics_port(), "/metrics");
  ASSERT_TRUE(text.has_value());
  const std::string get = "grpc_method=\"GetNode\"";
  EXPECT_THAT(Line(*text, "grpc_server_handled_total", {get, "grpc_code=\"OK\""}),
              ::testing::EndsWith(" 3"))
      << *text;
  EXPECT_THAT(Line(*text, "grpc_server_handled_total", {get, "grpc_code=\"NOT_FOUND\""}),
              ::testing::EndsWith(" 1"));
  EXPECT_THAT(Line(*text, "grpc_server_started_total", {get}), ::testing::EndsWith(" 4"));
  EXPECT_THAT(Line(*text, "grpc_server_handling_seconds_count", {get}),
              ::testing::EndsWith(" 4"));
  EXPECT_THAT(Line(*text, "remarkgraph_in_flight_calls", {get}), ::testing::EndsWith(" 0"));
  EXPECT_THAT(Line(*text, "remarkgraph_query_truncations_total", {"reason=\"max_nodes\""}),
              ::testing::EndsWith(" 1"));
  EXPECT_THAT(Line(*text, "grpc_server_handled_total",
                   {"grpc_method=\"UpsertNodes\"", "grpc_service=\"remarkgraph.v1.WriteService\""}),
              ::testing::EndsWith(" 1"));
  for (const char* engine :
       {"remarkgraph_rocksdb_block_cache_hits_total", "remarkgraph_rocksdb_block_cache_usage_bytes",
        "remarkgraph_rocksdb_pending_compaction_bytes", "remarkgraph_rocksdb_sst_files_bytes",
        "remarkgraph_rocksdb_memtable_bytes"}) {
    EXPECT_NE(Line(*text, engine, {}), "") << engine;
  }
  // The memtable holds the sample graph.
  const std::string memtable = Line(*text, "remarkgraph_rocksdb_memtable_bytes", {});
  EXPECT_GT(std::stod(memtable.substr(memtable.rfind(' ') + 1)), 0.0);
}

TEST_F(MetricsTest, AMethodTheServerDoesNotServeIsCountedAsUnknown) {
  StartServer();
  grpc::GenericStub generic(channel_);
  for (const char* method : {"/made.up.Service/One", "/made.up.Service/Two"}) {
    grpc::ClientContext context;
    grpc::Slice empty("");
    grpc::ByteBuffer request(&empty, 1), response;
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    grpc::Status status;
    generic.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                      [&](grpc::Status s) {
                        std::lock_guard lock(mutex);
                        status = s;
                        finished = true;
                        done.notify_one();
                      });
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return finished; });
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  const std::optional<std::string> text = testing::HttpGet(server_->metrics_port(), "/metrics");
  ASSERT_TRUE(text.has_value());
  EXPECT_THAT(*text, ::testing::Not(HasSubstr("made.up")));
}

// A real Prometheus scrapes the server every second; its query API must
// report the calls made.
class PrometheusScrapeTest : public MetricsTest {
 protected:
  void TearDown() override {
    if (prometheus_ > 0) {
      kill(prometheus_, SIGTERM);
      int status = 0;
      waitpid(prometheus_, &status, 0);
    }
    MetricsTest::TearDown();
  }

  void StartPrometheus(int target_port) {
    const std::string config = dir_.Sub("prometheus.yml");
    std::ofstream(config) << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                          << "scrape_configs:\n  - job_name: remarkgraph\n"
                          << "    static_configs:\n      - targets: ['127.0.0.1:" << target_port
                          << "']\n";
    web_port_ = testing::FreeLoopbackPort();
    const std::string log = dir_.Sub("prometheus.log");
    prometheus_ = fork();
    ASSERT_GE(prometheus_, 0);
    if (prometheus_ == 0) {
      const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(fd, 1);
      dup2(fd, 2);
      const std::string config_flag = "--config.file=" + config;
      const std::string storage = "--storage.tsdb.path=" + dir_.Sub("tsdb");
      const std::string web = "--web.listen-address=127.0.0.1:" + std::to_string(web_port_);
      execl(kPrometheus, kPrometheus, config_flag.c_str(), storage.c_str(), web.c_str(),
            nullptr);
      _exit(127);
    }
  }

  // The single value of an instant query, once Prometheus has one equal to
  // `want` (polled for up to 60 s); the last value seen otherwise.
  std::string QueryUntil(const std::string& promql, const std::string& want) {
    std::string encoded;
    for (unsigned char c : promql) {
      if (std::isalnum(c) || c == '_' || c == '.') {
        encoded += static_cast<char>(c);
      } else {
        char hex[4];
        std::snprintf(hex, sizeof(hex), "%%%02X", c);
        encoded += hex;
      }
    }
    std::string last;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < give_up) {
      const std::optional<std::string> body =
          testing::HttpGet(web_port_, "/api/v1/query?query=" + encoded);
      if (body) {
        const nlohmann::json answer = nlohmann::json::parse(*body, nullptr, false);
        if (!answer.is_discarded() && answer["status"] == "success" &&
            !answer["data"]["result"].empty()) {
          last = answer["data"]["result"][0]["value"][1].get<std::string>();
          if (last == want) return last;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return last;
  }

  pid_t prometheus_ = -1;
  int web_port_ = 0;
};

TEST_F(PrometheusScrapeTest, PrometheusScrapesAndAnswersQueries) {
  if (!std::filesystem::exists(kPrometheus)) {
    GTEST_SKIP() << "Debian's prometheus package is not installed (scripts/install-deps)";
  }
  StartServer();
  MakeCalls();
  StartPrometheus(server_->metrics_port());
  EXPECT_EQ(QueryUntil("sum(grpc_server_handled_total{grpc_method=\"GetNode\","
                       "grpc_code=\"OK\"})",
                       "3"),
            "3");
  EXPECT_EQ(QueryUntil("grpc_server_handled_total{grpc_method=\"GetNode\","
                       "grpc_code=\"NOT_FOUND\"}",
                       "1"),
            "1");
  EXPECT_EQ(QueryUntil("remarkgraph_query_truncations_total{reason=\"max_nodes\"}", "1"), "1");
  EXPECT_EQ(QueryUntil("up{job=\"remarkgraph\"}", "1"), "1");
  EXPECT_EQ(QueryUntil("count(remarkgraph_rocksdb_sst_files_bytes) > 0", "1"), "1");
}

}  // namespace
}  // namespace remarkgraph::e2e
