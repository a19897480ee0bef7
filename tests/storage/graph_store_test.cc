// The RocksDB GraphStore on a real database on disk.
#include "storage/graph_store.h"

#include <string>
#include <vector>

#include "common/strings.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph::storage {
namespace {

NodeRecord Node(const std::string& name, const std::string& title = "",
                const std::string& text = "") {
  NodeRecord record;
  record.set_name(name);
  record.set_title(title);
  record.set_text(text);
  return record;
}

EdgeRecord WithStance(Stance stance) {
  EdgeRecord record;
  record.set_stance(static_cast<uint32_t>(stance));
  return record;
}

class GraphStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    auto store = OpenGraphStore(dir_.Sub("db"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  void Reopen() {
    ASSERT_TRUE(store_->Close().ok());
    store_.reset();
    Open();
  }

  // A meeting with an item and two remarks, one referencing the item.
  void Seed() {
    Mutation m;
    m.UpsertNode(Node("meetings/m1", "First meeting"));
    m.UpsertNode(Node("meetings/m1/items/d1", "A strategy (draft)"));
    m.UpsertNode(Node("meetings/m1/remarks/1", "", "I support the draft strategy."));
    m.UpsertNode(Node("meetings/m1/remarks/2", "", "The budget is a concern."));
    m.UpsertEdge("meetings/m1", EdgeKind::kHasItem, "meetings/m1/items/d1", {});
    m.UpsertEdge("meetings/m1/remarks/1", EdgeKind::kReferences,
                 "meetings/m1/items/d1", WithStance(Stance::kSupport));
    m.UpsertEdge("meetings/m1/remarks/1", EdgeKind::kInMeeting, "meetings/m1", {});
    m.UpsertEdge("meetings/m1/remarks/2", EdgeKind::kInMeeting, "meetings/m1", {});
    auto result = store_->Apply(m);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->nodes_created, 4);
    EXPECT_EQ(result->edges_created, 4);
  }

  NodeId Id(const std::string& name) {
    auto id = store_->Snapshot()->Resolve(name);
    EXPECT_TRUE(id.ok() && id->has_value()) << name;
    return id.ok() && id->has_value() ? **id : kNoNode;
  }

  std::vector<std::pair<EdgeKind, NodeId>> Edges(const std::string& name,
                                                 EdgeDirection direction) {
    std::vector<std::pair<EdgeKind, NodeId>> edges;
    auto snapshot = store_->Snapshot();
    auto scanned = snapshot->ScanEdges(Id(name), direction, std::nullopt,
                                       std::nullopt, [&](const EdgeEntry& e) {
                                         edges.emplace_back(e.kind, e.neighbor);
                                         return true;
                                       });
    EXPECT_TRUE(scanned.ok()) << scanned.status();
    return edges;
  }

  std::vector<NodeId> Search(const std::string& text) {
    std::vector<NodeId> ids;
    auto status = store_->Snapshot()->ScanTextCandidates(
        NormalizeForSearch(text), 0, [&](NodeId id) {
          ids.push_back(id);
          return true;
        });
    EXPECT_TRUE(status.ok()) << status;
    return ids;
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<GraphStore> store_;
};

TEST_F(GraphStoreTest, CreatesReadsAndUpdatesNodes) {
  Seed();
  auto snapshot = store_->Snapshot();
  auto node = snapshot->GetNode(Id("meetings/m1/items/d1"));
  ASSERT_TRUE(node.ok() && node->has_value());
  EXPECT_EQ((*node)->title(), "A strategy (draft)");
  EXPECT_EQ((*node)->kind(), static_cast<uint32_t>(NodeKind::kItem));

  Mutation update;
  update.UpsertNode(Node("meetings/m1/items/d1", "A strategy"));
  auto result = store_->Apply(update);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->nodes_updated, 1);
  EXPECT_EQ(result->nodes_created, 0);
  // The old snapshot still sees the old title; a new one the new title.
  EXPECT_EQ((*snapshot->GetNode(Id("meetings/m1/items/d1")))->title(),
            "A strategy (draft)");
  EXPECT_EQ((*store_->Snapshot()->GetNode(Id("meetings/m1/items/d1")))->title(),
            "A strategy");
  // An updated node keeps its edges.
  EXPECT_EQ(Edges("meetings/m1/items/d1", EdgeDirection::kIncoming).size(), 2u);
  EXPECT_EQ(store_->Stats().nodes, 4);
}

TEST_F(GraphStoreTest, EdgesAreStoredBothWaysInKindOrder) {
  Seed();
  const auto out = Edges("meetings/m1/remarks/1", EdgeDirection::kOutgoing);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].first, EdgeKind::kInMeeting);  // 5 before 7
  EXPECT_EQ(out[1].first, EdgeKind::kReferences);
  const auto in = Edges("meetings/m1/items/d1", EdgeDirection::kIncoming);
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0], std::make_pair(EdgeKind::kHasItem, Id("meetings/m1")));
  EXPECT_EQ(in[1], std::make_pair(EdgeKind::kReferences, Id("meetings/m1/remarks/1")));

  auto edge = store_->Snapshot()->GetEdge(Id("meetings/m1/remarks/1"),
                                          EdgeKind::kReferences,
                                          Id("meetings/m1/items/d1"));
  ASSERT_TRUE(edge.ok() && edge->has_value());
  EXPECT_EQ((*edge)->stance(), static_cast<uint32_t>(Stance::kSupport));
}

TEST_F(GraphStoreTest, ScanResumesAfterACursorAndFiltersByKind) {
  Mutation m;
  m.UpsertNode(Node("meetings/m"));
  m.UpsertNode(Node("meetings/m/items/1"));
  for (int i = 0; i < 10; ++i) {
    const std::string remark = "meetings/m/remarks/" + std::to_string(i);
    m.UpsertNode(Node(remark));
    m.UpsertEdge(remark, EdgeKind::kReferences, "meetings/m/items/1", {});
    m.UpsertEdge(remark, EdgeKind::kInMeeting, "meetings/m", {});
  }
  ASSERT_TRUE(store_->Apply(m).ok());
  auto snapshot = store_->Snapshot();
  const NodeId item = Id("meetings/m/items/1");
  std::vector<NodeId> first, rest;
  ASSERT_TRUE(snapshot
                  ->ScanEdges(item, EdgeDirection::kIncoming, EdgeKind::kReferences,
                              std::nullopt,
                              [&](const EdgeEntry& e) {
                                first.push_back(e.neighbor);
                                return first.size() < 4;
                              })
                  .ok());
  ASSERT_EQ(first.size(), 4u);
  ASSERT_TRUE(snapshot
                  ->ScanEdges(item, EdgeDirection::kIncoming, EdgeKind::kReferences,
                              EdgeCursor{EdgeKind::kReferences, first.back()},
                              [&](const EdgeEntry& e) {
                                rest.push_back(e.neighbor);
                                return true;
                              })
                  .ok());
  EXPECT_EQ(rest.size(), 6u);
  EXPECT_GT(rest.front(), first.back());
  // The meeting's incoming REFERENCES are none: kinds do not mix.
  auto none = snapshot->ScanEdges(Id("meetings/m"), EdgeDirection::kIncoming,
                                  EdgeKind::kReferences, std::nullopt,
                                  [](const EdgeEntry&) { return true; });
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
}

TEST_F(GraphStoreTest, DeleteCascadesToEdgesOnBothSides) {
  Seed();
  Mutation m;
  m.DeleteNode("meetings/m1/items/d1");
  auto result = store_->Apply(m);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->nodes_deleted, 1);
  EXPECT_EQ(result->edges_deleted, 2);
  auto snapshot = store_->Snapshot();
  EXPECT_FALSE(snapshot->Resolve("meetings/m1/items/d1")->has_value());
  // Neither copy of the deleted edges is left at the other endpoints.
  EXPECT_EQ(Edges("meetings/m1/remarks/1", EdgeDirection::kOutgoing).size(), 1u);
  EXPECT_TRUE(Edges("meetings/m1", EdgeDirection::kOutgoing).empty());
  EXPECT_EQ(store_->Stats().edges, 2);
  EXPECT_EQ(store_->Stats().nodes, 3);
  // The name is free again, and the kind index forgot it.
  int items = 0;
  ASSERT_TRUE(snapshot->ScanKind(NodeKind::kItem, "", [&](std::string_view, NodeId) {
    ++items;
    return true;
  }).ok());
  EXPECT_EQ(items, 0);
}

TEST_F(GraphStoreTest, SelfLoopsAreCountedAndDeletedOnce) {
  Mutation m;
  m.UpsertNode(Node("meetings/m/remarks/1"));
  m.UpsertEdge("meetings/m/remarks/1", EdgeKind::kRefersTo, "meetings/m/remarks/1", {});
  ASSERT_TRUE(store_->Apply(m).ok());
  Mutation d;
  d.DeleteNode("meetings/m/remarks/1");
  auto result = store_->Apply(d);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->edges_deleted, 1);
  EXPECT_EQ(store_->Stats().edges, 0);
}

TEST_F(GraphStoreTest, AFailingMutationWritesNothing) {
  Seed();
  const StoreStats before = store_->Stats();
  Mutation m;
  m.UpsertNode(Node("meetings/m2", "Second"));
  m.UpsertNode(Node("meetings/m2/remarks/1", "", "new words"));
  m.UpsertEdge("meetings/m2/remarks/1", EdgeKind::kReferences,
               "meetings/m1/items/missing", {});  // Fails: no such target.
  auto result = store_->Apply(m);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(result.status().message().find("meetings/m1/items/missing"),
            std::string_view::npos);
  EXPECT_EQ(result.status().GetPayload(Sv(kOperationIndexPayload))->Flatten(), "2");
  auto snapshot = store_->Snapshot();
  EXPECT_FALSE(snapshot->Resolve("meetings/m2")->has_value());
  EXPECT_TRUE(Search("new words").empty());
  EXPECT_EQ(store_->Stats().nodes, before.nodes);
  EXPECT_EQ(store_->Stats().last_change_sequence, before.last_change_sequence);
  // Ids are not consumed by the failed write.
  Mutation ok;
  ok.UpsertNode(Node("meetings/m3"));
  ASSERT_TRUE(store_->Apply(ok).ok());
  EXPECT_EQ(Id("meetings/m3"), 5u);
}

TEST_F(GraphStoreTest, RejectsEdgesWhoseEndpointsDoNotFitTheKind) {
  Seed();
  Mutation m;
  m.UpsertEdge("meetings/m1/items/d1", EdgeKind::kSpokenBy, "meetings/m1", {});
  auto result = store_->Apply(m);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("REMARK -> PERSON"), std::string_view::npos)
      << result.status();
}

TEST_F(GraphStoreTest, RejectsAKindThatContradictsTheName) {
  NodeRecord record = Node("meetings/m9");
  record.set_kind(static_cast<uint32_t>(NodeKind::kPerson));
  Mutation m;
  m.UpsertNode(record);
  auto result = store_->Apply(m);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(GraphStoreTest, DeletingAMissingNodeIsNotFoundUnlessAllowed) {
  Mutation m;
  m.DeleteNode("people/nobody");
  EXPECT_EQ(store_->Apply(m).status().code(), absl::StatusCode::kNotFound);
  Mutation allowed;
  allowed.DeleteNode("people/nobody", /*allow_missing=*/true);
  EXPECT_TRUE(store_->Apply(allowed).ok());
}

TEST_F(GraphStoreTest, LaterOperationsSeeEarlierOnesInTheSameMutation) {
  Mutation m;
  m.UpsertNode(Node("meetings/a/remarks/1", "", "first text"));
  m.UpsertNode(Node("meetings/a/remarks/1", "", "second text"));  // replaces
  m.UpsertNode(Node("meetings/a/remarks/2"));
  m.UpsertEdge("meetings/a/remarks/2", EdgeKind::kRepliesTo, "meetings/a/remarks/1", {});
  m.DeleteNode("meetings/a/remarks/2");  // takes the staged edge with it
  auto result = store_->Apply(m);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->nodes_created, 2);
  EXPECT_EQ(result->nodes_updated, 1);
  EXPECT_EQ(store_->Stats().nodes, 1);
  EXPECT_EQ(store_->Stats().edges, 0);
  EXPECT_TRUE(Edges("meetings/a/remarks/1", EdgeDirection::kIncoming).empty());
  EXPECT_TRUE(Search("first").empty());
  EXPECT_EQ(Search("second").size(), 1u);
}

// Names, the kind index and, past the last node deletion, incoming edges
// skip the batch's index while staging: a name deleted and created again,
// and an edge upserted then deleted after it, must still end as staged.
TEST_F(GraphStoreTest, NamesAndEdgesStagedAfterTheLastDeletionEndAsStaged) {
  Seed();
  const NodeId old_item = Id("meetings/m1/items/d1");
  Mutation m;
  m.DeleteNode("meetings/m1/items/d1");
  m.UpsertNode(Node("meetings/m1/items/d1", "A strategy (final)"));
  m.UpsertEdge("meetings/m1", EdgeKind::kHasItem, "meetings/m1/items/d1", {});
  m.UpsertEdge("meetings/m1/remarks/2", EdgeKind::kReferences, "meetings/m1/items/d1", {});
  m.DeleteEdge("meetings/m1/remarks/2", EdgeKind::kReferences, "meetings/m1/items/d1");
  m.UpsertEdge("meetings/m1/remarks/2", EdgeKind::kRepliesTo, "meetings/m1/remarks/1", {});
  auto result = store_->Apply(m);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->nodes_deleted, 1);
  EXPECT_EQ(result->nodes_created, 1);
  const NodeId item = Id("meetings/m1/items/d1");
  EXPECT_NE(item, old_item);
  EXPECT_EQ(Edges("meetings/m1/items/d1", EdgeDirection::kIncoming),
            (std::vector<std::pair<EdgeKind, NodeId>>{{EdgeKind::kHasItem, Id("meetings/m1")}}));
  EXPECT_EQ(Edges("meetings/m1/remarks/1", EdgeDirection::kIncoming),
            (std::vector<std::pair<EdgeKind, NodeId>>{
                {EdgeKind::kRepliesTo, Id("meetings/m1/remarks/2")}}));
  EXPECT_EQ(Edges("meetings/m1/remarks/2", EdgeDirection::kOutgoing).size(), 2u);
  EXPECT_EQ(store_->Stats().nodes, 4);
  EXPECT_EQ(store_->Stats().edges, 4);
  std::vector<NodeId> items;
  ASSERT_TRUE(store_->Snapshot()
                  ->ScanKind(NodeKind::kItem, "",
                             [&](std::string_view, NodeId id) {
                               items.push_back(id);
                               return true;
                             })
                  .ok());
  EXPECT_EQ(items, std::vector<NodeId>{item});
  Reopen();
  EXPECT_EQ(Id("meetings/m1/items/d1"), item);
  EXPECT_EQ(Edges("meetings/m1/items/d1", EdgeDirection::kIncoming).size(), 1u);
}

TEST_F(GraphStoreTest, TextIndexFindsJapaneseAndFollowsUpdates) {
  Mutation m;
  m.UpsertNode(Node("meetings/m/remarks/1", "", "次期戦略（案）に賛成する。"));
  m.UpsertNode(Node("meetings/m/remarks/2", "", "ＤＸの推進が重要である。"));
  m.UpsertNode(Node("meetings/m/remarks/3", "", "戦略の実行が課題だ。"));
  ASSERT_TRUE(store_->Apply(m).ok());
  EXPECT_EQ(Search("戦略").size(), 2u);
  EXPECT_EQ(Search("戦略(案)").size(), 1u);  // NFKC: （案） == (案)
  EXPECT_EQ(Search("dx").size(), 1u);        // NFKC + case folding
  EXPECT_TRUE(Search("存在しない語").empty());
  Mutation update;
  update.UpsertNode(Node("meetings/m/remarks/3", "", "実行フェーズに入る。"));
  ASSERT_TRUE(store_->Apply(update).ok());
  EXPECT_EQ(Search("戦略").size(), 1u);
  EXPECT_EQ(Search("フェーズ").size(), 1u);
}

TEST_F(GraphStoreTest, DataSurvivesCloseAndReopen) {
  Seed();
  const StoreStats before = store_->Stats();
  Reopen();
  EXPECT_EQ(store_->Stats().nodes, before.nodes);
  EXPECT_EQ(store_->Stats().edges, before.edges);
  EXPECT_EQ(store_->Stats().last_change_sequence, before.last_change_sequence);
  EXPECT_EQ(Edges("meetings/m1/items/d1", EdgeDirection::kIncoming).size(), 2u);
  EXPECT_EQ(Search("draft strategy").size(), 1u);
  // New ids continue after the old ones.
  Mutation m;
  m.UpsertNode(Node("people/someone"));
  auto result = store_->Apply(m);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->upserted_ids[0], 5u);
}

TEST_F(GraphStoreTest, ChangeLogRecordsEveryOperationInOrder) {
  Seed();
  auto changes = store_->ReadChanges(0, 100);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 8u);
  EXPECT_EQ((*changes)[0].first, 1u);
  EXPECT_EQ((*changes)[0].second.op(), ChangeRecord::OP_UPSERT_NODE);
  EXPECT_EQ((*changes)[0].second.name(), "meetings/m1");
  EXPECT_EQ((*changes)[7].second.op(), ChangeRecord::OP_UPSERT_EDGE);
  auto tail = store_->ReadChanges(6, 100);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(tail->size(), 2u);
}

TEST_F(GraphStoreTest, ListsAKindInNameOrderFromACursor) {
  Mutation m;
  for (const char* id : {"c", "a", "b", "d"}) m.UpsertNode(Node(std::string("people/") + id));
  m.UpsertNode(Node("meetings/a"));
  ASSERT_TRUE(store_->Apply(m).ok());
  std::vector<std::string> names;
  ASSERT_TRUE(store_->Snapshot()
                  ->ScanKind(NodeKind::kPerson, "people/a",
                             [&](std::string_view name, NodeId) {
                               names.emplace_back(name);
                               return true;
                             })
                  .ok());
  EXPECT_EQ(names, (std::vector<std::string>{"people/b", "people/c", "people/d"}));
}

TEST_F(GraphStoreTest, GetNodesAnswersInRequestOrder) {
  Seed();
  auto snapshot = store_->Snapshot();
  const NodeId a = Id("meetings/m1/remarks/2"), b = Id("meetings/m1");
  auto nodes = snapshot->GetNodes({a, 999, b, a});
  ASSERT_TRUE(nodes.ok());
  ASSERT_EQ(nodes->size(), 4u);
  EXPECT_EQ((*nodes)[0]->name(), "meetings/m1/remarks/2");
  EXPECT_FALSE((*nodes)[1].has_value());
  EXPECT_EQ((*nodes)[2]->name(), "meetings/m1");
  EXPECT_EQ((*nodes)[3]->name(), "meetings/m1/remarks/2");
}

TEST_F(GraphStoreTest, ASecondProcessCannotOpenALockedDatabase) {
  auto second = OpenGraphStore(dir_.Sub("db"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
}

}  // namespace
}  // namespace remarkgraph::storage
