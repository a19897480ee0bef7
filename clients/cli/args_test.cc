#include "clients/cli/args.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace remarkgraph::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

CommandSpec TestSpec() {
  return {.name = "ls",
          .positional_synopsis = "KIND",
          .summary = "List.",
          .description = "",
          .min_positionals = 1,
          .max_positionals = 1,
          .flags = {{"page-size", "N", "size"},
                    {"all", "", "every page"},
                    {"kind", "K", "kind", /*repeated=*/true}}};
}

TEST(ParseArgsTest, ReadsFlagsInEitherFormAndPositionalsAnywhere) {
  absl::StatusOr<ParsedArgs> args = ParseArgs(
      TestSpec(), {"--page-size", "5", "meeting", "--all", "--server=h:1"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->Get("page-size"), "5");
  EXPECT_TRUE(args->Has("all"));
  EXPECT_EQ(args->Get("server"), "h:1");
  EXPECT_FALSE(args->Has("json"));
  EXPECT_EQ(args->Get("json", "fallback"), "fallback");
  EXPECT_THAT(args->positionals(), ElementsAre("meeting"));
}

TEST(ParseArgsTest, KeepsRepeatedFlagsInOrder) {
  absl::StatusOr<ParsedArgs> args =
      ParseArgs(TestSpec(), {"x", "--kind", "a", "--all", "--kind=b"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_THAT(args->GetAll("kind"), ElementsAre("a", "b"));
  EXPECT_THAT(
      args->ordered_flags(),
      ElementsAre(Pair("kind", "a"), Pair("all", ""), Pair("kind", "b")));
}

TEST(ParseArgsTest, RejectsBadCommandLines) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"x", "--nope"}, "unknown flag --nope"},
      {{"x", "--page-size"}, "needs a value"},
      {{"x", "--all=yes"}, "takes no value"},
      {{"x", "--page-size", "1", "--page-size", "2"}, "more than once"},
      {{}, "missing KIND"},
      {{"x", "y"}, "unexpected argument 'y'"},
      {{"x", "-v"}, "unknown flag -v"},
  };
  for (const auto& [words, message] : cases) {
    absl::StatusOr<ParsedArgs> args = ParseArgs(TestSpec(), words);
    ASSERT_FALSE(args.ok()) << message;
    EXPECT_EQ(args.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(args.status().message()), HasSubstr(message));
  }
}

TEST(ParseArgsTest, DoubleDashEndsFlags) {
  absl::StatusOr<ParsedArgs> args = ParseArgs(TestSpec(), {"--", "--all"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_FALSE(args->Has("all"));
  EXPECT_THAT(args->positionals(), ElementsAre("--all"));
}

TEST(ParseArgsTest, UnderscoresInFlagNamesReadAsDashes) {
  absl::StatusOr<ParsedArgs> args =
      ParseArgs(TestSpec(), {"x", "--page_size=3", "--tls_ca", "ca.pem"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->Get("page-size"), "3");
  EXPECT_EQ(args->Get("tls-ca"), "ca.pem");
  absl::StatusOr<ParsedArgs> twice =
      ParseArgs(TestSpec(), {"x", "--page_size=3", "--page-size=4"});
  EXPECT_FALSE(twice.ok());
}

TEST(ParseArgsTest, HelpSkipsThePositionalCount) {
  absl::StatusOr<ParsedArgs> args = ParseArgs(TestSpec(), {"--help"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_TRUE(args->Has("help"));
}

TEST(HelpTextTest, ListsSynopsisFlagsAndGlobalFlags) {
  const std::string help = HelpText(TestSpec());
  EXPECT_THAT(help, HasSubstr("usage: remarkgraph ls KIND [flags]"));
  EXPECT_THAT(help, HasSubstr("--page-size N"));
  EXPECT_THAT(help, HasSubstr("(repeatable)"));
  EXPECT_THAT(help, HasSubstr("--server HOST:PORT"));
}

TEST(ParseIntFlagTest, ChecksRange) {
  EXPECT_EQ(*ParseIntFlag("n", "7", 1, 10), 7);
  EXPECT_FALSE(ParseIntFlag("n", "0", 1, 10).ok());
  EXPECT_FALSE(ParseIntFlag("n", "11", 1, 10).ok());
  EXPECT_FALSE(ParseIntFlag("n", "seven", 1, 10).ok());
}

}  // namespace
}  // namespace remarkgraph::cli
