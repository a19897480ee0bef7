// The access log of the real server: one JSON record per call with method,
// code, latency, peer, request id and the caller's trace context; client
// input with newlines cannot forge a record.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "common/log.h"
#include "gmock/gmock.h"
#include "nlohmann/json.hpp"
#include "remarkgraph/v1/import_service.grpc.pb.h"
#include "service/call_interceptor.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/capture_stderr.h"

namespace remarkgraph::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kTrace[] = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr char kSpan[] = "00f067aa0ba902b7";

class AccessLogTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    SetLogFormat(LogFormat::kJson);
  }
  void TearDown() override {
    ServerTest::TearDown();
    SetLogFormat(LogFormat::kText);
    SetMinLogSeverity(LogSeverity::kInfo);
  }

  // The records whose "msg" starts with "rpc", parsed; fails the test on a
  // line that is not JSON.
  static std::vector<nlohmann::json> RpcRecords(const std::string& text) {
    std::vector<nlohmann::json> records;
    size_t start = 0;
    while (start < text.size()) {
      const size_t end = text.find('\n', start);
      const std::string line = text.substr(start, end - start);
      start = end == std::string::npos ? text.size() : end + 1;
      if (line.empty()) continue;
      nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
      EXPECT_FALSE(record.is_discarded()) << "not JSON: " << line;
      if (!record.is_discarded() && record["msg"].get<std::string>().starts_with("rpc")) {
        records.push_back(std::move(record));
      }
    }
    return records;
  }
};

TEST_F(AccessLogTest, EveryCallHasOneRecordWithItsRequestIdAndTrace) {
  StartServer();
  testing::CaptureStderr capture(dir_.Sub("stderr"));
  WriteSampleGraph();

  auto context = Context();
  context->AddMetadata("x-request-id", "req-42");
  context->AddMetadata("traceparent", std::string("00-") + kTrace + "-" + kSpan + "-01");
  v1::GetNodeRequest request;
  request.set_name("people/aoki");
  v1::GetNodeResponse response;
  ASSERT_TRUE(graph_->GetNode(context.get(), request, &response).ok());
  // The id comes back to the caller.
  const auto& sent = context->GetServerInitialMetadata();
  auto id = sent.find("x-request-id");
  ASSERT_NE(id, sent.end());
  EXPECT_EQ(std::string(id->second.data(), id->second.size()), "req-42");

  // A failing call whose request carries a forged log line.
  auto bad_context = Context();
  v1::GetNodeRequest bad;
  bad.set_name("people/x\n{\"msg\":\"rpc\",\"code\":\"OK\"}");
  EXPECT_FALSE(graph_->GetNode(bad_context.get(), bad, &response).ok());
  // An error answered at once has its id in the trailers and no headers of
  // its own, so that a client's retry policy may retry it.
  EXPECT_EQ(bad_context->GetServerInitialMetadata().count("x-request-id"), 0u);
  EXPECT_EQ(bad_context->GetServerTrailingMetadata().count("x-request-id"), 1u);
  server_->Shutdown(absl::Seconds(2)).IgnoreError();
  server_.reset();
  const std::string text = capture.Text();
  capture.Restore();

  const std::vector<nlohmann::json> records = RpcRecords(text);
  // Two upserts from the sample graph, the GetNode, the bad GetNode.
  ASSERT_EQ(records.size(), 4u) << text;
  const nlohmann::json& get = records[2];
  EXPECT_EQ(get["msg"], "rpc");
  EXPECT_EQ(get["level"], "INFO");
  EXPECT_EQ(get["method"], "/remarkgraph.v1.GraphService/GetNode");
  EXPECT_EQ(get["code"], "OK");
  EXPECT_EQ(get["request_id"], "req-42");
  EXPECT_EQ(get["trace_id"], kTrace);
  EXPECT_EQ(get["span_id"], kSpan);
  EXPECT_GE(get["latency_ms"].get<double>(), 0.0);
  EXPECT_THAT(get["peer"].get<std::string>(), HasSubstr("127.0.0.1"));

  const nlohmann::json& failed = records[3];
  EXPECT_EQ(failed["msg"], "rpc failed");
  EXPECT_EQ(failed["level"], "WARN");
  EXPECT_EQ(failed["code"], "INVALID_ARGUMENT");
  EXPECT_EQ(failed["request_id"].get<std::string>().size(), 32u);  // generated
  EXPECT_FALSE(failed.contains("trace_id"));
  EXPECT_THAT(failed["error"].get<std::string>(), HasSubstr("name"));
}

TEST_F(AccessLogTest, SuccessfulCallsAreQuietAtDebugAccessLevel) {
  options_.access_log_severity = LogSeverity::kDebug;
  StartServer();
  testing::CaptureStderr capture(dir_.Sub("stderr"));
  WriteSampleGraph();
  v1::GetNodeRequest request;
  request.set_name("people/nobody");
  v1::GetNodeResponse response;
  EXPECT_EQ(graph_->GetNode(Context().get(), request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  const std::string text = capture.Text();
  capture.Restore();
  const std::vector<nlohmann::json> records = RpcRecords(text);
  ASSERT_EQ(records.size(), 1u) << text;  // only the failure
  EXPECT_EQ(records[0]["code"], "NOT_FOUND");
}

// A client that cancels mid-stream: whatever the handler makes of its
// broken writes, the record says CANCELLED.
TEST_F(AccessLogTest, ACancelledCallIsLoggedAsCancelled) {
  StartServer();
  // About 4 MiB of nodes: far more than the HTTP/2 windows hold, so the
  // export is still writing when the client cancels.
  for (int batch = 0; batch < 4; ++batch) {
    std::vector<v1::Node> nodes;
    for (int i = 0; i < 1000; ++i) {
      nodes.push_back(MakeNode("topics/t" + std::to_string(batch * 1000 + i),
                               std::string(1000, 'x')));
    }
    ASSERT_TRUE(Upsert(nodes, {}).ok());
  }
  testing::CaptureStderr capture(dir_.Sub("stderr"));
  auto import = v1::ImportService::NewStub(channel_);
  auto context = Context();
  auto reader = import->ExportGraph(context.get(), v1::ExportGraphRequest());
  v1::ExportGraphResponse record;
  ASSERT_TRUE(reader->Read(&record));
  context->TryCancel();
  while (reader->Read(&record)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  server_->Shutdown(absl::Seconds(2)).IgnoreError();
  server_.reset();
  const std::string text = capture.Text();
  capture.Restore();
  const std::vector<nlohmann::json> records = RpcRecords(text);
  ASSERT_EQ(records.size(), 1u) << text;
  EXPECT_EQ(records[0]["method"], "/remarkgraph.v1.ImportService/ExportGraph");
  EXPECT_EQ(records[0]["code"], "CANCELLED") << text;
}

// A client stream cancelled while the handler waits for its first
// message: the handler sees the stream end and returns OK, but the call was
// cancelled, and the record says so.
TEST_F(AccessLogTest, ACallCancelledWhileItsHandlerRunsIsLoggedAsCancelled) {
  StartServer();
  testing::CaptureStderr capture(dir_.Sub("stderr"));
  auto import = v1::ImportService::NewStub(channel_);
  auto context = Context();
  v1::BulkImportMinutesResponse response;
  auto writer = import->BulkImportMinutes(context.get(), &response);
  // Time for the call to reach its handler, which then waits in Read.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  context->TryCancel();
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  server_->Shutdown(absl::Seconds(2)).IgnoreError();
  server_.reset();
  const std::string text = capture.Text();
  capture.Restore();
  const std::vector<nlohmann::json> records = RpcRecords(text);
  ASSERT_EQ(records.size(), 1u) << text;
  EXPECT_EQ(records[0]["method"], "/remarkgraph.v1.ImportService/BulkImportMinutes");
  EXPECT_EQ(records[0]["code"], "CANCELLED") << text;
}

TEST(Traceparent, ValidAndInvalidHeaders) {
  std::string trace, span;
  EXPECT_TRUE(service::ParseTraceparent(std::string("00-") + kTrace + "-" + kSpan + "-01",
                                        &trace, &span));
  EXPECT_EQ(trace, kTrace);
  EXPECT_EQ(span, kSpan);
  // A later version may carry more fields.
  EXPECT_TRUE(service::ParseTraceparent(
      std::string("01-") + kTrace + "-" + kSpan + "-00-extra", &trace, &span));
  for (const std::string& bad : {
           std::string("00-") + kTrace + "-" + kSpan + "-01-extra",  // v00 has 4 fields
           std::string("ff-") + kTrace + "-" + kSpan + "-01",        // forbidden version
           std::string("00-") + std::string(32, '0') + "-" + kSpan + "-01",
           std::string("00-") + kTrace + "-" + std::string(16, '0') + "-01",
           std::string("00-") + "4BF92F3577B34DA6A3CE929D0E0E4736" + "-" + kSpan + "-01",
           std::string("00-") + kTrace + "_" + kSpan + "-01",
           std::string("garbage"),
       }) {
    EXPECT_FALSE(service::ParseTraceparent(bad, &trace, &span)) << bad;
  }
}

}  // namespace
}  // namespace remarkgraph::e2e
