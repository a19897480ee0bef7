// Person names: honorifics, variant kanji, spacing, lists and roles.
#include "ingest/names.h"

#include <gtest/gtest.h>

#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

std::u32string N(std::string_view s) { return NormalizeNfkc(DecodeUtf8(s).value()).text; }
std::string E(std::u32string_view s) { return EncodeUtf8(s); }

TEST(Names, HonorificsAreNotNames) {
  EXPECT_EQ(E(StripHonorific(N("佐藤和好君"))), "佐藤和好");
  EXPECT_EQ(E(StripHonorific(N("栗田 彰君"))), "栗田 彰");
  EXPECT_EQ(E(StripHonorific(N("山口氏"))), "山口");
  EXPECT_EQ(E(StripHonorific(N("中川先生"))), "中川");
  EXPECT_EQ(E(StripHonorific(N("ミラーさん"))), "ミラー");
  // Too short to carry an honorific: a name that ends in 君.
  EXPECT_EQ(E(StripHonorific(N("君"))), "君");
  EXPECT_EQ(E(StripHonorific(N("君島"))), "君島");
}

TEST(Names, VariantsAndSpacingShareOneKey) {
  EXPECT_EQ(PersonKey(N("髙橋　一郎君")), PersonKey(N("高橋一郎")));
  EXPECT_EQ(PersonKey(N("山﨑 花")), PersonKey(N("山崎花")));
  EXPECT_EQ(PersonKey(N("山 田 太 郎")), PersonKey(N("山田 太郎")));
  EXPECT_NE(PersonKey(N("高橋一郎")), PersonKey(N("高橋二郎")));
}

TEST(Names, CleanName) {
  EXPECT_EQ(E(CleanPersonName(N("山 田 太 郎"))), "山田太郎");
  EXPECT_EQ(E(CleanPersonName(N("山田　　太郎君"))), "山田 太郎");
  EXPECT_EQ(E(CleanPersonName(N("髙木 洋"))), "高木 洋");
  EXPECT_EQ(E(CleanPersonName(N("吉田"))), "吉田");
}

TEST(Names, ListsAndRolesAreNotPeople) {
  EXPECT_TRUE(LooksLikePersonName(N("山田 太郎")));
  EXPECT_TRUE(LooksLikePersonName(N("くり林")));
  EXPECT_TRUE(LooksLikePersonName(N("ミラー")));
  EXPECT_FALSE(LooksLikePersonName(N("中村委員、中山委員、前田委員")));
  EXPECT_FALSE(LooksLikePersonName(N("北島、木村")));
  EXPECT_FALSE(LooksLikePersonName(N("委員長")));
  EXPECT_FALSE(LooksLikePersonName(N("事務局")));
  EXPECT_FALSE(LooksLikePersonName(N("各委員")));
  EXPECT_FALSE(LooksLikePersonName(N("(1)")));
  EXPECT_FALSE(LooksLikePersonName(N("出席者全員")));
  EXPECT_FALSE(LooksLikePersonName(N("")));
  EXPECT_FALSE(LooksLikePersonName(N("のとおり")));
}

}  // namespace
}  // namespace remarkgraph::ingest::internal
