#include "ingest/text_util.h"

#include <gtest/gtest.h>

#include "ingest/ids.h"
#include "ingest/title_forms.h"

namespace remarkgraph::ingest::internal {
namespace {

std::u32string U(const char* s) { return DecodeUtf8(s).value(); }

TEST(JapaneseDate, Eras) {
  EXPECT_EQ(FindJapaneseDate(U("令和3年9月27日（月）"))->iso, "2021-09-27");
  EXPECT_EQ(FindJapaneseDate(U("令和元年５月１日"))->iso, "2019-05-01");
  EXPECT_EQ(FindJapaneseDate(U("平成３１年４月３０日"))->iso, "2019-04-30");
  EXPECT_EQ(FindJapaneseDate(U("昭和64年1月7日"))->iso, "1989-01-07");
  EXPECT_EQ(FindJapaneseDate(U("平成元年1月8日"))->iso, "1989-01-08");
  EXPECT_EQ(FindJapaneseDate(U("令和三年九月二十七日"))->iso, "2021-09-27");
  EXPECT_EQ(FindJapaneseDate(U("2021年9月27日"))->iso, "2021-09-27");
  EXPECT_FALSE(FindJapaneseDate(U("令和3年度サイバー会議")).has_value());
  EXPECT_FALSE(FindJapaneseDate(U("令和3年13月1日")).has_value());
}

TEST(JapaneseDate, SpanPointsIntoTheOriginal) {
  std::u32string s = U("開催：令和５年１１月１４日（火）");
  auto d = FindJapaneseDate(s);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(EncodeUtf8(s.substr(d->begin, d->end - d->begin)), "令和５年１１月１４日");
}

TEST(TimeRange, Forms) {
  auto t = FindTimeRange(U("令和3年9月27日（月） 9時00分～9時40分"));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->start, "09:00");
  EXPECT_EQ(t->end, "09:40");
  t = FindTimeRange(U("１４時～１５時３０分"));
  EXPECT_EQ(t->start, "14:00");
  EXPECT_EQ(t->end, "15:30");
  t = FindTimeRange(U("10:00-11:15"));
  EXPECT_EQ(t->end, "11:15");
}

TEST(Nfkc, OffsetsMapBack) {
  std::u32string s = U("資料Ⅲ－１と（案）");
  NormalizedText n = NormalizeNfkc(s);
  EXPECT_EQ(EncodeUtf8(n.text), "資料III-1と(案)");
  // "III" came from the single code point Ⅲ at 2.
  EXPECT_EQ(n.OriginBegin(2), 2);
  EXPECT_EQ(n.OriginEnd(5), 3);
}

TEST(Utf8, RejectsBinaryAndBadSequences) {
  EXPECT_FALSE(DecodeUtf8(std::string("ab\0cd", 5)).ok());
  EXPECT_FALSE(DecodeUtf8("\xff\xfe").ok());
  EXPECT_FALSE(DecodeUtf8("\xe3\x81").ok());  // Truncated sequence.
  EXPECT_EQ(DecodeUtf8("日本").value().size(), 2u);
}

TEST(TitleForms, ShortFormsFromTitles) {
  Item d;
  d.ordinal = 1;
  d.kind = ItemKind::kDecision;
  d.title = "次期宇宙開発戦略（案）等について";
  Item r;
  r.ordinal = 2;
  r.kind = ItemKind::kReport;
  r.title = "札幌オリンピック・パラリンピック競技大会における警備（結果報告）等について";
  auto forms = BuildItemForms({d, r});
  auto has = [&](int i, const char* text) {
    for (const auto& f : forms[i].forms) {
      if (EncodeUtf8(f.text) == text) return true;
    }
    return false;
  };
  EXPECT_EQ(EncodeUtf8(forms[0].core), "次期宇宙開発戦略");
  EXPECT_TRUE(has(0, "次期戦略(案)"));
  EXPECT_TRUE(has(0, "戦略(案)"));
  EXPECT_TRUE(has(0, "本戦略"));
  EXPECT_TRUE(has(1, "オリパラ"));
  EXPECT_TRUE(has(1, "オリンピック・パラリンピック"));
  EXPECT_TRUE(has(1, "札幌大会"));
  EXPECT_EQ(EncodeUtf8(NakaguroAbbreviation(U("パブリック・コメント"))), "パブコメ");
  EXPECT_EQ(EncodeUtf8(NakaguroAbbreviation(U("デジタル"))), "");
}

TEST(Ids, DeterministicAndValid) {
  EXPECT_EQ(MeetingIdFor("サイバー 本部", "2021-09-27", 31, "abc"),
            "サイバー本部-2021-09-27-31");
  std::string long_body(300, 'x');
  std::string id = MeetingIdFor(long_body, "2021-09-27", 0, "abc");
  EXPECT_LE(id.size(), 128u);
  EXPECT_TRUE(IsValidId(id));
  EXPECT_EQ(PersonIdFor("加藤 勝信"), "加藤勝信");
  EXPECT_EQ(PersonIdFor("髙橋　一郎君"), "高橋一郎");  // One person, however printed.
  EXPECT_EQ(DocumentIdFor("資料４－２"), "資料4-2");
  EXPECT_FALSE(IsValidId("a/b"));
}

}  // namespace
}  // namespace remarkgraph::ingest::internal
