#include "tests/query/query_fixture.h"

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace remarkgraph::query::testing {

using storage::Mutation;

NodeRecord MakeNode(const std::string& name, const std::string& title) {
  NodeRecord record;
  record.set_name(name);
  record.set_title(title);
  return record;
}

NodeRecord MakeMeeting(const std::string& id, const std::string& date) {
  NodeRecord record = MakeNode(storage::MeetingName(id), "Meeting " + id);
  record.set_date(date);
  return record;
}

NodeRecord MakeRemark(const RemarkSpec& spec) {
  NodeRecord record = MakeNode(spec.name());
  record.set_ordinal(spec.ordinal);
  record.set_speaker_label(spec.label);
  record.set_text(spec.text);
  return record;
}

EdgeRecord WithStance(Stance stance) {
  EdgeRecord record;
  record.set_stance(static_cast<uint32_t>(stance));
  return record;
}

const std::vector<RemarkSpec>& CouncilRemarks() {
  static const auto* remarks = new std::vector<RemarkSpec>{
      {"m1", "r1", 1, "people/sato", "佐藤委員",
       "サイバーセキュリティ戦略の案を支持します。"},
      {"m1", "r2", 2, "people/suzuki", "鈴木委員",
       "予算の規模に懸念があります。The BUDGET is tight."},
      {"m1", "r3", 3, "", "事務局", "戦略案について説明します。"},
      {"m2", "r1", 1, "people/sato", "佐藤委員", "予算案について質問します。"},
      {"m2", "r2", 2, "people/suzuki", "鈴木委員",
       "戦略の実施体制に反対です。"},
      {"m3", "r1", 1, "people/sato", "佐藤委員", "戦略決定を歓迎します。"},
      {"m3", "r2", 2, "people/suzuki", "鈴木委員",
       "セキュリティ人材の育成が重要です。"},
  };
  return *remarks;
}

const std::vector<LinkSpec>& CouncilLinks() {
  using storage::RemarkName;
  static const auto* links = new std::vector<LinkSpec>{
      {RemarkName("m1", "r1"), EdgeKind::kReferences, "meetings/m1/items/1",
       Stance::kSupport},
      {RemarkName("m1", "r2"), EdgeKind::kReferences, "meetings/m1/items/1",
       Stance::kConcern},
      {RemarkName("m1", "r3"), EdgeKind::kReferences, "meetings/m1/items/1",
       Stance::kUnspecified},
      {RemarkName("m2", "r1"), EdgeKind::kReferences, "meetings/m2/items/1",
       Stance::kQuestion},
      {RemarkName("m2", "r2"), EdgeKind::kReferences, "matters/strategy",
       Stance::kOppose},
      {RemarkName("m3", "r1"), EdgeKind::kReferences, "meetings/m3/items/1",
       Stance::kSupport},
      {RemarkName("m3", "r1"), EdgeKind::kAdopts, "meetings/m3/items/1",
       Stance::kUnspecified},
      {RemarkName("m3", "r2"), EdgeKind::kReferences, "meetings/m1/items/1",
       Stance::kSupport},
  };
  return *links;
}

Mutation CouncilMutation() {
  Mutation m;
  m.UpsertNode(MakeNode("bodies/council", "The council"));
  const std::vector<std::pair<std::string, std::string>> meetings = {
      {"m1", "2024-01-10"}, {"m2", "2024-02-15"}, {"m3", "2024-03-20"}};
  for (const auto& [id, date] : meetings) {
    m.UpsertNode(MakeMeeting(id, date));
    m.UpsertEdge(storage::MeetingName(id), EdgeKind::kHeldBy, "bodies/council",
                 {});
  }
  NodeRecord item1 = MakeNode("meetings/m1/items/1", "戦略案");
  item1.set_item_kind(1);
  item1.set_outcome(1);
  (*item1.mutable_properties())["area"] = "cyber";
  NodeRecord item2 = MakeNode("meetings/m2/items/1", "予算");
  item2.set_item_kind(2);
  NodeRecord item3 = MakeNode("meetings/m3/items/1", "戦略決定");
  item3.set_item_kind(1);
  item3.set_outcome(2);
  for (NodeRecord* item : {&item1, &item2, &item3}) {
    const std::string meeting = storage::MeetingOf(item->name());
    m.UpsertNode(*item);
    m.UpsertEdge(meeting, EdgeKind::kHasItem, item->name(), {});
  }
  m.UpsertNode(MakeNode("matters/strategy", "次期サイバーセキュリティ戦略"));
  m.UpsertEdge("meetings/m1/items/1", EdgeKind::kAbout, "matters/strategy", {});
  m.UpsertEdge("meetings/m3/items/1", EdgeKind::kAbout, "matters/strategy", {});
  m.UpsertNode(MakeNode("people/sato", "佐藤 太郎"));
  m.UpsertNode(MakeNode("people/suzuki", "鈴木 花子"));
  for (const char* meeting : {"meetings/m1", "meetings/m2", "meetings/m3"}) {
    m.UpsertEdge("people/sato", EdgeKind::kAttended, meeting, {});
  }
  for (const char* meeting : {"meetings/m1", "meetings/m2"}) {
    m.UpsertEdge("people/suzuki", EdgeKind::kAttended, meeting, {});
  }
  for (const RemarkSpec& remark : CouncilRemarks()) {
    m.UpsertNode(MakeRemark(remark));
    m.UpsertEdge(remark.name(), EdgeKind::kInMeeting,
                 storage::MeetingName(remark.meeting), {});
    if (!remark.person.empty()) {
      m.UpsertEdge(remark.name(), EdgeKind::kSpokenBy, remark.person, {});
    }
  }
  for (const LinkSpec& link : CouncilLinks()) {
    m.UpsertEdge(link.remark, link.kind, link.target, WithStance(link.stance));
  }
  m.UpsertEdge("meetings/m1/remarks/r2", EdgeKind::kRepliesTo,
               "meetings/m1/remarks/r1", {});
  m.UpsertEdge("meetings/m1/remarks/r1", EdgeKind::kRepliesTo,
               "meetings/m1/remarks/r3", {});
  m.UpsertEdge("meetings/m1/remarks/r3", EdgeKind::kRepliesTo,
               "meetings/m1/remarks/r2", {});
  m.UpsertNode(MakeNode("topics/isolated", "Nothing links here"));
  return m;
}

storage::StoreOptions QueryStoreOptions() {
  storage::StoreOptions options;
  const char* adjacency = std::getenv("RG_QUERY_ADJACENCY");
  options.adjacency = adjacency == nullptr || std::string_view(adjacency) != "off";
  return options;
}

void QueryTest::SetUp() {
  auto store = storage::OpenGraphStore(dir_.Sub("db"), QueryStoreOptions());
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);
}

void QueryTest::TearDown() {
  if (store_ != nullptr) {
    EXPECT_TRUE(store_->Close().ok());
  }
  store_.reset();
}

void QueryTest::Apply(const Mutation& mutation) {
  auto result = store_->Apply(mutation);
  ASSERT_TRUE(result.ok()) << result.status();
}

NodeId QueryTest::Id(const std::string& name) {
  auto id = store_->Snapshot()->Resolve(name);
  EXPECT_TRUE(id.ok() && id->has_value()) << name;
  return id.ok() && id->has_value() ? **id : storage::kNoNode;
}

std::string QueryTest::NameOf(NodeId id) {
  auto node = store_->Snapshot()->GetNode(id);
  EXPECT_TRUE(node.ok() && node->has_value()) << id;
  return node.ok() && node->has_value() ? (*node)->name() : "";
}

absl::StatusOr<QueryTest::Walked> QueryTest::Walk(const TraverseSpec& spec,
                                                  const Budget& budget) {
  Walked walked;
  auto snapshot = store_->Snapshot();
  auto stats =
      engine_.Traverse(*snapshot, spec, budget, [&](const TraversalHit& hit) {
        walked.hits.push_back(hit);
        return true;
      });
  if (!stats.ok()) return stats.status();
  walked.stats = *stats;
  return walked;
}

}  // namespace remarkgraph::query::testing
