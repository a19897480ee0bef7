#include <gtest/gtest.h>

#include "ingest/parse.h"
#include "ingest/text_util.h"
#include "tests/ingest/fixtures.h"

namespace remarkgraph::ingest {
namespace {

std::string Slice(const ParsedMinutes& m, Span s) {
  std::u32string src = internal::DecodeUtf8(m.source_text).value();
  return internal::EncodeUtf8(std::u32string_view(src).substr(s.begin, s.end - s.begin));
}

TEST(LineOfOffset, CountsCodePointsAndEveryLineEnd) {
  EXPECT_EQ(LineOfOffset("", 0), 1);
  EXPECT_EQ(LineOfOffset("ab\ncd", 2), 1);
  EXPECT_EQ(LineOfOffset("ab\ncd", 3), 2);
  // Multi-byte code points count once; \r\n and a lone \r end a line.
  EXPECT_EQ(LineOfOffset("議事\r\n概要\r本文", 4), 2);
  EXPECT_EQ(LineOfOffset("議事\r\n概要\r本文", 7), 3);
  EXPECT_EQ(LineOfOffset("a\nb", 99), 2);
  EXPECT_EQ(FormatWarning({0, "no line"}), "no line");
}

TEST(OffsetMap, ReadsBackEveryOffsetFromItsRuns) {
  // Two runs, a '\n' mapped to the start of the next paragraph, a jump back.
  const std::vector<int32_t> offsets = {10, 11, 12, 20, 20, 21, 5, 6, 7, 8};
  OffsetMap map;
  EXPECT_TRUE(map.empty());
  for (int32_t o : offsets) map.push_back(o);
  ASSERT_EQ(map.size(), offsets.size());
  for (size_t i = 0; i < offsets.size(); ++i) EXPECT_EQ(map[i], offsets[i]) << i;
  EXPECT_EQ(map.front(), 10);
  EXPECT_EQ(map.back(), 8);
  // Only where the offsets stop following each other.
  const std::vector<OffsetMap::Break> breaks = {{0, 10}, {3, 20}, {4, 20}, {6, 5}};
  EXPECT_EQ(map.breaks(), breaks);
  std::vector<int32_t> iterated(map.begin(), map.end());
  EXPECT_EQ(iterated, offsets);
  // Read back from its breaks, it is the same map.
  const OffsetMap again(map.breaks(), map.size());
  for (size_t i = 0; i < offsets.size(); ++i) EXPECT_EQ(again[i], offsets[i]) << i;
  // Without breaks, each code point maps to its own position.
  const OffsetMap identity({}, 4);
  EXPECT_EQ(identity[3], 3);
  map.clear();
  EXPECT_TRUE(map.empty());
  EXPECT_TRUE(map.breaks().empty());
}

TEST(ParseGijigaiyo, HeaderAttendeesItems) {
  auto m = ParseMinutes(testing::kGijigaiyo);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->format, Format::kGijigaiyo);
  EXPECT_EQ(m->title, "デジタル防災推進本部 第５回会合");
  EXPECT_EQ(m->body, "デジタル防災推進本部");
  EXPECT_EQ(m->title_ordinal, 5);
  EXPECT_EQ(m->date, "2023-11-14");
  EXPECT_EQ(m->start_time, "14:00");
  EXPECT_EQ(m->end_time, "15:30");
  EXPECT_EQ(m->place, "合同庁舎４号館 共用会議室");
  EXPECT_EQ(m->meeting_id, "デジタル防災推進本部-2023-11-14-5");
  ASSERT_EQ(m->attendees.size(), 5u);
  EXPECT_EQ(m->attendees[2].name, "高田 誠");
  EXPECT_EQ(m->attendees[2].title, "東都大学教授");
  ASSERT_EQ(m->items.size(), 3u);
  EXPECT_EQ(m->items[0].kind, ItemKind::kDecision);
  EXPECT_EQ(m->items[0].title, "次期防災デジタル基本計画（案）等について");
  EXPECT_EQ(m->items[2].kind, ItemKind::kReport);
  EXPECT_EQ(Slice(*m, m->items[1].span), m->items[1].title);
  EXPECT_EQ(m->source_digest.size(), 64u);
}

TEST(ParseGijigaiyo, RemarksSpeakersAndTraps) {
  auto m = ParseMinutes(testing::kGijigaiyo);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->remarks.size(), 8u);
  const auto& r = m->remarks;
  EXPECT_EQ(r[0].speaker_label, "本部長");
  EXPECT_TRUE(r[0].from_heading);
  EXPECT_EQ(r[1].speaker_label, "高田本部員");
  EXPECT_EQ(r[1].person, "高田 誠");
  // The page break inside 重要で|あり is joined without a trace.
  EXPECT_NE(r[1].text.find("大変重要であり"), std::string::npos);
  // ○小西本部長 is the member 小西, misprinted; warned.
  EXPECT_EQ(r[3].person, "小西 健二");
  EXPECT_EQ(r[3].role, "本部員");
  const ImportWarning* misprint = nullptr;
  for (const auto& w : m->warnings) {
    if (w.message.find("misprint") != std::string::npos) misprint = &w;
  }
  ASSERT_NE(misprint, nullptr);
  // The warning names the line the remark is printed on.
  EXPECT_EQ(misprint->line, LineOfOffset(m->source_text, r[3].span.begin));
  EXPECT_GT(misprint->line, 1);
  EXPECT_EQ(FormatWarning(*misprint).rfind(
                "line " + std::to_string(misprint->line) + ": ", 0),
            0u);
  // Full- and half-width brackets: one person.
  EXPECT_EQ(r[5].person, "佐々木 花子");
  EXPECT_EQ(r[6].person, "佐々木 花子");
  EXPECT_EQ(r[6].speaker_label, "佐々木防災担当大臣(副本部長)");
  EXPECT_EQ(r[6].role, "副本部長");
  // The stage direction is not part of any remark.
  ASSERT_EQ(m->stage_directions.size(), 1u);
  for (const auto& x : r) EXPECT_EQ(x.text.find("声あり"), std::string::npos);
  EXPECT_EQ(r[6].text, "御異議なしと認め、原案のとおり決定する。");
  EXPECT_EQ(r[7].speaker_label, "本部長");
  EXPECT_NE(r[7].text.find("関係府省庁"), std::string::npos);
  EXPECT_EQ(r[7].text.find("以上"), std::string::npos);
  // Spans and per-character offsets point into the original text.
  for (const auto& x : r) {
    ASSERT_EQ(x.text_offsets.size(), internal::DecodeUtf8(x.text)->size());
    std::string first = internal::EncodeUtf8(internal::DecodeUtf8(x.text)->substr(0, 5));
    EXPECT_EQ(Slice(*m, {x.span.begin, x.span.begin + 5}), first);
  }
}

TEST(ParseHatsugenYoshi, SectionsMarkersContinuations) {
  auto m = ParseMinutes(testing::kHatsugenYoshi);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->format, Format::kHatsugenYoshi);
  EXPECT_EQ(m->date, "2022-02-03");
  EXPECT_EQ(m->body, "地域交通政策懇談会");
  EXPECT_EQ(m->title_ordinal, 2);
  ASSERT_EQ(m->items.size(), 2u);
  EXPECT_EQ(m->items[0].title, "地方鉄道の将来像");
  EXPECT_EQ(m->items[0].presenter, "有識者");
  EXPECT_EQ(m->items[0].verb, "講演");
  EXPECT_EQ(m->items[1].title, "地域交通再編の基本方針（案）");
  EXPECT_EQ(m->items[1].verb, "説明");
  ASSERT_EQ(m->remarks.size(), 7u);
  const auto& r = m->remarks;
  EXPECT_EQ(r[0].speaker_label, "交通政策審議官");
  EXPECT_EQ(r[1].speaker_label, "座長");
  EXPECT_EQ(r[2].speaker_label, "委員");
  // 「座長からも…」 has no colon: it continues the member's remark.
  EXPECT_NE(r[2].text.find("座長からも"), std::string::npos);
  EXPECT_EQ(r[3].speaker_label, "事務局");
  EXPECT_NE(r[3].text.find("進めてまいりたい"), std::string::npos);
  EXPECT_EQ(r[6].speaker_label, "座長");
  EXPECT_EQ(r[6].section, "討議");
}

// "３ 議事概要" names the document's kind like a running page header does,
// but it is the next numbered section: it ends the attendee list, so the
// remarks below it are remarks, not attendees, even with no "（１）" heading.
TEST(ParseGijigaiyo, TheNumberedSummaryHeadingEndsTheAttendees) {
  constexpr char kText[] =
      "河川情報連絡会議 第２回会合 議事概要\n\n"
      "１ 日時\n令和５年６月２日（金） １０時００分～１１時００分\n\n"
      "２ 出席者\n川上 一郎　議長\n石原 早苗　委員\n\n"
      "３ 議事概要\n【報告事項】\n・水位観測網の更新について\n"
      "○石原委員\n水位観測網の更新について、賛成である。\n"
      "○川上議長\n了承された。\n";
  auto m = ParseMinutes(kText);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->attendees.size(), 2u);
  EXPECT_EQ(m->attendees[1].name, "石原 早苗");
  ASSERT_EQ(m->remarks.size(), 2u);
  EXPECT_EQ(m->remarks[0].person, "石原 早苗");
  EXPECT_NE(m->remarks[0].text.find("賛成"), std::string::npos);
  ASSERT_EQ(m->items.size(), 1u);
  EXPECT_EQ(m->items[0].kind, ItemKind::kReport);
}

TEST(ParseText, NoMarkersIsAWarning) {
  auto m = ParseMinutes(
      "テスト会議 第1回 議事概要\n\n1 日時\n\n令和5年1月5日\n\n2 議事\n\n【決定事項】\n"
      "・予算（案）について\n\n事務局から説明があり、了承された。\n");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(m->remarks.empty());
  EXPECT_EQ(m->items.size(), 1u);
  ASSERT_FALSE(m->warnings.empty());
  EXPECT_NE(m->warnings.back().message.find("no speaker markers"), std::string::npos);
}

// Spaces between ○ and the speaker were counted twice when the label's end
// was placed, so the label ran into the remark's text, or past the end of a
// line that holds the label alone (a heap read past the end, found by the
// fuzz target).
TEST(ParseGijigaiyo, SpacesAfterTheCircleDoNotWidenTheLabel) {
  auto m = ParseMinutes(
      "テスト会議 第1回 議事概要\n\n1 日時\n\n令和5年1月5日\n\n2 議事概要\n\n"
      "○　　山田委員　資料の説明をお願いしたい。\n"
      "○　　　委員長　了承する。\n"
      "○　　　委員長\n");  // The label alone, at the end: read past it before.
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_GE(m->remarks.size(), 2u);
  EXPECT_EQ(m->remarks[0].speaker_label, "山田委員");
  EXPECT_EQ(m->remarks[0].text, "資料の説明をお願いしたい。");
  EXPECT_EQ(m->remarks[1].speaker_label, "委員長");
  EXPECT_EQ(m->remarks[1].text, "了承する。");
}

// A misprinted date in text minutes is left out with a warning, not stored
// in a form the API refuses: the caller's date then serves, and without one
// the import is refused asking for it.
TEST(ParseText, AMisprintedDateIsLeftOutWithAWarning) {
  const char* text =
      "テスト会議 第1回 議事概要\n\n1 日時\n\n令和5年2月30日\n\n2 議事概要\n\n"
      "○山田委員　資料について質問したい。\n";
  ImportMetadata metadata;
  metadata.date = "2023-03-01";
  auto m = ParseMinutes(text, Format::kUnknown, metadata);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->date, "2023-03-01");
  bool warned = false;
  for (const ImportWarning& w : m->warnings) {
    warned |= w.message.find("2023-02-30") != std::string::npos;
  }
  EXPECT_TRUE(warned);
  m = ParseMinutes(text);
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("date"), std::string::npos) << m.status();
}

}  // namespace
}  // namespace remarkgraph::ingest
