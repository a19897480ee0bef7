// Read paths of the RocksDB GraphStore that queries lean on for speed: edge
// iterators reused across scans of one snapshot, the read cache shared by
// snapshots (storage/internal/read_cache.h), batched name resolution,
// compaction, and snapshots that never see part of a write.
#include <algorithm>
#include <atomic>
#include <optional>
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

class SnapshotReadsTest : public ::testing::TestWithParam<size_t> {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.read_cache_bytes = GetParam();
    auto store = OpenGraphStore(dir_.Sub("db"), options);
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

TEST_P(SnapshotReadsTest, ResolveNamesAnswersInRequestOrder) {
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

TEST_P(SnapshotReadsTest, RepeatedScansOfOneSnapshotAgreeInAnyOrder) {
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

TEST_P(SnapshotReadsTest, AScanInsideAVisitDoesNotDisturbTheOuterScan) {
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

TEST_P(SnapshotReadsTest, ASnapshotKeepsItsViewWhileWritesGoOn) {
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

TEST_P(SnapshotReadsTest, CompactKeepsEveryRecordAndOpenSnapshots) {
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
TEST_P(SnapshotReadsTest, SnapshotsNeverSeePartOfAWrite) {
  Council(1);
  constexpr int kWrites = 200;
  std::atomic<bool> done{false};
  std::atomic<int> checks{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      // At least one pass each, even when the writes finish before this
      // thread is first scheduled (as on a loaded machine).
      for (bool first = true; first || !done.load(); first = false) {
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

std::string Title(GraphSnapshot& snapshot, NodeId id) {
  auto node = snapshot.GetNode(id);
  EXPECT_TRUE(node.ok() && node->has_value());
  return node.ok() && node->has_value() ? (*node)->title() : "";
}

TEST_P(SnapshotReadsTest, ACachedRecordNeverReachesAnOlderSnapshot) {
  Council(2);
  auto first = store_->Snapshot();
  const NodeId p0 = Id(*first, "people/p0");
  EXPECT_EQ(Title(*first, p0), "");  // Fills the cache at this sequence.
  Mutation m;
  NodeRecord renamed = Node("people/p0");
  renamed.set_title("after");
  m.UpsertNode(renamed);
  Apply(m);
  auto second = store_->Snapshot();
  EXPECT_EQ(Title(*second, p0), "after");  // Fills at the new sequence.
  EXPECT_EQ(Title(*first, p0), "");
  auto batch = first->GetNodes({p0, p0});
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ((*batch)[0]->title(), "");
  EXPECT_EQ(Title(*second, p0), "after");
  EXPECT_EQ((*second->GetNodes({p0}))[0]->title(), "after");
}

TEST_P(SnapshotReadsTest, DeletingANodeLeavesNoCachedTraceOfIt) {
  Council(3);
  auto before = store_->Snapshot();
  const NodeId meeting = Id(*before, "meetings/m");
  const NodeId p1 = Id(*before, "people/p1");
  EXPECT_EQ(Scan(*before, meeting, EdgeDirection::kIncoming).size(), 6u);
  EXPECT_EQ(Scan(*before, meeting, EdgeDirection::kIncoming, EdgeKind::kAttended).size(), 3u);
  Mutation m;
  m.DeleteNode("people/p1");
  Apply(m);
  auto after = store_->Snapshot();
  EXPECT_EQ(Scan(*after, meeting, EdgeDirection::kIncoming, EdgeKind::kAttended).size(), 2u);
  EXPECT_EQ(Scan(*after, meeting, EdgeDirection::kIncoming).size(), 5u);
  EXPECT_FALSE(after->Resolve("people/p1")->has_value());
  EXPECT_FALSE(after->GetNode(p1)->has_value());
  // The old snapshot still has it all.
  EXPECT_EQ(Scan(*before, meeting, EdgeDirection::kIncoming, EdgeKind::kAttended).size(), 3u);
  EXPECT_EQ(*before->Resolve("people/p1"), p1);
  // A new node under the old name gets a new id.
  Mutation again;
  again.UpsertNode(Node("people/p1"));
  Apply(again);
  auto reborn = store_->Snapshot();
  const NodeId new_p1 = Id(*reborn, "people/p1");
  EXPECT_NE(new_p1, p1);
  EXPECT_EQ(*before->Resolve("people/p1"), p1);
}

TEST_P(SnapshotReadsTest, LongEdgeListsReadInChunksWithCursors) {
  constexpr int kRemarks = 9000;  // Past the longest list the cache keeps.
  Mutation m;
  m.UpsertNode(Node("meetings/m"));
  for (int i = 0; i < kRemarks; ++i) {
    const std::string remark = absl::StrCat("meetings/m/remarks/r", i);
    m.UpsertNode(Node(remark));
    m.UpsertEdge(remark, EdgeKind::kInMeeting, "meetings/m", {});
  }
  Apply(m);
  auto snapshot = store_->Snapshot();
  const NodeId meeting = Id(*snapshot, "meetings/m");
  std::vector<NodeId> all;
  std::optional<EdgeCursor> cursor;
  for (bool more = true; more;) {
    int got = 0;
    auto visited = snapshot->ScanEdges(meeting, EdgeDirection::kIncoming,
                                       EdgeKind::kInMeeting, cursor,
                                       [&](const EdgeEntry& e) {
                                         all.push_back(e.neighbor);
                                         cursor = EdgeCursor{e.kind, e.neighbor};
                                         return ++got < 256;
                                       });
    ASSERT_TRUE(visited.ok());
    more = got == 256;
  }
  ASSERT_EQ(all.size(), static_cast<size_t>(kRemarks));
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
}

// The writer keeps a counter node's title equal to the number of its
// in-edges; readers check the two agree in every snapshot, through the
// cached records and lists.
TEST_P(SnapshotReadsTest, CachedRecordsAndListsAgreeUnderConcurrentWrites) {
  Mutation seed;
  NodeRecord counter = Node("topics/counter");
  counter.set_title("0");
  seed.UpsertNode(counter);
  seed.UpsertNode(Node("meetings/m"));
  Apply(seed);
  std::atomic<bool> done{false};
  std::atomic<int> checks{0}, failures{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      // At least one pass each, even when the writes finish before this
      // thread is first scheduled (as on a loaded machine).
      for (bool first = true; first || !done.load(); first = false) {
        auto snapshot = store_->Snapshot();
        auto id = snapshot->Resolve("topics/counter");
        if (!id.ok() || !id->has_value()) {
          ++failures;
          continue;
        }
        auto node = snapshot->GetNode(**id);
        int edges = 0;
        auto scanned = snapshot->ScanEdges(**id, EdgeDirection::kIncoming,
                                           EdgeKind::kMentions, std::nullopt,
                                           [&](const EdgeEntry&) {
                                             ++edges;
                                             return true;
                                           });
        if (!node.ok() || !node->has_value() || !scanned.ok() ||
            (*node)->title() != absl::StrCat(edges)) {
          ++failures;
        }
        ++checks;
      }
    });
  }
  for (int i = 1; i <= 150; ++i) {
    Mutation m;
    const std::string remark = absl::StrCat("meetings/m/remarks/c", i);
    m.UpsertNode(Node(remark));
    m.UpsertEdge(remark, EdgeKind::kMentions, "topics/counter", {});
    NodeRecord updated = Node("topics/counter");
    updated.set_title(absl::StrCat(i));
    m.UpsertNode(updated);
    Apply(m);
  }
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(checks.load(), 0);
}

std::vector<NodeId> Candidates(GraphSnapshot& snapshot, const std::string& query,
                               NodeId after = kNoNode) {
  std::vector<NodeId> ids;
  absl::Status status = snapshot.ScanTextCandidates(
      NormalizeForSearch(query), after, [&](NodeId id) {
        ids.push_back(id);
        return true;
      });
  EXPECT_TRUE(status.ok()) << status;
  return ids;
}

TEST_P(SnapshotReadsTest, CachedPostingsFollowTextChangesPerSnapshot) {
  Mutation m;
  m.UpsertNode(Node("meetings/m"));
  for (int i = 0; i < 6; ++i) {
    NodeRecord remark = Node(absl::StrCat("meetings/m/remarks/r", i));
    remark.set_text(i % 2 == 0 ? "防災計画の見直し" : "予算の確保");
    m.UpsertNode(remark);
  }
  Apply(m);
  auto before = store_->Snapshot();
  const std::vector<NodeId> disaster = Candidates(*before, "防災計画");
  ASSERT_EQ(disaster.size(), 3u);
  EXPECT_EQ(Candidates(*before, "予算").size(), 3u);
  EXPECT_EQ(Candidates(*before, "防災計画", disaster[0]).size(), 2u);  // Resumes.
  // r1 now speaks of disasters too; r0 of nothing.
  Mutation change;
  NodeRecord r1 = Node("meetings/m/remarks/r1");
  r1.set_text("防災計画に賛成");
  change.UpsertNode(r1);
  NodeRecord r0 = Node("meetings/m/remarks/r0");
  r0.set_text("異議なし");
  change.UpsertNode(r0);
  Apply(change);
  auto after = store_->Snapshot();
  EXPECT_EQ(Candidates(*after, "防災計画").size(), 3u);
  EXPECT_EQ(Candidates(*after, "予算").size(), 2u);
  EXPECT_TRUE(Candidates(*after, "異議").size() == 1u);
  // The old snapshot still sees the old texts, cached or not.
  EXPECT_EQ(Candidates(*before, "防災計画"), disaster);
  EXPECT_EQ(Candidates(*before, "予算").size(), 3u);
  EXPECT_TRUE(Candidates(*before, "異議").empty());
}

// Every test runs with the read cache on (the default size) and off.
INSTANTIATE_TEST_SUITE_P(ReadCache, SnapshotReadsTest,
                         ::testing::Values(size_t{256} << 20, size_t{0}),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                           return info.param == 0 ? std::string("CacheOff")
                                                  : std::string("CacheOn");
                         });

}  // namespace
}  // namespace remarkgraph::storage
