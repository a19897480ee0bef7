// Peak memory of one import: generated 議事概要 minutes of about N MiB,
// imported once (parse, link, mutation and, unless --dry-run, the write into
// a fresh RocksDB store). Prints the growth of the process's peak resident
// set (VmHWM) over the import, in MiB and as a multiple of the input, and
// the seconds it took.
//
//   rg_import_memory [--mib=N] [--dry-run | --bulk | --through-log]
//
// --bulk writes through GraphStore::ApplyBulk (text postings ingested as a
// table file) instead of Apply. --through-log writes through Apply with
// every posting in the write batch and the memtable, however large the
// import (StoreOptions::bulk_postings_from_code_points = 0), where a plain
// Apply of a large import ingests its postings as ApplyBulk does.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "bench/harness.h"
#include "bench/synthetic_minutes.h"
#include "ingest/importer.h"
#include "storage/graph_store.h"

namespace {

using remarkgraph::bench::ProcKiB;

// Lets VmHWM start again from the current resident set (Linux 4.0+).
void ResetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

}  // namespace

int main(int argc, char** argv) {
  double mib = 11;
  bool dry_run = false;
  bool bulk = false;
  bool through_log = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--mib=", 0) == 0) {
      mib = std::stod(arg.substr(6));
    } else if (arg == "--dry-run") {
      dry_run = true;
    } else if (arg == "--bulk") {
      bulk = true;
    } else if (arg == "--through-log") {
      through_log = true;
    } else {
      std::cerr << "usage: rg_import_memory [--mib=N] [--dry-run | --bulk | --through-log]\n";
      return 2;
    }
  }
  namespace ingest = remarkgraph::ingest;
  const std::filesystem::path db_dir =
      std::filesystem::temp_directory_path() / ("rg_import_memory." + std::to_string(getpid()));
  std::filesystem::remove_all(db_dir);
  remarkgraph::storage::StoreOptions options;
  if (through_log) options.bulk_postings_from_code_points = 0;
  auto store = remarkgraph::storage::OpenGraphStore(db_dir.string(), options);
  if (!store.ok()) {
    std::cerr << store.status() << "\n";
    return 1;
  }
  const std::string text =
      remarkgraph::bench::SyntheticMinutesOfSize(static_cast<size_t>(mib * (1 << 20)));
  ResetPeak();
  const long before = ProcKiB("VmHWM");
  const auto start = std::chrono::steady_clock::now();
  size_t remarks = 0;
  {
    auto snapshot = (*store)->Snapshot();
    auto imported =
        ingest::ImportMinutes(text, ingest::Format::kUnknown, {}, snapshot.get());
    if (!imported.ok()) {
      std::cerr << imported.status() << "\n";
      return 1;
    }
    for (const auto& m : imported->minutes) remarks += m.remarks.size();
    // As the server does: the parsed minutes go before the write.
    imported->minutes = {};
    if (!dry_run) {
      auto applied = bulk ? (*store)->ApplyBulk(std::move(imported->mutation))
                          : (*store)->Apply(imported->mutation);
      if (!applied.ok()) {
        std::cerr << applied.status() << "\n";
        return 1;
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const long growth_kib = ProcKiB("VmHWM") - before;
  (*store)->Close().IgnoreError();
  store->reset();
  std::filesystem::remove_all(db_dir);
  std::printf("input %zu bytes, %zu remarks, %s: peak RSS +%.1f MiB (%.1fx the input), %.2f s, "
              "%.2f MB/s\n",
              text.size(), remarks,
              dry_run       ? "dry run"
              : bulk        ? "stored in bulk"
              : through_log ? "stored through the log"
                            : "stored",
              growth_kib / 1024.0, growth_kib * 1024.0 / text.size(), seconds,
              text.size() / seconds / 1e6);
  return 0;
}
