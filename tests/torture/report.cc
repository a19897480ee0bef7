#include "tests/torture/report.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "absl/time/clock.h"
#include "tests/torture/daemon.h"

namespace remarkgraph::torture {

void PrintRow(const Row& row) {
  std::printf(
      "%s: %lld cycles (%lld killed in recovery), %lld acknowledged writes, %lld lost, "
      "%lld partial, %lld crashes, %lld wrong answers, %lld sanitizer reports, "
      "RSS %lld KiB -> %lld KiB\n",
      row.name.c_str(), static_cast<long long>(row.cycles),
      static_cast<long long>(row.recovery_kills), static_cast<long long>(row.acked),
      static_cast<long long>(row.lost), static_cast<long long>(row.partial),
      static_cast<long long>(row.crashes), static_cast<long long>(row.errors),
      static_cast<long long>(row.sanitizer_reports), static_cast<long long>(row.rss_before_kb),
      static_cast<long long>(row.rss_after_kb));
  std::printf("TORTURE-ROW %s|%lld|%lld|%lld|%lld|%lld|%lld|%lld|%lld|%lld|%lld\n",
              row.name.c_str(), static_cast<long long>(row.cycles),
              static_cast<long long>(row.recovery_kills), static_cast<long long>(row.acked),
              static_cast<long long>(row.lost), static_cast<long long>(row.partial),
              static_cast<long long>(row.crashes), static_cast<long long>(row.errors),
              static_cast<long long>(row.sanitizer_reports),
              static_cast<long long>(row.rss_before_kb), static_cast<long long>(row.rss_after_kb));
  std::fflush(stdout);
}

std::string DaemonBinaryOrExit(const std::string& flag_value) {
  if (flag_value.empty() || !std::filesystem::exists(flag_value)) {
    std::fprintf(stderr, "--daemon must name the remarkgraphd binary\n");
    std::exit(2);
  }
  return flag_value;
}

int StepOf(absl::Time start, absl::Time end, absl::Time now, int steps) {
  if (now >= end || end <= start) return steps;
  if (now <= start) return 0;
  // FDivDuration: Duration / Duration is integer division, which is 0 until
  // the end.
  const double done = absl::FDivDuration(now - start, end - start);
  return std::min(steps, static_cast<int>(done * steps));
}

uint64_t SeedOrClock(uint64_t seed) {
  return seed != 0 ? seed : static_cast<uint64_t>(absl::ToUnixNanos(absl::Now()));
}

void StopAndCount(Daemon& daemon, bool crashed, Row& row) {
  if (crashed) {
    ++row.crashes;
    std::fprintf(stderr, "CRASH: the daemon ended on its own: %s\n",
                 DescribeWaitStatus(daemon.exit_status()).c_str());
  } else if (daemon.Alive()) {
    daemon.Kill(SIGTERM);
    const int status = daemon.Wait();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      ++row.crashes;
      std::fprintf(stderr, "CRASH: SIGTERM did not stop the daemon cleanly: %s\n",
                   DescribeWaitStatus(status).c_str());
    }
  }
  row.sanitizer_reports = CountSanitizerReports(daemon.log_path());
}

WorkDir::WorkDir(const std::string& given, const std::string& stem, bool keep) : keep_(keep) {
  if (!given.empty()) {
    path_ = given;
    keep_ = true;
    std::filesystem::create_directories(path_);
    return;
  }
  std::string pattern =
      (std::filesystem::temp_directory_path() / (stem + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    std::exit(2);
  }
  path_ = pattern;
}

WorkDir::~WorkDir() {
  if (keep_) {
    std::printf("work folder kept: %s\n", path_.c_str());
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace remarkgraph::torture
