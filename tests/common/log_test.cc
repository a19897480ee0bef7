// Log records: one line whatever the input, text escaping that maps back to
// one input, JSON records that parse, levels that filter.
#include "common/log.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/capture_stderr.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class LogTest : public ::testing::Test {
 protected:
  void TearDown() override {
    SetLogFormat(LogFormat::kText);
    SetMinLogSeverity(LogSeverity::kInfo);
  }
  testing::ScopedTempDir dir_;
};

int Lines(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

TEST(EscapeForLog, ControlCharactersAndSeparatorsAreEscaped) {
  EXPECT_EQ(EscapeForLog("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(EscapeForLog(std::string("\x1b[31m\x7f\0", 7)), "\\x1b[31m\\x7f\\x00");
  EXPECT_EQ(EscapeForLog("back\\slash"), "back\\\\slash");
  EXPECT_EQ(EscapeForLog("\u0085 \u2028 \u2029"), "\\u0085 \\u2028 \\u2029");
  EXPECT_EQ(EscapeForLog("\xff\xc3"), "\\xff\\xc3");  // not UTF-8
  EXPECT_EQ(EscapeForLog("\xc0\xaf"), "\\xc0\\xaf");  // overlong '/'
  EXPECT_EQ(EscapeForLog("山田太郎 people/x"), "山田太郎 people/x");
}

TEST(EscapeForLog, AForgedRecordStaysInsideItsLine) {
  const std::string forged =
      "people/x\n2026-01-01T00:00:00.000Z INFO rpc method=/admin code=OK";
  const std::string escaped = EscapeForLog(forged);
  EXPECT_EQ(escaped.find('\n'), std::string::npos);
  EXPECT_THAT(escaped, HasSubstr("people/x\\n2026"));
}

TEST_F(LogTest, TextRecordIsOneLineWithQuotedFields) {
  testing::CaptureStderr capture(dir_.Sub("stderr"));
  Log(LogSeverity::kWarning, "rpc failed\nINFO forged",
      {{"method", "/remarkgraph.v1.GraphService/GetNode"},
       {"error", "'people/a\nb' is \"bad\""},
       {"latency_ms", 1.5},
       {"count", 3}});
  const std::string text = capture.Text();
  capture.Restore();
  EXPECT_EQ(Lines(text), 1) << text;
  EXPECT_THAT(text, HasSubstr(" WARN rpc failed\\nINFO forged "));
  EXPECT_THAT(text, HasSubstr(" method=/remarkgraph.v1.GraphService/GetNode "));
  EXPECT_THAT(text, HasSubstr(" error=\"'people/a\\nb' is \\\"bad\\\"\""));
  EXPECT_THAT(text, HasSubstr(" latency_ms=1.5 count=3\n"));
}

TEST_F(LogTest, JsonRecordParsesAndKeepsTheInputExactly) {
  SetLogFormat(LogFormat::kJson);
  testing::CaptureStderr capture(dir_.Sub("stderr"));
  const std::string name = "people/山田\n\x1b[2J";
  Log(LogSeverity::kInfo, "rpc", {{"name", name}, {"latency_ms", 2.25}, {"count", 7}});
  Log(LogSeverity::kError, "bytes", {{"raw", "\xff"}});
  const std::string text = capture.Text();
  capture.Restore();
  ASSERT_EQ(Lines(text), 2) << text;
  const std::string first = text.substr(0, text.find('\n'));
  const nlohmann::json record = nlohmann::json::parse(first);
  EXPECT_EQ(record["level"], "INFO");
  EXPECT_EQ(record["msg"], "rpc");
  EXPECT_EQ(record["name"], name);
  EXPECT_EQ(record["latency_ms"], 2.25);
  EXPECT_EQ(record["count"], 7);
  EXPECT_TRUE(record["time"].is_string());
  const nlohmann::json second = nlohmann::json::parse(text.substr(first.size() + 1));
  EXPECT_EQ(second["raw"], "\xef\xbf\xbd");  // U+FFFD for a byte that is not UTF-8
}

TEST_F(LogTest, RecordsBelowTheLevelAreDropped) {
  SetMinLogSeverity(LogSeverity::kWarning);
  testing::CaptureStderr capture(dir_.Sub("stderr"));
  Log(LogSeverity::kInfo, "quiet");
  Log(LogSeverity::kDebug, "quieter");
  Log(LogSeverity::kWarning, "loud");
  const std::string text = capture.Text();
  capture.Restore();
  EXPECT_THAT(text, Not(HasSubstr("quiet")));
  EXPECT_THAT(text, HasSubstr("WARN loud"));
  EXPECT_FALSE(LogEnabled(LogSeverity::kInfo));
}

TEST(ParseLog, NamesAndErrors) {
  EXPECT_EQ(*ParseLogSeverity("DEBUG"), LogSeverity::kDebug);
  EXPECT_EQ(*ParseLogSeverity("warn"), LogSeverity::kWarning);
  EXPECT_EQ(ParseLogSeverity("loud").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_THAT(std::string(ParseLogFormat("xml").status().message()), HasSubstr("text, json"));
}

}  // namespace
}  // namespace remarkgraph
