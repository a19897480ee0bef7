// The cost of the wire: each query in process and over gRPC from one
// sequential client, alternately, in the same process and on the same store.
//
//   rg_wire_bench --db DIR --manifest FILE --out FILE [--seconds 1] [--rounds 3]
//                 [--only two_hop,text_search] [--ways grpc]
//
// The binary starts the server (service::Server, as remarkgraphd runs it) on
// a free loopback port over the loaded store, and times each query through
// the query engine on that store, then through a generated C++ stub over a
// real connection (the client reads and parses every message), round after
// round; the JSON holds each round and the medians. The empty call
// (grpc.health.v1.Health/Check) is the baseline of the wire alone. One
// thread's throughput is 1 / p50, so in process p50 / over gRPC p50 is the
// share of its in-process throughput a query keeps over the wire.
//
// The process's CPU time (user + system, every thread: client, server and
// query alike) per call is recorded too: on a machine busy with other work
// latencies stretch with the wait for a core, while the CPU a call takes
// does not, and it is what bounds throughput once the cores are full. So
// in process CPU / over gRPC CPU is the share of throughput kept at
// saturation.
#include <grpcpp/grpcpp.h>
#include <sys/resource.h>

#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/harness.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "query/query_engine.h"
#include "remarkgraph/v1/graph_service.grpc.pb.h"
#include "service/server.h"

namespace remarkgraph::bench {
namespace {

namespace v1 = remarkgraph::v1;
using storage::EdgeKind;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "rg_wire_bench: " << what << "\n";
  std::exit(1);
}

template <typename T>
T Check(absl::StatusOr<T> value, const std::string& what) {
  if (!value.ok()) Die(what + ": " + value.status().ToString());
  return *std::move(value);
}

void CheckRpc(const grpc::Status& status, const std::string& what) {
  if (!status.ok()) Die(what + ": " + status.error_message());
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return context;
}

// One query both ways.
struct Pair {
  std::string name;
  std::function<int64_t()> in_process;  // Empty for the wire-only baseline.
  std::function<int64_t()> grpc;
};

// CPU time of this process so far (all threads), in microseconds.
double ProcessCpuMicros() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto micros = [](const timeval& t) { return t.tv_sec * 1e6 + static_cast<double>(t.tv_usec); };
  return micros(usage.ru_utime) + micros(usage.ru_stime);
}

// The 1-minute load average, or -1 when unknown.
double LoadAverage() {
  double load[1];
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

int Main(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  for (int i = 1; i + 1 < argc; i += 2) flags[argv[i]] = argv[i + 1];
  for (const char* required : {"--db", "--manifest", "--out"}) {
    if (!flags.count(required)) {
      Die("usage: rg_wire_bench --db DIR --manifest FILE --out FILE [--seconds S] [--rounds N] "
          "[--only QUERY,...] [--ways in_process,grpc]");
    }
  }
  HarnessOptions options;
  options.max_seconds = flags.count("--seconds") ? std::stod(flags["--seconds"]) : 1.0;
  const int rounds = flags.count("--rounds") ? std::stoi(flags["--rounds"]) : 3;
  std::ifstream manifest_file(flags["--manifest"]);
  const nlohmann::json manifest = nlohmann::json::parse(manifest_file);

  service::ServerOptions server_options;
  server_options.listen_address = "127.0.0.1:0";
  server_options.data_dir = flags["--db"];
  std::unique_ptr<service::Server> server =
      Check(service::Server::Start(server_options), "start the server");
  storage::GraphStore& store = server->store();
  // The engine as the server runs it: the same ceilings and defaults.
  const query::QueryEngine engine(server_options.ceilings);
  const query::Budget budget = server_options.ceilings.defaults;

  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server->port()),
                                     grpc::InsecureChannelCredentials());
  auto graph = v1::GraphService::NewStub(channel);
  auto health = grpc::health::v1::Health::NewStub(channel);

  std::vector<Pair> pairs;
  pairs.push_back({"health_check", nullptr, [&] {
                     grpc::health::v1::HealthCheckRequest request;
                     grpc::health::v1::HealthCheckResponse response;
                     CheckRpc(health->Check(Context().get(), request, &response), "health");
                     return int64_t{1};
                   }});

  const std::string remark = manifest["remark"];
  pairs.push_back({"get_node",
                   [&] {
                     auto snapshot = store.Snapshot();
                     auto id = Check(snapshot->Resolve(remark), "resolve");
                     auto node = Check(snapshot->GetNode(*id), "get");
                     return static_cast<int64_t>(node.has_value());
                   },
                   [&] {
                     v1::GetNodeRequest request;
                     request.set_name(remark);
                     v1::GetNodeResponse response;
                     CheckRpc(graph->GetNode(Context().get(), request, &response), "GetNode");
                     return int64_t{1};
                   }});

  const std::string item = manifest["dossier_item"];
  pairs.push_back({"dossier_page50",
                   [&] {
                     auto snapshot = store.Snapshot();
                     query::DossierSpec spec{.name = item, .page_size = 50, .page_token = ""};
                     auto d = Check(engine.GetDossier(*snapshot, spec, budget), "dossier");
                     int64_t rows = 0;
                     for (const auto& m : d.meetings) rows += static_cast<int64_t>(m.remarks.size());
                     return rows;
                   },
                   [&] {
                     v1::GetDossierRequest request;
                     request.set_name(item);
                     request.set_page_size(50);
                     v1::GetDossierResponse response;
                     CheckRpc(graph->GetDossier(Context().get(), request, &response), "GetDossier");
                     int64_t rows = 0;
                     for (const auto& m : response.meetings()) rows += m.remarks_size();
                     return rows;
                   }});

  const std::string person = manifest["person_2hop"];
  auto two_hop_wire = [&](int per_message) {
    return [&, per_message] {
      v1::TraverseRequest request;
      request.add_seeds(person);
      v1::TraversalStep* spoken = request.add_steps();
      spoken->set_direction(v1::DIRECTION_INCOMING);
      spoken->add_edge_kinds(v1::EDGE_KIND_SPOKEN_BY);
      v1::TraversalStep* refs = request.add_steps();
      refs->set_direction(v1::DIRECTION_OUTGOING);
      refs->add_edge_kinds(v1::EDGE_KIND_REFERENCES);
      request.set_hits_per_message(per_message);
      auto context = Context();
      auto reader = graph->Traverse(context.get(), request);
      v1::TraverseResponse message;
      int64_t last = 0;
      auto count = [&](const v1::TraversalHit& hit) { last += hit.depth() == 2; };
      while (reader->Read(&message)) {
        if (message.has_hit()) count(message.hit());
        for (const v1::TraversalHit& hit : message.hits().hits()) count(hit);
      }
      CheckRpc(reader->Finish(), "Traverse");
      return last;
    };
  };
  auto two_hop_local = [&] {
    auto snapshot = store.Snapshot();
    query::TraverseSpec spec;
    spec.seeds = {person};
    spec.steps.push_back(
        {.direction = query::Direction::kIncoming, .edge_kinds = {EdgeKind::kSpokenBy}});
    spec.steps.push_back(
        {.direction = query::Direction::kOutgoing, .edge_kinds = {EdgeKind::kReferences}});
    int64_t last = 0;
    Check(engine.Traverse(*snapshot, spec, budget,
                          [&](const query::TraversalHit& hit) {
                            last += hit.depth == 2;
                            return true;
                          }),
          "traverse");
    return last;
  };
  pairs.push_back({"two_hop", two_hop_local, two_hop_wire(0)});
  pairs.push_back({"two_hop_batched", two_hop_local, two_hop_wire(256)});

  const std::string word = manifest["search_word"];
  pairs.push_back({"text_search",
                   [&] {
                     auto snapshot = store.Snapshot();
                     query::SearchSpec spec;
                     spec.query = word;
                     spec.page_size = 50;
                     auto result = Check(engine.SearchRemarks(*snapshot, spec, budget), "search");
                     return static_cast<int64_t>(result.hits.size());
                   },
                   [&] {
                     v1::SearchRemarksRequest request;
                     request.set_query(word);
                     request.set_page_size(50);
                     v1::SearchRemarksResponse response;
                     CheckRpc(graph->SearchRemarks(Context().get(), request, &response),
                              "SearchRemarks");
                     return static_cast<int64_t>(response.hits_size());
                   }});

  // --only a,b keeps those queries (and the empty call, the baseline).
  if (flags.count("--only")) {
    const std::string only = "," + flags["--only"] + ",";
    std::erase_if(pairs, [&](const Pair& pair) {
      return pair.name != "health_check" && only.find("," + pair.name + ",") == std::string::npos;
    });
  }

  // --ways grpc times only over gRPC (for a profile of the wire alone).
  const std::string ways = flags.count("--ways") ? flags["--ways"] : "in_process,grpc";

  const double load_at_start = LoadAverage();
  // name -> way -> p50 of each round.
  std::map<std::string, std::map<std::string, std::vector<double>>> p50s, p99s, cpus;
  std::map<std::string, int64_t> rows;
  for (int round = 0; round < rounds; ++round) {
    for (const Pair& pair : pairs) {
      for (const char* way : {"in_process", "grpc"}) {
        const auto& run = std::string(way) == "grpc" ? pair.grpc : pair.in_process;
        if (!run || ways.find(way) == std::string::npos) continue;
        const double cpu_before = ProcessCpuMicros();
        const Timing t = Measure(pair.name, options, run);
        const double cpu_per_call = (ProcessCpuMicros() - cpu_before) /
                                    static_cast<double>(t.iterations + options.warmup);
        p50s[pair.name][way].push_back(t.p50_us);
        p99s[pair.name][way].push_back(t.p99_us);
        cpus[pair.name][way].push_back(cpu_per_call);
        rows[pair.name + "/" + way] = t.rows;
        std::cerr << "[round " << round + 1 << "] " << pair.name << " " << way << ": p50 "
                  << t.p50_us << " us, p99 " << t.p99_us << " us, CPU " << cpu_per_call
                  << " us/call, rows " << t.rows << "\n";
      }
    }
  }
  nlohmann::json out = {{"engine", "remarkgraph"}, {"mode", "wire"}, {"rounds", rounds},
                        {"seconds_per_run", options.max_seconds},
                        {"cores", std::thread::hardware_concurrency()},
                        {"load_average_start", load_at_start},
                        {"load_average_end", LoadAverage()},
                        {"queries", nlohmann::json::array()}};
  const double empty_call = Median(p50s["health_check"]["grpc"]);
  for (const Pair& pair : pairs) {
    nlohmann::json q = {{"query", pair.name}};
    for (const char* way : {"in_process", "grpc"}) {
      if (p50s[pair.name][way].empty()) continue;
      q[way] = {{"p50_us", Median(p50s[pair.name][way])},
                {"p99_us", Median(p99s[pair.name][way])},
                {"cpu_us_per_call", Median(cpus[pair.name][way])},
                {"cpu_us_per_call_rounds", cpus[pair.name][way]},
                {"p50_us_rounds", p50s[pair.name][way]},
                {"rows", rows[pair.name + "/" + way]}};
    }
    if (!q.contains("grpc")) continue;
    const double wire = q["grpc"]["p50_us"];
    if (q.contains("in_process")) {
      q["throughput_vs_in_process"] = q["in_process"]["p50_us"].get<double>() / wire;
      q["cpu_throughput_vs_in_process"] = q["in_process"]["cpu_us_per_call"].get<double>() /
                                          q["grpc"]["cpu_us_per_call"].get<double>();
      if (q["in_process"]["rows"] != q["grpc"]["rows"]) Die(pair.name + ": rows differ");
    }
    q["throughput_vs_empty_call"] = empty_call / wire;
    out["queries"].push_back(q);
  }
  std::ofstream(flags["--out"]) << out.dump(2) << "\n";
  if (absl::Status closed = server->Shutdown(absl::Seconds(5)); !closed.ok()) {
    Die("shutdown: " + closed.ToString());
  }
  return 0;
}

}  // namespace
}  // namespace remarkgraph::bench

int main(int argc, char** argv) { return remarkgraph::bench::Main(argc, argv); }
