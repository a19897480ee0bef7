// remarkgraphd: the remarkgraph server.
//
//   remarkgraphd --listen=127.0.0.1:50051 --data_dir=data/remarkgraph
//   remarkgraphd --help | --version
//
// Flags are checked before anything starts (exit status 2 naming each bad
// flag). Stops gracefully on SIGTERM or SIGINT: no new calls, in-flight calls
// get --shutdown_grace to finish, the database is closed cleanly.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "common/strings.h"
#include "service/flags.h"
#include "service/server.h"
#include "storage/backup.h"

#ifndef RG_VERSION
#define RG_VERSION "unknown"
#endif

namespace {

using remarkgraph::Log;
using remarkgraph::LogSeverity;
using remarkgraph::StrCat;

void ConfigureUsage() {
  absl::SetProgramUsageMessage(
      "The remarkgraph server: a graph of meetings, decisions and remarks over gRPC.\n"
      "Usage: remarkgraphd [--listen=HOST:PORT] [--data_dir=DIR] [flags]");
  absl::FlagsUsageConfig config;
  // --help lists the server's own flags (defined under service/), not those
  // of libraries.
  config.contains_help_flags = [](absl::string_view path) {
    return absl::StrContains(path, "service/");
  };
  config.contains_helpshort_flags = config.contains_help_flags;
  config.version_string = [] { return std::string("remarkgraphd " RG_VERSION "\n"); };
  absl::SetFlagsUsageConfig(config);
}

}  // namespace

int main(int argc, char** argv) {
  // Debian's abseil keeps the Mutex deadlock detector on (it is built without
  // NDEBUG); it records every lock order, 1-3% of a query's CPU. The tests,
  // which run the server in process, keep it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  ConfigureUsage();
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<remarkgraph::service::ServerOptions> options =
      remarkgraph::service::ServerOptionsFromFlags();
  if (!options.ok()) {
    std::fprintf(stderr, "remarkgraphd: bad flags:\n%s\n(see remarkgraphd --help)\n",
                 std::string(options.status().message()).c_str());
    return 2;
  }
  absl::StatusOr<std::optional<uint32_t>> restore =
      remarkgraph::service::RestoreBackupFromFlags();
  if (!restore.ok()) {
    std::fprintf(stderr, "remarkgraphd: bad flags:\n%s\n",
                 std::string(restore.status().message()).c_str());
    return 2;
  }
  if (restore->has_value()) {
    // Offline: the restored directory is then served by a normal start.
    const absl::Status restored =
        remarkgraph::storage::RestoreBackup(options->backup_dir, **restore, options->data_dir);
    if (!restored.ok()) {
      Log(LogSeverity::kError, StrCat("restore failed: ", restored.ToString()));
      return 1;
    }
    Log(LogSeverity::kInfo, StrCat("restored backup ",
                                   **restore == 0 ? std::string("latest")
                                                  : StrCat(**restore),
                                   " into ", options->data_dir));
    return 0;
  }
  // A closed stderr or socket must not kill the server; writes report EPIPE.
  signal(SIGPIPE, SIG_IGN);

  // Block the stop signals in every thread (gRPC's threads inherit this
  // mask) and take them synchronously below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  absl::StatusOr<std::unique_ptr<remarkgraph::service::Server>> server =
      remarkgraph::service::Server::Start(*options);
  if (!server.ok()) {
    Log(LogSeverity::kError, StrCat("remarkgraphd cannot start: ", server.status().ToString()));
    return 1;
  }
  int signal = 0;
  sigwait(&stop_signals, &signal);
  Log(LogSeverity::kInfo, StrCat("remarkgraphd received ", strsignal(signal)));
  const absl::Status stopped =
      (*server)->Shutdown(remarkgraph::service::ShutdownGraceFromFlags());
  return stopped.ok() ? 0 : 1;
}
