// FindPaths on a real store, checked against a plain breadth-first count of
// shortest paths computed by the test itself.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "query/query_engine.h"
#include "tests/query/query_fixture.h"

namespace remarkgraph::query::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class PathsTest : public QueryTest {
 protected:
  void SetUp() override {
    QueryTest::SetUp();
    BuildCouncil();
  }

  absl::StatusOr<std::pair<std::vector<Path>, Stats>> Find(
      const std::string& source, const std::string& target, int max_paths,
      Direction direction = Direction::kBoth, std::vector<EdgeKind> kinds = {},
      Budget budget = {}) {
    PathSpec spec;
    spec.source = source;
    spec.target = target;
    spec.direction = direction;
    spec.edge_kinds = std::move(kinds);
    spec.max_paths = max_paths;
    auto snapshot = Snapshot();
    return engine_.FindPaths(*snapshot, spec, budget);
  }

  // Reference answer: the distance from `source` to `target` following
  // edges either way, and the number of shortest paths (capped), counting
  // parallel edges separately. -1 if unreachable.
  std::pair<int, int64_t> Reference(const std::string& source,
                                    const std::string& target) {
    auto snapshot = Snapshot();
    const NodeId s = Id(source), t = Id(target);
    std::map<NodeId, int> dist{{s, 0}};
    std::map<NodeId, int64_t> count{{s, 1}};
    std::vector<NodeId> frontier{s};
    while (!frontier.empty() && !dist.contains(t)) {
      std::vector<NodeId> next;
      for (NodeId u : frontier) {
        for (auto dir : {storage::EdgeDirection::kOutgoing,
                         storage::EdgeDirection::kIncoming}) {
          auto scanned = snapshot->ScanEdges(
              u, dir, std::nullopt, std::nullopt,
              [&](const storage::EdgeEntry& e) {
                auto it = dist.find(e.neighbor);
                if (it == dist.end()) {
                  dist[e.neighbor] = dist[u] + 1;
                  count[e.neighbor] = count[u];
                  next.push_back(e.neighbor);
                } else if (it->second == dist[u] + 1) {
                  count[e.neighbor] =
                      std::min<int64_t>(count[e.neighbor] + count[u], 1 << 30);
                }
                return true;
              });
          EXPECT_TRUE(scanned.ok());
        }
      }
      frontier = std::move(next);
    }
    if (!dist.contains(t)) return {-1, 0};
    return {dist[t], count[t]};
  }

  // Every path runs from source to target over real edges, without
  // repeating a node.
  void ExpectWellFormed(const std::vector<Path>& paths,
                        const std::string& source, const std::string& target) {
    auto snapshot = Snapshot();
    for (const Path& path : paths) {
      ASSERT_FALSE(path.nodes.empty());
      ASSERT_EQ(path.names.size(), path.nodes.size());
      ASSERT_EQ(path.edges.size() + 1, path.nodes.size());
      EXPECT_EQ(path.names.front(), source);
      EXPECT_EQ(path.names.back(), target);
      EXPECT_EQ(std::set<NodeId>(path.nodes.begin(), path.nodes.end()).size(),
                path.nodes.size());
      for (size_t i = 0; i < path.edges.size(); ++i) {
        const EdgeView& e = path.edges[i];
        EXPECT_EQ(std::set<NodeId>({e.source, e.target}),
                  std::set<NodeId>({path.nodes[i], path.nodes[i + 1]}));
        auto stored = snapshot->GetEdge(e.source, e.kind, e.target);
        ASSERT_TRUE(stored.ok());
        EXPECT_TRUE(stored->has_value()) << "no such edge";
      }
    }
  }
};

TEST_F(PathsTest, ShortestPathsMatchReference) {
  const std::string source = "meetings/m1/remarks/r1";
  for (const std::string target :
       {"people/suzuki", "meetings/m3/remarks/r1", "matters/strategy",
        "bodies/council", "meetings/m2/items/1"}) {
    SCOPED_TRACE(target);
    const auto [length, count] = Reference(source, target);
    ASSERT_GT(length, 0);
    auto found = Find(source, target, 100);
    ASSERT_TRUE(found.ok()) << found.status();
    const std::vector<Path>& paths = found->first;
    EXPECT_EQ(static_cast<int64_t>(paths.size()),
              std::min<int64_t>(count, 100));
    ExpectWellFormed(paths, source, target);
    for (const Path& path : paths) {
      EXPECT_EQ(static_cast<int>(path.edges.size()), length);
    }
    // Distinct and in a deterministic (sorted) order.
    for (size_t i = 1; i < paths.size(); ++i) {
      EXPECT_TRUE(paths[i - 1].nodes < paths[i].nodes ||
                  (paths[i - 1].nodes == paths[i].nodes &&
                   paths[i - 1].edges.size() == paths[i].edges.size()));
    }
    // One path is the first of the many.
    auto one = Find(source, target, 1);
    ASSERT_TRUE(one.ok());
    ASSERT_EQ(one->first.size(), 1u);
    EXPECT_EQ(one->first[0].nodes, paths[0].nodes);
  }
}

TEST_F(PathsTest, DirectionIsRespected) {
  auto forward = Find("meetings/m1/remarks/r2", "meetings/m1/items/1", 5,
                      Direction::kOutgoing);
  ASSERT_TRUE(forward.ok()) << forward.status();
  ASSERT_EQ(forward->first.size(), 1u);
  EXPECT_THAT(forward->first[0].names,
              ElementsAre("meetings/m1/remarks/r2", "meetings/m1/items/1"));
  EXPECT_EQ(forward->first[0].edges[0].kind, EdgeKind::kReferences);
  EXPECT_EQ(forward->first[0].edges[0].record.stance(),
            static_cast<uint32_t>(Stance::kConcern));

  // Items have no outgoing edges to remarks.
  auto backward = Find("meetings/m1/items/1", "meetings/m1/remarks/r2", 5,
                       Direction::kOutgoing);
  ASSERT_TRUE(backward.ok()) << backward.status();
  EXPECT_THAT(backward->first, IsEmpty());
  auto incoming = Find("meetings/m1/items/1", "meetings/m1/remarks/r2", 5,
                       Direction::kIncoming);
  ASSERT_TRUE(incoming.ok());
  EXPECT_EQ(incoming->first.size(), 1u);
}

TEST_F(PathsTest, EdgeKindsRestrictTheSearch) {
  // Over REPLIES_TO only: r1 -> r3 -> r2 one way, r2 -> r1 the other.
  auto found = Find("meetings/m1/remarks/r1", "meetings/m1/remarks/r2", 10,
                    Direction::kOutgoing, {EdgeKind::kRepliesTo});
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->first.size(), 1u);
  EXPECT_THAT(found->first[0].names,
              ElementsAre("meetings/m1/remarks/r1", "meetings/m1/remarks/r3",
                          "meetings/m1/remarks/r2"));
  for (const EdgeView& e : found->first[0].edges) {
    EXPECT_EQ(e.kind, EdgeKind::kRepliesTo);
  }
  found = Find("meetings/m1/remarks/r1", "meetings/m1/remarks/r2", 10,
               Direction::kBoth, {EdgeKind::kRepliesTo});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->first.size(), 1u);
  EXPECT_EQ(found->first[0].edges.size(), 1u);
}

TEST_F(PathsTest, SameNodeAndNoPath) {
  auto same = Find("people/sato", "people/sato", 3);
  ASSERT_TRUE(same.ok()) << same.status();
  ASSERT_EQ(same->first.size(), 1u);
  EXPECT_THAT(same->first[0].names, ElementsAre("people/sato"));
  EXPECT_THAT(same->first[0].edges, IsEmpty());

  auto none = Find("people/sato", "topics/isolated", 3);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_THAT(none->first, IsEmpty());
  EXPECT_FALSE(none->second.truncated());
}

TEST_F(PathsTest, Errors) {
  EXPECT_EQ(Find("people/nobody", "people/sato", 1).status().code(),
            absl::StatusCode::kNotFound);
  auto missing_target = Find("people/sato", "people/nobody", 1);
  EXPECT_EQ(missing_target.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing_target.status().message(),
              ::testing::HasSubstr("people/nobody"));
  Budget late;
  late.deadline = absl::Now() - absl::Seconds(1);
  EXPECT_EQ(Find("people/sato", "people/suzuki", 1, Direction::kBoth, {}, late)
                .status()
                .code(),
            absl::StatusCode::kDeadlineExceeded);
}

TEST_F(PathsTest, MaxDepthBoundsLength) {
  const auto [length, count] =
      Reference("meetings/m2/remarks/r1", "meetings/m3/remarks/r2");
  ASSERT_GE(length, 3);
  Budget budget;
  budget.max_depth = length - 1;
  auto cut = Find("meetings/m2/remarks/r1", "meetings/m3/remarks/r2", 5,
                  Direction::kBoth, {}, budget);
  ASSERT_TRUE(cut.ok()) << cut.status();
  EXPECT_THAT(cut->first, IsEmpty());
  EXPECT_EQ(cut->second.truncation, Truncation::kMaxDepth);
  budget.max_depth = length;
  auto whole = Find("meetings/m2/remarks/r1", "meetings/m3/remarks/r2", 5,
                    Direction::kBoth, {}, budget);
  ASSERT_TRUE(whole.ok());
  EXPECT_FALSE(whole->first.empty());
}

// A ladder of kLayers layers of kWidth remarks, every remark replying to
// every remark of the next layer: kWidth^(kLayers-2) shortest paths from
// the first layer's first remark to the last layer's first.
TEST_F(PathsTest, ManyShortestPathsAreEnumeratedBoundedly) {
  constexpr int kLayers = 9, kWidth = 8;  // 8^7 = 2,097,152 paths.
  storage::Mutation m;
  m.UpsertNode(MakeMeeting("ladder", "2024-05-01"));
  auto name = [](int layer, int i) {
    return storage::RemarkName("ladder", absl::StrCat("l", layer, "x", i));
  };
  for (int layer = 0; layer < kLayers; ++layer) {
    for (int i = 0; i < kWidth; ++i) {
      m.UpsertNode(MakeRemark({"ladder", absl::StrCat("l", layer, "x", i),
                               layer * kWidth + i, "", "", ""}));
    }
  }
  for (int layer = 0; layer + 1 < kLayers; ++layer) {
    for (int i = 0; i < kWidth; ++i) {
      for (int j = 0; j < kWidth; ++j) {
        m.UpsertEdge(name(layer, i), EdgeKind::kRepliesTo, name(layer + 1, j),
                     {});
      }
    }
  }
  Apply(m);
  Budget budget;
  budget.max_depth = 16;
  const absl::Time start = absl::Now();
  auto found = Find(name(0, 0), name(kLayers - 1, 0), 100, Direction::kOutgoing,
                    {}, budget);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  const std::vector<Path>& paths = found->first;
  EXPECT_EQ(paths.size(), 100u);
  ExpectWellFormed(paths, name(0, 0), name(kLayers - 1, 0));
  std::set<std::vector<NodeId>> distinct;
  for (const Path& path : paths) {
    EXPECT_EQ(path.edges.size(), static_cast<size_t>(kLayers - 1));
    distinct.insert(path.nodes);
  }
  EXPECT_EQ(distinct.size(), paths.size());
  EXPECT_TRUE(std::is_sorted(
      paths.begin(), paths.end(),
      [](const Path& a, const Path& b) { return a.nodes < b.nodes; }));
  // Deterministic.
  auto again = Find(name(0, 0), name(kLayers - 1, 0), 100, Direction::kOutgoing,
                    {}, budget);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->first.size(), paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    EXPECT_EQ(again->first[i].nodes, paths[i].nodes);
  }
}

TEST_F(PathsTest, NodeBudgetCutsTheSearch) {
  Budget budget;
  budget.max_nodes = 3;
  auto found = Find("meetings/m2/remarks/r1", "meetings/m3/remarks/r2", 5,
                    Direction::kBoth, {}, budget);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->second.truncation, Truncation::kMaxNodes);
  EXPECT_LE(found->second.nodes_visited, 3);
}

}  // namespace
}  // namespace remarkgraph::query::testing
