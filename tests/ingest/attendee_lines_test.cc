// Attendee lines in the layouts minutes print them.
#include "ingest/attendee_lines.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

// "name/title" per cell, absent ones marked with a leading '-'.
std::string Cells(std::string_view line) {
  std::u32string n = NormalizeNfkc(DecodeUtf8(line).value()).text;
  std::vector<std::string> out;
  for (const AttendeeCell& c : SplitAttendeeLine(n)) {
    out.push_back(absl::StrCat(c.absent ? "-" : "", EncodeUtf8(c.name), "/",
                               EncodeUtf8(c.title)));
  }
  return absl::StrJoin(out, "|");
}

TEST(AttendeeLines, OnePairPerLine) {
  EXPECT_EQ(Cells("加藤　勝信　　内閣官房長官"), "加藤 勝信/内閣官房長官");
  EXPECT_EQ(Cells("高田 誠\t東都大学教授"), "高田 誠/東都大学教授");
  EXPECT_EQ(Cells("吉野　和子　　東都大学　名誉教授"), "吉野 和子/東都大学名誉教授");
}

TEST(AttendeeLines, Columns) {
  EXPECT_EQ(Cells("山田 太郎 委員長  佐藤 花子 委員"),
            "山田 太郎/委員長|佐藤 花子/委員");
  EXPECT_EQ(Cells("北原 一 委員　南野 二郎 委員　東 三郎 委員　西川 四郎 委員"),
            "北原 一/委員|南野 二郎/委員|東 三郎/委員|西川 四郎/委員");
  EXPECT_EQ(Cells("森 委員長  林 副委員長"), "森/委員長|林/副委員長");
}

TEST(AttendeeLines, SpacedNamesAndGluedRoles) {
  EXPECT_EQ(Cells("山 田 太 郎　委員"), "山田太郎/委員");
  EXPECT_EQ(Cells("委員長 日 向 一 郎君　副委員長 後藤 次郎君"),
            "日向一郎/委員長|後藤 次郎/副委員長");
  EXPECT_EQ(Cells("財務局長谷川 健次"), "谷川 健次/財務局長");
  EXPECT_EQ(Cells("委員長代理 野口 明"), "野口 明/委員長代理");
}

TEST(AttendeeLines, TitleFirstAndHonorifics) {
  EXPECT_EQ(Cells("議長 栗田 彰君"), "栗田 彰/議長");
  EXPECT_EQ(Cells("議長 栗田 彰君　副議長 髙木 守君"),
            "栗田 彰/議長|高木 守/副議長");
  EXPECT_EQ(Cells("1番 山田太郎君 2番 佐藤花子君"), "山田太郎/|佐藤花子/");
}

TEST(AttendeeLines, ListSentences) {
  EXPECT_EQ(Cells("北島、木村、安藤、小田、川本各委員"),
            "北島/委員|木村/委員|安藤/委員|小田/委員|川本/委員");
  EXPECT_EQ(Cells("日向委員長、くり林、永田の各委員（後藤副委員長は欠席）"),
            "日向/委員長|くり林/委員|永田/委員|-後藤/副委員長");
  EXPECT_EQ(Cells("出席委員：中村委員、中山委員、前田委員"),
            "中村/委員|中山/委員|前田/委員");
}

TEST(AttendeeLines, NotPeople) {
  EXPECT_EQ(Cells("（有識者委員）"), "");
  EXPECT_EQ(Cells("［別紙］"), "");
  EXPECT_EQ(Cells("別紙のとおり"), "");
  EXPECT_EQ(Cells("出席委員（20名）"), "");
  EXPECT_EQ(Cells("事務局"), "");
  EXPECT_EQ(Cells("以上"), "");
}

}  // namespace
}  // namespace remarkgraph::ingest::internal
