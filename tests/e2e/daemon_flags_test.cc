// remarkgraphd's flags: --help and --version answer and exit, and values out
// of range stop the server before it opens anything, naming the flag.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct DaemonRun {
  int exit_code = -1;
  std::string output;
};

class DaemonFlagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    daemon_ = REMARKGRAPHD_PATH;
    if (!std::filesystem::exists(daemon_)) GTEST_SKIP() << "remarkgraphd was not built";
  }

  // Runs remarkgraphd with `args` (shell words), stdout and stderr together.
  DaemonRun RunDaemon(const std::string& args) {
    const std::string out = dir_.Sub("out");
    const std::string command = "'" + daemon_ + "' " + args + " --data_dir='" +
                                dir_.Sub("db") + "' > '" + out + "' 2>&1";
    const int status = std::system(command.c_str());
    DaemonRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    run.output = text.str();
    return run;
  }

  std::string daemon_;
  testing::ScopedTempDir dir_;
};

TEST_F(DaemonFlagsTest, VersionPrintsTheVersion) {
  const DaemonRun run = RunDaemon("--version");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.output, HasSubstr("remarkgraphd " RG_VERSION));
}

TEST_F(DaemonFlagsTest, HelpListsTheServersFlags) {
  const DaemonRun run = RunDaemon("--help");
  for (const char* flag : {"--listen", "--data_dir", "--max_message_mb", "--log_format",
                           "--log_level"}) {
    EXPECT_THAT(run.output, HasSubstr(flag)) << run.output;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("db"))) << "--help must not open a database";
}

TEST_F(DaemonFlagsTest, OutOfRangeValuesAreRefusedNamingEachFlag) {
  const DaemonRun run = RunDaemon(
      "--max_message_mb=4096 --max_depth=-5 --max_fanout=0 --block_cache_mb=-1 "
      "--max_query_time=-1s --max_concurrent_calls=0 --log_format=xml --log_level=loud "
      "--listen=localhost --import_memory_mb=8 --max_watch_streams=-1 --keepalive_time_ms=5 "
      "--keepalive_timeout_ms=0 --keepalive_min_ping_interval_ms=-1 --compress_min_kb=-3");
  EXPECT_EQ(run.exit_code, 2);
  for (const char* named :
       {"--max_message_mb=4096 is out of range (1 to 2047)", "--max_depth=-5 is out of range",
        "--max_fanout=0", "--block_cache_mb=-1", "--max_query_time=-1s", "--max_concurrent_calls=0",
        "--log_format", "--log_level", "--listen='localhost'",
        "--import_memory_mb=8 is out of range (64 to 1048576)",
        "--max_watch_streams=-1 is out of range (0 to 1024)",
        "--keepalive_time_ms=5 is out of range (10000 to 86400000)", "--keepalive_timeout_ms=0",
        "--keepalive_min_ping_interval_ms=-1", "--compress_min_kb=-3"}) {
    EXPECT_THAT(run.output, HasSubstr(named)) << run.output;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("db"))) << "nothing opened on bad flags";
}

TEST_F(DaemonFlagsTest, AValueThatDoesNotParseIsRefused) {
  const DaemonRun run = RunDaemon("--max_depth=99999999999");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.output, HasSubstr("max_depth"));
  EXPECT_THAT(run.output, Not(HasSubstr("serving on")));
}

}  // namespace
}  // namespace remarkgraph
