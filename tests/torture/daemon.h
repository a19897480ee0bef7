// A remarkgraphd child process for the torture drivers: started with given
// flags on a free port (the port is read from its start-up log line),
// killed with any signal, waited for, and watched (alive, RSS, sanitizer
// reports in its log).
//
// Thread safety: one thread owns a Daemon; Rss() and Alive() may be called
// from others while the owner does not Start or Wait.
#ifndef REMARKGRAPH_TESTS_TORTURE_DAEMON_H_
#define REMARKGRAPH_TESTS_TORTURE_DAEMON_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace remarkgraph::torture {

class Daemon {
 public:
  // `binary`: the remarkgraphd executable; `flags`: extra flags (the
  // listen address and data folder are added); its stderr is appended to
  // `log_path`.
  Daemon(std::string binary, std::string data_dir, std::vector<std::string> flags,
         std::string log_path);
  ~Daemon();  // Kills a running child with SIGKILL and reaps it.
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Forks and execs the daemon; returns at once (the child may still be
  // opening its database).
  absl::Status Spawn();
  // Waits until the child logs that it serves and sets port(). UNAVAILABLE
  // if it exits first or `timeout` passes (the log tail is in the message).
  absl::Status WaitServing(absl::Duration timeout);
  // Whether the child started last logged that it serves (also after it
  // ended).
  bool Served() const;
  // Spawn and WaitServing.
  absl::Status Start(absl::Duration timeout = absl::Seconds(60));

  void Kill(int signal);  // No-op when not running.
  // Reaps the child; returns its wait status (or -1 if none ran).
  int Wait();
  // True while the child runs (reaps it if it has exited; exit_status()).
  bool Alive();
  int exit_status() const { return exit_status_; }

  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Resident set size of the child in KiB, 0 if unknown.
  int64_t RssKb() const;
  const std::string& log_path() const { return log_path_; }

 private:
  std::string binary_, data_dir_, log_path_;
  std::vector<std::string> flags_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_status_ = -1;
  int64_t log_offset_ = 0;  // Where this start's log lines begin.
};

// Lines of sanitizer reports (ASan, UBSan, TSan, LSan) in a log file.
int CountSanitizerReports(const std::string& log_path);

// A wait status as words: "exit 0", "signal 9 (Killed)".
std::string DescribeWaitStatus(int status);

}  // namespace remarkgraph::torture

#endif  // REMARKGRAPH_TESTS_TORTURE_DAEMON_H_
