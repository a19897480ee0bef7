// Runaway queries on a supernode, through the real daemon: one decision
// referenced by --remarks remarks, spoken by a handful of people, so that
// walks through it explode. Several clients run such queries for the
// time --seconds leaves after the supernode is written; every answer must come back OK, cut by a budget and saying which
// (truncated with a reason), within the server's node ceiling; dossiers
// must count every reference; and the daemon's RSS must stay under
// --max_rss_mb throughout.
//
//   rg_runaway --daemon=build/service/remarkgraphd --remarks=100000 --seconds=60
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "remarkgraph/v1/graph_service.grpc.pb.h"
#include "remarkgraph/v1/write_service.grpc.pb.h"
#include "tests/torture/daemon.h"
#include "tests/torture/report.h"

ABSL_FLAG(std::string, daemon, "", "The remarkgraphd binary.");
ABSL_FLAG(std::string, workdir, "", "Folder for the database and log (default: temporary).");
ABSL_FLAG(int, remarks, 20000, "References into the supernode.");
ABSL_FLAG(int, seconds, 10,
          "How long the run takes, writing the supernode included: the queries run for "
          "what is left, and at least --min_query_seconds.");
ABSL_FLAG(int, min_query_seconds, 3,
          "Shortest time the queries run when writing the supernode used up --seconds.");
ABSL_FLAG(int, clients, 4, "Concurrent clients.");
ABSL_FLAG(int, max_nodes, 0,
          "The daemon's --max_nodes ceiling (0: a quarter of --remarks, so that walks "
          "through the supernode must be cut).");
ABSL_FLAG(int, max_rss_mb, 1024, "Highest RSS the daemon may reach.");
ABSL_FLAG(std::string, name, "runaway queries", "Label of the summary row.");

namespace remarkgraph::torture {
namespace {

constexpr int kPeople = 8;
constexpr char kMeeting[] = "meetings/runaway";
constexpr char kItem[] = "meetings/runaway/items/d1";

std::unique_ptr<grpc::ClientContext> Context(int seconds = 60) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

std::string Remark(int i) { return absl::StrCat(kMeeting, "/remarks/", i); }
std::string Person(int p) { return absl::StrCat("people/runaway-", p); }

absl::Status Build(v1::WriteService::Stub& write, int remarks) {
  v1::UpsertNodesRequest first;
  auto add = [](v1::UpsertNodesRequest& r, const std::string& name, v1::NodeKind kind) {
    v1::Node* node = r.add_nodes();
    node->set_name(name);
    node->set_kind(kind);
  };
  add(first, kMeeting, v1::NODE_KIND_MEETING);
  add(first, kItem, v1::NODE_KIND_ITEM);
  for (int p = 0; p < kPeople; ++p) add(first, Person(p), v1::NODE_KIND_PERSON);
  v1::UpsertNodesResponse first_response;
  grpc::Status status = write.UpsertNodes(Context().get(), first, &first_response);
  if (!status.ok()) return absl::InternalError(status.error_message());
  constexpr int kNodesPerCall = 1000;  // The API's limits per call.
  constexpr int kEdgesPerCall = 9999;
  for (int begin = 0; begin < remarks; begin += kNodesPerCall) {
    const int end = std::min(remarks, begin + kNodesPerCall);
    v1::UpsertNodesRequest nodes;
    for (int i = begin; i < end; ++i) {
      v1::Node* node = nodes.add_nodes();
      node->set_name(Remark(i + 1));
      node->mutable_remark()->set_ordinal(i + 1);
      node->mutable_remark()->set_text(absl::StrCat("Remark ", i + 1, " on the plan."));
    }
    v1::UpsertNodesResponse response;
    status = write.UpsertNodes(Context().get(), nodes, &response);
    if (!status.ok()) return absl::InternalError(status.error_message());
  }
  v1::UpsertEdgesRequest edges;
  auto flush = [&]() -> absl::Status {
    if (edges.edges().empty()) return absl::OkStatus();
    v1::UpsertEdgesResponse response;
    const grpc::Status s = write.UpsertEdges(Context().get(), edges, &response);
    edges.clear_edges();
    return s.ok() ? absl::OkStatus() : absl::InternalError(s.error_message());
  };
  for (int i = 1; i <= remarks; ++i) {
    for (auto [kind, target] : {std::pair{v1::EDGE_KIND_REFERENCES, std::string(kItem)},
                                std::pair{v1::EDGE_KIND_SPOKEN_BY, Person(i % kPeople)},
                                std::pair{v1::EDGE_KIND_IN_MEETING, std::string(kMeeting)}}) {
      v1::Edge* edge = edges.add_edges();
      edge->set_source(Remark(i));
      edge->set_kind(kind);
      edge->set_target(target);
      if (kind == v1::EDGE_KIND_REFERENCES) edge->set_stance(static_cast<v1::Stance>(1 + i % 4));
      if (edges.edges_size() >= kEdgesPerCall) {
        if (absl::Status s = flush(); !s.ok()) return s;
      }
    }
  }
  return flush();
}

class Runner {
 public:
  Runner(const std::string& address, int remarks, int max_nodes, uint64_t seed)
      : graph_(v1::GraphService::NewStub(
            grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))),
        remarks_(remarks),
        max_nodes_(max_nodes),
        rng_(seed) {}

  void Run(const std::atomic<bool>& stop) {
    while (!stop.load()) {
      switch (rng_() % 4) {
        case 0: Explode(); break;
        case 1: Fanout(); break;
        case 2: Dossier(); break;
        default: Paths(); break;
      }
      queries_.fetch_add(1);
    }
  }

  static int64_t queries() { return queries_.load(); }
  static int64_t wrong() {
    std::lock_guard<std::mutex> lock(mu_);
    return wrong_;
  }

 private:
  static void Wrong(const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    if (wrong_++ < 20) std::fprintf(stderr, "WRONG %s\n", what.c_str());
  }

  // Streams a walk; checks it is cut with a reason and holds at most the
  // node ceiling.
  void Walk(const v1::TraverseRequest& request, const char* what,
            v1::TruncationReason want = v1::TRUNCATION_REASON_UNSPECIFIED) {
    auto context = Context();
    auto reader = graph_->Traverse(context.get(), request);
    v1::TraverseResponse response;
    int64_t hits = 0;
    std::optional<v1::QueryStats> summary;
    while (reader->Read(&response)) {
      if (response.has_hit()) ++hits;
      if (response.has_summary()) summary = response.summary();
    }
    const grpc::Status status = reader->Finish();
    if (!status.ok()) {
      Wrong(absl::StrCat(what, ": ", status.error_code(), " ", status.error_message()));
    } else if (!summary || !summary->truncated() ||
               summary->truncation_reason() == v1::TRUNCATION_REASON_UNSPECIFIED) {
      Wrong(absl::StrCat(what, ": not marked truncated with a reason after ", hits, " hits"));
    } else if (want != v1::TRUNCATION_REASON_UNSPECIFIED && summary->truncation_reason() != want) {
      Wrong(absl::StrCat(what, ": truncated by ", summary->truncation_reason(), ", not ", want));
    } else if (hits > max_nodes_) {
      Wrong(absl::StrCat(what, ": ", hits, " hits above the ceiling of ", max_nodes_));
    }
  }

  // people -> their remarks -> the decision -> every remark -> every
  // speaker, again and again, with the largest budget the client may ask.
  void Explode() {
    v1::TraverseRequest request;
    request.add_seeds(Person(static_cast<int>(rng_() % kPeople)));
    request.add_steps()->set_direction(v1::DIRECTION_BOTH);
    request.set_repeat_last_step(true);
    request.mutable_budget()->set_max_depth(16);
    request.mutable_budget()->set_max_nodes(1 << 30);
    request.mutable_budget()->set_max_edges_scanned(int64_t{1} << 40);
    request.mutable_budget()->set_max_fanout(1 << 30);
    Walk(request, "explosive walk");
  }

  void Fanout() {
    v1::TraverseRequest request;
    request.add_seeds(kItem);
    v1::TraversalStep* step = request.add_steps();
    step->set_direction(v1::DIRECTION_INCOMING);
    step->add_edge_kinds(v1::EDGE_KIND_REFERENCES);
    request.mutable_budget()->set_max_fanout(100);
    Walk(request, "supernode fan-out", v1::TRUNCATION_REASON_MAX_FANOUT);
  }

  void Dossier() {
    v1::GetDossierRequest request;
    request.set_name(kItem);
    request.set_page_size(1000);
    v1::GetDossierResponse response;
    const grpc::Status status = graph_->GetDossier(Context().get(), request, &response);
    if (!status.ok()) {
      Wrong(absl::StrCat("dossier: ", status.error_code(), " ", status.error_message()));
    } else if (!response.stats().truncated() && response.total_remarks() != remarks_) {
      Wrong(absl::StrCat("dossier: ", response.total_remarks(), " remarks, not ", remarks_));
    } else if (response.stats().truncated() &&
               response.stats().truncation_reason() == v1::TRUNCATION_REASON_UNSPECIFIED) {
      Wrong("dossier: truncated without a reason");
    }
  }

  void Paths() {
    v1::FindPathsRequest request;
    request.set_source(Remark(1 + static_cast<int>(rng_() % remarks_)));
    request.set_target(Remark(1 + static_cast<int>(rng_() % remarks_)));
    request.set_direction(v1::DIRECTION_BOTH);
    request.set_max_paths(10);
    v1::FindPathsResponse response;
    const grpc::Status status = graph_->FindPaths(Context().get(), request, &response);
    if (!status.ok()) {
      Wrong(absl::StrCat("paths: ", status.error_code(), " ", status.error_message()));
    } else if (response.paths().empty() && !response.stats().truncated()) {
      Wrong("paths: none found between two remarks of one meeting, and not truncated");
    }
  }

  std::unique_ptr<v1::GraphService::Stub> graph_;
  int remarks_, max_nodes_;
  std::mt19937_64 rng_;
  static inline std::atomic<int64_t> queries_{0};
  static inline std::mutex mu_;
  static inline int64_t wrong_ = 0;
};

int Run() {
  // --seconds counts from here: starting the daemon and writing the
  // supernode are part of the run's time.
  const absl::Time run_start = absl::Now();
  const std::string binary = DaemonBinaryOrExit(absl::GetFlag(FLAGS_daemon));
  const int remarks = absl::GetFlag(FLAGS_remarks);
  const int max_nodes = absl::GetFlag(FLAGS_max_nodes) > 0 ? absl::GetFlag(FLAGS_max_nodes)
                                                          : std::max(1, remarks / 4);
  WorkDir work(absl::GetFlag(FLAGS_workdir), "rg-runaway", false);
  Daemon daemon(binary, work.path() + "/db",
                {"--block_cache_mb=32", absl::StrCat("--max_nodes=", max_nodes),
                 "--max_query_time=5s", "--default_query_time=2s"},
                work.path() + "/daemon.log");
  if (absl::Status started = daemon.Start(); !started.ok()) {
    std::fprintf(stderr, "%s\n", started.ToString().c_str());
    return 1;
  }
  auto write = v1::WriteService::NewStub(
      grpc::CreateChannel(daemon.address(), grpc::InsecureChannelCredentials()));
  const absl::Time build_start = absl::Now();
  if (absl::Status built = Build(*write, remarks); !built.ok()) {
    std::fprintf(stderr, "cannot build the supernode: %s\n", built.ToString().c_str());
    return 1;
  }
  std::printf("supernode of %d references written in %s\n", remarks,
              absl::FormatDuration(absl::Now() - build_start).c_str());
  Row row;
  row.name = absl::GetFlag(FLAGS_name);
  row.rss_before_kb = daemon.RssKb();
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<Runner>> runners;
  std::vector<std::thread> threads;
  for (int c = 0; c < absl::GetFlag(FLAGS_clients); ++c) {
    runners.push_back(std::make_unique<Runner>(daemon.address(), remarks, max_nodes, 1000 + c));
  }
  for (auto& runner : runners) threads.emplace_back([&] { runner->Run(stop); });
  const absl::Time end =
      std::max(run_start + absl::Seconds(absl::GetFlag(FLAGS_seconds)),
               absl::Now() + absl::Seconds(std::max(0, absl::GetFlag(FLAGS_min_query_seconds))));
  std::printf("queries run for %s\n", absl::FormatDuration(end - absl::Now()).c_str());
  int64_t peak_kb = 0;
  bool crashed = false;
  while (absl::Now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!daemon.Alive()) {
      crashed = true;
      break;
    }
    peak_kb = std::max(peak_kb, daemon.RssKb());
  }
  stop.store(true);
  for (auto& t : threads) t.join();
  row.rss_after_kb = peak_kb;
  row.cycles = Runner::queries();
  row.errors = Runner::wrong();
  StopAndCount(daemon, crashed, row);
  bool ok = row.Clean();
  if (peak_kb > int64_t{absl::GetFlag(FLAGS_max_rss_mb)} * 1024) {
    std::fprintf(stderr, "RSS peaked at %lld KiB, above --max_rss_mb\n",
                 static_cast<long long>(peak_kb));
    ok = false;
  }
  std::printf("%lld runaway queries (cycles column), peak RSS %lld KiB\n",
              static_cast<long long>(row.cycles), static_cast<long long>(peak_kb));
  PrintRow(row);
  if (!ok) work.Keep();
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace remarkgraph::torture

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return remarkgraph::torture::Run();
}
