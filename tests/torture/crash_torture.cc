// Crash torture: kills remarkgraphd with SIGKILL at random moments while
// writers mix node batches, edge batches, imports (and re-imports that
// replace a meeting), edge deletes and cascading node deletes; restarts
// it, sometimes killing it again while it recovers; and after every restart
// checks through the API that every acknowledged write is there and that
// no batch is partly visible.
//
// Each writer owns its groups. A group moves through phases, each a batch
// of one rpc: created (meeting, K remarks, K topics), linked (+ 2K edges:
// IN_MEETING and MENTIONS), unlinked (DeleteEdges) or cut (DeleteNodes of
// the meeting and its remarks: the cascade must take the MENTIONS edges
// out of the surviving topics). An import group's phase is the number of
// remarks its latest import had. A write that was acknowledged fixes the
// phase; one cut short by the kill leaves two possibilities, and the next
// check must find exactly one of them (else "partial"); a mismatch with an
// acknowledged phase is "lost".
//
//   rg_crash_torture --daemon=build/service/remarkgraphd --cycles=20 [--sync_writes]
//
// Prints one line per cycle and a summary row (see docs/torture.md); exits
// non-zero on any loss, partial batch, crash or sanitizer report.
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "remarkgraph/v1/graph_service.grpc.pb.h"
#include "remarkgraph/v1/import_service.grpc.pb.h"
#include "remarkgraph/v1/write_service.grpc.pb.h"
#include "tests/torture/daemon.h"
#include "tests/torture/report.h"

ABSL_FLAG(std::string, daemon, "", "The remarkgraphd binary.");
ABSL_FLAG(std::string, workdir, "", "Folder for the database and logs (default: a temporary one, removed unless --keep).");
ABSL_FLAG(bool, keep, false, "Keep the work folder.");
ABSL_FLAG(int, cycles, 10, "Kill cycles (with --seconds: at least this many).");
ABSL_FLAG(int, seconds, 0, "Run for this long (0: just --cycles).");
ABSL_FLAG(bool, sync_writes, false, "Run the daemon with --sync_writes.");
ABSL_FLAG(int, writers, 4, "Concurrent writer threads.");
ABSL_FLAG(uint64_t, seed, 0, "Random seed (0: from the clock; printed).");
ABSL_FLAG(int, min_run_ms, 50, "Shortest time writers run before the kill.");
ABSL_FLAG(int, max_run_ms, 1200, "Longest time writers run before the kill.");
ABSL_FLAG(int, recovery_kill_every, 3, "Every Nth restart is killed during recovery first (0: never).");
ABSL_FLAG(std::string, name, "", "Label of the summary row.");
ABSL_FLAG(bool, sabotage, false,
          "Check the checker: after the first cycle delete one acknowledged remark "
          "behind the writers' backs; the run then passes only if the loss is found.");

namespace remarkgraph::torture {
namespace {

using v1::GraphService;
using v1::ImportService;
using v1::WriteService;

constexpr int kMaxImportRemarks = 6;

// A writer's group of nodes and edges. Phases: see the file comment.
enum class Phase { kAbsent, kCreated, kLinked, kCut };

struct Group {
  std::string id;  // Unique in the run: the meeting id and name stem.
  bool import = false;
  int size = 0;                  // K remarks (and topics) of a node group.
  Phase phase = Phase::kAbsent;  // Node groups.
  std::optional<Phase> pending;
  int remarks = 0;  // Import groups: remarks of the stored import.
  std::optional<int> pending_remarks;
  bool touched = false;  // Written since the last check.
  // Found not as expected (or damaged on purpose): reported once, then
  // neither written nor checked again.
  bool broken = false;
  bool frozen = false;  // Not written any more.

  std::string meeting() const { return "meetings/" + id; }
  std::string remark(int i) const { return absl::StrCat(meeting(), "/remarks/", i); }
  std::string topic(int i) const { return absl::StrCat("topics/", id, "-", i); }
  bool settled() const { return !pending && !pending_remarks; }
};

// What the API shows of a group.
struct Observed {
  bool meeting = false;
  int remarks = 0, topics = 0, in_meeting = 0, mentions = 0;
  // Import groups: whether remarks 1..remarks exist and no later one.
  bool contiguous = true;
  std::string ToString() const {
    return absl::StrCat("meeting=", meeting, " remarks=", remarks, " topics=", topics,
                        " in_meeting=", in_meeting, " mentions=", mentions,
                        contiguous ? "" : " (gaps)");
  }
};

Observed Expected(const Group& g, Phase phase) {
  Observed o;
  const int k = g.size;
  switch (phase) {
    case Phase::kAbsent: break;
    case Phase::kCreated: o = {true, k, k, 0, 0}; break;
    case Phase::kLinked: o = {true, k, k, k, k}; break;
    case Phase::kCut: o.topics = k; break;
  }
  return o;
}

Observed ExpectedImport(int remarks) {
  Observed o;
  o.meeting = remarks > 0;
  o.remarks = remarks;
  o.in_meeting = remarks;
  return o;
}

bool Same(const Observed& a, const Observed& b) {
  return a.meeting == b.meeting && a.remarks == b.remarks && a.topics == b.topics &&
         a.in_meeting == b.in_meeting && a.mentions == b.mentions && a.contiguous == b.contiguous;
}

std::unique_ptr<grpc::ClientContext> Context(int seconds = 20) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

class Checker {
 public:
  explicit Checker(const std::shared_ptr<grpc::Channel>& channel)
      : graph_(GraphService::NewStub(channel)) {}

  absl::StatusOr<bool> Exists(const std::string& name) {
    v1::GetNodeRequest request;
    request.set_name(name);
    v1::GetNodeResponse response;
    const grpc::Status status = graph_->GetNode(Context().get(), request, &response);
    if (status.ok()) return true;
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) return false;
    return absl::UnavailableError(absl::StrCat("GetNode ", name, ": ", status.error_message()));
  }

  // Edges of `kind` coming into `name` (0 if the node is missing).
  absl::StatusOr<int> InEdges(const std::string& name, v1::EdgeKind kind) {
    v1::ListEdgesRequest request;
    request.set_name(name);
    request.set_direction(v1::DIRECTION_INCOMING);
    request.add_kinds(kind);
    request.set_page_size(1000);
    v1::ListEdgesResponse response;
    const grpc::Status status = graph_->ListEdges(Context().get(), request, &response);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) return 0;
    if (!status.ok()) {
      return absl::UnavailableError(absl::StrCat("ListEdges ", name, ": ", status.error_message()));
    }
    return response.edges_size();
  }

  absl::StatusOr<Observed> Observe(const Group& g) {
    Observed o;
    absl::StatusOr<bool> meeting = Exists(g.meeting());
    if (!meeting.ok()) return meeting.status();
    o.meeting = *meeting;
    const int upto = g.import ? kMaxImportRemarks : g.size;
    bool gap = false;
    for (int i = 1; i <= upto; ++i) {
      absl::StatusOr<bool> remark = Exists(g.remark(i));
      if (!remark.ok()) return remark.status();
      if (*remark) {
        ++o.remarks;
        if (gap) o.contiguous = false;
      } else {
        gap = true;
      }
      if (!g.import) {
        absl::StatusOr<bool> topic = Exists(g.topic(i));
        if (!topic.ok()) return topic.status();
        o.topics += *topic;
        absl::StatusOr<int> mentions = InEdges(g.topic(i), v1::EDGE_KIND_MENTIONS);
        if (!mentions.ok()) return mentions.status();
        o.mentions += *mentions;
      }
    }
    absl::StatusOr<int> in_meeting = InEdges(g.meeting(), v1::EDGE_KIND_IN_MEETING);
    if (!in_meeting.ok()) return in_meeting.status();
    o.in_meeting = *in_meeting;
    return o;
  }

 private:
  std::unique_ptr<GraphService::Stub> graph_;
};

struct Tally {
  int64_t acked = 0, unknown = 0, unexpected_errors = 0;
  int64_t lost = 0, partial = 0;
};

// Checks groups against their phases and resolves pending ones: those
// written since the last check, and (so that a later crash losing older
// writes shows) `sample` of the others at random, or all with `all`.
// Returns false (with a message) if the API could not be read.
bool Verify(Checker& checker, std::vector<Group>& groups, Tally& tally, int cycle,
            std::mt19937_64& rng, bool all) {
  int reported = 0;
  const size_t sample = 64;
  for (Group& g : groups) {
    if (g.broken) continue;
    if (!all && !g.touched && !(g.pending || g.pending_remarks) &&
        rng() % std::max<size_t>(1, groups.size() / sample) != 0) {
      continue;
    }
    g.touched = false;
    absl::StatusOr<Observed> observed = checker.Observe(g);
    if (!observed.ok()) {
      std::fprintf(stderr, "cycle %d: cannot read the graph: %s\n", cycle,
                   observed.status().ToString().c_str());
      return false;
    }
    const Observed now = g.import ? ExpectedImport(g.remarks) : Expected(g, g.phase);
    std::optional<Observed> next;
    if (g.pending) next = Expected(g, *g.pending);
    if (g.pending_remarks) next = ExpectedImport(*g.pending_remarks);
    if (Same(*observed, now)) {
      // The cut-short write did not happen.
    } else if (next && Same(*observed, *next)) {
      if (g.pending) g.phase = *g.pending;
      if (g.pending_remarks) g.remarks = *g.pending_remarks;
    } else {
      (next ? tally.partial : tally.lost)++;
      if (reported++ < 10) {
        std::fprintf(stderr, "cycle %d: %s group %s: %s, expected %s%s%s\n", cycle,
                     next ? "PARTIAL" : "LOST", g.id.c_str(), observed->ToString().c_str(),
                     now.ToString().c_str(), next ? " or " : "",
                     next ? next->ToString().c_str() : "");
      }
      g.broken = true;  // So that one defect is counted once.
    }
    g.pending.reset();
    g.pending_remarks.reset();
  }
  return true;
}

// Records text of an import: a meeting, `remarks` remarks, a decision and a
// reference to it.
std::string ImportText(const Group& g, int remarks) {
  std::string text = absl::StrCat(
      R"({"type":"meeting","id":")", g.id, R"(","body":"torture-council","title":"Torture council )",
      g.id, R"(","date":"2024-04-02"})", "\n",
      R"({"type":"item","key":"D1","kind":"decision","title":"Plan )", g.id, R"("})", "\n");
  for (int i = 1; i <= remarks; ++i) {
    absl::StrAppend(&text, R"({"type":"remark","key":"R)", i, R"(","speaker":"Member )", i,
                    R"(","text":"Remark )", i, " of ", g.id, R"( on the plan."})", "\n");
  }
  absl::StrAppend(&text, R"({"type":"link","from":"R1","to":"D1","kind":"references"})", "\n");
  return text;
}

class Writer {
 public:
  Writer(int index, uint64_t seed, std::vector<Group>* groups, const std::string& run_id)
      : index_(index), rng_(seed), groups_(groups), run_id_(run_id) {}

  // Writes until `stop` or the first failed call.
  void Run(const std::shared_ptr<grpc::Channel>& channel, const std::atomic<bool>& stop,
           Tally& tally) {
    auto write = WriteService::NewStub(channel);
    auto import = ImportService::NewStub(channel);
    while (!stop.load()) {
      Group* g = Pick();
      if (g == nullptr) return;
      grpc::Status status;
      std::optional<Phase> target;
      std::optional<int> target_remarks;
      if (g->import) {
        target_remarks = 1 + static_cast<int>(rng_() % kMaxImportRemarks);
        v1::ImportMinutesRequest request;
        request.set_content(ImportText(*g, *target_remarks));
        request.set_source_name(g->id + ".jsonl");
        v1::ImportMinutesResponse response;
        status = import->ImportMinutes(Context().get(), request, &response);
      } else if (g->phase == Phase::kAbsent) {
        target = Phase::kCreated;
        v1::UpsertNodesRequest request;
        auto add = [&](const std::string& name, v1::NodeKind kind) {
          v1::Node* node = request.add_nodes();
          node->set_name(name);
          node->set_kind(kind);
          node->set_title(name);
        };
        add(g->meeting(), v1::NODE_KIND_MEETING);
        for (int i = 1; i <= g->size; ++i) {
          add(g->remark(i), v1::NODE_KIND_REMARK);
          add(g->topic(i), v1::NODE_KIND_TOPIC);
        }
        v1::UpsertNodesResponse response;
        status = write->UpsertNodes(Context().get(), request, &response);
      } else if (g->phase == Phase::kCreated) {
        target = Phase::kLinked;
        v1::UpsertEdgesRequest request;
        for (int i = 1; i <= g->size; ++i) {
          v1::Edge* in = request.add_edges();
          in->set_source(g->remark(i));
          in->set_kind(v1::EDGE_KIND_IN_MEETING);
          in->set_target(g->meeting());
          v1::Edge* mentions = request.add_edges();
          mentions->set_source(g->remark(i));
          mentions->set_kind(v1::EDGE_KIND_MENTIONS);
          mentions->set_target(g->topic(i));
        }
        v1::UpsertEdgesResponse response;
        status = write->UpsertEdges(Context().get(), request, &response);
      } else if (rng_() % 2 == 0) {
        target = Phase::kCreated;
        v1::DeleteEdgesRequest request;
        for (int i = 1; i <= g->size; ++i) {
          v1::EdgeKey* in = request.add_edges();
          in->set_source(g->remark(i));
          in->set_kind(v1::EDGE_KIND_IN_MEETING);
          in->set_target(g->meeting());
          v1::EdgeKey* mentions = request.add_edges();
          mentions->set_source(g->remark(i));
          mentions->set_kind(v1::EDGE_KIND_MENTIONS);
          mentions->set_target(g->topic(i));
        }
        v1::DeleteEdgesResponse response;
        status = write->DeleteEdges(Context().get(), request, &response);
      } else {
        target = Phase::kCut;
        v1::DeleteNodesRequest request;
        request.add_names(g->meeting());
        for (int i = 1; i <= g->size; ++i) request.add_names(g->remark(i));
        v1::DeleteNodesResponse response;
        status = write->DeleteNodes(Context().get(), request, &response);
      }
      std::lock_guard<std::mutex> lock(tally_mu_);
      g->touched = true;
      if (status.ok()) {
        ++tally.acked;
        if (target) g->phase = *target;
        if (target_remarks) g->remarks = *target_remarks;
        continue;
      }
      g->pending = target;
      g->pending_remarks = target_remarks;
      ++tally.unknown;
      if (!stop.load()) {
        // The server was not killed yet: a write failed on its own.
        ++tally.unexpected_errors;
        std::fprintf(stderr, "writer %d: %s failed before the kill: %d %s\n", index_,
                     g->id.c_str(), static_cast<int>(status.error_code()),
                     status.error_message().c_str());
      }
      return;
    }
  }

 private:
  // A group to write next: a new one now and then, else a settled one that
  // can still change.
  Group* Pick() {
    std::vector<Group*> live;
    for (Group& g : *groups_) {
      if (g.settled() && !g.broken && !g.frozen && (g.import || g.phase != Phase::kCut)) live.push_back(&g);
    }
    const bool room = groups_->size() < groups_->capacity();  // Pointers stay valid.
    if (room && (live.empty() || rng_() % 4 == 0 || live.size() < 3)) {
      Group g;
      g.id = absl::StrCat(run_id_, "-w", index_, "-g", next_++);
      g.import = rng_() % 4 == 0;
      g.size = 1 + static_cast<int>(rng_() % 8);
      groups_->push_back(g);
      return &groups_->back();
    }
    if (live.empty()) return nullptr;  // Every group used up: the writer rests.
    return live[rng_() % live.size()];
  }

  int index_;
  std::mt19937_64 rng_;
  std::vector<Group>* groups_;
  std::string run_id_;
  int next_ = 0;
  static inline std::mutex tally_mu_;
};

// Deletes one remark of a settled, created group without telling the
// model: the next check must report it lost.
bool Sabotage(const std::shared_ptr<grpc::Channel>& channel, std::vector<std::vector<Group>>& groups) {
  for (auto& mine : groups) {
    for (Group& g : mine) {
      if (g.import || g.broken || !g.settled() || g.phase != Phase::kCreated) continue;
      auto write = WriteService::NewStub(channel);
      v1::DeleteNodesRequest request;
      request.add_names(g.remark(1));
      v1::DeleteNodesResponse response;
      if (!write->DeleteNodes(Context().get(), request, &response).ok()) return false;
      g.touched = true;
      g.frozen = true;  // No more writes; the next check must find it.
      std::printf("sabotage: deleted %s\n", g.remark(1).c_str());
      return true;
    }
  }
  return false;
}

int Run() {
  const std::string binary = DaemonBinaryOrExit(absl::GetFlag(FLAGS_daemon));
  const uint64_t seed = SeedOrClock(absl::GetFlag(FLAGS_seed));
  std::mt19937_64 rng(seed);
  const bool sync = absl::GetFlag(FLAGS_sync_writes);
  const std::string name =
      absl::GetFlag(FLAGS_name).empty() ? (sync ? "crash (sync_writes)" : "crash")
                                        : absl::GetFlag(FLAGS_name);
  WorkDir work(absl::GetFlag(FLAGS_workdir), "rg-crash", absl::GetFlag(FLAGS_keep));
  std::printf("%s: seed %llu, work folder %s\n", name.c_str(),
              static_cast<unsigned long long>(seed), work.path().c_str());

  std::vector<std::string> flags = {"--block_cache_mb=16", "--shutdown_grace=2s"};
  if (sync) flags.push_back("--sync_writes");
  Daemon daemon(binary, work.path() + "/db", flags, work.path() + "/daemon.log");

  const int writers_n = absl::GetFlag(FLAGS_writers);
  std::vector<std::vector<Group>> groups(writers_n);
  for (auto& g : groups) g.reserve(1 << 16);  // Writers hold pointers into these.
  std::vector<std::unique_ptr<Writer>> writers;
  const std::string run_id = absl::StrCat("t", seed % 100000);
  for (int w = 0; w < writers_n; ++w) {
    writers.push_back(std::make_unique<Writer>(w, rng(), &groups[w], run_id));
  }

  Row row;
  row.name = name;
  Tally tally;
  const absl::Time end = absl::Now() + absl::Seconds(absl::GetFlag(FLAGS_seconds));
  const int recovery_every = absl::GetFlag(FLAGS_recovery_kill_every);
  int cycle = 0;
  bool failed = false;
  int64_t start_us = 100000;  // Running mean of the time to serve.
  int killed_after_recovery = 0;
  bool sabotaged = false;
  auto crashed = [&](const std::string& what) {
    ++row.crashes;
    failed = true;
    std::fprintf(stderr, "cycle %d: CRASH: %s\n", cycle, what.c_str());
  };
  for (;; ++cycle) {
    const bool last = cycle >= absl::GetFlag(FLAGS_cycles) && absl::Now() >= end;
    // Restart, sometimes killing the daemon while it recovers first: at a
    // random moment within about the time a start takes.
    if (cycle > 0 && recovery_every > 0 && cycle % recovery_every == 0) {
      if (!daemon.Spawn().ok()) return 2;
      const int64_t delay_us = static_cast<int64_t>(rng() % (1 + start_us * 12 / 10));
      std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
      if (!daemon.Alive()) {
        crashed("ended during recovery: " + DescribeWaitStatus(daemon.exit_status()));
        break;
      }
      daemon.Kill(SIGKILL);
      daemon.Wait();
      if (daemon.Served()) {
        ++killed_after_recovery;
      } else {
        ++row.recovery_kills;
      }
    }
    const absl::Time spawned = absl::Now();
    if (absl::Status started = daemon.Start(); !started.ok()) {
      crashed(started.ToString());
      break;
    }
    start_us = (start_us + absl::ToInt64Microseconds(absl::Now() - spawned)) / 2;
    auto channel = grpc::CreateChannel(daemon.address(), grpc::InsecureChannelCredentials());
    Checker checker(channel);
    for (auto& g : groups) {
      if (!Verify(checker, g, tally, cycle, rng, last)) failed = true;
    }
    if (failed) break;
    if (cycle == 0) row.rss_before_kb = daemon.RssKb();
    if (last) break;
    if (absl::GetFlag(FLAGS_sabotage) && cycle == 1 && !sabotaged) {
      sabotaged = Sabotage(channel, groups);
    }

    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int w = 0; w < writers_n; ++w) {
      threads.emplace_back([&, w] { writers[w]->Run(channel, stop, tally); });
    }
    const int min_ms = absl::GetFlag(FLAGS_min_run_ms), max_ms = absl::GetFlag(FLAGS_max_run_ms);
    std::this_thread::sleep_for(
        std::chrono::milliseconds(min_ms + rng() % std::max(1, max_ms - min_ms)));
    const bool alive = daemon.Alive();
    row.rss_after_kb = daemon.RssKb();
    stop.store(true);
    daemon.Kill(SIGKILL);
    for (auto& t : threads) t.join();
    const int status = daemon.Wait();
    if (!alive || !WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
      crashed("the daemon ended on its own: " + DescribeWaitStatus(status));
      break;
    }
    ++row.cycles;
    std::printf("cycle %d: %lld acknowledged, %lld cut short, %lld lost, %lld partial\n", cycle,
                static_cast<long long>(tally.acked), static_cast<long long>(tally.unknown),
                static_cast<long long>(tally.lost), static_cast<long long>(tally.partial));
    std::fflush(stdout);
  }
  // A clean stop at the end (crashes were counted where they happened).
  if (daemon.Alive()) row.rss_after_kb = std::max(row.rss_after_kb, daemon.RssKb());
  const int64_t crashes_before = row.crashes;
  StopAndCount(daemon, /*crashed=*/false, row);
  if (row.crashes > crashes_before) failed = true;
  std::printf("restarts killed before serving: %lld; after (too late): %d\n",
              static_cast<long long>(row.recovery_kills), killed_after_recovery);
  row.acked = tally.acked;
  row.lost = tally.lost;
  row.partial = tally.partial;
  row.errors = tally.unexpected_errors;
  PrintRow(row);
  if (absl::GetFlag(FLAGS_sabotage)) {
    const bool found = sabotaged && row.lost > 0 && row.partial == 0 && row.crashes == 0;
    std::printf("sabotage %s\n", found ? "found, as it must be" : "NOT FOUND");
    return found ? 0 : 1;
  }
  const bool ok = !failed && row.Clean();
  if (!ok) work.Keep();
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace remarkgraph::torture

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return remarkgraph::torture::Run();
}
