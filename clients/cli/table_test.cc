#include "clients/cli/table.h"

#include <sstream>
#include <string>

#include "clients/cli/text_width.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace remarkgraph::cli {
namespace {

TEST(TextWidthTest, CountsFullWidthAsTwo) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("会議"), 4);
  EXPECT_EQ(DisplayWidth("資料4-2"), 7);
  EXPECT_EQ(DisplayWidth("「サイバー」"), 12);
  EXPECT_EQ(DisplayWidth("ＡＩ"), 4);
  EXPECT_EQ(DisplayWidth("ｶﾅ"), 2);              // half-width katakana
  EXPECT_EQ(DisplayWidth("か\xE3\x82\x99"), 2);  // combining voiced mark
  EXPECT_EQ(DisplayWidth("\xFF"), 1);            // invalid byte
}

TEST(TextWidthTest, TruncatesByColumnsWithoutSplittingCharacters) {
  EXPECT_EQ(Truncate("abcdef", 6), "abcdef");
  EXPECT_EQ(Truncate("abcdef", 4), "abc…");
  EXPECT_EQ(Truncate("次期戦略本部", 6), "次期…");
  EXPECT_EQ(Truncate("次期戦略本部", 5), "次期…");
  EXPECT_LE(DisplayWidth(Truncate("次期戦略本部", 5)), 5);
  EXPECT_EQ(Truncate("abc", 0), "");
}

TEST(TextWidthTest, TruncatesAtTheFront) {
  EXPECT_EQ(TruncateFront("meetings/m/remarks/12", 12), "…/remarks/12");
  EXPECT_EQ(TruncateFront("本部/会議", 6), "…/会議");
  EXPECT_EQ(TruncateFront("short", 6), "short");
}

TEST(TextWidthTest, OneLineReplacesControls) {
  EXPECT_EQ(OneLine("a\nb\tc\r\n"), "a b c  ");
  EXPECT_EQ(OneLine("a\xFF"), "a\xEF\xBF\xBD");
}

TEST(TableTest, AlignsJapaneseByColumns) {
  Table table({{"NAME", 20}, {"KIND", 8}, {"TITLE", 10}});
  table.AddRow({"bodies/cshq", "BODY", "戦略本部"});
  table.AddRow({"people/goto", "PERSON", "後藤厚宏 本部員"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "NAME         KIND    TITLE\n"
            "bodies/cshq  BODY    戦略本部\n"
            "people/goto  PERSON  後藤厚宏 …\n");
}

TEST(TableTest, RightAlignsAndIndents) {
  Table table({{"#", 3, /*align_right=*/true}, {"TEXT", 10}});
  table.AddRow({"7", "賛成です"});
  table.AddRow({"12", "x"});
  std::ostringstream out;
  table.Print(out, 2);
  EXPECT_EQ(out.str(),
            "   #  TEXT\n"
            "   7  賛成です\n"
            "  12  x\n");
}

TEST(TableTest, NarrowsTheWidestColumnsToFitALineWidth) {
  Table table({{"NAME", 40}, {"TITLE", 40}});
  table.AddRow(
      {"meetings/cshq-31/remarks/12", "能動的サイバー防御の導入に賛成する"});
  std::ostringstream out;
  table.Print(out, 0, 40);
  EXPECT_EQ(out.str(),
            "NAME                 TITLE\n"
            "meetings/cshq-31/r…  能動的サイバー防御…\n");
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    EXPECT_LE(DisplayWidth(line), 40) << line;
  }
}

TEST(TableTest, KeepsFixedColumnsAndElidesNamesAtTheFront) {
  Table table(
      {{.header = "NAME", .max_width = 20, .elide_front = true, .fixed = true},
       {.header = "TITLE", .max_width = 40}});
  table.AddRow(
      {"meetings/cshq-31/remarks/12", "能動的サイバー防御の導入に賛成する"});
  std::ostringstream out;
  table.Print(out, 0, 40);
  EXPECT_EQ(out.str(),
            "NAME                  TITLE\n"
            "…/cshq-31/remarks/12  能動的サイバー防…\n");
}

TEST(TableTest, NeverNarrowsBelowTheFloor) {
  Table table({{"NAME", 40}, {"TITLE", 40}});
  table.AddRow({"meetings/cshq-31", "ネットワーク安全保障推進本部"});
  std::ostringstream out;
  table.Print(out, 0, 5);
  EXPECT_EQ(out.str(),
            "NAME      TITLE\n"
            "meeting…  ネット…\n");
}

}  // namespace
}  // namespace remarkgraph::cli
