// Load and soak: many clients call every rpc of remarkgraphd at once for a
// set time, mixing good requests with bad ones. It checks that
//   - every answer's code is the one its kind of request must get (OK,
//     INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION), counted per rpc;
//   - a client reads its own writes: an acknowledged upsert is seen at
//     once with the title it wrote, an acknowledged delete is gone;
//   - paged listings reach their end, streams finish OK;
//   - health stays SERVING throughout;
//   - the daemon's RSS after the warm-up does not grow by more than
//     --max_rss_growth_mb by the end. RSS is printed --rss_samples times,
//     with what the daemon's metrics say its bounded parts hold (RocksDB's
//     memtables and block cache, the in-memory adjacency) and the rest:
//     memtables fill until the write-ahead log's bound flushes them, so RSS
//     alone may climb for a long while; the rest must level off.
//
//   rg_soak --daemon=build/service/remarkgraphd --seconds=60 --clients=16
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "remarkgraph/v1/graph_service.grpc.pb.h"
#include "remarkgraph/v1/import_service.grpc.pb.h"
#include "remarkgraph/v1/write_service.grpc.pb.h"
#include "tests/torture/daemon.h"
#include "tests/torture/report.h"
#include "tests/testing/http.h"

ABSL_FLAG(std::string, daemon, "", "The remarkgraphd binary.");
ABSL_FLAG(std::string, examples, "", "The project's examples/ folder (minutes to import first).");
ABSL_FLAG(std::string, workdir, "", "Folder for the database and log (default: temporary).");
ABSL_FLAG(std::string, service_config, "",
          "The clients' service config (clients/service_config.json), applied to every "
          "client's channel as the shipped clients apply it: retries of shed queries "
          "(RESOURCE_EXHAUSTED, after the server's pushback) and of UNAVAILABLE. "
          "Empty: no retries.");
ABSL_FLAG(int, seconds, 10, "How long the load runs.");
ABSL_FLAG(int, clients, 12, "Concurrent clients, each on its own channel.");
ABSL_FLAG(uint64_t, seed, 0, "Random seed (0: from the clock).");
ABSL_FLAG(int, max_rss_growth_mb, 256, "Allowed RSS growth from the warm-up to the end.");
ABSL_FLAG(std::string, name, "soak", "Label of the summary row.");
ABSL_FLAG(int, rss_samples, 10,
          "How many times, evenly over the run, the daemon's RSS is printed (1 to 1000).");

namespace remarkgraph::torture {
namespace {

using grpc::StatusCode;
using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return context;
}

// Answers by rpc and code, and those of the wrong code or content.
class Tally {
 public:
  void Count(const std::string& rpc, StatusCode expected, const grpc::Status& status) {
    std::lock_guard<std::mutex> lock(mu_);
    ++codes_[{rpc, status.error_code()}];
    if (status.error_code() != expected) {
      ++wrong_;
      if (reported_++ < 20) {
        std::fprintf(stderr, "WRONG CODE %s: expected %d, got %d: %s\n", rpc.c_str(),
                     static_cast<int>(expected), static_cast<int>(status.error_code()),
                     status.error_message().c_str());
      }
    }
  }
  void Wrong(const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    ++wrong_;
    if (reported_++ < 20) std::fprintf(stderr, "WRONG ANSWER %s\n", what.c_str());
  }
  void Acked() { acked_.fetch_add(1); }
  int64_t acked() const { return acked_.load(); }
  int64_t wrong() {
    std::lock_guard<std::mutex> lock(mu_);
    return wrong_;
  }
  void Print() {
    std::lock_guard<std::mutex> lock(mu_);
    std::string last;
    for (const auto& [key, n] : codes_) {
      if (key.first != last) std::printf("%s%-20s", last.empty() ? "" : "\n", key.first.c_str());
      last = key.first;
      std::printf(" code%d=%lld", static_cast<int>(key.second), static_cast<long long>(n));
    }
    std::printf("\n");
  }

 private:
  std::mutex mu_;
  std::map<std::pair<std::string, StatusCode>, int64_t> codes_;
  int64_t wrong_ = 0;
  int reported_ = 0;
  std::atomic<int64_t> acked_{0};
};

// A channel as the shipped clients open one: with their service config,
// when --service_config names it. A server busy past --max_concurrent_calls
// sheds queries (RESOURCE_EXHAUSTED with a pushback), and the policy retries
// them; a shed that outlasts every retry is still a wrong code.
std::shared_ptr<grpc::Channel> ClientChannel(const std::string& address) {
  grpc::ChannelArguments arguments;
  if (const std::string path = absl::GetFlag(FLAGS_service_config); !path.empty()) {
    std::ifstream in(path);
    const std::string config{std::istreambuf_iterator<char>(in), {}};
    if (!in || config.empty()) {
      std::fprintf(stderr, "soak: cannot read --service_config=%s\n", path.c_str());
      std::exit(2);
    }
    arguments.SetServiceConfigJSON(config);
  }
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
}

class Client {
 public:
  Client(int index, uint64_t seed, const std::string& address, Tally& tally,
         std::vector<std::string> meetings)
      : index_(index), rng_(seed), tally_(tally), meetings_(std::move(meetings)) {
    auto channel = ClientChannel(address);
    graph_ = v1::GraphService::NewStub(channel);
    write_ = v1::WriteService::NewStub(channel);
    import_ = v1::ImportService::NewStub(channel);
  }

  void Run(const std::atomic<bool>& stop) {
    while (!stop.load()) {
      switch (rng_() % 14) {
        case 0: UpsertAndReadBack(); break;
        case 1: LinkAndUnlink(); break;
        case 2: DeleteAndMiss(); break;
        case 3: Import(); break;
        case 4: BulkImport(); break;
        case 5: ListToTheEnd(); break;
        case 6: Edges(); break;
        case 7: Walk(); break;
        case 8: Paths(); break;
        case 9: Dossier(); break;
        case 10: Search(); break;
        case 11: BadRequests(); break;
        case 12: BatchGet(); break;
        default:
          if (rng_() % 8 == 0) Export();
          else BatchGet();
          break;
      }
    }
  }

 private:
  std::string Mine(const std::string& what) { return absl::StrCat(what, "-c", index_); }
  const std::string& AnyMeeting() { return meetings_[rng_() % meetings_.size()]; }

  void UpsertAndReadBack() {
    const std::string name = "topics/" + Mine(absl::StrCat("t", rng_() % 32));
    const std::string title = absl::StrCat("title ", ++version_);
    v1::UpsertNodesRequest request;
    v1::Node* node = request.add_nodes();
    node->set_name(name);
    node->set_title(title);
    v1::UpsertNodesResponse response;
    const grpc::Status status = write_->UpsertNodes(Context().get(), request, &response);
    tally_.Count("UpsertNodes", StatusCode::OK, status);
    if (!status.ok()) return;
    tally_.Acked();
    v1::GetNodeRequest get;
    get.set_name(name);
    v1::GetNodeResponse got;
    const grpc::Status read = graph_->GetNode(Context().get(), get, &got);
    tally_.Count("GetNode", StatusCode::OK, read);
    if (read.ok() && got.node().title() != title) {
      tally_.Wrong(absl::StrCat("read-your-writes: ", name, " has title '", got.node().title(),
                                "' after writing '", title, "'"));
    }
  }

  void LinkAndUnlink() {
    const std::string remark = AnyMeeting() + "/remarks/1";
    const std::string topic = "topics/" + Mine("linked");
    v1::UpsertNodesRequest nodes;
    nodes.add_nodes()->set_name(topic);
    v1::UpsertNodesResponse nodes_response;
    grpc::Status status = write_->UpsertNodes(Context().get(), nodes, &nodes_response);
    tally_.Count("UpsertNodes", StatusCode::OK, status);
    v1::UpsertEdgesRequest edges;
    v1::Edge* edge = edges.add_edges();
    edge->set_source(remark);
    edge->set_kind(v1::EDGE_KIND_MENTIONS);
    edge->set_target(topic);
    v1::UpsertEdgesResponse edges_response;
    status = write_->UpsertEdges(Context().get(), edges, &edges_response);
    tally_.Count("UpsertEdges", StatusCode::OK, status);
    if (status.ok()) tally_.Acked();
    v1::DeleteEdgesRequest del;
    v1::EdgeKey* key = del.add_edges();
    key->set_source(remark);
    key->set_kind(v1::EDGE_KIND_MENTIONS);
    key->set_target(topic);
    v1::DeleteEdgesResponse del_response;
    status = write_->DeleteEdges(Context().get(), del, &del_response);
    tally_.Count("DeleteEdges", StatusCode::OK, status);
    if (status.ok()) {
      tally_.Acked();
      if (del_response.deleted() != 1) {
        tally_.Wrong(absl::StrCat("DeleteEdges of an edge just written deleted ",
                                  del_response.deleted()));
      }
    }
  }

  void DeleteAndMiss() {
    const std::string name = "topics/" + Mine("doomed");
    v1::UpsertNodesRequest nodes;
    nodes.add_nodes()->set_name(name);
    v1::UpsertNodesResponse nodes_response;
    tally_.Count("UpsertNodes", StatusCode::OK,
                 write_->UpsertNodes(Context().get(), nodes, &nodes_response));
    v1::DeleteNodesRequest del;
    del.add_names(name);
    v1::DeleteNodesResponse del_response;
    const grpc::Status status = write_->DeleteNodes(Context().get(), del, &del_response);
    tally_.Count("DeleteNodes", StatusCode::OK, status);
    if (!status.ok()) return;
    tally_.Acked();
    v1::GetNodeRequest get;
    get.set_name(name);
    v1::GetNodeResponse got;
    tally_.Count("GetNode(deleted)", StatusCode::NOT_FOUND,
                 graph_->GetNode(Context().get(), get, &got));
  }

  std::string Minutes(int remarks) {
    std::string text = absl::StrCat(R"({"type":"meeting","id":")", Mine("soak"),
                                     R"(","body":"soak-council","title":"Soak council","date":"2024-05-0)",
                                     1 + index_ % 9, R"("})", "\n");
    for (int i = 1; i <= remarks; ++i) {
      absl::StrAppend(&text, R"({"type":"remark","speaker":"Member","text":"Soak remark )", i,
                      R"( about the budget plan."})", "\n");
    }
    return text;
  }

  void Import() {
    v1::ImportMinutesRequest request;
    const int remarks = 1 + static_cast<int>(rng_() % 5);
    request.set_content(Minutes(remarks));
    v1::ImportMinutesResponse response;
    const grpc::Status status = import_->ImportMinutes(Context().get(), request, &response);
    tally_.Count("ImportMinutes", StatusCode::OK, status);
    if (!status.ok()) return;
    tally_.Acked();
    v1::ListNodesRequest list;
    list.set_kind(v1::NODE_KIND_REMARK);
    list.set_meeting("meetings/" + Mine("soak"));
    list.set_page_size(100);
    v1::ListNodesResponse listed;
    const grpc::Status read = graph_->ListNodes(Context().get(), list, &listed);
    tally_.Count("ListNodes", StatusCode::OK, read);
    if (read.ok() && listed.nodes_size() != remarks) {
      tally_.Wrong(absl::StrCat("read-your-writes: an import of ", remarks, " remarks lists ",
                                listed.nodes_size()));
    }
  }

  void BulkImport() {
    auto context = Context();
    v1::BulkImportMinutesResponse response;
    auto stream = import_->BulkImportMinutes(context.get(), &response);
    v1::BulkImportMinutesRequest good, bad;
    good.mutable_minutes()->set_content(Minutes(2));
    bad.mutable_minutes()->set_content("\xff\xfe not minutes");
    stream->Write(good);
    stream->Write(bad);
    stream->WritesDone();
    const grpc::Status status = stream->Finish();
    tally_.Count("BulkImportMinutes", StatusCode::OK, status);
    if (!status.ok()) return;
    tally_.Acked();
    if (response.results_size() != 2 || response.results(0).code() != 0 ||
        response.results(1).code() != static_cast<int>(StatusCode::INVALID_ARGUMENT)) {
      tally_.Wrong("BulkImportMinutes: a good and a bad input did not give OK and INVALID_ARGUMENT");
    }
  }

  void ListToTheEnd() {
    v1::ListNodesRequest request;
    request.set_kind(rng_() % 2 ? v1::NODE_KIND_REMARK : v1::NODE_KIND_TOPIC);
    request.set_page_size(1 + static_cast<int>(rng_() % 200));
    for (int pages = 0; pages < 10000; ++pages) {
      v1::ListNodesResponse response;
      const grpc::Status status = graph_->ListNodes(Context().get(), request, &response);
      tally_.Count("ListNodes", StatusCode::OK, status);
      if (!status.ok() || response.next_page_token().empty()) return;
      request.set_page_token(response.next_page_token());
    }
    tally_.Wrong("ListNodes did not reach its end in 10000 pages");
  }

  void Edges() {
    v1::ListEdgesRequest request;
    request.set_name(AnyMeeting());
    request.set_direction(v1::DIRECTION_BOTH);
    request.set_page_size(50);
    v1::ListEdgesResponse response;
    tally_.Count("ListEdges", StatusCode::OK, graph_->ListEdges(Context().get(), request, &response));
  }

  void Walk() {
    v1::TraverseRequest request;
    request.add_seeds(AnyMeeting());
    v1::TraversalStep* in = request.add_steps();
    in->set_direction(v1::DIRECTION_INCOMING);
    in->add_edge_kinds(v1::EDGE_KIND_IN_MEETING);
    v1::TraversalStep* out = request.add_steps();
    out->set_direction(v1::DIRECTION_OUTGOING);
    auto context = Context();
    auto reader = graph_->Traverse(context.get(), request);
    v1::TraverseResponse response;
    bool summary = false;
    while (reader->Read(&response)) summary = response.has_summary();
    const grpc::Status status = reader->Finish();
    tally_.Count("Traverse", StatusCode::OK, status);
    if (status.ok() && !summary) tally_.Wrong("Traverse ended without its summary");
  }

  void Paths() {
    v1::FindPathsRequest request;
    request.set_source(AnyMeeting() + "/remarks/1");
    request.set_target(AnyMeeting());
    request.set_direction(v1::DIRECTION_BOTH);
    request.set_max_paths(3);
    v1::FindPathsResponse response;
    tally_.Count("FindPaths", StatusCode::OK, graph_->FindPaths(Context().get(), request, &response));
  }

  void Dossier() {
    // Items of the imported examples: list one meeting's items, then the
    // dossier of the first.
    v1::ListNodesRequest list;
    list.set_kind(v1::NODE_KIND_ITEM);
    list.set_meeting(AnyMeeting());
    v1::ListNodesResponse items;
    const grpc::Status status = graph_->ListNodes(Context().get(), list, &items);
    tally_.Count("ListNodes", StatusCode::OK, status);
    if (!status.ok() || items.nodes().empty()) return;
    v1::GetDossierRequest request;
    request.set_name(items.nodes(rng_() % items.nodes_size()).name());
    request.set_page_size(5);
    v1::GetDossierResponse response;
    tally_.Count("GetDossier", StatusCode::OK, graph_->GetDossier(Context().get(), request, &response));
  }

  void Search() {
    v1::SearchRemarksRequest request;
    static const char* kQueries[] = {"budget plan", "計画", "防災", "交通"};
    request.set_query(kQueries[rng_() % 4]);
    request.set_page_size(20);
    v1::SearchRemarksResponse response;
    tally_.Count("SearchRemarks", StatusCode::OK,
                 graph_->SearchRemarks(Context().get(), request, &response));
  }

  void BatchGet() {
    v1::BatchGetNodesRequest request;
    request.add_names(AnyMeeting());
    request.add_names(AnyMeeting() + "/remarks/1");
    v1::BatchGetNodesResponse response;
    const grpc::Status status = graph_->BatchGetNodes(Context().get(), request, &response);
    tally_.Count("BatchGetNodes", StatusCode::OK, status);
    if (status.ok() && response.nodes_size() != 2) tally_.Wrong("BatchGetNodes lost a node");
  }

  void Export() {
    v1::ExportGraphRequest request;
    request.add_kinds(v1::NODE_KIND_MEETING);
    auto context = Context();
    auto reader = import_->ExportGraph(context.get(), request);
    v1::ExportGraphResponse response;
    int64_t records = 0;
    while (reader->Read(&response)) ++records;
    const grpc::Status status = reader->Finish();
    tally_.Count("ExportGraph", StatusCode::OK, status);
    if (status.ok() && records < static_cast<int64_t>(meetings_.size())) {
      tally_.Wrong("ExportGraph returned fewer meetings than were imported");
    }
  }

  void BadRequests() {
    switch (rng_() % 5) {
      case 0: {
        v1::GetNodeRequest request;
        request.set_name("meetings/no such");
        v1::GetNodeResponse response;
        tally_.Count("GetNode(bad name)", StatusCode::INVALID_ARGUMENT,
                     graph_->GetNode(Context().get(), request, &response));
        break;
      }
      case 1: {
        v1::GetNodeRequest request;
        request.set_name("meetings/" + Mine("never-written"));
        v1::GetNodeResponse response;
        tally_.Count("GetNode(missing)", StatusCode::NOT_FOUND,
                     graph_->GetNode(Context().get(), request, &response));
        break;
      }
      case 2: {
        v1::UpsertEdgesRequest request;
        v1::Edge* edge = request.add_edges();
        edge->set_source(AnyMeeting() + "/remarks/1");
        edge->set_kind(v1::EDGE_KIND_MENTIONS);
        edge->set_target("topics/" + Mine("never-written"));
        v1::UpsertEdgesResponse response;
        tally_.Count("UpsertEdges(missing end)", StatusCode::FAILED_PRECONDITION,
                     write_->UpsertEdges(Context().get(), request, &response));
        break;
      }
      case 3: {
        v1::ListNodesRequest request;
        request.set_kind(v1::NODE_KIND_REMARK);
        request.set_page_token("bm90IGEgdG9rZW4");
        v1::ListNodesResponse response;
        tally_.Count("ListNodes(bad token)", StatusCode::INVALID_ARGUMENT,
                     graph_->ListNodes(Context().get(), request, &response));
        break;
      }
      default: {
        v1::TraverseRequest request;
        request.add_seeds(AnyMeeting());
        request.add_steps()->set_direction(v1::DIRECTION_BOTH);
        request.mutable_budget()->set_max_depth(1000);
        auto context = Context();
        auto reader = graph_->Traverse(context.get(), request);
        v1::TraverseResponse response;
        while (reader->Read(&response)) {
        }
        tally_.Count("Traverse(too deep)", StatusCode::INVALID_ARGUMENT, reader->Finish());
        break;
      }
    }
  }

  int index_;
  std::mt19937_64 rng_;
  Tally& tally_;
  std::vector<std::string> meetings_;
  int64_t version_ = 0;
  std::unique_ptr<v1::GraphService::Stub> graph_;
  std::unique_ptr<v1::WriteService::Stub> write_;
  std::unique_ptr<v1::ImportService::Stub> import_;
};

// The daemon's metrics port, from its start-up line ("metrics on port N");
// 0 when it does not serve metrics.
int MetricsPort(const std::string& log_path) {
  std::ifstream in(log_path);
  std::stringstream log;
  log << in.rdbuf();
  static const std::regex kMetrics(R"(metrics on port (\d+))");
  std::smatch match;
  const std::string text = log.str();
  std::string::const_iterator from = text.begin();
  int port = 0;
  // The last start's line.
  while (std::regex_search(from, text.end(), match, kMetrics)) {
    port = std::stoi(match[1]);
    from = match[0].second;
  }
  return port;
}

// What the daemon's bounded memory holds, in KiB, from its metrics.
struct BoundedKb {
  int64_t memtables = 0, block_cache = 0, adjacency = 0;
  int64_t total() const { return memtables + block_cache + adjacency; }
};

std::optional<BoundedKb> ScrapeBounded(int port) {
  if (port == 0) return std::nullopt;
  const std::optional<std::string> body = testing::HttpGet(port, "/metrics");
  if (!body) return std::nullopt;
  auto value_kb = [&](const std::string& name) -> int64_t {
    // A sample line: `name value`.
    const size_t at = body->find("\n" + name + " ");
    if (at == std::string::npos) return 0;
    return static_cast<int64_t>(std::atof(body->c_str() + at + name.size() + 2) / 1024);
  };
  BoundedKb kb;
  kb.memtables = value_kb("remarkgraph_rocksdb_memtable_bytes");
  kb.block_cache = value_kb("remarkgraph_rocksdb_block_cache_usage_bytes");
  kb.adjacency = value_kb("remarkgraph_rocksdb_adjacency_bytes");
  return kb;
}

// Imports the example minutes; returns the meetings' names.
std::vector<std::string> ImportExamples(const std::string& address, const std::string& examples) {
  auto import = v1::ImportService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  std::vector<std::string> meetings;
  for (const auto& entry : std::filesystem::directory_iterator(examples + "/minutes")) {
    std::ifstream in(entry.path(), std::ios::binary);
    v1::ImportMinutesRequest request;
    request.set_content(std::string(std::istreambuf_iterator<char>(in), {}));
    request.set_source_name(entry.path().filename().string());
    v1::ImportMinutesResponse response;
    const grpc::Status status = import->ImportMinutes(Context().get(), request, &response);
    if (!status.ok()) {
      std::fprintf(stderr, "cannot import %s: %s\n", entry.path().c_str(),
                   status.error_message().c_str());
      continue;
    }
    for (const auto& meeting : response.meetings()) meetings.push_back(meeting.meeting());
  }
  return meetings;
}

int Run() {
  const std::string binary = DaemonBinaryOrExit(absl::GetFlag(FLAGS_daemon));
  const uint64_t seed = SeedOrClock(absl::GetFlag(FLAGS_seed));
  WorkDir work(absl::GetFlag(FLAGS_workdir), "rg-soak", false);
  std::printf("%s: seed %llu, work folder %s\n", absl::GetFlag(FLAGS_name).c_str(),
              static_cast<unsigned long long>(seed), work.path().c_str());
  Daemon daemon(binary, work.path() + "/db", {"--block_cache_mb=32", "--metrics_listen=127.0.0.1:0"}, work.path() + "/daemon.log");
  if (absl::Status started = daemon.Start(); !started.ok()) {
    std::fprintf(stderr, "%s\n", started.ToString().c_str());
    return 1;
  }
  const std::vector<std::string> meetings =
      ImportExamples(daemon.address(), absl::GetFlag(FLAGS_examples));
  if (meetings.empty()) {
    std::fprintf(stderr, "no example minutes imported from --examples\n");
    return 2;
  }
  const int metrics_port = MetricsPort(daemon.log_path());
  Row row;
  row.name = absl::GetFlag(FLAGS_name);
  Tally tally;
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<Client>> clients;
  std::vector<std::thread> threads;
  std::mt19937_64 rng(seed);
  for (int c = 0; c < absl::GetFlag(FLAGS_clients); ++c) {
    clients.push_back(std::make_unique<Client>(c, rng(), daemon.address(), tally, meetings));
  }
  for (auto& client : clients) threads.emplace_back([&] { client->Run(stop); });

  auto health = Health::NewStub(grpc::CreateChannel(daemon.address(), grpc::InsecureChannelCredentials()));
  const int seconds = absl::GetFlag(FLAGS_seconds);
  const absl::Time start = absl::Now();
  const absl::Time warm = start + absl::Seconds(std::max(1, seconds / 5));
  const absl::Time end = start + absl::Seconds(seconds);
  bool crashed = false;
  const int rss_samples = std::clamp(absl::GetFlag(FLAGS_rss_samples), 1, 1000);
  int last_step = 0;
  int64_t mid_rss_kb = 0;
  // RSS less the bounded parts, at the warm-up, the middle and the end.
  int64_t rest_warm_kb = -1, rest_mid_kb = -1, rest_end_kb = -1;
  auto rest_kb = [&](int64_t rss) -> int64_t {
    const std::optional<BoundedKb> bounded = ScrapeBounded(metrics_port);
    return bounded ? rss - bounded->total() : -1;
  };
  while (absl::Now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    if (!daemon.Alive()) {
      crashed = true;
      break;
    }
    if (row.rss_before_kb == 0 && absl::Now() >= warm) {
      row.rss_before_kb = daemon.RssKb();
      rest_warm_kb = rest_kb(row.rss_before_kb);
    }
    // A line per step of the run: whether RSS levels off (caches and
    // memtables filling up to their bounds) or keeps climbing (a leak).
    const int step = StepOf(start, end, absl::Now(), rss_samples);
    if (step > last_step) {
      last_step = step;
      const int64_t rss = daemon.RssKb();
      const std::optional<BoundedKb> bounded = ScrapeBounded(metrics_port);
      const int64_t rest = bounded ? rss - bounded->total() : -1;
      if (mid_rss_kb == 0 && 2 * step >= rss_samples) {
        mid_rss_kb = rss;
        rest_mid_kb = rest;
      }
      if (step == rss_samples) rest_end_kb = rest;
      std::printf("%3d%% (%llds): RSS %lld KiB, %lld acknowledged writes", 100 * step / rss_samples,
                  static_cast<long long>(absl::ToInt64Seconds(absl::Now() - start)),
                  static_cast<long long>(rss), static_cast<long long>(tally.acked()));
      if (bounded) {
        std::printf("; memtables %lld, block cache %lld, adjacency %lld, rest %lld KiB",
                    static_cast<long long>(bounded->memtables),
                    static_cast<long long>(bounded->block_cache),
                    static_cast<long long>(bounded->adjacency), static_cast<long long>(rest));
      }
      std::printf("\n");
      std::fflush(stdout);
    }
    HealthCheckRequest request;
    HealthCheckResponse response;
    const grpc::Status status = health->Check(Context().get(), request, &response);
    tally.Count("Health", StatusCode::OK, status);
    if (status.ok() && response.status() != HealthCheckResponse::SERVING) {
      tally.Wrong("health is not SERVING under load");
    }
  }
  row.rss_after_kb = daemon.RssKb();
  if (rest_end_kb < 0) rest_end_kb = rest_kb(row.rss_after_kb);
  stop.store(true);
  for (auto& t : threads) t.join();
  row.cycles = seconds;
  row.acked = tally.acked();
  row.errors = tally.wrong();
  StopAndCount(daemon, crashed, row);
  tally.Print();
  const int64_t growth_kb = row.rss_after_kb - row.rss_before_kb;
  bool ok = row.Clean();
  if (growth_kb > int64_t{absl::GetFlag(FLAGS_max_rss_growth_mb)} * 1024) {
    std::fprintf(stderr, "RSS grew by %lld KiB under load\n", static_cast<long long>(growth_kb));
    ok = false;
  }
  if (mid_rss_kb > 0 && row.rss_before_kb > 0) {
    std::printf("RSS growth from the warm-up to the middle: %lld KiB; over the second half: "
                "%lld KiB\n",
                static_cast<long long>(mid_rss_kb - row.rss_before_kb),
                static_cast<long long>(row.rss_after_kb - mid_rss_kb));
  }
  if (rest_warm_kb >= 0 && rest_mid_kb >= 0 && rest_end_kb >= 0) {
    std::printf("RSS less memtables, block cache and adjacency: %lld KiB after the warm-up, "
                "%lld KiB in the middle, %lld KiB at the end\n",
                static_cast<long long>(rest_warm_kb), static_cast<long long>(rest_mid_kb),
                static_cast<long long>(rest_end_kb));
  }
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
