// Matters named relative to time resolve by the meeting's date: the 次期
// strategy discussed in 2018 is not the one adopted in 2021.
#include "ingest/matter_period.h"

#include <gtest/gtest.h>

#include "ingest/ids.h"
#include "ingest/linker.h"
#include "ingest/matter_catalog.h"
#include "ingest/parse.h"

namespace remarkgraph::ingest {
namespace {

TEST(MatterPeriod, FiscalYearOfTheWordsAtTheMeetingDate) {
  EXPECT_EQ(RelativeFiscalYear("次期防災情報戦略", "2018-06-01"), 2018);
  EXPECT_EQ(RelativeFiscalYear("次期防災情報戦略", "2019-03-31"), 2018);  // FY ends in March.
  EXPECT_EQ(RelativeFiscalYear("次期防災情報戦略", "2021-07-01"), 2021);
  EXPECT_EQ(RelativeFiscalYear("来年度予算の概算要求", "2020-12-10"), 2021);
  EXPECT_EQ(RelativeFiscalYear("前年度決算の報告", "2021-06-01"), 2020);
  EXPECT_EQ(RelativeFiscalYear("新たな地域交通計画", "2024-04-01"), 2024);
  EXPECT_EQ(RelativeFiscalYear("今期の活動方針", "2023-01-15"), 2022);
  // Not relative, or no date to resolve by.
  EXPECT_EQ(RelativeFiscalYear("第5期河川整備計画", "2021-07-01"), std::nullopt);
  EXPECT_EQ(RelativeFiscalYear("次期防災情報戦略", ""), std::nullopt);
  EXPECT_EQ(RelativeFiscalYear("次期防災情報戦略", "2021-13-01"), std::nullopt);
}

TEST(MatterPeriod, IdsDifferByYearOnlyForTimeRelativeTitles) {
  EXPECT_NE(MatterIdAt("次期防災情報戦略", "2018-06-01"), MatterIdAt("次期防災情報戦略", "2021-07-01"));
  EXPECT_EQ(MatterIdAt("次期防災情報戦略", "2021-05-10"), MatterIdAt("次期防災情報戦略", "2021-09-30"));
  EXPECT_EQ(MatterIdAt("次期防災情報戦略", "2021-07-01"), "次期防災情報戦略-2021年度");
  EXPECT_EQ(MatterIdAt("河川整備計画", "2021-07-01"), SlugId("河川整備計画"));
  EXPECT_EQ(MatterIdAt("次期防災情報戦略", ""), SlugId("次期防災情報戦略"));
  EXPECT_TRUE(IsValidId(MatterIdAt(std::string(200, 'x') + "次期", "2021-07-01")));
}

std::string Minutes(const std::string& date, const std::string& remark) {
  return "防災情報会議 第２回 議事概要\n\n１ 日時\n\n" + date +
         " １０時００分～１１時００分\n\n２ 出席者（敬称略）\n\n高田 誠\t東都大学教授\n\n"
         "３ 議事概要\n\n（１）討議\n\n【報告事項】\n\n- ・地域の避難訓練の実施状況について\n\n"
         "○高田本部員\n\n" +
         remark + "\n\n－ 以上 －\n";
}

TEST(MatterPeriod, ARemarkNamesTheMatterOfItsOwnYear) {
  // The catalog knows 次期防災情報戦略 of 2018 and of 2021.
  InMemoryMatterCatalog catalog;
  catalog.Add({MatterIdAt("次期防災情報戦略", "2018-06-01"), "次期防災情報戦略",
               {"meetings/a-2018-06-01"}});
  catalog.Add({MatterIdAt("次期防災情報戦略", "2021-07-01"), "次期防災情報戦略",
               {"meetings/a-2021-07-01"}});
  catalog.Add({"河川整備計画の見直し", "河川整備計画の見直し", {"meetings/a-2021-07-01"}});
  auto m = ParseMinutes(Minutes("令和３年９月２７日（月）",
                                "次期防災情報戦略の工程と、河川整備計画の見直しについて伺いたい。"));
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->date, "2021-09-27");
  ASSERT_TRUE(LinkMinutes(*m, {&catalog, nullptr}).ok());
  std::vector<std::string> matters;
  for (const Link& l : m->links) {
    if (l.target_type == TargetType::kMatter) matters.push_back(l.target);
  }
  std::sort(matters.begin(), matters.end());
  EXPECT_EQ(matters, (std::vector<std::string>{"次期防災情報戦略-2021年度", "河川整備計画の見直し"}));
}

TEST(MatterPeriod, StoredRemarksOfAnotherYearAreNotLinkedToTheNewMatter) {
  // Remarks of 2018 and 2021 both say 次期防災情報戦略; a 2021 meeting then
  // decides it: only the 2021 remark is about that matter.
  InMemoryRemarkCorpus corpus;
  for (const char* date : {"2018-06-01", "2021-07-01"}) {
    StoredRemark r;
    r.name = std::string("meetings/b-") + date + "/remarks/1";
    r.meeting_name = std::string("meetings/b-") + date;
    r.meeting_date = date;
    r.text = "次期防災情報戦略の検討を急ぐべきである。";
    corpus.Add(r);
  }
  const std::string text =
      "防災情報会議 第３回 議事概要\n\n１ 日時\n\n令和３年１０月４日（月） １０時００分～１１時００分\n\n"
      "２ 出席者（敬称略）\n\n高田 誠\t東都大学教授\n\n３ 議事概要\n\n（１）討議\n\n【決定事項】\n\n"
      "- ・次期防災情報戦略（案）について\n\n○高田本部員\n\n本案に賛成する。\n\n－ 以上 －\n";
  auto m = ParseMinutes(text);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_TRUE(LinkMinutes(*m, {nullptr, &corpus}).ok());
  ASSERT_EQ(m->items.size(), 1u);
  EXPECT_EQ(m->items[0].matter_id, "次期防災情報戦略-2021年度");
  ASSERT_EQ(m->external_links.size(), 1u);
  EXPECT_EQ(m->external_links[0].remark_name, "meetings/b-2021-07-01/remarks/1");
}

}  // namespace
}  // namespace remarkgraph::ingest
