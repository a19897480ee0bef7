#include "ingest/linker.h"

#include <gtest/gtest.h>

#include "ingest/parse.h"
#include "tests/ingest/fixtures.h"

namespace remarkgraph::ingest {
namespace {

using storage::Stance;

const Link* Find(const ParsedMinutes& m, int remark, LinkKind kind,
                 const std::string& target) {
  for (const Link& l : m.links) {
    if (l.remark == remark && l.kind == kind && l.target == target) return &l;
  }
  return nullptr;
}

ParsedMinutes Linked(const char* text) {
  auto m = ParseMinutes(text);
  EXPECT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(LinkMinutes(*m).ok());
  return *std::move(m);
}

TEST(Linker, GijigaiyoItemsStancesAdoption) {
  ParsedMinutes m = Linked(testing::kGijigaiyo);
  // Opening: the title and the report's head phrase.
  EXPECT_NE(Find(m, 1, LinkKind::kReferences, "1"), nullptr);
  EXPECT_NE(Find(m, 1, LinkKind::kReferences, "3"), nullptr);
  // 次期計画（案） … 賛成する; 資料３－１ cited.
  const Link* l = Find(m, 2, LinkKind::kReferences, "1");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->stance, Stance::kSupport);
  EXPECT_EQ(l->evidence[0].rule, "short-form");
  EXPECT_NE(Find(m, 2, LinkKind::kCites, "資料3-1"), nullptr);
  // 決定事項2件 … 異論はない: both decisions; the partial title names D2;
  // パブコメ … ではないか: a question about the report.
  EXPECT_EQ(Find(m, 3, LinkKind::kReferences, "1")->stance, Stance::kSupport);
  EXPECT_EQ(Find(m, 3, LinkKind::kReferences, "2")->stance, Stance::kSupport);
  l = Find(m, 3, LinkKind::kReferences, "3");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->stance, Stance::kQuestion);
  // 本計画（案）… のは問題: concern.
  EXPECT_EQ(Find(m, 4, LinkKind::kReferences, "1")->stance, Stance::kConcern);
  // 高田本部員の御意見にあった … 賛同する.
  EXPECT_NE(Find(m, 5, LinkKind::kAgreesWith, "2"), nullptr);
  // The call counts the decisions; the adoption adopts both, and only that.
  EXPECT_NE(Find(m, 6, LinkKind::kReferences, "1"), nullptr);
  EXPECT_NE(Find(m, 6, LinkKind::kReferences, "2"), nullptr);
  EXPECT_NE(Find(m, 7, LinkKind::kAdopts, "1"), nullptr);
  EXPECT_NE(Find(m, 7, LinkKind::kAdopts, "2"), nullptr);
  EXPECT_EQ(Find(m, 7, LinkKind::kReferences, "1"), nullptr);
  EXPECT_EQ(m.items[0].outcome, Outcome::kAdopted);
  EXPECT_EQ(m.items[1].outcome, Outcome::kAdopted);
  EXPECT_EQ(m.items[2].outcome, Outcome::kUnspecified);
  EXPECT_EQ(m.items[0].matter_id, "次期防災デジタル基本計画-2023年度");
  // Closing: 基本計画（案） after a page break inside the remark.
  EXPECT_NE(Find(m, 8, LinkKind::kReferences, "1"), nullptr);
  for (const Link& link : m.links) {
    for (const Evidence& e : link.evidence) {
      EXPECT_FALSE(e.rule.empty());
      EXPECT_GT(e.confidence, 0);
      EXPECT_LT(e.span.begin, e.span.end);
    }
  }
}

TEST(Linker, HatsugenYoshiRepliesSectionsReferences) {
  ParsedMinutes m = Linked(testing::kHatsugenYoshi);
  EXPECT_NE(Find(m, 2, LinkKind::kRefersTo, "1"), nullptr);  // 審議官から…
  const Link* l = Find(m, 3, LinkKind::kReferences, "2");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->stance, Stance::kQuestion);
  bool section = false;
  for (const Evidence& e : l->evidence) section |= e.section == "Ⅱ－３";
  EXPECT_TRUE(section);
  EXPECT_NE(Find(m, 3, LinkKind::kRefersTo, "2"), nullptr);  // 座長からも…
  EXPECT_NE(Find(m, 4, LinkKind::kRepliesTo, "3"), nullptr);
  l = Find(m, 5, LinkKind::kReferences, "2");  // 今日の資料 … よくできていた
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->stance, Stance::kSupport);
  EXPECT_NE(Find(m, 6, LinkKind::kRepliesTo, "5"), nullptr);
  EXPECT_NE(Find(m, 7, LinkKind::kRefersTo, "5"), nullptr);  // 今御指摘
  EXPECT_EQ(Find(m, 7, LinkKind::kRefersTo, "6"), nullptr);
  // Nobody spoke of the lecture.
  for (const Link& link : m.links) {
    EXPECT_FALSE(link.target_type == TargetType::kItem && link.target == "1");
  }
}

TEST(Linker, MatterOfAnotherMeetingEitherOrder) {
  ParsedMinutes a = Linked(testing::kGijigaiyo);
  auto b = ParseMinutes(
      "令和5年11月1日\n\n防災情報連絡会（第1回）\n\n発言要旨\n\n1 開会\n\n2 議長挨拶\n\n"
      "政府の次期防災デジタル基本計画においても、情報連携が重視される見込みである。\n");
  ASSERT_TRUE(b.ok()) << b.status();
  InMemoryMatterCatalog catalog;
  for (const Item& i : a.items) {
    catalog.Add({i.matter_id, i.matter_title, {storage::MeetingName(a.meeting_id)}});
  }
  ASSERT_TRUE(LinkMinutes(*b, {&catalog, nullptr}).ok());
  const Link* l = Find(*b, 1, LinkKind::kReferences, "次期防災デジタル基本計画-2023年度");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->target_type, TargetType::kMatter);
  // Other order: the earlier remark is found in the corpus.
  InMemoryRemarkCorpus corpus;
  corpus.Add({storage::RemarkName(b->meeting_id, "1"), storage::MeetingName(b->meeting_id),
              b->remarks[0].text, {{0, b->remarks[0].text_offsets[0]}}});
  ParsedMinutes a2 = a;
  ASSERT_TRUE(LinkMinutes(a2, {nullptr, &corpus}).ok());
  ASSERT_EQ(a2.external_links.size(), 1u);
  EXPECT_EQ(a2.external_links[0].matter_id, "次期防災デジタル基本計画-2023年度");
  EXPECT_EQ(a2.external_links[0].evidence.span.begin, l->evidence[0].span.begin);
  EXPECT_EQ(a2.external_links[0].evidence.quote, l->evidence[0].quote);
}

}  // namespace
}  // namespace remarkgraph::ingest
