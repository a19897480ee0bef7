#include "tests/e2e/e2e_fixture.h"

#include <chrono>

namespace remarkgraph::e2e {

void ServerTest::SetUp() {
  options_.listen_address = "127.0.0.1:0";
  options_.data_dir = dir_.Sub("db");
  options_.max_message_bytes = 4 << 20;
}

void ServerTest::StartServer() {
  auto server = service::Server::Start(options_);
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = std::move(*server);
  channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                 grpc::InsecureChannelCredentials());
  graph_ = v1::GraphService::NewStub(channel_);
  write_ = v1::WriteService::NewStub(channel_);
}

void ServerTest::TearDown() {
  if (server_) {
    ASSERT_TRUE(server_->Shutdown(absl::Seconds(2)).ok());
  }
}

std::unique_ptr<grpc::ClientContext> ServerTest::Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

v1::Node ServerTest::MakeNode(const std::string& name, const std::string& title) {
  v1::Node node;
  node.set_name(name);
  node.set_title(title);
  return node;
}

v1::Edge ServerTest::MakeEdge(const std::string& source, v1::EdgeKind kind,
                              const std::string& target, v1::Stance stance) {
  v1::Edge edge;
  edge.set_source(source);
  edge.set_target(target);
  edge.set_kind(kind);
  edge.set_stance(stance);
  return edge;
}

grpc::Status ServerTest::Upsert(const std::vector<v1::Node>& nodes,
                                const std::vector<v1::Edge>& edges) {
  if (!nodes.empty()) {
    v1::UpsertNodesRequest request;
    for (const v1::Node& n : nodes) *request.add_nodes() = n;
    v1::UpsertNodesResponse response;
    grpc::Status status = write_->UpsertNodes(Context().get(), request, &response);
    if (!status.ok()) return status;
  }
  if (!edges.empty()) {
    v1::UpsertEdgesRequest request;
    for (const v1::Edge& e : edges) *request.add_edges() = e;
    v1::UpsertEdgesResponse response;
    return write_->UpsertEdges(Context().get(), request, &response);
  }
  return grpc::Status::OK;
}

// Two meetings of one body. In the first, a strategy is put to a decision
// and three remarks speak to it; the second meeting's remark names the same
// matter. A question and its answer form a reply chain.
void ServerTest::WriteSampleGraph() {
  std::vector<v1::Node> nodes;
  nodes.push_back(MakeNode("bodies/council", "Security Council"));
  for (const auto& [id, date] : {std::pair{"c-1", "2024-04-10"}, std::pair{"c-2", "2024-05-15"}}) {
    v1::Node meeting = MakeNode(std::string("meetings/") + id, std::string("Council meeting ") + id);
    meeting.mutable_meeting()->set_date(date);
    nodes.push_back(meeting);
  }
  v1::Node decision = MakeNode("meetings/c-1/items/d1", "Next strategy (draft)");
  decision.mutable_item()->set_item_kind(v1::ITEM_KIND_DECISION);
  decision.mutable_item()->set_outcome(v1::ITEM_OUTCOME_ADOPTED);
  nodes.push_back(decision);
  v1::Node report = MakeNode("meetings/c-1/items/r1", "Results of the summer games");
  report.mutable_item()->set_item_kind(v1::ITEM_KIND_REPORT);
  nodes.push_back(report);
  nodes.push_back(MakeNode("matters/next-strategy", "Next strategy"));
  nodes.push_back(MakeNode("people/aoki", "Aoki Ren"));
  nodes.push_back(MakeNode("people/baba", "Baba Sora"));
  const char* texts[] = {
      "I support the next strategy (draft) as written.",
      "The strategy lacks drills; that is a concern.",
      "Could the secretariat explain the summer results?",
      "The summer games saw no disruptive attack.",
  };
  for (int i = 0; i < 4; ++i) {
    v1::Node remark = MakeNode("meetings/c-1/remarks/" + std::to_string(i + 1));
    remark.mutable_remark()->set_ordinal(i + 1);
    remark.mutable_remark()->set_speaker_label(i % 2 == 0 ? "Member Aoki" : "Member Baba");
    remark.mutable_remark()->set_text(texts[i]);
    nodes.push_back(remark);
  }
  v1::Node later = MakeNode("meetings/c-2/remarks/1");
  later.mutable_remark()->set_ordinal(1);
  later.mutable_remark()->set_speaker_label("Member Baba");
  later.mutable_remark()->set_text("Now that the strategy is adopted, drills should follow.");
  nodes.push_back(later);

  std::vector<v1::Edge> edges = {
      MakeEdge("meetings/c-1", v1::EDGE_KIND_HELD_BY, "bodies/council"),
      MakeEdge("meetings/c-2", v1::EDGE_KIND_HELD_BY, "bodies/council"),
      MakeEdge("meetings/c-1", v1::EDGE_KIND_HAS_ITEM, "meetings/c-1/items/d1"),
      MakeEdge("meetings/c-1", v1::EDGE_KIND_HAS_ITEM, "meetings/c-1/items/r1"),
      MakeEdge("meetings/c-1/items/d1", v1::EDGE_KIND_ABOUT, "matters/next-strategy"),
      MakeEdge("people/aoki", v1::EDGE_KIND_ATTENDED, "meetings/c-1"),
      MakeEdge("people/baba", v1::EDGE_KIND_ATTENDED, "meetings/c-1"),
      MakeEdge("people/baba", v1::EDGE_KIND_ATTENDED, "meetings/c-2"),
      MakeEdge("meetings/c-1/remarks/1", v1::EDGE_KIND_REFERENCES, "meetings/c-1/items/d1",
               v1::STANCE_SUPPORT),
      MakeEdge("meetings/c-1/remarks/2", v1::EDGE_KIND_REFERENCES, "meetings/c-1/items/d1",
               v1::STANCE_CONCERN),
      MakeEdge("meetings/c-1/remarks/3", v1::EDGE_KIND_REFERENCES, "meetings/c-1/items/r1",
               v1::STANCE_QUESTION),
      MakeEdge("meetings/c-1/remarks/4", v1::EDGE_KIND_REPLIES_TO, "meetings/c-1/remarks/3"),
      MakeEdge("meetings/c-1/remarks/4", v1::EDGE_KIND_REFERENCES, "meetings/c-1/items/r1"),
      MakeEdge("meetings/c-2/remarks/1", v1::EDGE_KIND_REFERENCES, "matters/next-strategy"),
  };
  for (int i = 0; i < 4; ++i) {
    const std::string remark = "meetings/c-1/remarks/" + std::to_string(i + 1);
    edges.push_back(MakeEdge(remark, v1::EDGE_KIND_IN_MEETING, "meetings/c-1"));
    edges.push_back(
        MakeEdge(remark, v1::EDGE_KIND_SPOKEN_BY, i % 2 == 0 ? "people/aoki" : "people/baba"));
  }
  edges.push_back(MakeEdge("meetings/c-2/remarks/1", v1::EDGE_KIND_IN_MEETING, "meetings/c-2"));
  edges.push_back(MakeEdge("meetings/c-2/remarks/1", v1::EDGE_KIND_SPOKEN_BY, "people/baba"));
  const grpc::Status status = Upsert(nodes, edges);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

std::string ServerTest::GraphDump() {
  std::string dump;
  for (int kind = 1; kind <= 8; ++kind) {
    std::string token;
    do {
      v1::ListNodesRequest request;
      request.set_kind(static_cast<v1::NodeKind>(kind));
      request.set_page_size(1000);
      request.set_page_token(token);
      v1::ListNodesResponse response;
      const grpc::Status status = graph_->ListNodes(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const v1::Node& node : response.nodes()) {
        dump += node.ShortDebugString() + "\n";
        v1::ListEdgesRequest edges_request;
        edges_request.set_name(node.name());
        edges_request.set_page_size(1000);
        v1::ListEdgesResponse edges;
        EXPECT_TRUE(graph_->ListEdges(Context().get(), edges_request, &edges).ok());
        for (const v1::Edge& edge : edges.edges()) dump += "  " + edge.ShortDebugString() + "\n";
      }
      token = response.next_page_token();
    } while (!token.empty());
  }
  return dump;
}

}  // namespace remarkgraph::e2e
