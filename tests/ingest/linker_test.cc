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

// Invented verbatim committee minutes: members ask, officials of the
// administration (課長, 参事官, 部長) answer.
constexpr char kCommitteeQuestions[] = R"(令和５年第３回定例会
　　　　建設水道委員会会議録
令和５年９月１２日（火）
午前１０時００分開議〜午前１１時００分散会
〇出席委員
委員長　森 正樹君　　委員　青山 花子君　　委員　石井 豊君
〇説明のため出席した者
道路課長　　　上田 進君
技術参事官　　大西 洋君
上下水道部長　小林 誠君
〇本日の会議に付した事件
議案第７１号　市道の路線の認定について
議案第７２号　水道料金条例の一部を改正する条例
議案第７３号　下水道使用料条例の一部を改正する条例
――――――――――――――――――――
○委員長（森正樹君）　ただいまから建設水道委員会を開会いたします。議案第７１号を議題といたします。
○青山委員　新しい市道の維持管理費は年間どれほどになるのか伺います。
○委員長（森正樹君）　上田道路課長。
○道路課長（上田進君）　お答えいたします。年間約三百万円を見込んでおります。
○技術参事官（大西洋君）　補足いたします。舗装の更新は十年後を予定しております。
○石井委員　維持管理の体制は十分と考えます。
○上下水道部長（小林誠君）　続きまして、議案第７２号について御説明申し上げます。
○委員長（森正樹君）　議案第７２号及び第７３号を一括して議題といたします。
)";

TEST(Linker, AnOfficialsAnswerRepliesToTheMembersQuestion) {
  ParsedMinutes m = Linked(kCommitteeQuestions);
  ASSERT_EQ(FormatName(m.format), "kaigiroku");
  ASSERT_EQ(m.remarks.size(), 8u);
  // The 課長 answers 青山委員's question, over the chair giving the floor;
  // the 参事官 adds to the same answer.
  const Link* answer = Find(m, 4, LinkKind::kRepliesTo, "2");
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->evidence[0].rule, "official-answer");
  EXPECT_NE(Find(m, 5, LinkKind::kRepliesTo, "2"), nullptr);
  // No reply to the chair giving the floor, nor to a member who asked
  // nothing: the 部長 presents the next item.
  EXPECT_EQ(Find(m, 4, LinkKind::kRepliesTo, "3"), nullptr);
  for (const Link& l : m.links) {
    EXPECT_FALSE(l.remark == 7 && l.kind == LinkKind::kRepliesTo) << l.target;
  }
}

TEST(Linker, EveryAgendaNumberOfAListNamesItsItem) {
  ParsedMinutes m = Linked(kCommitteeQuestions);
  // 議案第７２号及び第７３号: a number glued to 及び and one without its
  // kind both name their items.
  const Link* second = Find(m, 8, LinkKind::kReferences, "2");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->evidence[0].rule, "agenda-number");
  const Link* third = Find(m, 8, LinkKind::kReferences, "3");
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(third->evidence[0].quote, "第７３号");
  EXPECT_EQ(Find(m, 8, LinkKind::kReferences, "1"), nullptr);
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
