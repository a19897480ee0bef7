// ParsedMinutes -> Mutation, applied to a real store: names, re-import
// replaces, and cross-meeting edges independent of import order.
#include "ingest/to_mutation.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

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

// Every node's name and record, and who matches each search phrase.
std::map<std::string, std::string> Records(storage::GraphStore& store) {
  std::map<std::string, std::string> out;
  auto snap = store.Snapshot();
  for (int k = 1; k <= storage::kMaxNodeKind; ++k) {
    std::vector<storage::NodeId> ids;
    EXPECT_TRUE(snap->ScanKind(static_cast<storage::NodeKind>(k), "",
                               [&](std::string_view, storage::NodeId id) {
                                 ids.push_back(id);
                                 return true;
                               }).ok());
    for (storage::NodeId id : ids) {
      auto node = snap->GetNode(id);
      EXPECT_TRUE(node.ok() && node->has_value());
      if (node.ok() && node->has_value()) out[(*node)->name()] = (*node)->SerializeAsString();
    }
  }
  return out;
}

std::set<std::string> Matches(storage::GraphStore& store, std::string_view phrase) {
  std::set<std::string> out;
  auto snap = store.Snapshot();
  EXPECT_TRUE(snap->ScanTextMatches(storage::NormalizeForSearch(phrase), storage::kNoNode,
                                    [&](const storage::TextMatch& m) {
                                      auto node = snap->GetNode(m.id);
                                      if (node.ok() && node->has_value()) {
                                        out.insert((*node)->name());
                                      }
                                      return true;
                                    }).ok());
  return out;
}

// A reimport upserts the remarks and items that are still there in place;
// the graph and the search index come out as a fresh import of the new
// minutes makes them, with remarks gone, renumbered, rewritten, and an
// attendee gone.
TEST_F(StoreTest, ReimportOfEditedMinutesEqualsAFreshImport) {
  std::string edited = testing::kGijigaiyo;
  auto cut = [&](std::string_view from, std::string_view to) {
    const size_t begin = edited.find(from);
    ASSERT_NE(begin, std::string::npos) << from;
    const size_t end = edited.find(to, begin);
    ASSERT_NE(end, std::string::npos) << to;
    edited.erase(begin, end - begin);
  };
  cut("村上 由美", "小西 健二");
  cut("○村上本部員", "○小西本部長");
  const std::string before = "実施体制の人員が足りないのは問題だ。";
  const size_t at = edited.find(before);
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, before.size(), "防災訓練の予算措置を急ぐべきだ。");

  auto reimported = Open("edited_reimport");
  Import(*reimported, testing::kGijigaiyo);
  ASSERT_EQ(Matches(*reimported, "人員が足りない").size(), 1u);
  const std::string first_remark = "meetings/デジタル防災推進本部-2023-11-14-5/remarks/1";
  auto id_before = reimported->Snapshot()->Resolve(first_remark);
  ASSERT_TRUE(id_before.ok() && id_before->has_value());
  Import(*reimported, edited.c_str());
  // A remark still there is the same node: its postings were not rewritten.
  auto id_after = reimported->Snapshot()->Resolve(first_remark);
  ASSERT_TRUE(id_after.ok());
  EXPECT_EQ(*id_after, *id_before);
  auto fresh = Open("edited_fresh");
  Import(*fresh, edited.c_str());

  // People are shared by meetings: one no longer named keeps the node and
  // loses the attendance.
  std::map<std::string, std::string> records = Records(*reimported);
  ASSERT_EQ(records.erase("people/村上由美"), 1u);
  const std::map<std::string, std::string> expected = Records(*fresh);
  EXPECT_EQ(records.size(), expected.size());
  for (const auto& [name, record] : expected) {
    const auto found = records.find(name);
    ASSERT_NE(found, records.end()) << name;
    storage::NodeRecord got, want;
    ASSERT_TRUE(got.ParseFromString(found->second) && want.ParseFromString(record));
    EXPECT_EQ(got.DebugString(), want.DebugString()) << name;
  }
  EXPECT_EQ(Edges(*reimported), Edges(*fresh));
  EXPECT_EQ(reimported->Stats().nodes, fresh->Stats().nodes + 1);
  EXPECT_EQ(reimported->Stats().edges, fresh->Stats().edges);
  EXPECT_TRUE(Matches(*reimported, "人員が足りない").empty());
  EXPECT_TRUE(Matches(*reimported, "パブコメの結果").empty());
  for (const char* phrase : {"防災訓練の予算", "工程表", "御異議なし", "賛成する"}) {
    EXPECT_FALSE(Matches(*fresh, phrase).empty()) << phrase;
    EXPECT_EQ(Matches(*reimported, phrase), Matches(*fresh, phrase)) << phrase;
  }
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
