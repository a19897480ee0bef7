// The change feed's latency and throughput: a real server (service::Server,
// as remarkgraphd runs it) on a loopback port over a fresh database, one
// Watch stream read by a client thread, and a writer over gRPC.
//
//   rg_watch_bench --dir DIR [--writes 100] [--bulk_commits 20] [--bulk_nodes 1000]
//
// Latency: the writer makes `--writes` single-node writes one at a time,
// each after the previous one's event has arrived; for each it records when
// the write call started, when it was acknowledged, and when the watcher saw
// its event. The commit happens between the first two, so "start -> event"
// bounds the latency from above and "ack -> event" (negative when the event
// overtakes the acknowledgement) from below. Throughput: `--bulk_commits`
// writes of `--bulk_nodes` nodes each, committed before the stream opens,
// then read by one Watch from their first sequence (catch-up), and the same
// writes again while the stream is open (live). Prints one JSON object.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"
#include "remarkgraph/v1/watch_service.grpc.pb.h"
#include "remarkgraph/v1/write_service.grpc.pb.h"
#include "service/server.h"

namespace remarkgraph::bench {
namespace {

namespace v1 = remarkgraph::v1;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "rg_watch_bench: " << what << "\n";
  std::exit(1);
}

std::string FlagValue(int argc, char** argv, const std::string& name, const std::string& fallback) {
  const std::string prefix = "--" + name + "=";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind(prefix, 0) == 0) return arg.substr(prefix.size());
    if (arg == "--" + name && i + 1 < argc) return argv[i + 1];
  }
  return fallback;
}

v1::UpsertNodesRequest People(const std::string& prefix, int count) {
  v1::UpsertNodesRequest request;
  for (int i = 0; i < count; ++i) {
    v1::Node* node = request.add_nodes();
    node->set_name(absl::StrCat("people/", prefix, "-", i));
    node->set_title(absl::StrCat("Person ", prefix, " ", i));
  }
  return request;
}

void Write(v1::WriteService::Stub& write, const v1::UpsertNodesRequest& request) {
  grpc::ClientContext context;
  v1::UpsertNodesResponse response;
  const grpc::Status status = write.UpsertNodes(&context, request, &response);
  if (!status.ok()) Die("a write failed: " + status.error_message());
}

// Reads `events` events from `from`; the seconds it took from the call.
double ReadEvents(v1::WatchService::Stub& watch, uint64_t from, int64_t events) {
  grpc::ClientContext context;
  v1::WatchRequest request;
  request.set_from_sequence(from);
  request.set_max_events_per_message(1024);
  const absl::Time start = absl::Now();
  auto reader = watch.Watch(&context, request);
  v1::WatchResponse message;
  int64_t seen = 0;
  while (seen < events && reader->Read(&message)) seen += message.events_size();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  context.TryCancel();
  while (reader->Read(&message)) {
  }
  reader->Finish();
  if (seen < events) Die("the stream ended early");
  return seconds;
}

nlohmann::json Summary(std::vector<double> micros) {
  std::sort(micros.begin(), micros.end());
  const double mean = std::accumulate(micros.begin(), micros.end(), 0.0) / micros.size();
  return {{"mean_us", mean},
          {"p50_us", micros[micros.size() / 2]},
          {"p99_us", micros[std::min(micros.size() - 1, micros.size() * 99 / 100)]},
          {"max_us", micros.back()},
          {"min_us", micros.front()}};
}

int Main(int argc, char** argv) {
  const std::string dir = FlagValue(argc, argv, "dir", "");
  if (dir.empty()) Die("--dir DIR is required (a fresh database goes there)");
  const int writes = std::stoi(FlagValue(argc, argv, "writes", "100"));
  const int bulk_commits = std::stoi(FlagValue(argc, argv, "bulk_commits", "20"));
  const int bulk_nodes = std::stoi(FlagValue(argc, argv, "bulk_nodes", "1000"));
  std::filesystem::remove_all(dir);

  service::ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_dir = dir;
  options.store.wal_ttl_seconds = 3600;
  options.access_log_severity = LogSeverity::kDebug;
  SetMinLogSeverity(LogSeverity::kWarning);
  absl::StatusOr<std::unique_ptr<service::Server>> server = service::Server::Start(options);
  if (!server.ok()) Die(server.status().ToString());
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                                     grpc::InsecureChannelCredentials());
  auto write = v1::WriteService::NewStub(channel);
  auto watch = v1::WatchService::NewStub(channel);

  // Latency: one write at a time, each waited for on the stream.
  std::vector<double> from_start;
  std::vector<double> from_ack;
  {
    grpc::ClientContext context;
    auto reader = watch->Watch(&context, v1::WatchRequest());
    v1::WatchResponse message;
    if (!reader->Read(&message)) Die("no first message");
    for (int i = 0; i < writes; ++i) {
      const auto request = People(absl::StrCat("latency-", i), 1);
      const auto started = std::chrono::steady_clock::now();
      Write(*write, request);
      const auto acknowledged = std::chrono::steady_clock::now();
      bool seen = false;
      while (!seen && reader->Read(&message)) {
        for (const v1::ChangeEvent& event : message.events()) {
          seen = seen || event.node().name() == request.nodes(0).name();
        }
      }
      if (!seen) Die("the stream ended early");
      const auto arrived = std::chrono::steady_clock::now();
      from_start.push_back(std::chrono::duration<double, std::micro>(arrived - started).count());
      from_ack.push_back(std::chrono::duration<double, std::micro>(arrived - acknowledged).count());
    }
    context.TryCancel();
    while (reader->Read(&message)) {
    }
    reader->Finish();
  }

  // Throughput, catching up: commits made first, read afterwards.
  const uint64_t first = (*server)->store().LatestSequence() + 1;
  for (int i = 0; i < bulk_commits; ++i) {
    Write(*write, People(absl::StrCat("bulk-", i), bulk_nodes));
  }
  const int64_t events = static_cast<int64_t>(bulk_commits) * bulk_nodes;
  const double catch_up_seconds = ReadEvents(*watch, first, events);

  // Throughput, live: the stream is open while the same writes go on.
  const uint64_t live_first = (*server)->store().LatestSequence() + 1;
  std::atomic<double> live_seconds{0};
  std::thread reader([&] { live_seconds = ReadEvents(*watch, live_first, events); });
  const absl::Time write_start = absl::Now();
  for (int i = 0; i < bulk_commits; ++i) {
    Write(*write, People(absl::StrCat("live-", i), bulk_nodes));
  }
  const double write_seconds = absl::ToDoubleSeconds(absl::Now() - write_start);
  reader.join();

  nlohmann::json out = {
      {"writes", writes},
      {"latency_write_start_to_event", Summary(from_start)},
      {"latency_ack_to_event", Summary(from_ack)},
      {"bulk_events", events},
      {"catch_up_events_per_second", events / catch_up_seconds},
      {"live_events_per_second", events / live_seconds.load()},
      {"live_write_events_per_second", events / write_seconds},
  };
  std::cout << out.dump(2) << "\n";
  (*server)->Shutdown(absl::Seconds(2)).IgnoreError();
  return 0;
}

}  // namespace
}  // namespace remarkgraph::bench

int main(int argc, char** argv) { return remarkgraph::bench::Main(argc, argv); }
