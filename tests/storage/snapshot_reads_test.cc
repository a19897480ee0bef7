// Read paths of the RocksDB GraphStore that queries lean on for speed: edge
// iterators reused across scans of one snapshot, batched name resolution,
// compaction, and snapshots that never see part of a write.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/graph_store.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph::storage {
namespace {

NodeRecord Node(const std::string& name) {
  NodeRecord record;
  record.set_name(name);
  return record;
}

class SnapshotReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenGraphStore(dir_.Sub("db"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  void Apply(const Mutation& m) {
    auto result = store_->Apply(m);
    ASSERT_TRUE(result.ok()) << result.status();
  }

  NodeId Id(GraphSnapshot& snapshot, const std::string& name) {
    auto id = snapshot.Resolve(name);
    EXPECT_TRUE(id.ok() && id->has_value()) << name;
    return id.ok() && id->has_value() ? **id : kNoNode;
  }

  // (kind, neighbor) of every edge of `node` in `direction`, from `after`.
  std::vector<std::pair<EdgeKind, NodeId>> Scan(
      GraphSnapshot& snapshot, NodeId node, EdgeDirection direction,
      std::optional<EdgeKind> kind = std::nullopt,
      std::optional<EdgeCursor> after = std::nullopt) {
    std::vector<std::pair<EdgeKind, NodeId>> out;
    auto visited = snapshot.ScanEdges(node, direction, kind, after,
                                      [&](const EdgeEntry& e) {
                                        out.emplace_back(e.kind, e.neighbor);
                                        return true;
                                      });
    EXPECT_TRUE(visited.ok()) << visited.status();
    return out;
  }

  // People p0..p{n-1}, each ATTENDED meeting m and spoke remark r{i}.
  void Council(int n) {
    Mutation m;
    m.UpsertNode(Node("meetings/m"));
    for (int i = 0; i < n; ++i) {
      m.UpsertNode(Node(absl::StrCat("people/p", i)));
      m.UpsertNode(Node(absl::StrCat("meetings/m/remarks/r", i)));
      m.UpsertEdge(absl::StrCat("people/p", i), EdgeKind::kAttended, "meetings/m", {});
      m.UpsertEdge(absl::StrCat("meetings/m/remarks/r", i), EdgeKind::kSpokenBy,
                   absl::StrCat("people/p", i), {});
      m.UpsertEdge(absl::StrCat("meetings/m/remarks/r", i), EdgeKind::kInMeeting,
                   "meetings/m", {});
    }
    Apply(m);
  }

  remarkgraph::testing::ScopedTempDir dir_;
  std::unique_ptr<GraphStore> store_;
};

TEST_F(SnapshotReadsTest, ResolveNamesAnswersInRequestOrder) {
  Council(3);
  auto snapshot = store_->Snapshot();
  const std::vector<std::string> names = {"people/p2", "people/nobody",
                                          "meetings/m", "people/p2",
                                          "people/p0"};
  auto ids = snapshot->ResolveNames(names);
  ASSERT_TRUE(ids.ok()) << ids.status();
  ASSERT_EQ(ids->size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    auto one = snapshot->Resolve(names[i]);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ((*ids)[i], *one) << names[i];
  }
  EXPECT_FALSE((*ids)[1].has_value());
  auto none = snapshot->ResolveNames({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(SnapshotReadsTest, RepeatedScansOfOneSnapshotAgreeInAnyOrder) {
  Council(40);
  auto snapshot = store_->Snapshot();
  const NodeId meeting = Id(*snapshot, "meetings/m");
  // Forward, backward and interleaved with the other direction: every scan
  // re-seeks the snapshot's iterator and must see only its own node.
  std::vector<NodeId> people;
  for (int i = 0; i < 40; ++i) people.push_back(Id(*snapshot, absl::StrCat("people/p", i)));
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 39; i >= 0; --i) {
      const NodeId person = people[static_cast<size_t>(i)];
      const auto out = Scan(*snapshot, person, EdgeDirection::kOutgoing);
      ASSERT_EQ(out.size(), 1u);
      EXPECT_EQ(out[0], std::make_pair(EdgeKind::kAttended, meeting));
      const auto in = Scan(*snapshot, person, EdgeDirection::kIncoming, EdgeKind::kSpokenBy);
      ASSERT_EQ(in.size(), 1u);
      EXPECT_EQ(in[0].first, EdgeKind::kSpokenBy);
      // A kind the node does not have: nothing, not the next node's edges.
      EXPECT_TRUE(Scan(*snapshot, person, EdgeDirection::kOutgoing, EdgeKind::kCites).empty());
    }
  }
  const auto attendees = Scan(*snapshot, meeting, EdgeDirection::kIncoming, EdgeKind::kAttended);
  EXPECT_EQ(attendees.size(), 40u);
  const auto rest = Scan(*snapshot, meeting, EdgeDirection::kIncoming, EdgeKind::kAttended,
                         EdgeCursor{EdgeKind::kAttended, attendees[9].second});
  EXPECT_EQ(rest.size(), 30u);
  EXPECT_EQ(Scan(*snapshot, meeting, EdgeDirection::kIncoming).size(), 80u);
}

TEST_F(SnapshotReadsTest, AScanInsideAVisitDoesNotDisturbTheOuterScan) {
  Council(5);
  auto snapshot = store_->Snapshot();
  const NodeId meeting = Id(*snapshot, "meetings/m");
  int outer = 0, inner = 0;
  auto visited = snapshot->ScanEdges(
      meeting, EdgeDirection::kIncoming, EdgeKind::kInMeeting, std::nullopt,
      [&](const EdgeEntry& remark) {
        ++outer;
        // Same direction and another, on the same snapshot.
        inner += static_cast<int>(Scan(*snapshot, remark.neighbor, EdgeDirection::kOutgoing).size());
        inner += static_cast<int>(Scan(*snapshot, meeting, EdgeDirection::kIncoming).size());
        return true;
      });
  ASSERT_TRUE(visited.ok()) << visited.status();
  EXPECT_EQ(*visited, 5);
  EXPECT_EQ(outer, 5);
  EXPECT_EQ(inner, 5 * 2 + 5 * 10);
}

TEST_F(SnapshotReadsTest, ASnapshotKeepsItsViewWhileWritesGoOn) {
  Council(3);
  auto before = store_->Snapshot();
  const NodeId meeting = Id(*before, "meetings/m");
  // Prime the snapshot's iterators, then write.
  EXPECT_EQ(Scan(*before, meeting, EdgeDirection::kIncoming).size(), 6u);
  Mutation m;
  m.UpsertNode(Node("people/late"));
  m.UpsertEdge("people/late", EdgeKind::kAttended, "meetings/m", {});
  m.DeleteEdge("people/p0", EdgeKind::kAttended, "meetings/m");
  Apply(m);
  EXPECT_EQ(Scan(*before, meeting, EdgeDirection::kIncoming, EdgeKind::kAttended).size(), 3u);
  auto late = before->ResolveNames({"people/late"});
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE((*late)[0].has_value());
  auto after = store_->Snapshot();
  EXPECT_EQ(Scan(*after, meeting, EdgeDirection::kIncoming, EdgeKind::kAttended).size(), 3u);
  EXPECT_TRUE((*after->ResolveNames({"people/late"}))[0].has_value());
}

TEST_F(SnapshotReadsTest, CompactKeepsEveryRecordAndOpenSnapshots) {
  Council(20);
  auto before = store_->Snapshot();
  Mutation m;
  m.DeleteNode("people/p3");
  Apply(m);
  ASSERT_TRUE(store_->Compact().ok());
  const NodeId meeting = Id(*before, "meetings/m");
  EXPECT_EQ(Scan(*before, meeting, EdgeDirection::kIncoming, EdgeKind::kAttended).size(), 20u);
  auto after = store_->Snapshot();
  EXPECT_EQ(Scan(*after, meeting, EdgeDirection::kIncoming, EdgeKind::kAttended).size(), 19u);
  EXPECT_EQ(store_->Stats().nodes, 1 + 20 + 20 - 1);
  before.reset();
  after.reset();
  ASSERT_TRUE(store_->Close().ok());
  EXPECT_EQ(store_->Compact().code(), absl::StatusCode::kFailedPrecondition);
}

// Each write adds a remark with both its edges; readers must never see the
// remark without them, nor an edge count between two writes.
TEST_F(SnapshotReadsTest, SnapshotsNeverSeePartOfAWrite) {
  Council(1);
  constexpr int kWrites = 200;
  std::atomic<bool> done{false};
  std::atomic<int> checks{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      while (!done.load()) {
        auto snapshot = store_->Snapshot();
        auto meeting = snapshot->Resolve("meetings/m");
        if (!meeting.ok() || !meeting->has_value()) {
          ++failures;
          continue;
        }
        int in_meeting = 0;
        std::vector<NodeId> remarks;
        auto scanned = snapshot->ScanEdges(
            **meeting, EdgeDirection::kIncoming, EdgeKind::kInMeeting, std::nullopt,
            [&](const EdgeEntry& e) {
              ++in_meeting;
              remarks.push_back(e.neighbor);
              return true;
            });
        if (!scanned.ok()) ++failures;
        for (NodeId remark : remarks) {
          int spoken = 0;
          auto s = snapshot->ScanEdges(remark, EdgeDirection::kOutgoing, EdgeKind::kSpokenBy,
                                       std::nullopt, [&](const EdgeEntry&) {
                                         ++spoken;
                                         return true;
                                       });
          if (!s.ok() || spoken != 1) ++failures;
        }
        auto nodes = snapshot->GetNodes(remarks);
        if (!nodes.ok()) ++failures;
        for (const auto& node : *nodes) {
          if (!node.has_value()) ++failures;
        }
        ++checks;
      }
    });
  }
  for (int i = 0; i < kWrites; ++i) {
    Mutation m;
    const std::string remark = absl::StrCat("meetings/m/remarks/w", i);
    m.UpsertNode(Node(remark));
    m.UpsertEdge(remark, EdgeKind::kInMeeting, "meetings/m", {});
    m.UpsertEdge(remark, EdgeKind::kSpokenBy, "people/p0", {});
    Apply(m);
  }
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(checks.load(), 0);
}

}  // namespace
}  // namespace remarkgraph::storage
