// NDL minutes API JSON in the shapes the real endpoints return (invented
// meetings): the meeting endpoint with every field, the Imperial Diet API
// (帝国議会) with its extra fields and its missing speakers, nulls anywhere,
// and the ○ label of a speech checked against its speaker field.
#include <gtest/gtest.h>

#include <string>

#include "ingest/parse.h"

namespace remarkgraph::ingest {
namespace {

bool HasWarning(const ParsedMinutes& m, const std::string& words) {
  for (const ImportWarning& w : m.warnings) {
    if (w.message.find(words) != std::string::npos) return true;
  }
  return false;
}

// The meeting endpoint (/api/meeting), one meeting, every field present.
constexpr char kMeetingEndpoint[] = R"({
 "numberOfRecords": 1, "numberOfReturn": 1, "startRecord": 1, "nextRecordPosition": null,
 "meetingRecord": [{
  "issueID": "121005261X00320230411", "imageKind": "会議録", "searchObject": 0,
  "session": 211, "nameOfHouse": "衆議院", "nameOfMeeting": "架空産業委員会",
  "issue": "第3号", "date": "2023-04-11", "closing": null,
  "speechRecord": [
   {"speechID": "121005261X00320230411_000", "speechOrder": 0, "speaker": "会議録情報",
    "speakerYomi": null, "speakerGroup": null, "speakerPosition": null, "speakerRole": null,
    "speech": "令和五年四月十一日（火曜日）\n本日の会議に付した案件\n　架空産業振興法案（内閣提出第十二号）\n",
    "startPage": 1, "createTime": "2023-05-01 10:00:00", "updateTime": "2023-05-02 10:00:00",
    "speechURL": "https://example.invalid/s0"},
   {"speechID": "121005261X00320230411_001", "speechOrder": 1, "speaker": "大河内一平",
    "speakerYomi": "おおこうちいっぺい", "speakerGroup": "架空党", "speakerPosition": null,
    "speakerRole": null, "speech": "○大河内委員長　これより会議を開きます。架空産業振興法案を議題といたします。",
    "startPage": 1, "speechURL": "https://example.invalid/s1"},
   {"speechID": "121005261X00320230411_002", "speechOrder": 2, "speaker": "三枝しのぶ",
    "speakerYomi": "さえぐさしのぶ", "speakerGroup": "架空民主党", "speakerPosition": null,
    "speakerRole": null, "speech": "〇三枝委員　架空産業振興法案の効果について伺います。",
    "startPage": 2, "speechURL": "https://example.invalid/s2"},
   {"speechID": "121005261X00320230411_003", "speechOrder": 3, "speaker": "早乙女学",
    "speakerYomi": "さおとめまなぶ", "speakerGroup": null, "speakerPosition": "架空産業大臣",
    "speakerRole": "国務大臣", "speech": "○早乙女国務大臣　効果は大きいと考えております。",
    "startPage": 2, "speechURL": "https://example.invalid/s3"},
   {"speechID": "121005261X00320230411_004", "speechOrder": 4, "speaker": "早乙女学",
    "speakerYomi": null, "speakerGroup": null, "speakerPosition": "架空産業大臣",
    "speakerRole": "国務大臣", "speech": "○三枝委員　重ねて伺います。",
    "startPage": 3, "speechURL": "https://example.invalid/s4"}],
  "meetingURL": "https://example.invalid/m", "pdfURL": "https://example.invalid/m.pdf"}]})";

TEST(NdlApi, MeetingEndpointWithEveryFieldAndNulls) {
  auto m = ParseMinutes(kMeetingEndpoint);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->body, "衆議院 架空産業委員会");
  EXPECT_EQ(m->date, "2023-04-11");
  EXPECT_EQ(m->title_ordinal, 3);
  ASSERT_EQ(m->items.size(), 1u);
  EXPECT_EQ(m->items[0].title, "架空産業振興法案（内閣提出第十二号）");
  ASSERT_EQ(m->remarks.size(), 4u);
  EXPECT_EQ(m->remarks[0].speaker_label, "大河内委員長");
  EXPECT_EQ(m->remarks[1].speaker_label, "三枝委員");  // 〇 (U+3007) as well as ○.
  EXPECT_EQ(m->remarks[1].text, "架空産業振興法案の効果について伺います。");
  EXPECT_EQ(m->remarks[2].person, "早乙女学");
  EXPECT_EQ(m->remarks[2].role, "国務大臣");
  // A null position falls back to the group; null readings stay empty.
  ASSERT_EQ(m->attendees.size(), 3u);
  EXPECT_EQ(m->attendees[0].title, "架空党");
  EXPECT_EQ(m->attendees[2].title, "架空産業大臣");
  // The fourth speech's label names another member than its speaker.
  EXPECT_TRUE(HasWarning(*m, "speech 4")) << m->warnings.size();
  EXPECT_TRUE(HasWarning(*m, "does not name the speaker 早乙女学"));
  EXPECT_FALSE(HasWarning(*m, "speech 1 "));
  EXPECT_FALSE(HasWarning(*m, "speech 3 "));
}

// The Imperial Diet API (/api/meeting of 帝国議会会議録): session as a
// number, 貴族院, speakers the OCR could not read (null), labels with ranks.
constexpr char kImperial[] = R"({
 "numberOfRecords": 1, "numberOfReturn": 1, "startRecord": 1, "nextRecordPosition": null,
 "meetingRecord": [{
  "issueID": "009013242X00219460625", "imageKind": "速記録", "searchObject": 1,
  "session": 90, "nameOfHouse": "貴族院", "nameOfMeeting": "本会議", "issue": "第2号",
  "date": "1946-06-25", "closing": null,
  "speechRecord": [
   {"speechID": "009013242X00219460625_000", "speechOrder": 0, "speaker": null,
    "speech": "昭和二十一年六月二十五日（火曜日）\n議事日程　第二号\n", "startPage": 1,
    "speechURL": null},
   {"speechID": "009013242X00219460625_001", "speechOrder": 1, "speaker": "鷹司信輔",
    "speakerYomi": null, "speakerGroup": null, "speakerPosition": null, "speakerRole": null,
    "speech": "○議長（公爵鷹司信輔君）　是より本日の会議を開きます。", "startPage": 1},
   {"speechID": "009013242X00219460625_002", "speechOrder": 2, "speaker": null,
    "speakerYomi": null, "speakerGroup": null, "speakerPosition": null, "speakerRole": null,
    "speech": "○子爵水無瀬忠輔君　議事日程の変更を求めます。", "startPage": 2},
   {"speechID": "009013242X00219460625_003", "speechOrder": null, "speaker": "鷹司信輔",
    "speech": "○議長（公爵鷹司信輔君）　御異議ないと認めます。", "startPage": 2},
   {"speechID": "009013242X00219460625_004", "speechOrder": 4, "speaker": "鷹司信輔",
    "speech": null}],
  "meetingURL": null, "pdfURL": "https://example.invalid/t.pdf"}]})";

TEST(NdlApi, ImperialDietWithExtraFieldsAndMissingSpeakers) {
  auto m = ParseMinutes(kImperial);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->body, "貴族院 本会議");
  EXPECT_EQ(m->date, "1946-06-25");
  // speechOrder null: its place in the record; speech null: no remark.
  ASSERT_EQ(m->remarks.size(), 3u);
  EXPECT_EQ(m->remarks[0].speaker_label, "議長（公爵鷹司信輔君）");
  EXPECT_EQ(m->remarks[0].person, "鷹司信輔");
  // No speaker field: kept under its label, nobody invented.
  EXPECT_EQ(m->remarks[1].speaker_label, "子爵水無瀬忠輔君");
  EXPECT_EQ(m->remarks[1].person, "");
  EXPECT_TRUE(HasWarning(*m, "has no speaker; kept under its label 子爵水無瀬忠輔君"));
  EXPECT_EQ(m->remarks[2].text, "御異議ないと認めます。");
  ASSERT_EQ(m->attendees.size(), 1u);
  EXPECT_EQ(m->attendees[0].name, "鷹司信輔");
  EXPECT_FALSE(HasWarning(*m, "does not name"));
}

TEST(NdlApi, SpeechEndpointWithNullDateAndMissingFields) {
  auto all = ParseAllMinutes(R"({"numberOfRecords": 2, "speechRecord": [
    {"speechID": "a_001", "issueID": "A", "nameOfHouse": "参議院", "nameOfMeeting": "架空調査会",
     "issue": "第1号", "date": null, "speechOrder": 1, "speaker": "真壁一", "speech": "○真壁会長　開会いたします。"},
    {"speechID": "a_002", "issueID": "A", "speechOrder": 2, "speech": "○真壁会長　散会いたします。"}]})",
                             Format::kNdl, {.date = "2023-06-01"});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 1u);
  const ParsedMinutes& m = (*all)[0];
  EXPECT_TRUE(HasWarning(m, "has no date"));
  EXPECT_EQ(m.date, "2023-06-01");  // From the caller's metadata.
  ASSERT_EQ(m.remarks.size(), 2u);
  EXPECT_EQ(m.remarks[1].person, "");
  EXPECT_EQ(m.remarks[1].speaker_label, "真壁会長");
}

TEST(NdlApi, WrongShapesAreClearErrors) {
  for (const char* bad : {R"({"meetingRecord": {"issueID": "x"}})",
                          R"({"speechRecord": "none"})", R"({"meetingRecord": [3]})",
                          R"({"message": "検索条件の指定に誤りがあります"})", R"([1, 2])"}) {
    auto m = ParseAllMinutes(bad, Format::kNdl);
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace remarkgraph::ingest
