// Queries give the same answers, byte for byte, whether their edges come
// from the in-memory adjacency or from RocksDB scans: on random graphs with
// deletes, with budgets small enough to cut the answers, following page
// tokens to the end.
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "query/query_engine.h"
#include "storage/graph_store.h"
#include "tests/query/query_fixture.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph::query::testing {
namespace {

constexpr int kMeetings = 6;
constexpr int kItems = 12;   // Per meeting 2, items m{i % 6}/i{i}.
constexpr int kMatters = 3;
constexpr int kPeople = 8;
constexpr int kRemarks = 240;

std::string Item(int i) { return absl::StrCat("meetings/m", i % kMeetings, "/items/i", i); }
std::string Matter(int i) { return absl::StrCat("matters/x", i); }
std::string Person(int i) { return absl::StrCat("people/p", i); }
RemarkSpec Remark(int i) {
  return {absl::StrCat("m", i % kMeetings), absl::StrCat("r", i), i / kMeetings + 1,
          Person(i % kPeople), "委員", absl::StrCat("発言", i)};
}

// A random council: every remark IN_MEETING its meeting and SPOKEN_BY a
// person, REFERENCES to items and matters with random stances, REPLIES_TO
// other remarks; items ABOUT matters; then some remarks and edges deleted.
void BuildRandomCouncil(storage::GraphStore& store, uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  storage::Mutation m;
  m.UpsertNode(MakeNode("bodies/council"));
  for (int i = 0; i < kMeetings; ++i) {
    m.UpsertNode(MakeMeeting(absl::StrCat("m", i), absl::StrCat("2024-0", i + 1, "-1", i)));
    m.UpsertEdge(storage::MeetingName(absl::StrCat("m", i)), EdgeKind::kHeldBy,
                 "bodies/council", EdgeRecord());
  }
  for (int i = 0; i < kMatters; ++i) m.UpsertNode(MakeNode(Matter(i), "Matter"));
  for (int i = 0; i < kPeople; ++i) m.UpsertNode(MakeNode(Person(i), "Member"));
  for (int i = 0; i < kItems; ++i) {
    m.UpsertNode(MakeNode(Item(i), "Item"));
    m.UpsertEdge(storage::MeetingName(absl::StrCat("m", i % kMeetings)), EdgeKind::kHasItem,
                 Item(i), EdgeRecord());
    m.UpsertEdge(Item(i), EdgeKind::kAbout, Matter(pick(kMatters)), EdgeRecord());
  }
  for (int i = 0; i < kRemarks; ++i) {
    const RemarkSpec r = Remark(i);
    m.UpsertNode(MakeRemark(r));
    m.UpsertEdge(r.name(), EdgeKind::kInMeeting, storage::MeetingName(r.meeting), EdgeRecord());
    m.UpsertEdge(r.name(), EdgeKind::kSpokenBy, r.person, EdgeRecord());
    for (int k = pick(4); k > 0; --k) {
      const std::string target = pick(5) == 0 ? Matter(pick(kMatters)) : Item(pick(kItems));
      EdgeRecord record = WithStance(static_cast<Stance>(pick(5)));
      record.add_evidence()->set_quote(absl::StrCat("quote ", i, " ", k));
      m.UpsertEdge(r.name(), EdgeKind::kReferences, target, record);
    }
    if (i > 0 && pick(2) == 0) {
      m.UpsertEdge(r.name(), EdgeKind::kRepliesTo, Remark(pick(i)).name(), EdgeRecord());
    }
  }
  ASSERT_TRUE(store.Apply(m).ok());
  // Deletes in a later commit: the adjacency's overlay, then (reopened) its
  // base, must both lose them.
  storage::Mutation deletes;
  for (int d = 0; d < 20; ++d) deletes.DeleteNode(Remark(pick(kRemarks)).name(), true);
  for (int d = 0; d < 40; ++d) {
    deletes.DeleteEdge(Remark(pick(kRemarks)).name(), EdgeKind::kReferences, Item(pick(kItems)));
  }
  auto applied = store.Apply(deletes);
  ASSERT_TRUE(applied.ok()) << applied.status();
}

// Code and message, without the payloads: absl::Status leaves their order
// unspecified, so two equal errors may print them differently.
std::string StatusLine(const absl::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message(), "\n");
}

std::string Describe(const Stats& stats) {
  return absl::StrCat(" stats ", stats.nodes_visited, "/", stats.edges_scanned, "/",
                      static_cast<int>(stats.truncation), "\n");
}
std::string Describe(const EdgeView& edge) {
  return absl::StrCat(edge.source, "-", static_cast<int>(edge.kind), "->", edge.target, " {",
                      edge.record.ShortDebugString(), "}");
}

// Every answer of a fixed set of queries, written out.
std::string Answers(storage::GraphStore& store) {
  const QueryEngine engine;
  auto snapshot = store.Snapshot();
  std::string out;
  const Budget roomy;
  const std::vector<Budget> budgets = {
      roomy, Budget{.max_nodes = 25}, Budget{.max_edges_scanned = 120},
      Budget{.max_fanout = 3}, Budget{.max_depth = 1}};
  auto step = [](Direction direction, std::vector<EdgeKind> kinds,
                 std::vector<Stance> stances = {}) {
    Step s;
    s.direction = direction;
    s.edge_kinds = std::move(kinds);
    s.stances = std::move(stances);
    return s;
  };
  std::vector<TraverseSpec> walks(3);
  walks[0].seeds = {Person(1)};
  walks[0].steps = {step(Direction::kIncoming, {EdgeKind::kSpokenBy}),
                    step(Direction::kOutgoing, {EdgeKind::kReferences}),
                    step(Direction::kIncoming, {EdgeKind::kReferences})};
  walks[1].seeds = {Item(3)};
  walks[1].steps = {step(Direction::kIncoming, {EdgeKind::kReferences},
                         {Stance::kSupport, Stance::kOppose}),
                    step(Direction::kBoth, {})};
  walks[1].include_seeds = true;
  walks[2].seeds = {Remark(100).name(), Matter(0)};
  walks[2].steps = {step(Direction::kBoth, {})};
  walks[2].repeat_last_step = true;
  for (const TraverseSpec& walk : walks) {
    for (const Budget& budget : budgets) {
      auto stats = engine.Traverse(*snapshot, walk, budget, [&](const TraversalHit& hit) {
        absl::StrAppend(&out, "hit ", hit.id, " d", hit.depth, " ", hit.node->ShortDebugString(),
                        hit.via ? Describe(*hit.via) : "-", "\n");
        return true;
      });
      out += stats.ok() ? Describe(*stats) : StatusLine(stats.status());
    }
  }
  for (int p = 0; p < 6; ++p) {
    PathSpec spec;
    spec.source = Person(p);
    spec.target = p % 2 ? Matter(p % kMatters) : Person(p + 1);
    spec.max_paths = 3;
    for (const Budget& budget : budgets) {
      auto found = engine.FindPaths(*snapshot, spec, budget);
      if (!found.ok()) {
        out += StatusLine(found.status());
        continue;
      }
      for (const Path& path : found->first) {
        for (size_t i = 0; i < path.nodes.size(); ++i) {
          absl::StrAppend(&out, path.nodes[i], " ", path.names[i], " ");
        }
        for (const EdgeView& edge : path.edges) out += Describe(edge) + " ";
        out += "\n";
      }
      out += Describe(found->second);
    }
  }
  for (const std::string& subject : {Item(0), Item(5), Matter(1)}) {
    for (const Budget& budget : {roomy, Budget{.max_edges_scanned = 30}}) {
      DossierSpec spec;
      spec.name = subject;
      spec.page_size = 4;
      for (int page = 0; page < 100; ++page) {
        auto dossier = engine.GetDossier(*snapshot, spec, budget);
        if (!dossier.ok()) {
          out += StatusLine(dossier.status());
          break;
        }
        absl::StrAppend(&out, "dossier ", dossier->subject.ShortDebugString(), " ",
                        dossier->total_remarks, " ", dossier->total_meetings, "\n");
        for (const NodeRecord& related : dossier->related) out += related.ShortDebugString();
        for (const auto& [stance, count] : dossier->stance_counts) {
          absl::StrAppend(&out, " s", static_cast<int>(stance), "=", count);
        }
        for (const DossierMeeting& meeting : dossier->meetings) {
          absl::StrAppend(&out, "\n meeting ", meeting.id, " ",
                          meeting.meeting ? meeting.meeting->ShortDebugString() : "");
          for (const DossierRemark& r : meeting.remarks) {
            absl::StrAppend(&out, "\n  remark ", r.id, " ", r.speaker, " ", r.speaker_title, " ",
                            r.remark->ShortDebugString());
            for (const EdgeView& link : r.links) out += " " + Describe(link);
          }
        }
        out += " token " + dossier->next_page_token + Describe(dossier->stats);
        if (dossier->next_page_token.empty()) break;
        spec.page_token = dossier->next_page_token;
      }
    }
  }
  return out;
}

class AdjacencyAnswersTest : public ::testing::TestWithParam<uint32_t> {};

TEST_P(AdjacencyAnswersTest, SameAnswersFromMemoryAndFromRocksDb) {
  remarkgraph::testing::ScopedTempDir dir;
  const std::string path = dir.Sub("db");
  auto open = [&](bool adjacency) {
    storage::StoreOptions options;
    options.adjacency = adjacency;
    auto store = storage::OpenGraphStore(path, options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  };
  std::string from_overlay;
  {
    std::unique_ptr<storage::GraphStore> store = open(true);
    ASSERT_NE(store, nullptr);
    BuildRandomCouncil(*store, GetParam());
    ASSERT_TRUE(store->Snapshot()->has_adjacency());
    from_overlay = Answers(*store);
  }
  std::string from_rocksdb, from_base;
  {
    std::unique_ptr<storage::GraphStore> store = open(false);
    ASSERT_NE(store, nullptr);
    ASSERT_FALSE(store->Snapshot()->has_adjacency());
    from_rocksdb = Answers(*store);
  }
  {
    std::unique_ptr<storage::GraphStore> store = open(true);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Snapshot()->has_adjacency());
    from_base = Answers(*store);
  }
  // Enough happened for the comparison to mean something.
  EXPECT_GT(from_rocksdb.size(), 20'000u);
  // Cut by max_nodes and by max_fanout (see Describe(Stats)).
  EXPECT_NE(from_rocksdb.find("/1\n"), std::string::npos);
  EXPECT_NE(from_rocksdb.find("/3\n"), std::string::npos);
  EXPECT_NE(from_rocksdb.find("token "), std::string::npos);
  EXPECT_EQ(from_overlay, from_rocksdb);
  EXPECT_EQ(from_base, from_rocksdb);
}

INSTANTIATE_TEST_SUITE_P(Seeds, AdjacencyAnswersTest, ::testing::Values(1u, 2u, 3u));

}  // namespace
}  // namespace remarkgraph::query::testing
