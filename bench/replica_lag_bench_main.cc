// Replica lag under a steady write load, and a replica's catch-up rate.
//
//   rg_replica_lag_bench --remarkgraphd PATH --work DIR [--rate 200]
//       [--seconds 10] [--title_bytes 200] [--catch_up_writes 5000]
//
// Starts a remarkgraphd primary and two --replicate_from replicas on
// loopback (real processes, databases under DIR). One client writes to the
// primary at a steady rate (one node per UpsertNodes call, each its own
// write batch) while a prober per replica, every 20 ms, takes the write the
// primary acknowledged last and reads it on its replica until it is there:
// the lag is the time from the acknowledgement to the first read that
// returns it. Then one replica is killed, --catch_up_writes more writes
// are made, the replica is started again, and the time until it holds them
// all gives the catch-up rate (batches/s and MB/s of write batches, from the
// replica's remarkgraph_replica_applied_{batches,bytes}_total). Prints the
// figures and one JSON line.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/replication/daemon_process.h"

ABSL_FLAG(std::string, remarkgraphd, "", "The remarkgraphd binary.");
ABSL_FLAG(std::string, work, "", "Directory for the databases (emptied first).");
ABSL_FLAG(int, rate, 200, "Writes per second to the primary.");
ABSL_FLAG(int, seconds, 10, "How long the steady load lasts.");
ABSL_FLAG(int, title_bytes, 200, "Bytes of each written node's title.");
ABSL_FLAG(int, catch_up_writes, 5000, "Writes a stopped replica catches up on.");

namespace remarkgraph::bench {
namespace {

using grpc::health::v1::HealthCheckResponse;
using testing::DaemonProcess;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "rg_replica_lag_bench: " << what << "\n";
  std::exit(1);
}

grpc::Status WriteNode(DaemonProcess& daemon, const std::string& name, const std::string& title) {
  v1::UpsertNodesRequest request;
  v1::Node* node = request.add_nodes();
  node->set_name(name);
  node->set_title(title);
  v1::UpsertNodesResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return daemon.write().UpsertNodes(&context, request, &response);
}

struct Summary {
  size_t samples = 0;
  double mean_ms = 0, p50_ms = 0, p99_ms = 0, max_ms = 0;
};

Summary Summarize(std::vector<double> ms) {
  Summary summary;
  if (ms.empty()) return summary;
  std::sort(ms.begin(), ms.end());
  summary.samples = ms.size();
  double total = 0;
  for (double value : ms) total += value;
  summary.mean_ms = total / ms.size();
  summary.p50_ms = ms[ms.size() / 2];
  summary.p99_ms = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  summary.max_ms = ms.back();
  return summary;
}

// The last write the primary acknowledged.
class LastWrite {
 public:
  void Set(std::string name, absl::Time acknowledged) {
    absl::MutexLock lock(&mutex_);
    name_ = std::move(name);
    acknowledged_ = acknowledged;
  }
  std::pair<std::string, absl::Time> Get() const {
    absl::MutexLock lock(&mutex_);
    return {name_, acknowledged_};
  }

 private:
  mutable absl::Mutex mutex_;
  std::string name_ ABSL_GUARDED_BY(mutex_);
  absl::Time acknowledged_ ABSL_GUARDED_BY(mutex_);
};

int Main() {
  const std::string binary = absl::GetFlag(FLAGS_remarkgraphd);
  const std::string work = absl::GetFlag(FLAGS_work);
  const int rate = absl::GetFlag(FLAGS_rate);
  const int seconds = absl::GetFlag(FLAGS_seconds);
  const int catch_up_writes = absl::GetFlag(FLAGS_catch_up_writes);
  if (binary.empty() || work.empty()) Die("--remarkgraphd and --work are required");
  if (rate < 1 || seconds < 1 || catch_up_writes < 1) Die("--rate, --seconds and --catch_up_writes must be at least 1");
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  const std::string title(static_cast<size_t>(std::max(0, absl::GetFlag(FLAGS_title_bytes))), 'x');

  DaemonProcess primary(binary, work + "/primary", {});
  primary.Start();
  if (!primary.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20))) Die("the primary did not start");
  std::vector<std::unique_ptr<DaemonProcess>> replicas;
  for (const char* name : {"replica-a", "replica-b"}) {
    replicas.push_back(std::make_unique<DaemonProcess>(
        binary, work + "/" + name,
        std::vector<std::string>{"--replicate_from=" + primary.address()}));
    replicas.back()->Start();
  }
  for (auto& replica : replicas) {
    if (!replica->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20))) {
      Die("a replica did not start");
    }
  }

  // 1. Steady load.
  LastWrite last;
  std::atomic<bool> done{false};
  std::vector<std::vector<double>> lag_ms(replicas.size());
  std::vector<std::thread> probers;
  for (size_t r = 0; r < replicas.size(); ++r) {
    probers.emplace_back([&, r] {
      while (!done.load()) {
        absl::SleepFor(absl::Milliseconds(20));
        const auto [name, acknowledged] = last.Get();
        if (name.empty()) continue;
        while (!replicas[r]->Has(name)) {
          if (absl::Now() - acknowledged > absl::Seconds(30)) Die(name + " never reached a replica");
          absl::SleepFor(absl::Microseconds(200));
        }
        lag_ms[r].push_back(absl::ToDoubleMilliseconds(absl::Now() - acknowledged));
      }
    });
  }
  const int total = rate * seconds;
  std::vector<double> write_ms;
  const absl::Time start = absl::Now();
  for (int i = 0; i < total; ++i) {
    absl::SleepFor(start + absl::Seconds(1) * i / rate - absl::Now());
    const std::string name = absl::StrCat("people/load-", i);
    const absl::Time sent = absl::Now();
    const grpc::Status status = WriteNode(primary, name, title);
    if (!status.ok()) Die("a write failed: " + status.error_message());
    const absl::Time acknowledged = absl::Now();
    write_ms.push_back(absl::ToDoubleMilliseconds(acknowledged - sent));
    last.Set(name, acknowledged);
  }
  const double achieved = total / absl::ToDoubleSeconds(absl::Now() - start);
  done.store(true);
  for (std::thread& prober : probers) prober.join();

  // 2. Catch-up after a restart.
  DaemonProcess& behind = *replicas[1];
  behind.Kill(SIGKILL);
  for (int i = 0; i < catch_up_writes; ++i) {
    const grpc::Status status = WriteNode(primary, absl::StrCat("people/missed-", i), title);
    if (!status.ok()) Die("a write failed: " + status.error_message());
  }
  const std::string last_missed = absl::StrCat("people/missed-", catch_up_writes - 1);
  const absl::Time restarted = absl::Now();
  behind.Start();
  absl::Time first_applied = absl::InfiniteFuture();
  double batches = 0, bytes = 0;
  while (true) {
    if (absl::Now() - restarted > absl::Minutes(5)) Die("the replica did not catch up");
    batches = behind.Metric("remarkgraph_replica_applied_batches_total").value_or(0);
    if (batches > 0 && first_applied == absl::InfiniteFuture()) first_applied = absl::Now();
    if (batches >= catch_up_writes && behind.Has(last_missed)) break;
    absl::SleepFor(absl::Milliseconds(5));
  }
  const absl::Time caught_up = absl::Now();
  bytes = behind.Metric("remarkgraph_replica_applied_bytes_total").value_or(0);
  const double with_start = absl::ToDoubleSeconds(caught_up - restarted);
  const double applying = absl::ToDoubleSeconds(caught_up - first_applied);

  const Summary writes = Summarize(write_ms);
  std::printf("steady load: %d writes at %.1f/s for %d s (%d-byte titles); write ack p50 %.2f ms, p99 %.2f ms\n",
              total, achieved, seconds, static_cast<int>(title.size()), writes.p50_ms, writes.p99_ms);
  std::string json = absl::StrCat("{\"rate\":", rate, ",\"achieved_rate\":", achieved,
                                  ",\"seconds\":", seconds, ",\"replicas\":[");
  for (size_t r = 0; r < replicas.size(); ++r) {
    const Summary lag = Summarize(lag_ms[r]);
    std::printf("replica %zu: lag (ack on the primary to readable) over %zu samples: mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                r + 1, lag.samples, lag.mean_ms, lag.p50_ms, lag.p99_ms, lag.max_ms);
    absl::StrAppend(&json, r ? "," : "", "{\"samples\":", lag.samples, ",\"mean_ms\":", lag.mean_ms,
                    ",\"p50_ms\":", lag.p50_ms, ",\"p99_ms\":", lag.p99_ms,
                    ",\"max_ms\":", lag.max_ms, "}");
  }
  std::printf("catch-up: %.0f batches (%.2f MB) in %.2f s from restart (%.0f batches/s, %.2f MB/s); "
              "%.2f s applying (%.0f batches/s, %.2f MB/s)\n",
              batches, bytes / 1e6, with_start, batches / with_start, bytes / 1e6 / with_start,
              applying, batches / applying, bytes / 1e6 / applying);
  absl::StrAppend(&json, "],\"catch_up\":{\"batches\":", batches, ",\"bytes\":", bytes,
                  ",\"seconds_from_restart\":", with_start, ",\"seconds_applying\":", applying,
                  "}}");
  std::printf("%s\n", json.c_str());
  return 0;
}

}  // namespace
}  // namespace remarkgraph::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return remarkgraph::bench::Main();
}
