// Every rpc of GraphService and WriteService over loopback, with paging to
// the end.
#include <set>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/e2e/e2e_fixture.h"

namespace remarkgraph::e2e {
namespace {

class ApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    StartServer();
    WriteSampleGraph();
  }
};

TEST_F(ApiTest, GetNodeReturnsTypedDetails) {
  v1::GetNodeRequest request;
  request.set_name("meetings/c-1/items/d1");
  v1::GetNodeResponse response;
  ASSERT_TRUE(graph_->GetNode(Context().get(), request, &response).ok());
  EXPECT_EQ(response.node().kind(), v1::NODE_KIND_ITEM);
  EXPECT_EQ(response.node().title(), "Next strategy (draft)");
  EXPECT_EQ(response.node().item().item_kind(), v1::ITEM_KIND_DECISION);
  EXPECT_EQ(response.node().item().outcome(), v1::ITEM_OUTCOME_ADOPTED);

  request.set_name("meetings/c-1");
  ASSERT_TRUE(graph_->GetNode(Context().get(), request, &response).ok());
  EXPECT_EQ(response.node().meeting().date(), "2024-04-10");
}

TEST_F(ApiTest, BatchGetIsInRequestOrderAndAllOrNothing) {
  v1::BatchGetNodesRequest request;
  for (const char* name : {"people/baba", "bodies/council", "people/baba"}) request.add_names(name);
  v1::BatchGetNodesResponse response;
  ASSERT_TRUE(graph_->BatchGetNodes(Context().get(), request, &response).ok());
  ASSERT_EQ(response.nodes_size(), 3);
  EXPECT_EQ(response.nodes(0).name(), "people/baba");
  EXPECT_EQ(response.nodes(1).name(), "bodies/council");
  EXPECT_EQ(response.nodes(2).name(), "people/baba");

  request.add_names("people/nobody");
  const grpc::Status status = graph_->BatchGetNodes(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "node \"people/nobody\" not found");
  // The request field is in the ErrorInfo (NOT_FOUND keeps one wording).
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::ErrorInfo info;
  ASSERT_GE(details.details_size(), 1);
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.metadata().at("field"), "names[3]");
}

TEST_F(ApiTest, ListNodesPagesToTheEndWithoutGapsOrRepeats) {
  // 40 more people, listed 7 at a time.
  std::vector<v1::Node> people;
  for (int i = 0; i < 40; ++i) people.push_back(MakeNode("people/p" + std::to_string(100 + i)));
  ASSERT_TRUE(Upsert(people, {}).ok());
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    v1::ListNodesRequest request;
    request.set_kind(v1::NODE_KIND_PERSON);
    request.set_page_size(7);
    request.set_page_token(token);
    v1::ListNodesResponse response;
    const grpc::Status status = graph_->ListNodes(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(response.nodes_size(), 7);
    for (const v1::Node& node : response.nodes()) seen.push_back(node.name());
    token = response.next_page_token();
    ASSERT_LT(++pages, 20);
  } while (!token.empty());
  EXPECT_EQ(seen.size(), 42u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
}

TEST_F(ApiTest, ListNodesFilters) {
  auto list = [&](v1::ListNodesRequest request) {
    v1::ListNodesResponse response;
    const grpc::Status status = graph_->ListNodes(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const v1::Node& n : response.nodes()) names.push_back(n.name());
    return names;
  };
  v1::ListNodesRequest by_meeting;
  by_meeting.set_kind(v1::NODE_KIND_REMARK);
  by_meeting.set_meeting("meetings/c-2");
  EXPECT_EQ(list(by_meeting), std::vector<std::string>{"meetings/c-2/remarks/1"});

  v1::ListNodesRequest by_person;
  by_person.set_kind(v1::NODE_KIND_REMARK);
  by_person.set_person("people/aoki");
  EXPECT_EQ(list(by_person).size(), 2u);

  v1::ListNodesRequest by_date;
  by_date.set_kind(v1::NODE_KIND_MEETING);
  by_date.set_start_date("2024-05-01");
  EXPECT_EQ(list(by_date), std::vector<std::string>{"meetings/c-2"});

  v1::ListNodesRequest by_body_and_date;
  by_body_and_date.set_kind(v1::NODE_KIND_REMARK);
  by_body_and_date.set_body("bodies/council");
  by_body_and_date.set_end_date("2024-04-30");
  EXPECT_EQ(list(by_body_and_date).size(), 4u);

  v1::ListNodesRequest attendees;
  attendees.set_kind(v1::NODE_KIND_PERSON);
  attendees.set_meeting("meetings/c-2");
  EXPECT_EQ(list(attendees), std::vector<std::string>{"people/baba"});
}

TEST_F(ApiTest, ListEdgesPagesThroughBothDirections) {
  std::vector<std::string> seen;
  std::string token;
  do {
    v1::ListEdgesRequest request;
    request.set_name("meetings/c-1");
    request.set_direction(v1::DIRECTION_BOTH);
    request.set_page_size(3);
    request.set_page_token(token);
    v1::ListEdgesResponse response;
    const grpc::Status status = graph_->ListEdges(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const v1::Edge& e : response.edges()) {
      seen.push_back(e.source() + " " + v1::EdgeKind_Name(e.kind()) + " " + e.target());
    }
    token = response.next_page_token();
  } while (!token.empty());
  // Out: HELD_BY, 2 HAS_ITEM. In: 2 ATTENDED, 4 IN_MEETING.
  EXPECT_EQ(seen.size(), 9u);
  EXPECT_EQ(seen.front(), "meetings/c-1 EDGE_KIND_HELD_BY bodies/council");
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 9u);

  v1::ListEdgesRequest only;
  only.set_name("meetings/c-1/items/d1");
  only.set_direction(v1::DIRECTION_INCOMING);
  only.add_kinds(v1::EDGE_KIND_REFERENCES);
  v1::ListEdgesResponse response;
  ASSERT_TRUE(graph_->ListEdges(Context().get(), only, &response).ok());
  ASSERT_EQ(response.edges_size(), 2);
  EXPECT_EQ(response.edges(0).stance(), v1::STANCE_SUPPORT);
  EXPECT_EQ(response.edges(1).stance(), v1::STANCE_CONCERN);
}

TEST_F(ApiTest, TraverseStreamsHitsThenASummary) {
  // What did Baba say about which items? person <-SPOKEN_BY- remark -REFERENCES-> item
  v1::TraverseRequest request;
  request.add_seeds("people/baba");
  v1::TraversalStep* spoken = request.add_steps();
  spoken->set_direction(v1::DIRECTION_INCOMING);
  spoken->add_edge_kinds(v1::EDGE_KIND_SPOKEN_BY);
  v1::TraversalStep* refs = request.add_steps();
  refs->set_direction(v1::DIRECTION_OUTGOING);
  refs->add_edge_kinds(v1::EDGE_KIND_REFERENCES);
  auto context = Context();
  auto reader = graph_->Traverse(context.get(), request);
  v1::TraverseResponse message;
  std::vector<std::pair<int, std::string>> hits;
  int summaries = 0;
  while (reader->Read(&message)) {
    if (message.has_hit()) {
      hits.emplace_back(message.hit().depth(), message.hit().node().name());
      EXPECT_TRUE(message.hit().has_via());
    } else {
      ++summaries;
      EXPECT_FALSE(message.summary().truncated());
      EXPECT_GT(message.summary().edges_scanned(), 0);
    }
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(summaries, 1);
  std::set<std::string> depth2;
  for (const auto& [depth, name] : hits) {
    if (depth == 2) depth2.insert(name);
  }
  // Baba spoke remarks 2 and 4 of c-1 and the remark of c-2.
  EXPECT_EQ(depth2, (std::set<std::string>{"meetings/c-1/items/d1", "meetings/c-1/items/r1",
                                           "matters/next-strategy"}));
}

// The hits of a Traverse stream, in order, and the number of messages that
// carried them.
struct Streamed {
  std::vector<std::string> names;
  int hit_messages = 0;
  int summaries = 0;
  grpc::Status status;
};

Streamed ReadTraverse(v1::GraphService::Stub& graph, const v1::TraverseRequest& request,
                      grpc::ClientContext* context) {
  Streamed out;
  auto reader = graph.Traverse(context, request);
  v1::TraverseResponse message;
  while (reader->Read(&message)) {
    if (message.has_hit()) {
      ++out.hit_messages;
      out.names.push_back(message.hit().node().name());
    } else if (message.has_hits()) {
      ++out.hit_messages;
      EXPECT_GT(message.hits().hits_size(), 0);
      for (const v1::TraversalHit& hit : message.hits().hits()) {
        out.names.push_back(hit.node().name());
      }
    } else if (message.has_summary()) {
      ++out.summaries;
    }
  }
  out.status = reader->Finish();
  return out;
}

TEST_F(ApiTest, TraverseBatchesHitsWhenAskedAndKeepsTheirOrder) {
  // Everything within two hops of the council's first meeting.
  v1::TraverseRequest request;
  request.add_seeds("meetings/c-1");
  request.set_include_seeds(true);
  request.add_steps()->set_direction(v1::DIRECTION_BOTH);
  request.add_steps()->set_direction(v1::DIRECTION_BOTH);
  const Streamed single = ReadTraverse(*graph_, request, Context().get());
  ASSERT_TRUE(single.status.ok()) << single.status.error_message();
  ASSERT_GT(single.names.size(), 6u);
  // Without hits_per_message, one hit per message, as older clients expect.
  EXPECT_EQ(single.hit_messages, static_cast<int>(single.names.size()));
  EXPECT_EQ(single.summaries, 1);

  request.set_hits_per_message(3);
  const Streamed batched = ReadTraverse(*graph_, request, Context().get());
  ASSERT_TRUE(batched.status.ok()) << batched.status.error_message();
  EXPECT_EQ(batched.names, single.names);
  EXPECT_EQ(batched.hit_messages, static_cast<int>((single.names.size() + 2) / 3));
  EXPECT_EQ(batched.summaries, 1);

  request.set_hits_per_message(1000);
  const Streamed whole = ReadTraverse(*graph_, request, Context().get());
  EXPECT_EQ(whole.names, single.names);
  EXPECT_EQ(whole.hit_messages, 1);

  request.set_hits_per_message(1001);
  const Streamed refused = ReadTraverse(*graph_, request, Context().get());
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(refused.status.error_message().find("hits_per_message"), std::string::npos)
      << refused.status.error_message();
  EXPECT_TRUE(refused.names.empty());
  request.set_hits_per_message(-1);
  EXPECT_EQ(ReadTraverse(*graph_, request, Context().get()).status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ApiTest, FindPathsConnectsARemarkToADecisionThroughAnother) {
  v1::FindPathsRequest request;
  request.set_source("meetings/c-1/remarks/4");
  request.set_target("people/aoki");
  request.add_edge_kinds(v1::EDGE_KIND_REPLIES_TO);
  request.add_edge_kinds(v1::EDGE_KIND_SPOKEN_BY);
  v1::FindPathsResponse response;
  ASSERT_TRUE(graph_->FindPaths(Context().get(), request, &response).ok());
  ASSERT_EQ(response.paths_size(), 1);
  const v1::Path& path = response.paths(0);
  ASSERT_EQ(path.nodes_size(), 3);
  EXPECT_EQ(path.nodes(1), "meetings/c-1/remarks/3");
  EXPECT_EQ(path.edges(0).kind(), v1::EDGE_KIND_REPLIES_TO);

  request.clear_edge_kinds();
  request.add_edge_kinds(v1::EDGE_KIND_HELD_BY);
  ASSERT_TRUE(graph_->FindPaths(Context().get(), request, &response).ok());
  EXPECT_EQ(response.paths_size(), 0);
}

TEST_F(ApiTest, DossierGroupsRemarksByMeetingWithStances) {
  v1::GetDossierRequest request;
  request.set_name("matters/next-strategy");
  v1::GetDossierResponse response;
  const grpc::Status status = graph_->GetDossier(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.subject().name(), "matters/next-strategy");
  EXPECT_EQ(response.total_remarks(), 3);
  EXPECT_EQ(response.total_meetings(), 2);
  ASSERT_EQ(response.meetings_size(), 2);
  EXPECT_EQ(response.meetings(0).meeting().name(), "meetings/c-2");  // newest first
  ASSERT_EQ(response.meetings(1).remarks_size(), 2);
  EXPECT_EQ(response.meetings(1).remarks(0).speaker(), "people/aoki");
  EXPECT_EQ(response.meetings(1).remarks(0).speaker_title(), "Aoki Ren");
  std::map<v1::Stance, int64_t> stances;
  for (const v1::StanceCount& s : response.stances()) stances[s.stance()] = s.count();
  EXPECT_EQ(stances[v1::STANCE_SUPPORT], 1);
  EXPECT_EQ(stances[v1::STANCE_CONCERN], 1);
}

TEST_F(ApiTest, DossierPagesToTheEnd) {
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    v1::GetDossierRequest request;
    request.set_name("matters/next-strategy");
    request.set_page_size(1);
    request.set_page_token(token);
    v1::GetDossierResponse response;
    const grpc::Status status = graph_->GetDossier(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const auto& meeting : response.meetings()) {
      for (const auto& remark : meeting.remarks()) seen.insert(remark.remark().name());
    }
    token = response.next_page_token();
    ASSERT_LT(++pages, 10);
  } while (!token.empty());
  EXPECT_EQ(seen.size(), 3u);
}

TEST_F(ApiTest, SearchFindsRemarksByTextWithFilters) {
  v1::SearchRemarksRequest request;
  request.set_query("STRATEGY");
  v1::SearchRemarksResponse response;
  ASSERT_TRUE(graph_->SearchRemarks(Context().get(), request, &response).ok());
  EXPECT_EQ(response.hits_size(), 3);
  for (const v1::SearchHit& hit : response.hits()) {
    EXPECT_NE(hit.snippet().find("strategy"), std::string::npos) << hit.snippet();
  }
  request.set_person("people/baba");
  ASSERT_TRUE(graph_->SearchRemarks(Context().get(), request, &response).ok());
  EXPECT_EQ(response.hits_size(), 2);
  request.set_start_date("2024-05-01");
  ASSERT_TRUE(graph_->SearchRemarks(Context().get(), request, &response).ok());
  ASSERT_EQ(response.hits_size(), 1);
  EXPECT_EQ(response.hits(0).remark().name(), "meetings/c-2/remarks/1");
}

TEST_F(ApiTest, UpsertIsIdempotentAndDeleteCascades) {
  v1::UpsertNodesRequest again;
  *again.add_nodes() = MakeNode("people/aoki", "Aoki Ren");
  v1::UpsertNodesResponse upserted;
  ASSERT_TRUE(write_->UpsertNodes(Context().get(), again, &upserted).ok());
  EXPECT_EQ(upserted.created(), 0);
  EXPECT_EQ(upserted.updated(), 1);

  v1::DeleteEdgesRequest delete_edge;
  v1::EdgeKey* key = delete_edge.add_edges();
  key->set_source("meetings/c-1/remarks/4");
  key->set_target("meetings/c-1/remarks/3");
  key->set_kind(v1::EDGE_KIND_REPLIES_TO);
  v1::DeleteEdgesResponse deleted_edges;
  ASSERT_TRUE(write_->DeleteEdges(Context().get(), delete_edge, &deleted_edges).ok());
  EXPECT_EQ(deleted_edges.deleted(), 1);

  v1::DeleteNodesRequest delete_person;
  delete_person.add_names("people/aoki");
  v1::DeleteNodesResponse deleted;
  ASSERT_TRUE(write_->DeleteNodes(Context().get(), delete_person, &deleted).ok());
  EXPECT_EQ(deleted.deleted_nodes(), 1);
  EXPECT_EQ(deleted.deleted_edges(), 3);  // ATTENDED + 2 SPOKEN_BY
  v1::GetNodeRequest get;
  get.set_name("people/aoki");
  v1::GetNodeResponse node;
  EXPECT_EQ(graph_->GetNode(Context().get(), get, &node).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace remarkgraph::e2e
