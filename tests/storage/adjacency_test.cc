// The in-memory adjacency (storage/internal/adjacency.h) against the edges
// RocksDB holds: random graphs with random deletes, rebuilt at open, folded
// into new arrays; snapshots that see a whole batch or none of it while a
// writer commits; replicas that apply the primary's batches.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/graph_store.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph::storage {
namespace {

// (kind, neighbor, stance): an edge as both paths report it.
using Edge = std::tuple<int, NodeId, int>;

NodeRecord Node(const std::string& name) {
  NodeRecord record;
  record.set_name(name);
  return record;
}

EdgeRecord WithStance(int stance) {
  EdgeRecord record;
  record.set_stance(static_cast<uint32_t>(stance));
  return record;
}

std::vector<Edge> FromMemory(GraphSnapshot& snapshot, NodeId node, EdgeDirection direction,
                             std::optional<EdgeKind> kind, std::optional<EdgeCursor> after,
                             size_t limit = SIZE_MAX) {
  std::vector<Edge> out;
  auto visited = snapshot.ScanAdjacency(node, direction, kind, after,
                                        [&](const AdjacentEdge& e) {
                                          out.emplace_back(static_cast<int>(e.kind), e.neighbor,
                                                           static_cast<int>(e.stance));
                                          return out.size() < limit;
                                        });
  EXPECT_TRUE(visited.ok()) << visited.status();
  if (visited.ok()) {
    EXPECT_EQ(*visited, static_cast<int64_t>(out.size()));
  }
  return out;
}

std::vector<Edge> FromRocksDb(GraphSnapshot& snapshot, NodeId node, EdgeDirection direction,
                              std::optional<EdgeKind> kind, std::optional<EdgeCursor> after,
                              size_t limit = SIZE_MAX) {
  std::vector<Edge> out;
  auto visited = snapshot.ScanEdges(node, direction, kind, after, [&](const EdgeEntry& e) {
    auto stance = ReadEdgeStance(e.value);
    EXPECT_TRUE(stance.ok()) << stance.status();
    out.emplace_back(static_cast<int>(e.kind), e.neighbor,
                     static_cast<int>(stance.value_or(Stance::kUnspecified)));
    return out.size() < limit;
  });
  EXPECT_TRUE(visited.ok()) << visited.status();
  return out;
}

std::optional<NodeId> IdOf(GraphSnapshot& snapshot, const std::string& name) {
  auto id = snapshot.Resolve(name);
  EXPECT_TRUE(id.ok()) << id.status();
  return id.ok() ? *id : std::nullopt;
}

double Figure(GraphStore& store, const std::string& name) {
  for (const EngineFigure& f : store.EngineFigures()) {
    if (f.name == name) return f.value;
  }
  ADD_FAILURE() << "no figure " << name;
  return -1;
}

// A random council-shaped graph: remarks that reply to, refer to and agree
// with each other, reference and adopt items, are spoken by people.
class RandomGraph {
 public:
  RandomGraph(int remarks, int items, int people, uint32_t seed)
      : rng_(seed), exists_(remarks + items + people, false),
        remarks_(remarks), items_(items), people_(people) {}

  int size() const { return static_cast<int>(exists_.size()); }
  std::string Name(int i) const {
    if (i < remarks_) return absl::StrCat("meetings/m", i % 7, "/remarks/r", i);
    if (i < remarks_ + items_) return absl::StrCat("meetings/m0/items/i", i - remarks_);
    return absl::StrCat("people/p", i - remarks_ - items_);
  }

  // A batch: the missing nodes (re)created, `edges` upserts, `deletes`
  // edge deletions (some of edges that do not exist), `node_deletes` nodes
  // deleted with their edges.
  Mutation Batch(int edges, int deletes, int node_deletes) {
    Mutation m;
    for (int i = 0; i < size(); ++i) {
      if (!exists_[i]) m.UpsertNode(Node(Name(i)));
      exists_[i] = true;
    }
    for (int e = 0; e < edges + deletes; ++e) {
      const int source = Pick(0, remarks_);
      const int choice = Pick(0, 6);
      EdgeKind kind;
      int target;
      if (choice < 3) {
        kind = choice == 0 ? EdgeKind::kRepliesTo
                           : (choice == 1 ? EdgeKind::kRefersTo : EdgeKind::kAgreesWith);
        target = Pick(0, remarks_);
      } else if (choice < 5) {
        kind = choice == 3 ? EdgeKind::kReferences : EdgeKind::kAdopts;
        target = Pick(remarks_, remarks_ + items_);
      } else {
        kind = EdgeKind::kSpokenBy;
        target = Pick(remarks_ + items_, size());
      }
      if (e < edges) {
        m.UpsertEdge(Name(source), kind, Name(target), WithStance(Pick(0, 5)));
      } else {
        m.DeleteEdge(Name(source), kind, Name(target));
      }
    }
    for (int d = 0; d < node_deletes; ++d) {
      const int i = Pick(0, size());
      if (!exists_[i]) continue;
      m.DeleteNode(Name(i));
      exists_[i] = false;
    }
    return m;
  }

  int Pick(int begin, int end) {
    return std::uniform_int_distribution<int>(begin, end - 1)(rng_);
  }

 private:
  std::mt19937 rng_;
  std::vector<bool> exists_;
  const int remarks_, items_, people_;
};

constexpr EdgeKind kKinds[] = {EdgeKind::kSpokenBy, EdgeKind::kReferences, EdgeKind::kAdopts,
                               EdgeKind::kRepliesTo, EdgeKind::kRefersTo,
                               EdgeKind::kAgreesWith, EdgeKind::kMentions};

// Every node of `graph`, both directions: every edge, each kind, from a
// cursor on an edge and between edges, and a scan cut short.
void ExpectSameAsRocksDb(GraphStore& store, RandomGraph& graph) {
  auto snapshot = store.Snapshot();
  ASSERT_TRUE(snapshot->has_adjacency());
  int compared = 0;
  for (int i = 0; i < graph.size(); ++i) {
    const std::optional<NodeId> id = IdOf(*snapshot, graph.Name(i));
    if (!id) continue;
    for (EdgeDirection d : {EdgeDirection::kOutgoing, EdgeDirection::kIncoming}) {
      SCOPED_TRACE(absl::StrCat(graph.Name(i), d == EdgeDirection::kOutgoing ? " out" : " in"));
      const std::vector<Edge> all = FromRocksDb(*snapshot, *id, d, std::nullopt, std::nullopt);
      ASSERT_EQ(FromMemory(*snapshot, *id, d, std::nullopt, std::nullopt), all);
      compared += static_cast<int>(all.size());
      const EdgeKind kind = kKinds[graph.Pick(0, std::size(kKinds))];
      ASSERT_EQ(FromMemory(*snapshot, *id, d, kind, std::nullopt),
                FromRocksDb(*snapshot, *id, d, kind, std::nullopt));
      if (all.empty()) continue;
      const Edge& at = all[graph.Pick(0, static_cast<int>(all.size()))];
      for (NodeId offset : {NodeId{0}, NodeId{1}}) {
        const EdgeCursor cursor{static_cast<EdgeKind>(std::get<0>(at)), std::get<1>(at) + offset};
        ASSERT_EQ(FromMemory(*snapshot, *id, d, std::nullopt, cursor),
                  FromRocksDb(*snapshot, *id, d, std::nullopt, cursor));
        ASSERT_EQ(FromMemory(*snapshot, *id, d, cursor.kind, cursor),
                  FromRocksDb(*snapshot, *id, d, cursor.kind, cursor));
      }
      ASSERT_EQ(FromMemory(*snapshot, *id, d, std::nullopt, std::nullopt, 2),
                FromRocksDb(*snapshot, *id, d, std::nullopt, std::nullopt, 2));
    }
  }
  EXPECT_GT(compared, 0);
}

TEST(AdjacencyTest, MatchesRocksDbOnRandomGraphsWithDeletes) {
  remarkgraph::testing::ScopedTempDir dir;
  // Enough nodes that one batch changes more lists than an overlay keeps:
  // the first batch is folded into new arrays.
  RandomGraph graph(2600, 80, 40, 20240601);
  {
    auto store = OpenGraphStore(dir.Sub("db"));
    ASSERT_TRUE(store.ok()) << store.status();
    for (int batch = 0; batch < 6; ++batch) {
      SCOPED_TRACE(absl::StrCat("batch ", batch));
      auto applied = (*store)->Apply(graph.Batch(batch == 0 ? 9000 : 600, 300, 40));
      ASSERT_TRUE(applied.ok()) << applied.status();
      ExpectSameAsRocksDb(**store, graph);
    }
    EXPECT_GE(Figure(**store, "adjacency_merges"), 1);
    EXPECT_EQ(Figure(**store, "adjacency_enabled"), 1);
  }
  // Built again from RocksDB when the store opens.
  auto store = OpenGraphStore(dir.Sub("db"));
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_GT(Figure(**store, "adjacency_bytes"), 0);
  ExpectSameAsRocksDb(**store, graph);
  auto applied = (*store)->Apply(graph.Batch(300, 300, 20));
  ASSERT_TRUE(applied.ok()) << applied.status();
  ExpectSameAsRocksDb(**store, graph);
}

TEST(AdjacencyTest, OffWhenTheOptionSaysSo) {
  remarkgraph::testing::ScopedTempDir dir;
  StoreOptions options;
  options.adjacency = false;
  auto store = OpenGraphStore(dir.Sub("db"), options);
  ASSERT_TRUE(store.ok()) << store.status();
  Mutation m;
  m.UpsertNode(Node("meetings/m/remarks/a"));
  m.UpsertNode(Node("people/p"));
  m.UpsertEdge("meetings/m/remarks/a", EdgeKind::kSpokenBy, "people/p", EdgeRecord());
  ASSERT_TRUE((*store)->Apply(m).ok());
  auto snapshot = (*store)->Snapshot();
  EXPECT_FALSE(snapshot->has_adjacency());
  auto scanned = snapshot->ScanAdjacency(1, EdgeDirection::kOutgoing, std::nullopt, std::nullopt,
                                         [](const AdjacentEdge&) { return true; });
  EXPECT_EQ(scanned.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Figure(**store, "adjacency_enabled"), 0);
}

TEST(AdjacencyTest, AnOlderSnapshotKeepsItsEdges) {
  remarkgraph::testing::ScopedTempDir dir;
  auto store = OpenGraphStore(dir.Sub("db"));
  ASSERT_TRUE(store.ok()) << store.status();
  Mutation m;
  m.UpsertNode(Node("meetings/m/remarks/a"));
  m.UpsertNode(Node("meetings/m/items/1"));
  m.UpsertEdge("meetings/m/remarks/a", EdgeKind::kReferences, "meetings/m/items/1",
               WithStance(2));
  ASSERT_TRUE((*store)->Apply(m).ok());
  auto before = (*store)->Snapshot();
  const NodeId item = *IdOf(*before, "meetings/m/items/1");
  Mutation change;
  change.DeleteNode("meetings/m/remarks/a");
  change.UpsertNode(Node("meetings/m/remarks/b"));
  change.UpsertEdge("meetings/m/remarks/b", EdgeKind::kReferences, "meetings/m/items/1",
                    WithStance(4));
  ASSERT_TRUE((*store)->Apply(change).ok());
  auto after = (*store)->Snapshot();
  ASSERT_TRUE(before->has_adjacency());
  ASSERT_TRUE(after->has_adjacency());
  const NodeId a = *IdOf(*before, "meetings/m/remarks/a");
  const NodeId b = *IdOf(*after, "meetings/m/remarks/b");
  const int references = static_cast<int>(EdgeKind::kReferences);
  EXPECT_EQ(FromMemory(*before, item, EdgeDirection::kIncoming, std::nullopt, std::nullopt),
            (std::vector<Edge>{{references, a, 2}}));
  EXPECT_EQ(FromMemory(*after, item, EdgeDirection::kIncoming, std::nullopt, std::nullopt),
            (std::vector<Edge>{{references, b, 4}}));
}

// A writer commits batches, each adding a remark with kEdges references
// (to a hub all remarks reference and to items of its own), now and then
// deleting an earlier remark with all its edges, while readers check that
// every snapshot holds each batch whole or not at all.
TEST(AdjacencyTest, ReadersSeeWholeBatchesWhileAWriterCommits) {
  constexpr int kEdges = 64;
  constexpr int kBatches = 150;  // 64 new lists each: the overlay is folded twice.
  constexpr char kHub[] = "meetings/m/items/hub";
  remarkgraph::testing::ScopedTempDir dir;
  auto opened = OpenGraphStore(dir.Sub("db"));
  ASSERT_TRUE(opened.ok()) << opened.status();
  GraphStore& store = **opened;
  Mutation hub;
  hub.UpsertNode(Node(kHub));
  ASSERT_TRUE(store.Apply(hub).ok());
  auto remark = [](int b) { return absl::StrCat("meetings/m/remarks/r", b); };
  auto item = [](int b, int i) { return absl::StrCat("meetings/m/items/b", b, "i", i); };
  std::vector<std::string> names;  // Each batch's remark and first item.
  for (int b = 0; b < kBatches; ++b) {
    names.push_back(remark(b));
    names.push_back(item(b, 0));
  }

  std::atomic<bool> done{false};
  std::atomic<int> checks{0};
  auto read = [&] {
    while (!done.load()) {
      auto snapshot = store.Snapshot();
      if (!snapshot->has_adjacency()) {
        ADD_FAILURE() << "a snapshot without the adjacency";
        return;
      }
      auto ids = snapshot->ResolveNames(names);
      const std::optional<NodeId> hub_id = IdOf(*snapshot, kHub);
      if (!ids.ok() || !hub_id) {
        ADD_FAILURE() << "names do not resolve";
        return;
      }
      // The hub's remarks are exactly the remarks the snapshot holds.
      std::vector<NodeId> remarks;
      for (size_t n = 0; n < names.size(); n += 2) {
        if ((*ids)[n]) remarks.push_back(*(*ids)[n]);
      }
      std::vector<NodeId> referencing;
      for (const Edge& e :
           FromMemory(*snapshot, *hub_id, EdgeDirection::kIncoming, std::nullopt, std::nullopt)) {
        referencing.push_back(std::get<1>(e));
      }
      std::sort(remarks.begin(), remarks.end());
      if (referencing != remarks) {
        ADD_FAILURE() << "the hub has " << referencing.size() << " remarks, the snapshot "
                      << remarks.size();
        return;
      }
      for (size_t n = 0; n < names.size(); n += 2) {
        if (!(*ids)[n]) continue;
        const size_t out = FromMemory(*snapshot, *(*ids)[n], EdgeDirection::kOutgoing,
                                      std::nullopt, std::nullopt)
                               .size();
        const std::vector<Edge> in = FromMemory(*snapshot, *(*ids)[n + 1],
                                                EdgeDirection::kIncoming, std::nullopt,
                                                std::nullopt);
        if (out != kEdges || in.size() != 1 || std::get<1>(in[0]) != *(*ids)[n]) {
          ADD_FAILURE() << names[n] << " has " << out << " edges, its item " << in.size();
          return;
        }
      }
      ++checks;
    }
  };
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) readers.emplace_back(read);
  for (int b = 0; b < kBatches; ++b) {
    Mutation m;
    m.UpsertNode(Node(remark(b)));
    m.UpsertEdge(remark(b), EdgeKind::kReferences, kHub, WithStance(b % 5));
    for (int i = 0; i + 1 < kEdges; ++i) {
      m.UpsertNode(Node(item(b, i)));
      m.UpsertEdge(remark(b), EdgeKind::kReferences, item(b, i), WithStance(i % 5));
    }
    if (b % 5 == 4) m.DeleteNode(remark(b - 2));
    auto applied = store.Apply(m);
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_GT(checks.load(), 0);
  EXPECT_GE(Figure(store, "adjacency_merges"), 2);
  auto snapshot = store.Snapshot();
  EXPECT_EQ(FromMemory(*snapshot, *IdOf(*snapshot, kHub), EdgeDirection::kIncoming,
                       std::nullopt, std::nullopt)
                .size(),
            kBatches - kBatches / 5);
}

TEST(AdjacencyTest, AReplicaKeepsItCurrent) {
  remarkgraph::testing::ScopedTempDir dir;
  StoreOptions primary_options;
  primary_options.wal_ttl_seconds = 3600;
  primary_options.wal_size_limit_mb = 64;
  auto primary = OpenGraphStore(dir.Sub("primary"), primary_options);
  ASSERT_TRUE(primary.ok()) << primary.status();
  RandomGraph graph(300, 20, 10, 7);
  ASSERT_TRUE((*primary)->Apply(graph.Batch(900, 0, 0)).ok());
  auto checkpoint = (*primary)->Checkpoint(dir.Sub("replica"));
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  StoreOptions replica_options;
  replica_options.replica_of = "primary";
  auto replica = OpenGraphStore(dir.Sub("replica"), replica_options);
  ASSERT_TRUE(replica.ok()) << replica.status();
  ExpectSameAsRocksDb(**replica, graph);

  for (int batch = 0; batch < 4; ++batch) {
    ASSERT_TRUE((*primary)->Apply(graph.Batch(200, 100, 10)).ok());
    const uint64_t from = (*replica)->LatestSequence() + 1;
    absl::Status applied = absl::OkStatus();
    ASSERT_TRUE((*primary)
                    ->ReadUpdates(from,
                                  [&](uint64_t sequence, std::string_view data) {
                                    applied = (*replica)->ApplyReplicated(sequence, data);
                                    return applied.ok();
                                  })
                    .ok());
    ASSERT_TRUE(applied.ok()) << applied;
    ASSERT_EQ((*replica)->LatestSequence(), (*primary)->LatestSequence());
    ExpectSameAsRocksDb(**replica, graph);
    // And the same edges as the primary's (ids are the same: a replica is
    // a copy).
    auto p = (*primary)->Snapshot();
    auto r = (*replica)->Snapshot();
    for (int i = 0; i < graph.size(); ++i) {
      const std::optional<NodeId> id = IdOf(*p, graph.Name(i));
      ASSERT_EQ(id, IdOf(*r, graph.Name(i)));
      if (!id) continue;
      for (EdgeDirection d : {EdgeDirection::kOutgoing, EdgeDirection::kIncoming}) {
        ASSERT_EQ(FromMemory(*r, *id, d, std::nullopt, std::nullopt),
                  FromMemory(*p, *id, d, std::nullopt, std::nullopt));
      }
    }
  }
}

}  // namespace
}  // namespace remarkgraph::storage
