// remarkgraphd: the remarkgraph server.
//
//   remarkgraphd --listen=127.0.0.1:50051 --data_dir=data/remarkgraph
//
// Stops gracefully on SIGTERM or SIGINT: no new calls, in-flight calls get
// --shutdown_grace to finish, the database is closed cleanly.
#include <csignal>
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "common/strings.h"
#include "service/server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "Address to serve on, host:port (0.0.0.0:50051 for all interfaces).");
ABSL_FLAG(std::string, data_dir, "data/remarkgraph", "Database directory.");
ABSL_FLAG(bool, sync_writes, false,
          "fsync the write-ahead log on every write (survives power loss, "
          "not only process crashes).");
ABSL_FLAG(int, block_cache_mb, 256, "Shared RocksDB block cache, MiB.");
ABSL_FLAG(int, max_depth, 16, "Ceiling on any query's depth.");
ABSL_FLAG(int64_t, max_nodes, 100000, "Ceiling on nodes a query may return or hold.");
ABSL_FLAG(int64_t, max_edges_scanned, 10000000, "Ceiling on edges a query may read.");
ABSL_FLAG(int64_t, max_fanout, 100000, "Ceiling on edges followed out of one node.");
ABSL_FLAG(absl::Duration, max_query_time, absl::Seconds(30),
          "Ceiling on the server time of one query.");
ABSL_FLAG(absl::Duration, default_query_time, absl::Seconds(5),
          "Server time of a query that asks for none.");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "How long in-flight calls may run on after SIGTERM.");
ABSL_FLAG(int, max_message_mb, 16, "Largest request or response message, MiB.");
ABSL_FLAG(int, max_concurrent_calls, 64, "Calls handled at once.");

namespace {

using remarkgraph::Log;
using remarkgraph::LogSeverity;
using remarkgraph::StrCat;

remarkgraph::service::ServerOptions OptionsFromFlags() {
  remarkgraph::service::ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.store.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  options.store.block_cache_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_block_cache_mb)) << 20;
  remarkgraph::query::Budget& max = options.ceilings.maximum;
  max.max_depth = absl::GetFlag(FLAGS_max_depth);
  max.max_nodes = absl::GetFlag(FLAGS_max_nodes);
  max.max_edges_scanned = absl::GetFlag(FLAGS_max_edges_scanned);
  max.max_fanout = absl::GetFlag(FLAGS_max_fanout);
  max.time_budget = absl::GetFlag(FLAGS_max_query_time);
  options.ceilings.defaults.time_budget = absl::GetFlag(FLAGS_default_query_time);
  options.ceilings.defaults = options.ceilings.Clamp(options.ceilings.defaults);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_mb) << 20;
  options.max_concurrent_calls = absl::GetFlag(FLAGS_max_concurrent_calls);
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "The remarkgraph server: a graph of meetings, decisions and remarks over gRPC.\n"
      "Usage: remarkgraphd [--listen=HOST:PORT] [--data_dir=DIR] [flags]");
  absl::ParseCommandLine(argc, argv);
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
      remarkgraph::service::Server::Start(OptionsFromFlags());
  if (!server.ok()) {
    Log(LogSeverity::kError, StrCat("remarkgraphd cannot start: ", server.status().ToString()));
    return 1;
  }
  int signal = 0;
  sigwait(&stop_signals, &signal);
  Log(LogSeverity::kInfo, StrCat("remarkgraphd received ", strsignal(signal)));
  const absl::Status stopped = (*server)->Shutdown(absl::GetFlag(FLAGS_shutdown_grace));
  return stopped.ok() ? 0 : 1;
}
