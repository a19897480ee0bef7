// ParsedMinutes -> Mutation, applied to a real store: names, re-import
// replaces, and cross-meeting edges independent of import order.
#include "ingest/to_mutation.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "ingest/importer.h"
#include "ingest/linker.h"
#include "ingest/parse.h"
#include "tests/ingest/fixtures.h"

namespace remarkgraph::ingest {
namespace {

constexpr char kOther[] =
    "令和5年11月1日\n\n防災情報連絡会（第1回）\n\n発言要旨\n\n1 開会\n\n2 議長挨拶\n\n"
    "政府の次期防災デジタル基本計画においても、情報連携が重視される見込みである。\n";

class StoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<storage::GraphStore> Open(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() /
               ("rg_ingest_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    dirs_.push_back(dir);
    auto store = storage::OpenGraphStore(dir.string());
    EXPECT_TRUE(store.ok()) << store.status();
    return std::move(store).value();
  }
  void TearDown() override {
    for (const auto& d : dirs_) std::filesystem::remove_all(d);
  }
  static void Import(storage::GraphStore& store, const char* text) {
    auto snap = store.Snapshot();
    auto result = ImportMinutes(text, Format::kUnknown, {}, snap.get());
    ASSERT_TRUE(result.ok()) << result.status();
    auto applied = store.Apply(result->mutation);
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
  // Every edge as (source name, kind, target name).
  static std::set<std::tuple<std::string, int, std::string>> Edges(storage::GraphStore& store) {
    std::set<std::tuple<std::string, int, std::string>> out;
    auto snap = store.Snapshot();
    for (int k = 1; k <= storage::kMaxNodeKind; ++k) {
      std::vector<std::pair<std::string, storage::NodeId>> nodes;
      EXPECT_TRUE(snap->ScanKind(static_cast<storage::NodeKind>(k), "",
                                 [&](std::string_view n, storage::NodeId id) {
                                   nodes.emplace_back(std::string(n), id);
                                   return true;
                                 }).ok());
      for (const auto& [name, id] : nodes) {
        EXPECT_TRUE(snap->ScanEdges(id, storage::EdgeDirection::kOutgoing, std::nullopt,
                                    std::nullopt, [&](const storage::EdgeEntry& e) {
                                      auto t = snap->GetNode(e.neighbor);
                                      out.insert({name, static_cast<int>(e.kind),
                                                  (*t)->name()});
                                      return true;
                                    }).ok());
      }
    }
    return out;
  }
  std::vector<std::filesystem::path> dirs_;
};

TEST(BuildMutation, NamesAndEvidence) {
  auto m = ParseMinutes(testing::kGijigaiyo);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(LinkMinutes(*m).ok());
  storage::Mutation mu = BuildMutation(*m);
  std::set<std::string> names;
  bool evidence = false;
  for (const auto& op : mu.ops()) {
    if (op.type == storage::Mutation::Op::Type::kUpsertNode) names.insert(mu.node(op).name());
    if (op.type == storage::Mutation::Op::Type::kUpsertEdge &&
        op.edge_kind == storage::EdgeKind::kReferences && mu.edge(op).evidence_size() > 0) {
      evidence = !mu.edge(op).evidence(0).rule().empty() &&
                 mu.edge(op).evidence(0).source() == storage::MeetingName(m->meeting_id);
    }
  }
  EXPECT_TRUE(names.count("meetings/デジタル防災推進本部-2023-11-14-5"));
  EXPECT_TRUE(names.count("meetings/デジタル防災推進本部-2023-11-14-5/remarks/8"));
  EXPECT_TRUE(names.count("meetings/デジタル防災推進本部-2023-11-14-5/items/1"));
  EXPECT_TRUE(names.count("matters/次期防災デジタル基本計画-2023年度"));
  EXPECT_TRUE(names.count("people/高田誠"));
  EXPECT_TRUE(names.count("bodies/デジタル防災推進本部"));
  EXPECT_TRUE(names.count("documents/資料3-1"));
  EXPECT_TRUE(evidence);
}

TEST_F(StoreTest, ReimportReplaces) {
  auto store = Open("reimport");
  Import(*store, testing::kGijigaiyo);
  auto first = store->Stats();
  auto edges = Edges(*store);
  Import(*store, testing::kGijigaiyo);
  EXPECT_EQ(store->Stats().nodes, first.nodes);
  EXPECT_EQ(Edges(*store), edges);
}

TEST_F(StoreTest, CrossMeetingEdgeEitherOrder) {
  auto one = Open("order1");
  Import(*one, testing::kGijigaiyo);
  Import(*one, kOther);
  auto two = Open("order2");
  Import(*two, kOther);
  Import(*two, testing::kGijigaiyo);
  auto e1 = Edges(*one), e2 = Edges(*two);
  EXPECT_EQ(e1, e2);
  EXPECT_TRUE(e1.count({"meetings/防災情報連絡会-2023-11-01-1/remarks/1",
                        static_cast<int>(storage::EdgeKind::kReferences),
                        "matters/次期防災デジタル基本計画-2023年度"}));
}

}  // namespace
}  // namespace remarkgraph::ingest
