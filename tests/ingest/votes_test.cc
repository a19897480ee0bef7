// Agenda numbers and the outcomes chairs declare.
#include "ingest/votes.h"

#include <gtest/gtest.h>

#include "absl/strings/str_join.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

std::u32string N(std::string_view s) { return NormalizeNfkc(DecodeUtf8(s).value()).text; }

std::string Keys(std::string_view s) {
  std::vector<std::string> out;
  for (const ItemNumber& n : FindItemNumbers(N(s))) out.push_back(EncodeUtf8(n.key));
  return absl::StrJoin(out, ",");
}

TEST(ItemNumbers, KindsRangesAndNotNumbers) {
  EXPECT_EQ(Keys("議案第４５号、議案第４６号及び請願第３号"), "議案45,議案46,請願3");
  EXPECT_EQ(Keys("日程第２　承認第１号　専決処分"), "日程2,承認1");
  EXPECT_EQ(Keys("議案第45号から第47号まで"), "議案45,議案46,議案47");
  EXPECT_EQ(Keys("議案第十二号"), "議案12");
  EXPECT_EQ(Keys("第3回定例会の第2日"), "");
  EXPECT_EQ(Keys("資料第1号"), "");
}

std::string Outcome(std::string_view s) {
  switch (DeclaredOutcome(N(s))) {
    case Outcome::kAdopted: return "adopted";
    case Outcome::kRejected: return "rejected";
    case Outcome::kDeferred: return "deferred";
    default: return "none";
  }
}

TEST(Outcomes, DeclarationsOnly) {
  EXPECT_EQ(Outcome("よって、議案第４５号は原案のとおり可決すべきものと決定いたしました。"), "adopted");
  EXPECT_EQ(Outcome("よって、承認第１号は原案のとおり承認されました。"), "adopted");
  EXPECT_EQ(Outcome("よって、発議第１号は否決されました。"), "rejected");
  EXPECT_EQ(Outcome("よって、請願第３号は不採択と決定いたしました。"), "rejected");
  EXPECT_EQ(Outcome("よって、請願第３号は継続審査とすることに決定いたしました。"), "deferred");
  EXPECT_EQ(Outcome("審議の結果、原案どおり決定した"), "adopted");
  EXPECT_EQ(Outcome("報告について了承した。"), "adopted");
  EXPECT_EQ(Outcome("審議の結果、次回に継続して審議することとした。"), "deferred");
  // Calls to vote, questions and putting an item on the floor declare nothing.
  EXPECT_EQ(Outcome("議案第４６号を原案のとおり可決することに賛成の方の起立を求めます。"), "none");
  EXPECT_EQ(Outcome("承認第１号は原案のとおり承認することに御異議ありませんか。"), "none");
  EXPECT_EQ(Outcome("日程第２、承認第１号を議題といたします。"), "none");
  EXPECT_EQ(Outcome("本案は可決される見込みです。"), "none");
}

TEST(AgendaKinds, FromTheLine) {
  EXPECT_EQ(AgendaLineKind(N("議案第45号 市税条例の一部を改正する条例")), ItemKind::kDecision);
  EXPECT_EQ(AgendaLineKind(N("報告第2号 専決処分の報告について")), ItemKind::kReport);
  EXPECT_EQ(AgendaLineKind(N("日程第1 会議録署名議員の指名")), ItemKind::kDiscussion);
}

TEST(Sentences, QuotesHoldTheirFullStops) {
  auto s = Sentences(N("A委員より、「検証する。報告する」旨の発言があった。次に進んだ。"));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].second, s[1].first);
}

}  // namespace
}  // namespace remarkgraph::ingest::internal
