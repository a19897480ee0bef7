// What a torture run reports, and the work folder it runs in.
//
// Every driver ends with one summary row, printed as a human line and as a
// machine line (`TORTURE-ROW name|cycles|acked|...`) that scripts/torture
// gathers into the table of docs/torture.md.
#ifndef REMARKGRAPH_TESTS_TORTURE_REPORT_H_
#define REMARKGRAPH_TESTS_TORTURE_REPORT_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace remarkgraph::torture {

struct Row {
  std::string name;
  int64_t cycles = 0;          // Kill cycles, or seconds of load.
  int64_t recovery_kills = 0;  // Kills while the daemon recovered.
  int64_t acked = 0;           // Acknowledged writes.
  int64_t lost = 0;            // Acknowledged writes not found.
  int64_t partial = 0;         // Batches partly visible.
  int64_t crashes = 0;         // Daemon exits not caused by the driver.
  int64_t errors = 0;          // Answers of the wrong kind (codes, content).
  int64_t sanitizer_reports = 0;
  int64_t rss_before_kb = 0, rss_after_kb = 0;
  bool Clean() const {
    return lost == 0 && partial == 0 && crashes == 0 && errors == 0 && sanitizer_reports == 0;
  }
};

void PrintRow(const Row& row);

// Which of `steps` equal parts of the run from `start` to `end` has ended by
// `now`: 0 until the first part ends, `steps` at and after `end` (and when
// the run is empty). The soak prints the daemon's RSS once per step.
int StepOf(absl::Time start, absl::Time end, absl::Time now, int steps);

class Daemon;

// The --daemon flag's binary, or exits with status 2 saying what is wrong.
std::string DaemonBinaryOrExit(const std::string& flag_value);
// `seed`, or one from the clock when it is 0.
uint64_t SeedOrClock(uint64_t seed);

// Ends a run with the daemon: counts a crash when `crashed` (it ended on its
// own, with `daemon.exit_status()`), else stops it with SIGTERM and counts
// an unclean stop as a crash; counts the sanitizer reports of its log.
void StopAndCount(Daemon& daemon, bool crashed, Row& row);

// A folder for one run: the given one, else a fresh one under the temporary
// folder ($TMPDIR), removed at the end unless kept (a failed run keeps it
// for a look at the database and the daemon's log).
class WorkDir {
 public:
  WorkDir(const std::string& given, const std::string& stem, bool keep);
  ~WorkDir();
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  const std::string& path() const { return path_; }
  void Keep() { keep_ = true; }

 private:
  std::string path_;
  bool keep_ = false;
};

}  // namespace remarkgraph::torture

#endif  // REMARKGRAPH_TESTS_TORTURE_REPORT_H_
