// SearchRemarks on a real store: normalisation, filters, paging, snippets.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
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
using ::testing::IsEmpty;

class SearchTest : public QueryTest {
 protected:
  void SetUp() override {
    QueryTest::SetUp();
    BuildCouncil();
  }

  absl::StatusOr<SearchResult> Search(SearchSpec spec, Budget budget = {}) {
    auto snapshot = Snapshot();
    return engine_.SearchRemarks(*snapshot, spec, budget);
  }

  static SearchSpec Query(const std::string& text) {
    SearchSpec spec;
    spec.query = text;
    return spec;
  }

  // The council remarks whose normalised text contains the normalised
  // query and that pass `pred`, in id (insertion) order.
  template <typename Pred>
  std::vector<std::string> Expected(const std::string& query, Pred pred) {
    const std::string q = storage::NormalizeForSearch(query);
    std::vector<std::pair<NodeId, std::string>> found;
    for (const RemarkSpec& r : CouncilRemarks()) {
      if (absl::StrContains(storage::NormalizeForSearch(r.text), q) &&
          pred(r)) {
        found.emplace_back(Id(r.name()), r.name());
      }
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> names;
    for (const auto& [id, name] : found) names.push_back(name);
    return names;
  }

  static std::vector<std::string> Names(const SearchResult& result) {
    std::vector<std::string> names;
    for (const SearchHit& hit : result.hits) names.push_back(hit.remark->name());
    return names;
  }
};

TEST_F(SearchTest, FindsSubstringInIdOrder) {
  auto result = Search(Query("戦略"));
  ASSERT_TRUE(result.ok()) << result.status();
  const auto expected =
      Expected("戦略", [](const RemarkSpec&) { return true; });
  ASSERT_GE(expected.size(), 3u);
  EXPECT_THAT(Names(*result), ElementsAreArray(expected));
  EXPECT_TRUE(result->next_page_token.empty());
  for (const SearchHit& hit : result->hits) {
    EXPECT_EQ(hit.id, Id(hit.remark->name()));
    EXPECT_THAT(hit.snippet, HasSubstr("戦略"));
  }
}

TEST_F(SearchTest, NormalisesWidthAndCase) {
  // Half-width katakana and upper case meet their normalised forms.
  auto kana = Search(Query("ｾｷｭﾘﾃｨ"));
  ASSERT_TRUE(kana.ok()) << kana.status();
  EXPECT_THAT(Names(*kana),
              ElementsAreArray(Expected(
                  "セキュリティ", [](const RemarkSpec&) { return true; })));
  EXPECT_FALSE(kana->hits.empty());
  auto latin = Search(Query("budget"));
  ASSERT_TRUE(latin.ok()) << latin.status();
  ASSERT_EQ(latin->hits.size(), 1u);
  EXPECT_THAT(latin->hits[0].snippet, HasSubstr("BUDGET"));
}

TEST_F(SearchTest, Filters) {
  SearchSpec spec = Query("します");
  spec.meeting = "meetings/m1";
  auto by_meeting = Search(spec);
  ASSERT_TRUE(by_meeting.ok()) << by_meeting.status();
  EXPECT_THAT(Names(*by_meeting),
              ElementsAreArray(Expected("します", [](const RemarkSpec& r) {
                return r.meeting == "m1";
              })));
  EXPECT_FALSE(by_meeting->hits.empty());

  spec = Query("します");
  spec.person = "people/sato";
  auto by_person = Search(spec);
  ASSERT_TRUE(by_person.ok()) << by_person.status();
  EXPECT_THAT(Names(*by_person),
              ElementsAreArray(Expected("します", [](const RemarkSpec& r) {
                return r.person == "people/sato";
              })));
  EXPECT_FALSE(by_person->hits.empty());

  spec = Query("します");
  spec.start_date = "2024-02-01";
  spec.end_date = "2024-03-01";
  auto by_date = Search(spec);
  ASSERT_TRUE(by_date.ok()) << by_date.status();
  EXPECT_THAT(Names(*by_date),
              ElementsAreArray(Expected("します", [](const RemarkSpec& r) {
                return r.meeting == "m2";
              })));
  EXPECT_FALSE(by_date->hits.empty());

  // A filter on a node that does not exist matches nothing.
  spec = Query("します");
  spec.person = "people/nobody";
  auto nobody = Search(spec);
  ASSERT_TRUE(nobody.ok()) << nobody.status();
  EXPECT_THAT(nobody->hits, IsEmpty());
  spec = Query("します");
  spec.meeting = "meetings/none";
  auto no_meeting = Search(spec);
  ASSERT_TRUE(no_meeting.ok());
  EXPECT_THAT(no_meeting->hits, IsEmpty());

  spec = Query("します");
  spec.start_date = "March";
  EXPECT_EQ(Search(spec).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(SearchTest, PagesCoverEverythingOnce) {
  auto whole = Search(Query("ます"));
  ASSERT_TRUE(whole.ok());
  const std::vector<std::string> all = Names(*whole);
  EXPECT_EQ(all, Expected("ます", [](const RemarkSpec&) { return true; }));
  ASSERT_GE(all.size(), 4u);
  for (int page_size : {1, 3}) {
    SearchSpec spec = Query("ます");
    spec.page_size = page_size;
    std::vector<std::string> paged;
    int pages = 0;
    do {
      auto page = Search(spec);
      ASSERT_TRUE(page.ok()) << page.status();
      EXPECT_LE(page->hits.size(), static_cast<size_t>(page_size));
      for (const std::string& name : Names(*page)) paged.push_back(name);
      spec.page_token = page->next_page_token;
      ASSERT_LT(++pages, 100);
    } while (!spec.page_token.empty());
    EXPECT_EQ(paged, all);
    // No empty last page: the token is only issued when a match follows.
    EXPECT_EQ(pages,
              static_cast<int>((all.size() + page_size - 1) / page_size));
  }
}

TEST_F(SearchTest, TokensAreBoundToTheRequest) {
  SearchSpec spec = Query("ます");
  spec.page_size = 1;
  auto first = Search(spec);
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token.empty());
  SearchSpec other = Query("戦略");
  other.page_token = first->next_page_token;
  EXPECT_EQ(Search(other).status().code(), absl::StatusCode::kInvalidArgument);
  SearchSpec filtered = spec;
  filtered.meeting = "meetings/m1";
  filtered.page_token = first->next_page_token;
  EXPECT_EQ(Search(filtered).status().code(),
            absl::StatusCode::kInvalidArgument);
  SearchSpec forged = spec;
  forged.page_token = absl::WebSafeBase64Escape("v1.1.0000000000000000");
  EXPECT_EQ(Search(forged).status().code(), absl::StatusCode::kInvalidArgument);
  forged.page_token = "%%%";
  EXPECT_EQ(Search(forged).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(SearchTest, ShortQueriesAreInvalid) {
  for (const std::string query : {"", "a", " ", "予"}) {
    auto result = Search(Query(query));
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
        << query;
    EXPECT_THAT(result.status().message(), HasSubstr("at least 2 characters"));
  }
  // Two characters after normalisation: full-width "ＡＢ" becomes "ab".
  EXPECT_TRUE(Search(Query("ＡＢ")).ok());
}

TEST_F(SearchTest, SnippetIsShortValidAndAroundTheMatch) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "あ";
  text += "目標の達成";
  for (int i = 0; i < 60; ++i) text += "い";
  storage::Mutation m;
  m.UpsertNode(MakeRemark({"m3", "long", 9, "", "", text}));
  Apply(m);
  auto result = Search(Query("目標"));
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->hits.size(), 1u);
  const std::string& snippet = result->hits[0].snippet;
  EXPECT_TRUE(storage::IsValidUtf8(snippet));
  EXPECT_THAT(snippet, HasSubstr("目標の達成"));
  const size_t chars = std::count_if(
      snippet.begin(), snippet.end(),
      [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  EXPECT_LE(chars, 45u);
  EXPECT_GE(chars, 30u);
  EXPECT_LT(snippet.size(), text.size());
}

TEST_F(SearchTest, NodeBudgetCutsAPageButPagingGoesOn) {
  const auto expected =
      Expected("ます", [](const RemarkSpec&) { return true; });
  Budget budget;
  budget.max_nodes = 2;
  SearchSpec spec = Query("ます");
  std::vector<std::string> paged;
  bool cut = false;
  for (int pages = 0; pages < 100; ++pages) {
    auto page = Search(spec, budget);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->stats.nodes_visited, 2);
    cut = cut || page->stats.truncation == Truncation::kMaxNodes;
    for (const std::string& name : Names(*page)) paged.push_back(name);
    spec.page_token = page->next_page_token;
    if (spec.page_token.empty()) break;
  }
  EXPECT_TRUE(cut);
  EXPECT_EQ(paged, expected);
}

TEST_F(SearchTest, DeadlineInThePast) {
  Budget budget;
  budget.deadline = absl::Now() - absl::Seconds(1);
  EXPECT_EQ(Search(Query("戦略"), budget).status().code(),
            absl::StatusCode::kDeadlineExceeded);
}

}  // namespace
}  // namespace remarkgraph::query::testing
