// GetDossier on a real store: grouping, order, speakers, stance counts,
// paging and page tokens.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "query/query_engine.h"
#include "tests/query/query_fixture.h"

namespace remarkgraph::query::testing {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;

class DossierTest : public QueryTest {
 protected:
  void SetUp() override {
    QueryTest::SetUp();
    BuildCouncil();
  }

  absl::StatusOr<Dossier> Get(const std::string& name, int page_size = 100,
                              const std::string& token = "",
                              Budget budget = {}) {
    DossierSpec spec;
    spec.name = name;
    spec.page_size = page_size;
    spec.page_token = token;
    auto snapshot = Snapshot();
    return engine_.GetDossier(*snapshot, spec, budget);
  }

  // The expected listing, worked out from the fixture's description: the
  // remarks linked to any of `targets`, ordered by meeting date (newest
  // first), then ordinal.
  std::vector<std::string> ExpectedOrder(const std::set<std::string>& targets) {
    std::map<std::string, std::string> dates = {
        {"m1", "2024-01-10"}, {"m2", "2024-02-15"}, {"m3", "2024-03-20"}};
    std::set<std::string> linked;
    for (const LinkSpec& link : CouncilLinks()) {
      if (targets.contains(link.target)) linked.insert(link.remark);
    }
    std::vector<std::tuple<std::string, int, std::string>> keyed;
    for (const RemarkSpec& r : CouncilRemarks()) {
      if (linked.contains(r.name())) {
        // Negate the date order by sorting on the complement below.
        keyed.emplace_back(dates[r.meeting], r.ordinal, r.name());
      }
    }
    std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
      if (std::get<0>(a) != std::get<0>(b))
        return std::get<0>(a) > std::get<0>(b);
      return std::get<1>(a) < std::get<1>(b);
    });
    std::vector<std::string> names;
    for (const auto& k : keyed) names.push_back(std::get<2>(k));
    return names;
  }

  static std::vector<std::string> Listed(const Dossier& dossier) {
    std::vector<std::string> names;
    for (const DossierMeeting& meeting : dossier.meetings) {
      for (const DossierRemark& remark : meeting.remarks) {
        names.push_back(remark.remark->name());
      }
    }
    return names;
  }
};

TEST_F(DossierTest, ItemDossierGroupsByMeetingNewestFirst) {
  const std::string item = "meetings/m1/items/1";
  auto dossier = Get(item);
  ASSERT_TRUE(dossier.ok()) << dossier.status();
  EXPECT_EQ(dossier->subject.name(), item);
  ASSERT_EQ(dossier->related.size(), 1u);
  EXPECT_EQ(dossier->related[0].name(), "matters/strategy");
  EXPECT_THAT(Listed(*dossier), ElementsAreArray(ExpectedOrder({item})));
  // Groups: each meeting once, its remarks all from it, by ordinal.
  std::set<std::string> meetings;
  std::string last_date = "9999";
  for (const DossierMeeting& group : dossier->meetings) {
    EXPECT_TRUE(meetings.insert(group.meeting->name()).second);
    EXPECT_EQ(group.id, Id(group.meeting->name()));
    EXPECT_LT(group.meeting->date(), last_date);
    last_date = group.meeting->date();
    int last_ordinal = -1;
    for (const DossierRemark& remark : group.remarks) {
      EXPECT_EQ(storage::MeetingOf(remark.remark->name()), group.meeting->name());
      EXPECT_GT(remark.remark->ordinal(), last_ordinal);
      last_ordinal = remark.remark->ordinal();
    }
  }
  EXPECT_EQ(dossier->total_meetings, static_cast<int64_t>(meetings.size()));
  EXPECT_EQ(dossier->total_remarks,
            static_cast<int64_t>(ExpectedOrder({item}).size()));
  EXPECT_TRUE(dossier->next_page_token.empty());
  EXPECT_FALSE(dossier->stats.truncated());
}

TEST_F(DossierTest, SpeakersAndLinks) {
  auto dossier = Get("meetings/m1/items/1");
  ASSERT_TRUE(dossier.ok()) << dossier.status();
  std::map<std::string, const RemarkSpec*> specs;
  for (const RemarkSpec& r : CouncilRemarks()) specs[r.name()] = &r;
  int checked = 0;
  for (const DossierMeeting& group : dossier->meetings) {
    for (const DossierRemark& remark : group.remarks) {
      const RemarkSpec& spec = *specs.at(remark.remark->name());
      EXPECT_EQ(remark.id, Id(spec.name()));
      EXPECT_EQ(remark.speaker, spec.person);
      if (spec.person.empty()) {
        EXPECT_EQ(remark.speaker_title, spec.label);
      } else {
        // The person's own title, not the label printed in the minutes.
        auto person = Snapshot()->GetNode(Id(spec.person));
        ASSERT_TRUE(person.ok() && person->has_value());
        EXPECT_EQ(remark.speaker_title, (*person)->title());
        EXPECT_NE(remark.speaker_title, spec.label);
      }
      ASSERT_EQ(remark.links.size(), 1u);
      EXPECT_EQ(remark.links[0].source, remark.id);
      EXPECT_EQ(remark.links[0].target, Id("meetings/m1/items/1"));
      for (const LinkSpec& link : CouncilLinks()) {
        if (link.remark == spec.name() &&
            link.target == "meetings/m1/items/1") {
          EXPECT_EQ(remark.links[0].record.stance(),
                    static_cast<uint32_t>(link.stance));
        }
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

TEST_F(DossierTest, MatterGathersItsItemsAndCountsStances) {
  const std::set<std::string> targets = {
      "matters/strategy", "meetings/m1/items/1", "meetings/m3/items/1"};
  auto dossier = Get("matters/strategy");
  ASSERT_TRUE(dossier.ok()) << dossier.status();
  std::vector<std::string> related;
  for (const NodeRecord& r : dossier->related) related.push_back(r.name());
  EXPECT_THAT(related, UnorderedElementsAreArray(std::vector<std::string>{
                           "meetings/m1/items/1", "meetings/m3/items/1"}));
  EXPECT_THAT(Listed(*dossier), ElementsAreArray(ExpectedOrder(targets)));

  // Per remark: its distinct stated stances, else UNSPECIFIED.
  std::map<std::string, std::set<Stance>> stances;
  std::map<std::string, int> link_count;
  for (const LinkSpec& link : CouncilLinks()) {
    if (!targets.contains(link.target)) continue;
    ++link_count[link.remark];
    if (link.stance != Stance::kUnspecified) {
      stances[link.remark].insert(link.stance);
    } else {
      stances[link.remark];
    }
  }
  std::map<Stance, int64_t> expected;
  for (auto& [remark, set] : stances) {
    if (set.empty()) ++expected[Stance::kUnspecified];
    for (Stance s : set) ++expected[s];
  }
  std::map<Stance, int64_t> got(dossier->stance_counts.begin(),
                                dossier->stance_counts.end());
  EXPECT_EQ(got, expected);
  EXPECT_EQ(dossier->total_remarks, static_cast<int64_t>(stances.size()));
  // A remark that references and adopts an item lists both links.
  for (const DossierMeeting& group : dossier->meetings) {
    for (const DossierRemark& remark : group.remarks) {
      EXPECT_EQ(static_cast<int>(remark.links.size()),
                link_count[remark.remark->name()])
          << remark.remark->name();
    }
  }
}

TEST_F(DossierTest, RemarksFollowOrdinalNotInsertionOrder) {
  storage::Mutation m;
  m.UpsertNode(MakeMeeting("m4", "2024-04-01"));
  NodeRecord item = MakeNode("meetings/m4/items/1", "後の議題");
  m.UpsertNode(item);
  for (int ordinal : {5, 3, 9, 1}) {
    RemarkSpec r{"m4", absl::StrCat("x", ordinal), ordinal, "", "委員", "発言"};
    m.UpsertNode(MakeRemark(r));
    m.UpsertEdge(r.name(), EdgeKind::kReferences, "meetings/m4/items/1",
                 WithStance(Stance::kSupport));
  }
  Apply(m);
  auto dossier = Get("meetings/m4/items/1");
  ASSERT_TRUE(dossier.ok()) << dossier.status();
  ASSERT_EQ(dossier->meetings.size(), 1u);
  std::vector<int> ordinals;
  for (const DossierRemark& r : dossier->meetings[0].remarks) {
    ordinals.push_back(r.remark->ordinal());
  }
  EXPECT_EQ(ordinals.size(), 4u);
  EXPECT_TRUE(std::is_sorted(ordinals.begin(), ordinals.end()));
}

TEST_F(DossierTest, PagesCoverEverythingOnce) {
  auto whole = Get("matters/strategy", 1000);
  ASSERT_TRUE(whole.ok()) << whole.status();
  const std::vector<std::string> all = Listed(*whole);
  ASSERT_GT(all.size(), 3u);
  for (int page_size : {1, 2, 3}) {
    SCOPED_TRACE(page_size);
    std::vector<std::string> paged;
    std::string token;
    int pages = 0;
    do {
      auto page = Get("matters/strategy", page_size, token);
      ASSERT_TRUE(page.ok()) << page.status();
      EXPECT_LE(Listed(*page).size(), static_cast<size_t>(page_size));
      EXPECT_EQ(page->total_remarks, whole->total_remarks);
      for (const std::string& name : Listed(*page)) paged.push_back(name);
      token = page->next_page_token;
      ASSERT_LT(++pages, 100);
    } while (!token.empty());
    EXPECT_EQ(paged, all);
    EXPECT_EQ(pages,
              static_cast<int>((all.size() + page_size - 1) / page_size));
  }
}

TEST_F(DossierTest, ForgedOrForeignTokensAreRejected) {
  auto first = Get("matters/strategy", 2);
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token.empty());
  const std::string token = first->next_page_token;
  EXPECT_TRUE(Get("matters/strategy", 2, token).ok());

  EXPECT_EQ(Get("matters/strategy", 2, "not-a-token").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Get("meetings/m1/items/1", 2, token).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string raw;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(token, &raw));
  // Change the position but keep the checksum.
  std::string edited = raw;
  const size_t dot = edited.find('.');
  ASSERT_NE(dot, std::string::npos);
  edited[dot + 1] = edited[dot + 1] == '9' ? '8' : edited[dot + 1] + 1;
  EXPECT_EQ(Get("matters/strategy", 2, absl::WebSafeBase64Escape(edited))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Get("matters/strategy", 2, token + "AA").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(DossierTest, Errors) {
  EXPECT_EQ(Get("people/sato").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Get("meetings/m1").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Get("not a name").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto missing = Get("meetings/m1/items/404");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("meetings/m1/items/404"));
  Budget late;
  late.deadline = absl::Now() - absl::Seconds(1);
  EXPECT_EQ(Get("matters/strategy", 10, "", late).status().code(),
            absl::StatusCode::kDeadlineExceeded);
}

TEST_F(DossierTest, EdgeBudgetCutsTotals) {
  auto whole = Get("matters/strategy");
  ASSERT_TRUE(whole.ok());
  Budget budget;
  // The ABOUT edges of the matter, and one reference.
  budget.max_edges_scanned = static_cast<int64_t>(whole->related.size()) + 1;
  auto cut = Get("matters/strategy", 100, "", budget);
  ASSERT_TRUE(cut.ok()) << cut.status();
  EXPECT_EQ(cut->stats.truncation, Truncation::kMaxEdgesScanned);
  EXPECT_EQ(cut->total_remarks, 1);
  EXPECT_LT(cut->total_remarks, whole->total_remarks);
  EXPECT_LE(cut->stats.edges_scanned, budget.max_edges_scanned + 1);
}

}  // namespace
}  // namespace remarkgraph::query::testing
