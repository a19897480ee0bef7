// Dates and times in the forms minutes print them.
#include "ingest/dates.h"

#include <gtest/gtest.h>

#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

std::u32string U(std::string_view s) { return DecodeUtf8(s).value(); }

std::string Iso(std::string_view s) {
  auto d = FindJapaneseDate(U(s));
  return d ? d->iso : "none";
}

TEST(Dates, SpacesInsideAnEraDate) {
  EXPECT_EQ(Iso("平成 30 年1月 17 日（水）"), "2018-01-17");
  EXPECT_EQ(Iso("令和 ６ 年 ３ 月 ２２ 日"), "2024-03-22");
  EXPECT_EQ(Iso("開催日時　令和５年１０月　３日"), "2023-10-03");
}

TEST(Dates, KanjiNumeralsAndFirstYear) {
  EXPECT_EQ(Iso("令和三年九月二十七日"), "2021-09-27");
  EXPECT_EQ(Iso("令和元年十二月一日"), "2019-12-01");
  EXPECT_EQ(Iso("二〇二一年九月二十七日"), "2021-09-27");
}

TEST(Dates, WesternForms) {
  EXPECT_EQ(Iso("2021年9月27日"), "2021-09-27");
  EXPECT_EQ(Iso("日時: 2024/3/5 10:00"), "2024-03-05");
  EXPECT_EQ(Iso("2024.11.20（水）"), "2024-11-20");
  EXPECT_EQ(Iso("平成25年6月28日(金)"), "2013-06-28");
}

TEST(Dates, NotDates) {
  EXPECT_EQ(Iso("令和3年度 第2回"), "none");
  EXPECT_EQ(Iso("令和3年13月1日"), "none");
  EXPECT_EQ(Iso("資料1-2-3"), "none");
  EXPECT_EQ(Iso("12345/6/7"), "none");
  EXPECT_EQ(Iso("2021/13/1"), "none");
}

TEST(Dates, SpanCoversTheSpacedDate) {
  std::u32string s = U("日時 平成 30 年1月 17 日 午後");
  auto d = FindJapaneseDate(s);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(EncodeUtf8(s.substr(d->begin, d->end - d->begin)), "平成 30 年1月 17 日");
}

std::string Times(std::string_view s) {
  auto t = FindTimeRange(U(s));
  return t ? t->start + "-" + t->end : "none";
}

TEST(Times, Forms) {
  EXPECT_EQ(Times("8:00~9:00"), "08:00-09:00");
  EXPECT_EQ(Times("午前10時04分開議〜午前11時19分散会"), "10:04-11:19");
  EXPECT_EQ(Times("10時00分開会"), "10:00-");
  EXPECT_EQ(Times("午後2時から午後3時30分まで"), "14:00-15:30");
  EXPECT_EQ(Times("午後一時三十分開会～三時散会"), "13:30-15:00");
  EXPECT_EQ(Times("１４時～１５時３０分"), "14:00-15:30");
  EXPECT_EQ(Times("令和3年9月27日（月） 9時00分～9時40分"), "09:00-09:40");
  EXPECT_EQ(Times("9 時 30 分 ～ 11 時"), "09:30-11:00");
  // Opening and closing named by their words, without a dash between.
  EXPECT_EQ(Times("午前10時開会　午前11時42分閉会"), "10:00-11:42");
  EXPECT_EQ(Times("午後1時30分開議 午後4時散会"), "13:30-16:00");
  EXPECT_EQ(Times("午前10時開会 午前10時30分休憩"), "10:00-");
  EXPECT_EQ(Times("第3回会合"), "none");
  EXPECT_EQ(Times("25時"), "none");
}

TEST(Numbers, Forms) {
  EXPECT_EQ(ParseJapaneseNumber(U"三十一"), 31);
  EXPECT_EQ(ParseJapaneseNumber(U"元"), 1);
  EXPECT_EQ(ParseJapaneseNumber(U("１２")), 12);
  EXPECT_EQ(ParseJapaneseNumber(U"百二"), 102);
  EXPECT_FALSE(ParseJapaneseNumber(U"三つ").has_value());
  EXPECT_FALSE(ParseJapaneseNumber(U"").has_value());
}

}  // namespace
}  // namespace remarkgraph::ingest::internal
