// Import speed: MB/s of minutes text through parse + link (ingest alone),
// and through the whole import into a RocksDB store (parse, link against the
// store, one atomic write), written through the write-ahead log (Apply) and
// in bulk (ApplyBulk: the postings ingested as a table file), in the same
// run.
//
//   rg_import_bench [--seconds=S] [--out=FILE] [--synthetic=N]
//                   [--only=parse|store|bulk] MINUTES_FILE...
//
// --only times one way alone (the others print as 0), for profiling one.
// --synthetic=N adds a generated 議事概要 of N remarks (about 200 bytes
// each), so that throughput is also measured on a large input.
// Each file is imported repeatedly for at least S seconds (default 2); the
// store-backed runs reimport the same meeting, which replaces it, so the
// store stays the size of one import. Prints a table and writes JSON.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench/synthetic_minutes.h"
#include "ingest/importer.h"
#include "storage/graph_store.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Result {
  std::string file;
  size_t bytes = 0;
  size_t remarks = 0;
  double parse_link_mb_s = 0;
  double store_mb_s = 0;
  double store_ms_per_import = 0;
  double bulk_mb_s = 0;
  double bulk_ms_per_import = 0;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `once` until `seconds` have passed (at least 3 times); returns the
// mean seconds per run.
template <typename F>
double TimePerRun(double seconds, F once) {
  int runs = 0;
  const Clock::time_point start = Clock::now();
  double elapsed = 0;
  do {
    if (!once()) return -1;
    ++runs;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < seconds || runs < 3);
  return elapsed / runs;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 2;
  std::string out_path;
  std::vector<std::string> files;
  int synthetic = 0;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--seconds=", 0) == 0) {
      seconds = std::stod(arg.substr(10));
    } else if (arg.rfind("--synthetic=", 0) == 0) {
      synthetic = std::stoi(arg.substr(12));
    } else if (arg.rfind("--only=", 0) == 0) {
      only = arg.substr(7);
      if (only != "parse" && only != "store" && only != "bulk") {
        std::cerr << "--only takes parse, store or bulk\n";
        return 2;
      }
    } else if (arg.rfind("--out=", 0) == 0) {
      out_path = arg.substr(6);
    } else {
      files.push_back(arg);
    }
  }
  std::vector<std::pair<std::string, std::string>> inputs;  // name, text
  for (const std::string& file : files) {
    inputs.emplace_back(std::filesystem::path(file).filename().string(), ReadFile(file));
  }
  if (synthetic > 0) {
    inputs.emplace_back("synthetic-" + std::to_string(synthetic) + "-remarks",
                        remarkgraph::bench::SyntheticMinutes(synthetic));
  }
  if (inputs.empty()) {
    std::cerr << "usage: rg_import_bench [--seconds=S] [--out=FILE] [--synthetic=N] "
                 "[--only=parse|store|bulk] MINUTES_FILE...\n";
    return 2;
  }
  const std::filesystem::path db_dir =
      std::filesystem::temp_directory_path() / ("rg_import_bench." + std::to_string(getpid()));
  std::vector<Result> results;
  for (const auto& [file, text] : inputs) {
    Result result{.file = file, .bytes = text.size()};
    auto parsed = remarkgraph::ingest::ImportMinutes(text, remarkgraph::ingest::Format::kUnknown,
                                                     {}, nullptr);
    if (!parsed.ok()) {
      std::cerr << file << ": " << parsed.status() << "\n";
      return 1;
    }
    for (const auto& minutes : parsed->minutes) result.remarks += minutes.remarks.size();

    auto timed = [&](std::string_view way, auto once) {
      return only.empty() || only == way ? TimePerRun(seconds, once) : 0.0;
    };
    const double parse_link = timed("parse", [&] {
      return remarkgraph::ingest::ImportMinutes(text, remarkgraph::ingest::Format::kUnknown, {},
                                                nullptr)
          .ok();
    });

    std::filesystem::remove_all(db_dir);
    auto store = remarkgraph::storage::OpenGraphStore(db_dir.string());
    if (!store.ok()) {
      std::cerr << store.status() << "\n";
      return 1;
    }
    auto import_once = [&](bool bulk) {
      auto snapshot = (*store)->Snapshot();
      auto imported = remarkgraph::ingest::ImportMinutes(
          text, remarkgraph::ingest::Format::kUnknown, {}, snapshot.get());
      if (!imported.ok()) return false;
      return (bulk ? (*store)->ApplyBulk(std::move(imported->mutation))
                   : (*store)->Apply(imported->mutation))
          .ok();
    };
    const double stored = timed("store", [&] { return import_once(false); });
    const double bulk = timed("bulk", [&] { return import_once(true); });
    (*store)->Close().IgnoreError();
    store->reset();
    std::filesystem::remove_all(db_dir);
    if (parse_link < 0 || stored < 0 || bulk < 0) {
      std::cerr << file << ": an import failed while timing\n";
      return 1;
    }
    auto mb_s = [&](double per_run) { return per_run > 0 ? result.bytes / per_run / 1e6 : 0.0; };
    result.parse_link_mb_s = mb_s(parse_link);
    result.store_mb_s = mb_s(stored);
    result.store_ms_per_import = stored * 1e3;
    result.bulk_mb_s = mb_s(bulk);
    result.bulk_ms_per_import = bulk * 1e3;
    results.push_back(result);
  }

  std::printf("%-40s %10s %8s %14s %14s %12s %14s %12s\n", "file", "bytes", "remarks",
              "parse+link MB/s", "with store MB/s", "ms/import", "bulk MB/s", "ms/bulk");
  for (const Result& r : results) {
    std::printf("%-40s %10zu %8zu %14.2f %14.2f %12.2f %14.2f %12.2f\n", r.file.c_str(), r.bytes,
                r.remarks, r.parse_link_mb_s, r.store_mb_s, r.store_ms_per_import, r.bulk_mb_s,
                r.bulk_ms_per_import);
  }
  if (!out_path.empty()) {
    std::ofstream out(out_path);
    out << "{\"benchmark\": \"import\", \"results\": [";
    for (size_t i = 0; i < results.size(); ++i) {
      const Result& r = results[i];
      out << (i ? ", " : "") << "{\"file\": \"" << r.file << "\", \"bytes\": " << r.bytes
          << ", \"remarks\": " << r.remarks << ", \"parse_link_mb_per_s\": " << r.parse_link_mb_s
          << ", \"with_store_mb_per_s\": " << r.store_mb_s
          << ", \"ms_per_import\": " << r.store_ms_per_import
          << ", \"bulk_mb_per_s\": " << r.bulk_mb_s
          << ", \"ms_per_bulk_import\": " << r.bulk_ms_per_import << "}";
    }
    out << "]}\n";
  }
  return 0;
}
