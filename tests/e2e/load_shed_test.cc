// The cap on graph queries in flight (--max_concurrent_calls): streams whose
// readers do not read hold their slots, a query past the cap is refused at
// once with RESOURCE_EXHAUSTED and error details a client can decode, the
// refusal is counted as load shed, and once the slow readers go the server
// answers again.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/http.h"

namespace remarkgraph::e2e {
namespace {

constexpr char kMeeting[] = "meetings/crowded";
constexpr int kCap = 2;
constexpr int kRemarks = 300;

// A stream started and read once: its handler has run, its slot is held.
struct SlowReader {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientReader<v1::TraverseResponse>> reader;
};

class LoadShedTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    options_.max_concurrent_calls = kCap;
    options_.metrics_listen = "127.0.0.1:0";
    StartServer();
    // A meeting with kRemarks remarks of 2 KiB each: a walk to them is
    // about 600 KiB, far more than a stream's HTTP/2 flow-control window,
    // so a stream nobody reads stalls with the call still in flight.
    std::vector<v1::Node> nodes = {MakeNode(kMeeting, "A crowded meeting")};
    std::vector<v1::Edge> edges;
    for (int i = 0; i < kRemarks; ++i) {
      const std::string name = std::string(kMeeting) + "/remarks/r" + std::to_string(i);
      v1::Node remark = MakeNode(name);
      remark.mutable_remark()->set_ordinal(i + 1);
      remark.mutable_remark()->set_text(std::string(2048, 'a' + i % 26));
      nodes.push_back(remark);
      edges.push_back(MakeEdge(name, v1::EDGE_KIND_IN_MEETING, kMeeting));
      if (nodes.size() == 100) {
        ASSERT_TRUE(Upsert(nodes, {}).ok());
        nodes.clear();
      }
    }
    ASSERT_TRUE(Upsert(nodes, edges).ok());
  }

  // A Traverse from the meeting to its remarks, one hit per message.
  static v1::TraverseRequest WalkToRemarks() {
    v1::TraverseRequest request;
    request.add_seeds(kMeeting);
    v1::TraversalStep* step = request.add_steps();
    step->set_direction(v1::DIRECTION_INCOMING);
    step->add_edge_kinds(v1::EDGE_KIND_IN_MEETING);
    request.set_hits_per_message(1);
    return request;
  }

  // A stub on a connection of its own whose HTTP/2 windows stay at their
  // initial 64 KiB (no bandwidth-delay probing grows them): a stream it
  // does not read stalls the server's writes after that much.
  std::unique_ptr<v1::GraphService::Stub> SlowStub() {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    args.SetInt("remarkgraph.test.slow_reader", 1);  // Not shared with channel_.
    return v1::GraphService::NewStub(
        grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(server_->port()),
                                  grpc::InsecureChannelCredentials(), args));
  }

  // Opens a stream of WalkToRemarks and reads its first message, so its
  // handler has run and its slot is held; retries for up to two seconds
  // while the server frees slots of calls that just ended.
  void StartSlowReader(v1::GraphService::Stub& stub, std::vector<SlowReader>* readers) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      SlowReader s{Context(), nullptr};
      s.reader = stub.Traverse(s.context.get(), WalkToRemarks());
      v1::TraverseResponse first;
      if (s.reader->Read(&first)) {
        ASSERT_TRUE(first.has_hit());
        readers->push_back(std::move(s));
        return;
      }
      ASSERT_EQ(s.reader->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL() << "no slot came free";
  }

  static void Cancel(std::vector<SlowReader>& readers) {
    for (SlowReader& s : readers) s.context->TryCancel();
    v1::TraverseResponse message;
    for (SlowReader& s : readers) {
      while (s.reader->Read(&message)) {
      }
      EXPECT_EQ(s.reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
    }
  }

  // Counter value of an unlabelled series in the server's metrics, or -1.
  double Metric(const std::string& series) {
    const std::optional<std::string> text =
        testing::HttpGet(server_->metrics_port(), "/metrics");
    if (!text) return -1;
    const size_t at = text->find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text->substr(at + series.size() + 2));
  }
};

TEST_F(LoadShedTest, QueriesPastTheCapAreShedWithDetailsUntilSlotsFree) {
  const std::unique_ptr<v1::GraphService::Stub> slow_stub = SlowStub();
  std::vector<SlowReader> slow;
  for (int i = 0; i < kCap; ++i) ASSERT_NO_FATAL_FAILURE(StartSlowReader(*slow_stub, &slow));

  // Every further query is refused at once, whatever its kind.
  const auto started = std::chrono::steady_clock::now();
  v1::GetNodeRequest get;
  get.set_name(kMeeting);
  v1::GetNodeResponse node;
  const grpc::Status shed = graph_->GetNode(Context().get(), get, &node);
  ASSERT_EQ(shed.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << shed.error_message();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_NE(shed.error_message().find("--max_concurrent_calls"), std::string::npos)
      << shed.error_message();

  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(shed.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED));
  bool has_info = false, has_retry = false;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::RetryInfo retry;
    if (any.UnpackTo(&info)) {
      has_info = true;
      EXPECT_EQ(info.reason(), "TOO_MANY_QUERIES");
      EXPECT_EQ(info.domain(), "remarkgraph.io");
    } else if (any.UnpackTo(&retry)) {
      has_retry = true;
      EXPECT_GT(retry.retry_delay().seconds() * 1000 + retry.retry_delay().nanos() / 1000000, 0);
    }
  }
  EXPECT_TRUE(has_info);
  EXPECT_TRUE(has_retry);

  for (int i = 0; i < 3; ++i) {
    auto context = Context();
    auto reader = graph_->Traverse(context.get(), WalkToRemarks());
    v1::TraverseResponse message;
    EXPECT_FALSE(reader->Read(&message));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  }
  EXPECT_EQ(Metric("remarkgraph_load_shed_total"), 4);

  // Other services are not graph queries: health still answers.
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::health::v1::HealthCheckRequest check;
  grpc::health::v1::HealthCheckResponse serving;
  EXPECT_TRUE(health->Check(Context().get(), check, &serving).ok());

  // One slow reader reads to the end: its slot frees, and the whole walk
  // came through.
  int hits = 1;
  v1::TraverseResponse message;
  while (slow[0].reader->Read(&message)) hits += message.has_hit();
  ASSERT_TRUE(slow[0].reader->Finish().ok());
  EXPECT_EQ(hits, kRemarks);
  // The other goes away.
  slow.erase(slow.begin());
  Cancel(slow);

  // The server learns that a call is done a moment after the client does.
  grpc::Status answered;
  for (int attempt = 0; attempt < 100; ++attempt) {
    answered = graph_->GetNode(Context().get(), get, &node);
    if (answered.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(answered.ok()) << answered.error_message();
  EXPECT_EQ(node.node().name(), kMeeting);
  // No slot leaked: kCap streams are in flight side by side again.
  std::vector<SlowReader> again;
  for (int i = 0; i < kCap; ++i) ASSERT_NO_FATAL_FAILURE(StartSlowReader(*slow_stub, &again));
  Cancel(again);
}

}  // namespace
}  // namespace remarkgraph::e2e
