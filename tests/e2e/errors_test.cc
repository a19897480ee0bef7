// Bad input over the wire: each request gets its status code and a message
// naming the field, and the graph already stored is unchanged.
#include <chrono>
#include <functional>
#include <optional>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/e2e/e2e_fixture.h"

namespace remarkgraph::e2e {
namespace {

struct BadRequest {
  std::string what;
  grpc::StatusCode code;
  std::string message_names;  // A part of the message that must appear.
  // The error details (AIP-193): the field of the BadRequest violation for
  // INVALID_ARGUMENT, the resource name of the ResourceInfo for NOT_FOUND, the
  // `field` of the ErrorInfo metadata otherwise; empty when gRPC itself
  // refuses the call before the service sees it (no details then).
  std::string detail;
  std::function<grpc::Status(ServerTest&, v1::GraphService::Stub&, v1::WriteService::Stub&)> call;
};

class ErrorsTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    StartServer();
    WriteSampleGraph();
  }
};

// A valid node written in the same batch before a bad one: it must not be
// stored either.
v1::Node MakeValid(const v1::Node&) {
  v1::Node node;
  node.set_name("people/written-with-a-bad-node");
  return node;
}

std::vector<BadRequest> BadRequests() {
  using Code = grpc::StatusCode;
  auto get = [](std::string name) {
    return [name](ServerTest&, v1::GraphService::Stub& g, v1::WriteService::Stub&) {
      v1::GetNodeRequest r;
      r.set_name(name);
      v1::GetNodeResponse response;
      grpc::ClientContext c;
      return g.GetNode(&c, r, &response);
    };
  };
  auto upsert_node = [](v1::Node node) {
    return [node](ServerTest&, v1::GraphService::Stub&, v1::WriteService::Stub& w) {
      v1::UpsertNodesRequest r;
      *r.add_nodes() = MakeValid(node);
      *r.add_nodes() = node;
      v1::UpsertNodesResponse response;
      grpc::ClientContext c;
      return w.UpsertNodes(&c, r, &response);
    };
  };
  auto list = [](std::function<void(v1::ListNodesRequest&)> edit) {
    return [edit](ServerTest&, v1::GraphService::Stub& g, v1::WriteService::Stub&) {
      v1::ListNodesRequest r;
      r.set_kind(v1::NODE_KIND_PERSON);
      edit(r);
      v1::ListNodesResponse response;
      grpc::ClientContext c;
      return g.ListNodes(&c, r, &response);
    };
  };
  auto node = [](std::string name) {
    v1::Node n;
    n.set_name(name);
    return n;
  };
  v1::Node wrong_kind = node("meetings/x9");
  wrong_kind.set_kind(v1::NODE_KIND_PERSON);
  v1::Node unknown_kind = node("meetings/x9");
  unknown_kind.set_kind(static_cast<v1::NodeKind>(77));
  v1::Node big_property = node("people/big");
  (*big_property.mutable_properties())["blob"] = std::string(10 << 20, 'x');
  v1::Node large_property = node("people/large");
  (*large_property.mutable_properties())["note"] = std::string(100 << 10, 'x');
  v1::Node bad_date = node("meetings/x9");
  bad_date.mutable_meeting()->set_date("2024-02-30");
  v1::Node details_mismatch = node("people/x9");
  details_mismatch.mutable_meeting()->set_date("2024-02-01");

  return {
      {"empty name", Code::INVALID_ARGUMENT, "name", "name", get("")},
      {"malformed name", Code::INVALID_ARGUMENT, "name", "name", get("meetings//items")},
      {"unknown collection", Code::INVALID_ARGUMENT, "widgets/1", "name", get("widgets/1")},
      {"missing node", Code::NOT_FOUND, "people/nobody", "people/nobody", get("people/nobody")},
      {"kind contradicts name", Code::INVALID_ARGUMENT, "nodes[1].kind", "nodes[1].kind",
       upsert_node(wrong_kind)},
      {"unknown node kind", Code::INVALID_ARGUMENT, "nodes[1].kind", "nodes[1].kind",
       upsert_node(unknown_kind)},
      {"10 MB property", Code::RESOURCE_EXHAUSTED, "", "", upsert_node(big_property)},
      {"100 KiB property", Code::INVALID_ARGUMENT, "nodes[1].properties[\"note\"]",
       "nodes[1].properties[\"note\"]", upsert_node(large_property)},
      {"impossible date", Code::INVALID_ARGUMENT, "nodes[1].meeting.date", "nodes[1].meeting.date",
       upsert_node(bad_date)},
      {"details of another kind", Code::INVALID_ARGUMENT, "nodes[1].meeting", "nodes[1].meeting",
       upsert_node(details_mismatch)},
      {"negative page size", Code::INVALID_ARGUMENT, "page_size", "page_size",
       list([](v1::ListNodesRequest& r) { r.set_page_size(-1); })},
      {"forged page token", Code::INVALID_ARGUMENT, "page_token", "page_token",
       list([](v1::ListNodesRequest& r) { r.set_page_token("bm90LWEtdG9rZW4"); })},
      {"token of another request", Code::INVALID_ARGUMENT, "page_token", "page_token",
       [](ServerTest&, v1::GraphService::Stub& g, v1::WriteService::Stub&) {
         v1::ListNodesRequest r;
         r.set_kind(v1::NODE_KIND_REMARK);
         r.set_page_size(1);
         v1::ListNodesResponse first;
         grpc::ClientContext c1;
         if (!g.ListNodes(&c1, r, &first).ok() || first.next_page_token().empty()) {
           return grpc::Status(grpc::StatusCode::UNKNOWN, "no first page");
         }
         r.set_kind(v1::NODE_KIND_PERSON);
         r.set_page_token(first.next_page_token());
         grpc::ClientContext c2;
         return g.ListNodes(&c2, r, &first);
       }},
      {"unspecified kind", Code::INVALID_ARGUMENT, "kind", "kind",
       list([](v1::ListNodesRequest& r) { r.set_kind(v1::NODE_KIND_UNSPECIFIED); })},
      {"filter of the wrong kind", Code::INVALID_ARGUMENT, "person", "person",
       list([](v1::ListNodesRequest& r) { r.set_person("bodies/council"); })},
      {"bad date filter", Code::INVALID_ARGUMENT, "start_date", "start_date",
       list([](v1::ListNodesRequest& r) {
         r.set_kind(v1::NODE_KIND_MEETING);
         r.set_start_date("last week");
       })},
      {"depth 1000", Code::INVALID_ARGUMENT, "budget.max_depth", "budget.max_depth",
       [](ServerTest&, v1::GraphService::Stub& g, v1::WriteService::Stub&) {
         v1::TraverseRequest r;
         r.add_seeds("people/aoki");
         r.add_steps()->set_direction(v1::DIRECTION_BOTH);
         r.set_repeat_last_step(true);
         r.mutable_budget()->set_max_depth(1000);
         grpc::ClientContext c;
         auto reader = g.Traverse(&c, r);
         v1::TraverseResponse message;
         while (reader->Read(&message)) {
         }
         return reader->Finish();
       }},
      {"traverse without steps", Code::INVALID_ARGUMENT, "steps", "steps",
       [](ServerTest&, v1::GraphService::Stub& g, v1::WriteService::Stub&) {
         v1::TraverseRequest r;
         r.add_seeds("people/aoki");
         grpc::ClientContext c;
         auto reader = g.Traverse(&c, r);
         v1::TraverseResponse message;
         while (reader->Read(&message)) {
         }
         return reader->Finish();
       }},
      {"edge to a missing node", Code::FAILED_PRECONDITION, "edges[0]", "edges[0]",
       [](ServerTest&, v1::GraphService::Stub&, v1::WriteService::Stub& w) {
         v1::UpsertEdgesRequest r;
         v1::Edge* e = r.add_edges();
         e->set_source("meetings/c-1/remarks/1");
         e->set_target("meetings/c-1/items/missing");
         e->set_kind(v1::EDGE_KIND_REFERENCES);
         v1::UpsertEdgesResponse response;
         grpc::ClientContext c;
         return w.UpsertEdges(&c, r, &response);
       }},
      {"edge kind that does not fit", Code::INVALID_ARGUMENT, "edges[0].kind", "edges[0].kind",
       [](ServerTest&, v1::GraphService::Stub&, v1::WriteService::Stub& w) {
         v1::UpsertEdgesRequest r;
         v1::Edge* e = r.add_edges();
         e->set_source("people/aoki");
         e->set_target("meetings/c-1/items/d1");
         e->set_kind(v1::EDGE_KIND_ADOPTS);
         v1::UpsertEdgesResponse response;
         grpc::ClientContext c;
         return w.UpsertEdges(&c, r, &response);
       }},
      {"dossier of a person", Code::INVALID_ARGUMENT, "name", "name",
       [](ServerTest&, v1::GraphService::Stub& g, v1::WriteService::Stub&) {
         v1::GetDossierRequest r;
         r.set_name("people/aoki");
         v1::GetDossierResponse response;
         grpc::ClientContext c;
         return g.GetDossier(&c, r, &response);
       }},
      {"one-character search", Code::INVALID_ARGUMENT, "query", "query",
       [](ServerTest&, v1::GraphService::Stub& g, v1::WriteService::Stub&) {
         v1::SearchRemarksRequest r;
         r.set_query("a");
         v1::SearchRemarksResponse response;
         grpc::ClientContext c;
         return g.SearchRemarks(&c, r, &response);
       }},
      {"delete a missing node", Code::NOT_FOUND, "people/ghost", "people/ghost",
       [](ServerTest&, v1::GraphService::Stub&, v1::WriteService::Stub& w) {
         v1::DeleteNodesRequest r;
         r.add_names("people/baba");  // would succeed alone: must be undone
         r.add_names("people/ghost");
         v1::DeleteNodesResponse response;
         grpc::ClientContext c;
         return w.DeleteNodes(&c, r, &response);
       }},
      {"empty batch", Code::INVALID_ARGUMENT, "nodes", "nodes",
       [](ServerTest&, v1::GraphService::Stub&, v1::WriteService::Stub& w) {
         v1::UpsertNodesRequest r;
         v1::UpsertNodesResponse response;
         grpc::ClientContext c;
         return w.UpsertNodes(&c, r, &response);
       }},
  };
}

// The detail of type T in `details`, if there is one.
template <typename T>
std::optional<T> Detail(const google::rpc::Status& details) {
  for (const google::protobuf::Any& any : details.details()) {
    T detail;
    if (any.UnpackTo(&detail)) return detail;
  }
  return std::nullopt;
}

// Checks the google.rpc.Status in the `grpc-status-details-bin` trailer.
void ExpectDetails(const BadRequest& bad, const grpc::Status& status) {
  SCOPED_TRACE(bad.what);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(status.error_code()));
  EXPECT_EQ(details.message(), status.error_message());
  const std::optional<google::rpc::ErrorInfo> info = Detail<google::rpc::ErrorInfo>(details);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "remarkgraph.io");
  EXPECT_THAT(info->reason(), ::testing::MatchesRegex("[A-Z][A-Z_]*[A-Z]"));
  switch (status.error_code()) {
    case grpc::StatusCode::INVALID_ARGUMENT: {
      EXPECT_EQ(info->reason(), "INVALID_FIELD");
      const auto bad_request = Detail<google::rpc::BadRequest>(details);
      ASSERT_TRUE(bad_request.has_value());
      ASSERT_EQ(bad_request->field_violations_size(), 1);
      EXPECT_EQ(bad_request->field_violations(0).field(), bad.detail);
      EXPECT_FALSE(bad_request->field_violations(0).description().empty());
      break;
    }
    case grpc::StatusCode::NOT_FOUND: {
      EXPECT_EQ(info->reason(), "NODE_NOT_FOUND");
      const auto resource = Detail<google::rpc::ResourceInfo>(details);
      ASSERT_TRUE(resource.has_value());
      EXPECT_EQ(resource->resource_type(), "node");
      EXPECT_EQ(resource->resource_name(), bad.detail);
      EXPECT_EQ(status.error_message(), "node \"" + bad.detail + "\" not found");
      break;
    }
    default:
      EXPECT_EQ(info->metadata().at("field"), bad.detail);
      EXPECT_FALSE(Detail<google::rpc::BadRequest>(details).has_value());
  }
}

TEST_F(ErrorsTest, EveryBadRequestGetsItsErrorAndChangesNothing) {
  const std::string before = GraphDump();
  ASSERT_FALSE(before.empty());
  for (const BadRequest& bad : BadRequests()) {
    const grpc::Status status = bad.call(*this, *graph_, *write_);
    EXPECT_EQ(status.error_code(), bad.code)
        << bad.what << ": got " << status.error_code() << " " << status.error_message();
    EXPECT_NE(status.error_message().find(bad.message_names), std::string::npos)
        << bad.what << ": message '" << status.error_message() << "' does not name '"
        << bad.message_names << "'";
    if (!bad.detail.empty()) ExpectDetails(bad, status);
    EXPECT_EQ(GraphDump(), before) << bad.what << " changed the stored graph";
  }
}

TEST_F(ErrorsTest, InvalidUtf8IsRefusedWithoutChangingTheGraph) {
  const std::string before = GraphDump();
  v1::UpsertNodesRequest r;
  v1::Node* node = r.add_nodes();
  node->set_name("people/x");
  node->set_title(std::string("bad \xff\xfe title"));
  v1::UpsertNodesResponse response;
  grpc::ClientContext c;
  const grpc::Status status = write_->UpsertNodes(&c, r, &response);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(GraphDump(), before);
}

TEST_F(ErrorsTest, OversizedPageSizeIsReducedNotRefused) {
  v1::ListNodesRequest r;
  r.set_kind(v1::NODE_KIND_REMARK);
  r.set_page_size(1'000'000);
  v1::ListNodesResponse response;
  grpc::ClientContext c;
  ASSERT_TRUE(graph_->ListNodes(&c, r, &response).ok());
  EXPECT_EQ(response.nodes_size(), 5);
  EXPECT_TRUE(response.next_page_token().empty());
}

TEST_F(ErrorsTest, AnExpiredDeadlineIsDeadlineExceeded) {
  // A star of 60,000 remarks around one decision: a walk over it takes
  // longer than the 1 ms deadline.
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;
  for (int i = 0; i < 60000; ++i) {
    const std::string name = "meetings/c-1/remarks/s" + std::to_string(i);
    nodes.push_back(MakeNode(name));
    edges.push_back(MakeEdge(name, v1::EDGE_KIND_REFERENCES, "meetings/c-1/items/d1"));
    if (nodes.size() == 1000) {
      ASSERT_TRUE(Upsert(nodes, {}).ok());
      nodes.clear();
    }
    if (edges.size() == 10000) {
      ASSERT_TRUE(Upsert({}, edges).ok());
      edges.clear();
    }
  }
  v1::TraverseRequest r;
  r.add_seeds("meetings/c-1/items/d1");
  r.add_steps()->set_direction(v1::DIRECTION_INCOMING);
  r.add_steps()->set_direction(v1::DIRECTION_BOTH);
  r.mutable_budget()->set_max_nodes(100000);
  grpc::ClientContext c;
  c.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(1));
  auto reader = graph_->Traverse(&c, r);
  v1::TraverseResponse message;
  while (reader->Read(&message)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server is still healthy and answers the next call.
  v1::GetNodeRequest get;
  get.set_name("meetings/c-1/items/d1");
  v1::GetNodeResponse node;
  EXPECT_TRUE(graph_->GetNode(Context().get(), get, &node).ok());
}

}  // namespace
}  // namespace remarkgraph::e2e
