// rg_bench: remarkgraph measured in process, through the storage and query
// libraries the server uses (no gRPC).
//
//   rg_bench load  --db DIR --size S [--meetings_per_batch 20] [--no_compact]
//                  [--adjacency true|false]
//                  --out FILE
//       Generates the corpus and applies it, a batch of whole meetings per
//       GraphStore::Apply (one WriteBatch each, as an import does), then
//       compacts the store.
//   rg_bench query --db DIR --manifest FILE --out FILE [--seconds 1.5]
//                  [--adjacency true|false]
//       Times each benchmark query on a warm store (--only a,b: a subset);
//       --adjacency false reads every edge from RocksDB instead of the
//       in-memory adjacency, for comparison.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "bench/corpus.h"
#include "bench/harness.h"
#include "nlohmann/json.hpp"
#include "query/listing.h"
#include "query/query_engine.h"
#include "storage/graph_store.h"

namespace remarkgraph::bench {
namespace {

using storage::EdgeKind;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "rg_bench: " << what << "\n";
  std::exit(1);
}

template <typename T>
T Check(absl::StatusOr<T> value, const std::string& what) {
  if (!value.ok()) Die(what + ": " + value.status().ToString());
  return *std::move(value);
}

int64_t DirectoryBytes(const std::string& path) {
  int64_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
    if (entry.is_regular_file()) total += static_cast<int64_t>(entry.file_size());
  }
  return total;
}

class StoreSink final : public CorpusSink {
 public:
  StoreSink(storage::GraphStore& store, int meetings_per_batch)
      : store_(store), meetings_per_batch_(meetings_per_batch) {}

  void Node(const GenNode& n) override {
    names_.push_back(n.name);
    storage::NodeRecord record;
    record.set_kind(static_cast<uint32_t>(n.kind));
    record.set_name(n.name);
    record.set_title(n.title);
    record.set_date(n.date);
    record.set_ordinal(n.ordinal);
    record.set_item_kind(n.item_kind);
    record.set_outcome(n.outcome);
    record.set_speaker_label(n.speaker_label);
    record.set_text(n.text);
    if (!n.text.empty()) {
      record.set_span_begin(0);
      record.set_span_end(static_cast<int32_t>(n.text.size()));
    }
    mutation_.UpsertNode(std::move(record));
    ++records_;
  }

  void Edge(const GenEdge& e) override {
    storage::EdgeRecord record;
    if (e.kind == EdgeKind::kReferences) {
      // What the linker stores: a stance and its evidence.
      record.set_stance(e.stance);
      storage::EvidenceRecord* evidence = record.add_evidence();
      evidence->set_source("minutes");
      evidence->set_rule("explicit-item-number");
      evidence->set_confidence(0.9f);
      evidence->set_span_begin(0);
      evidence->set_span_end(12);
    }
    mutation_.UpsertEdge(names_[e.source - 1], e.kind, names_[e.target - 1],
                         std::move(record));
    ++records_;
  }

  void EndOfMeeting() override {
    if (++meetings_ % meetings_per_batch_ == 0) Flush();
  }

  void Flush() {
    if (mutation_.empty()) return;
    Check(store_.Apply(mutation_), "apply");
    mutation_ = storage::Mutation();
  }

  int64_t records() const { return records_; }

 private:
  storage::GraphStore& store_;
  const int meetings_per_batch_;
  storage::Mutation mutation_;
  std::vector<std::string> names_;
  int64_t records_ = 0;
  int64_t meetings_ = 0;
};

// --adjacency true|false, for load and query alike.
storage::StoreOptions StoreOptionsFrom(const std::map<std::string, std::string>& flags) {
  storage::StoreOptions store_options;
  if (flags.count("--adjacency")) {
    const std::string adjacency = flags.at("--adjacency");
    if (adjacency != "true" && adjacency != "false") {
      Die("--adjacency must be true or false, not '" + adjacency + "'");
    }
    store_options.adjacency = adjacency == "true";
  }
  return store_options;
}

int Load(const std::map<std::string, std::string>& flags) {
  const std::string db = flags.at("--db");
  std::filesystem::remove_all(db);
  auto store = Check(storage::OpenGraphStore(db, StoreOptionsFrom(flags)), "open");
  StoreSink sink(*store, std::stoi(flags.count("--meetings_per_batch")
                                       ? flags.at("--meetings_per_batch")
                                       : "20"));
  const double start = NowMicros();
  const CorpusManifest manifest =
      GenerateCorpus(CorpusForSize(flags.at("--size")), sink);
  sink.Flush();
  const double applied = NowMicros();
  // The counterpart of the peers' index builds and ANALYZE after a bulk
  // load: one full compaction, so reads meet one sorted run per level.
  if (flags.count("--no_compact") == 0) {
    if (absl::Status s = store->Compact(); !s.ok()) Die(s.ToString());
  }
  const double compacted = NowMicros();
  if (absl::Status s = store->Close(); !s.ok()) Die(s.ToString());
  const double closed = NowMicros();
  const double seconds = (closed - start) / 1e6;
  nlohmann::json out = {
      {"engine", "remarkgraph"},
      {"records", sink.records()},
      {"nodes", manifest.nodes},
      {"edges", manifest.edges},
      {"seconds", seconds},
      {"apply_seconds", (applied - start) / 1e6},
      {"compact_seconds", (compacted - applied) / 1e6},
      {"records_per_second", static_cast<double>(sink.records()) / seconds},
      {"disk_bytes", DirectoryBytes(db)},
      {"peak_rss_kib", ProcKiB("VmHWM")}};
  std::ofstream(flags.at("--out")) << out.dump(2) << "\n";
  std::cout << out.dump() << "\n";
  return 0;
}

int Query(const std::map<std::string, std::string>& flags) {
  std::ifstream manifest_file(flags.at("--manifest"));
  const nlohmann::json manifest = nlohmann::json::parse(manifest_file);
  HarnessOptions options;
  if (flags.count("--seconds")) options.max_seconds = std::stod(flags.at("--seconds"));
  const storage::StoreOptions store_options = StoreOptionsFrom(flags);
  const int64_t rss_before_open = ProcKiB("VmRSS");
  const double open_start = NowMicros();
  auto store = Check(storage::OpenGraphStore(flags.at("--db"), store_options), "open");
  const double open_seconds = (NowMicros() - open_start) / 1e6;
  const int64_t rss_after_open = ProcKiB("VmRSS");
  nlohmann::json engine_figures = nlohmann::json::object();
  for (const storage::EngineFigure& figure : store->EngineFigures()) {
    if (figure.name.rfind("adjacency_", 0) == 0) engine_figures[figure.name] = figure.value;
  }
  const query::QueryEngine engine;
  query::Budget budget;
  budget.max_depth = 8;
  budget.max_nodes = 100'000;
  budget.max_edges_scanned = 10'000'000;
  budget.max_fanout = 100'000;
  budget.time_budget = absl::Seconds(30);

  std::vector<Timing> timings;
  const std::string only = flags.count("--only") ? "," + flags.at("--only") + "," : "";
  auto add = [&](const std::string& name, const std::function<int64_t()>& run) {
    if (!only.empty() && only.find("," + name + ",") == std::string::npos) return;
    timings.push_back(Measure(name, options, run));
    const Timing& t = timings.back();
    std::cerr << name << ": p50 " << t.p50_us << " us, p99 " << t.p99_us
              << " us, rows " << t.rows << "\n";
  };

  const std::string remark = manifest["remark"];
  add("get_node", [&] {
    auto snapshot = store->Snapshot();
    auto id = Check(snapshot->Resolve(remark), "resolve");
    auto node = Check(snapshot->GetNode(*id), "get");
    return static_cast<int64_t>(node.has_value());
  });

  const std::string meeting = manifest["meeting"];
  add("edges_of_kind", [&] {
    auto snapshot = store->Snapshot();
    query::ListEdgesSpec spec;
    spec.name = meeting;
    spec.direction = query::Direction::kIncoming;
    spec.kinds = {EdgeKind::kInMeeting};
    spec.page_size = 100;
    auto page = Check(query::ListEdges(*snapshot, spec), "edges");
    return static_cast<int64_t>(page.edges.size());
  });

  auto dossier = [&](const std::string& name, int page_size) {
    return [&, name, page_size] {
      auto snapshot = store->Snapshot();
      query::DossierSpec spec;
      spec.name = name;
      spec.page_size = page_size;
      auto d = Check(engine.GetDossier(*snapshot, spec, budget), "dossier");
      int64_t rows = 0;
      for (const auto& m : d.meetings) rows += static_cast<int64_t>(m.remarks.size());
      return rows;
    };
  };
  add("dossier_1000", dossier(manifest["dossier_item"], 1000));
  add("dossier_page50", dossier(manifest["dossier_item"], 50));
  add("dossier_supernode_page50", dossier(manifest["supernode"], 50));

  auto hops = [&](const std::string& seed, int depth, bool reports_only) {
    return [&, seed, depth, reports_only] {
      auto snapshot = store->Snapshot();
      query::TraverseSpec spec;
      spec.seeds = {seed};
      spec.steps.push_back({.direction = query::Direction::kIncoming,
                            .edge_kinds = {EdgeKind::kSpokenBy}});
      spec.steps.push_back({.direction = query::Direction::kOutgoing,
                            .edge_kinds = {EdgeKind::kReferences}});
      if (reports_only) {
        spec.steps.back().filters.push_back(
            {.key = "item_kind", .op = query::PropertyFilter::Op::kEquals, .value = "2"});
      }
      if (depth == 3) {
        spec.steps.push_back({.direction = query::Direction::kIncoming,
                              .edge_kinds = {EdgeKind::kReferences}});
      }
      int64_t last = 0;
      auto stats = Check(engine.Traverse(*snapshot, spec, budget,
                                         [&](const query::TraversalHit& hit) {
                                           if (hit.depth == depth) ++last;
                                           return true;
                                         }),
                         "traverse");
      if (stats.truncated()) Die("traversal truncated");
      return last;
    };
  };
  add("two_hop", hops(manifest["person_2hop"], 2, false));
  add("three_hop", hops(manifest["person_3hop"], 3, true));
  if (manifest.value("three_hop_all", false)) {
    add("three_hop_all", hops(manifest["person_2hop"], 3, false));
  }

  const std::string from = manifest["path_from"], to = manifest["path_to"];
  add("shortest_path", [&] {
    auto snapshot = store->Snapshot();
    query::PathSpec spec;
    spec.source = from;
    spec.target = to;
    spec.direction = query::Direction::kBoth;
    spec.max_paths = 1;
    auto [paths, stats] = Check(engine.FindPaths(*snapshot, spec, budget), "paths");
    return paths.empty() ? int64_t{-1} : static_cast<int64_t>(paths[0].edges.size());
  });

  const std::string word = manifest["search_word"];
  add("text_search", [&] {
    auto snapshot = store->Snapshot();
    query::SearchSpec spec;
    spec.query = word;
    spec.page_size = 50;
    auto result = Check(engine.SearchRemarks(*snapshot, spec, budget), "search");
    return static_cast<int64_t>(result.hits.size());
  });

  nlohmann::json out = {{"engine", "remarkgraph"},
                        {"mode", "in-process"},
                        {"open_seconds", open_seconds},
                        {"open_rss_kib", rss_after_open - rss_before_open},
                        {"adjacency", engine_figures},
                        {"rss_kib", ProcKiB("VmRSS")},
                        {"peak_rss_kib", ProcKiB("VmHWM")},
                        {"queries", nlohmann::json::array()}};
  for (const Timing& t : timings) out["queries"].push_back(ToJson(t));
  std::ofstream(flags.at("--out")) << out.dump(2) << "\n";
  return 0;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: rg_bench load|query --flag value ...\n";
    return 2;
  }
  std::map<std::string, std::string> flags;
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--no_compact") {
      flags[flag] = "1";
    } else if (i + 1 < argc) {
      flags[flag] = argv[++i];
    }
  }
  const std::string command = argv[1];
  try {
    if (command == "load") return Load(flags);
    if (command == "query") return Query(flags);
  } catch (const std::exception& e) {
    Die(std::string("bad arguments: ") + e.what());
  }
  std::cerr << "unknown command " << command << "\n";
  return 2;
}

}  // namespace
}  // namespace remarkgraph::bench

int main(int argc, char** argv) { return remarkgraph::bench::Main(argc, argv); }
