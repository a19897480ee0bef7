// NDL JSON, JSON Lines records, format detection and bad input.
#include <gtest/gtest.h>

#include <string>

#include "ingest/linker.h"
#include "ingest/parse.h"

namespace remarkgraph::ingest {
namespace {

constexpr char kNdlSpeeches[] = R"({"numberOfRecords":3,"speechRecord":[
 {"speechID":"1","issueID":"A1","nameOfHouse":"衆議院","nameOfMeeting":"架空委員会","issue":"第2号","date":"2023-03-01","speechOrder":0,"speaker":"会議録情報","speech":"令和五年三月一日\n本日の会議に付した案件\n　架空振興法案（内閣提出第1号）\n","speechURL":"u0"},
 {"speechID":"2","issueID":"A1","nameOfHouse":"衆議院","nameOfMeeting":"架空委員会","issue":"第2号","date":"2023-03-01","speechOrder":1,"speaker":"山田太郎","speakerYomi":"やまだたろう","speakerGroup":"架空党","speakerPosition":"","speakerRole":"","speech":"○山田委員　架空振興法案について伺います。効果はあるのか。","speechURL":"u1"},
 {"speechID":"3","issueID":"A1","nameOfHouse":"衆議院","nameOfMeeting":"架空委員会","issue":"第2号","date":"2023-03-01","speechOrder":2,"speaker":"鈴木花子","speakerPosition":"国務大臣","speakerRole":"","speech":"○鈴木国務大臣　効果は大きいと考えております。","speechURL":"u2"},
 {"speechID":"4","issueID":"B1","nameOfHouse":"参議院","nameOfMeeting":"別委員会","issue":"第1号","date":"2023-03-02","speechOrder":1,"speaker":"佐藤次郎","speech":"○佐藤委員長　開会します。","speechURL":"u3"}]})";

TEST(Ndl, SpeechEndpointGroupsByMeeting) {
  auto all = ParseAllMinutes(kNdlSpeeches);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  const ParsedMinutes& m = (*all)[0];
  EXPECT_EQ(m.format, Format::kNdl);
  EXPECT_EQ(m.body, "衆議院 架空委員会");
  EXPECT_EQ(m.date, "2023-03-01");
  EXPECT_EQ(m.title_ordinal, 2);
  ASSERT_EQ(m.remarks.size(), 2u);  // speechOrder 0 is the header.
  EXPECT_EQ(m.remarks[0].speaker_label, "山田委員");
  EXPECT_EQ(m.remarks[0].person, "山田太郎");
  EXPECT_EQ(m.remarks[0].text, "架空振興法案について伺います。効果はあるのか。");
  ASSERT_EQ(m.items.size(), 1u);
  EXPECT_EQ(m.items[0].title, "架空振興法案（内閣提出第1号）");
  EXPECT_EQ(m.attendees[0].reading, "やまだたろう");
  // One meeting expected: a clear error, not a silent pick.
  auto one = ParseMinutes(kNdlSpeeches);
  EXPECT_EQ(one.status().code(), absl::StatusCode::kInvalidArgument);
  // A minister's answer replies to the member's question.
  ParsedMinutes linked = m;
  ASSERT_TRUE(LinkMinutes(linked).ok());
  bool reply = false, ref = false;
  for (const Link& l : linked.links) {
    reply |= l.remark == 2 && l.kind == LinkKind::kRepliesTo && l.target == "1";
    ref |= l.remark == 1 && l.kind == LinkKind::kReferences && l.target == "1";
  }
  EXPECT_TRUE(reply);
  EXPECT_TRUE(ref);
}

TEST(Ndl, MeetingEndpoint) {
  auto m = ParseMinutes(R"({"meetingRecord":[{"issueID":"X","nameOfHouse":"参議院","nameOfMeeting":"本会議","issue":"第3号","date":"2023-01-10","speechRecord":[{"speechOrder":0,"speaker":"会議録情報","speech":"header"},{"speechOrder":1,"speaker":"議長","speech":"○議長（某君）　これより会議を開きます。"}]}]})");
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->remarks.size(), 1u);
  EXPECT_EQ(m->remarks[0].speaker_label, "議長（某君）");
}

TEST(Ndl, TruncatedJsonIsInvalidArgument) {
  std::string t(kNdlSpeeches);
  std::string cut = t.substr(0, t.find("\"speechOrder\":2"));
  auto m = ParseMinutes(cut, Format::kNdl);
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("truncated"), std::string::npos);
  // Detection still names NDL from the opening of a cut response.
  EXPECT_EQ(DetectFormat(cut), Format::kNdl);
}

constexpr char kRecords[] =
    R"({"type":"meeting","id":"council-2023-05-01","body":"架空審議会","title":"架空審議会 第3回","date":"2023-05-01"}
{"type":"attendee","name":"青木 一","title":"会長"}
{"type":"item","key":"D1","kind":"decision","title":"架空制度の見直し（案）について","outcome":"adopted"}
{"type":"remark","key":"R1","speaker":"青木会長","person":"青木 一","text":"見直し案を諮る。"}
{"type":"remark","key":"R2","speaker":"委員","text":"架空制度の見直し（案）に賛成する。"}
{"type":"link","from":"R1","to":"D1","kind":"references","quote":"見直し案"}
)";

TEST(Records, SchemaAndExplicitLinks) {
  EXPECT_EQ(DetectFormat(kRecords), Format::kRecords);
  auto m = ParseMinutes(kRecords);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->meeting_id, "council-2023-05-01");
  EXPECT_EQ(m->items[0].outcome, Outcome::kAdopted);
  ASSERT_EQ(m->links.size(), 1u);
  EXPECT_EQ(m->links[0].evidence[0].rule, "explicit");
  EXPECT_EQ(m->links[0].evidence[0].span.begin, 0);
  EXPECT_EQ(m->links[0].evidence[0].span.end, 4);
  ASSERT_TRUE(LinkMinutes(*m).ok());
  bool kept = false, found = false;
  for (const Link& l : m->links) {
    kept |= l.remark == 1 && l.evidence[0].rule == "explicit";
    found |= l.remark == 2 && l.target == "1" && l.stance == storage::Stance::kSupport;
  }
  EXPECT_TRUE(kept);
  EXPECT_TRUE(found);
}

TEST(Records, BadLinesAreNamed) {
  auto m = ParseMinutes(R"({"type":"remark","text":"x"})" "\n", Format::kRecords);
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("line 1"), std::string::npos);
  m = ParseMinutes(std::string(kRecords) + R"({"type":"link","from":"R9","to":"D1","kind":"references"})" "\n");
  EXPECT_NE(m.status().message().find("R9"), std::string::npos);
  m = ParseMinutes(std::string(kRecords) + R"({"type":"remark","te)", Format::kRecords);
  EXPECT_NE(m.status().message().find("line 7"), std::string::npos);
}

TEST(BadInput, ClearErrors) {
  auto code = [](absl::StatusOr<ParsedMinutes> s) { return s.status().code(); };
  EXPECT_EQ(code(ParseMinutes("")), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(ParseMinutes(" \n\n ")), absl::StatusCode::kInvalidArgument);
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) % 256));
  auto g = ParseMinutes(garbage);
  EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(g.status().message().find("byte"), std::string::npos);
  std::string big(50 << 20, 'a');
  auto b = ParseMinutes(big);
  EXPECT_EQ(b.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(b.status().message().find("exceeds"), std::string::npos);
  auto u = ParseMinutes("ただの文章です。会議ではありません。\n");
  EXPECT_EQ(u.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(u.status().message().find("unknown minutes format"), std::string::npos);
  EXPECT_EQ(code(ParseMinutes("{\"a\":1}")), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(ParseMinutes("議事概要\n", Format::kGijigaiyo)),
            absl::StatusCode::kInvalidArgument);
}

TEST(BadInput, LargeValidMinutesParseInLinearTime) {
  std::string text = "大規模会議 第1回 議事概要\n令和5年4月1日\n\n1 議事\n\n";
  for (int i = 0; i < 20000; ++i) {
    text += "○委員" + std::to_string(i % 50) + "委員\n\n本日の議題について意見を述べる。\n\n";
  }
  auto m = ParseMinutes(text);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->remarks.size(), 20000u);
  EXPECT_TRUE(LinkMinutes(*m).ok());
}

// A date or time that is not of the stored form is refused from JSON: it
// was stored as given, and a long one made a meeting id over the 128-byte
// limit (the storage then refused the import naming an id the caller never
// gave). Found by the fuzz target.
TEST(Formats, MalformedDatesAndTimesFromJsonAreRefused) {
  const std::string ndl =
      R"({"meetingRecord":[{"issueID":"X","nameOfHouse":"架空院","nameOfMeeting":"本会議",)"
      R"("issue":"第3号","date":"2023-01　とても長い日付のようでいて実は日付ではない文字列が続く",)"
      R"("speechRecord":[{"speechOrder":1,"speaker":"議長","speech":"○議長（某君）　開会します。"}]}]})";
  auto m = ParseMinutes(ndl);
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument) << m.status();
  EXPECT_NE(m.status().message().find("date"), std::string::npos) << m.status();

  for (const char* meeting :
       {R"({"type":"meeting","id":"c-1","title":"架空審議会","date":"2023-02-30"})",
        R"({"type":"meeting","id":"c-1","title":"架空審議会","date":"2023-05-01","start_time":"25:00"})",
        R"({"type":"meeting","id":"c-1","title":"架空審議会","end_time":"noon"})"}) {
    m = ParseMinutes(std::string(meeting) + "\n" +
                         R"({"type":"remark","speaker":"委員","text":"賛成する。"})" "\n",
                     Format::kRecords);
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument) << meeting;
    EXPECT_NE(m.status().message().find("meeting"), std::string::npos) << m.status();
  }

  // The caller's date, too.
  ImportMetadata metadata;
  metadata.date = "2023-13-01";
  m = ParseMinutes(std::string(kRecords), Format::kRecords, metadata);
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("metadata date"), std::string::npos) << m.status();
}

}  // namespace
}  // namespace remarkgraph::ingest
