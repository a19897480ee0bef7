// Verbatim and narrative minutes: detection by structure, the phenomena each
// parser must handle, and the errors that keep a wrong graph out.
#include <gtest/gtest.h>

#include "ingest/parse.h"

namespace remarkgraph::ingest {
namespace {

constexpr char kVerbatim[] = R"(第４回　青葉区協議会　会議録

令和７年１月２０日（月）午後２時開会
〇出席委員
　会長　三輪　花子君
　委員　佐伯　直人君　　委員　髙野　光君
〇議事日程
　議案第１号　区民まつりの開催について
〇会長（三輪花子君）　ただいまから会議を開きます。議案第１号を議題といたします。
〇高野委員　区民まつりの開催に賛成いたします。
〇佐伯委員
　会場の確保を急いでほしい。
（拍手）
〇平井君　傍聴席から失礼いたします。
〇会長（三輪花子君）　御異議なしと認めます。よって、議案第１号は原案のとおり可決されました。
(14:50)
午後２時５５分散会
)";

TEST(Verbatim, DetectedByItsMarkers) {
  EXPECT_EQ(DetectFormat(kVerbatim), Format::kKaigiroku);
  auto m = ParseMinutes(kVerbatim);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->format, Format::kKaigiroku);
  EXPECT_EQ(m->title, "第４回　青葉区協議会");
  EXPECT_EQ(m->date, "2025-01-20");
  EXPECT_EQ(m->start_time, "14:00");
  EXPECT_EQ(m->end_time, "14:55");
  ASSERT_EQ(m->attendees.size(), 3u);
  EXPECT_EQ(m->attendees[2].name, "高野 光");
  // 〇 (U+3007) headings are not speakers; stage directions are not remarks.
  ASSERT_EQ(m->remarks.size(), 5u);
  EXPECT_EQ(m->remarks[1].person, "高野 光");  // 髙/高 are one person.
  EXPECT_EQ(m->remarks[2].text, "会場の確保を急いでほしい。");
  EXPECT_EQ(m->stage_directions.size(), 2u);
  // A speaker who is nobody listed stays a label, with a warning on its line.
  EXPECT_EQ(m->remarks[3].speaker_label, "平井君");
  EXPECT_TRUE(m->remarks[3].person.empty());
  bool warned = false;
  for (const ImportWarning& w : m->warnings) {
    warned |= w.line == 14 && w.message.find("平井君") != std::string::npos;
  }
  EXPECT_TRUE(warned);
  for (const Attendee& a : m->attendees) EXPECT_NE(a.name, "平井");
  // The chair's declaration gives the item its outcome and the vote's link.
  ASSERT_EQ(m->items.size(), 1u);
  EXPECT_EQ(m->items[0].outcome, Outcome::kAdopted);
  ASSERT_EQ(m->links.size(), 1u);
  EXPECT_EQ(m->links[0].kind, LinkKind::kAdopts);
  EXPECT_EQ(m->links[0].remark, 5);
  EXPECT_EQ(m->links[0].evidence[0].rule, "vote");
}

constexpr char kNarrative[] = R"(令和７年度第１回　港湾審議会　開催状況
１　日時　令和七年五月九日（金）十時～十一時
２　出席者
　（委員）森委員長、畑中、杉の各委員
３　議事
　（議題）
　１　港湾計画の改訂について
　　事務局から、資料に基づき説明があった。
　　畑中委員から、「「防災」と「物流」の両立を図るべき」との意見があり、事務局から、「両面から検討する」旨の回答があった。
　　審議の結果、原案どおり了承した。
)";

TEST(Narrative, SeveralRemarksInOneSentence) {
  EXPECT_EQ(DetectFormat(kNarrative), Format::kGijiyoshiNarrative);
  auto m = ParseMinutes(kNarrative);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->date, "2025-05-09");
  EXPECT_EQ(m->start_time, "10:00");
  EXPECT_EQ(m->end_time, "11:00");
  ASSERT_EQ(m->attendees.size(), 3u);
  ASSERT_EQ(m->items.size(), 1u);
  EXPECT_EQ(m->items[0].presenter, "事務局");
  EXPECT_EQ(m->items[0].outcome, Outcome::kAdopted);
  ASSERT_EQ(m->remarks.size(), 2u);
  EXPECT_EQ(m->remarks[0].speaker_label, "畑中委員");
  EXPECT_EQ(m->remarks[0].person, "畑中");
  EXPECT_EQ(m->remarks[0].text, "「防災」と「物流」の両立を図るべき");  // Nested quotes kept.
  EXPECT_EQ(m->remarks[1].speaker_label, "事務局");
  EXPECT_TRUE(m->remarks[1].person.empty());
}

TEST(Errors, NoTitleOrDateUnlessTheCallerGivesThem) {
  std::string no_date = "第２回　緑化推進会議　議事概要\n\n○座長\n開会する。\n";
  auto m = ParseMinutes(no_date);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("date"), std::string::npos);
  ImportMetadata metadata;
  metadata.date = "2025-04-01";
  m = ParseMinutes(no_date, Format::kUnknown, metadata);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->date, "2025-04-01");

  std::string no_title = "会議録\n\n(1)\n令和7年4月1日\n〇議長（森一郎君）　開会します。\n〇森君:\n";
  m = ParseMinutes(no_title, Format::kKaigiroku);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("title"), std::string::npos) << m.status();
  metadata = {};
  metadata.title = "緑地委員会";
  EXPECT_TRUE(ParseMinutes(no_title, Format::kKaigiroku, metadata).ok());
}

TEST(Errors, UnknownStaysUnknown) {
  EXPECT_EQ(DetectFormat("今日は晴れ。明日は雨。\n"), Format::kUnknown);
  EXPECT_EQ(ParseMinutes("今日は晴れ。\n○明日\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseFormat("kaigiroku"), Format::kKaigiroku);
  EXPECT_EQ(ParseFormat("gijiyoshi-narrative"), Format::kGijiyoshiNarrative);
  EXPECT_EQ(FormatName(Format::kKaigiroku), "kaigiroku");
}

}  // namespace
}  // namespace remarkgraph::ingest
