// A real RocksDB store for fuzz targets that need one: opened once per
// process in a fresh temporary folder, filled by `fill`, closed and removed
// at exit. Not thread-safe (fuzz targets run one input at a time).
#ifndef REMARKGRAPH_TESTS_FUZZ_FUZZ_STORE_H_
#define REMARKGRAPH_TESTS_FUZZ_FUZZ_STORE_H_

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "storage/graph_store.h"

namespace remarkgraph::fuzz {

inline storage::GraphStore& FuzzStore(const char* stem,
                                      const std::function<void(storage::GraphStore&)>& fill) {
  // Leaked on purpose and released by the exit handler, so that no static
  // destructor runs after it.
  struct Held {
    std::string dir;
    std::unique_ptr<storage::GraphStore> store;
  };
  static Held* held = nullptr;
  if (held != nullptr) return *held->store;
  held = new Held;
  std::string pattern = (std::filesystem::temp_directory_path() / (std::string(stem) + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  held->dir = pattern;
  storage::StoreOptions options;
  options.block_cache_bytes = 8 << 20;
  auto opened = storage::OpenGraphStore(held->dir + "/db", options);
  if (!opened.ok()) {
    std::fprintf(stderr, "cannot open a store: %s\n", opened.status().ToString().c_str());
    std::abort();
  }
  held->store = std::move(*opened);
  std::atexit([] {
    held->store.reset();
    std::error_code ignored;
    std::filesystem::remove_all(held->dir, ignored);
  });
  fill(*held->store);
  return *held->store;
}

}  // namespace remarkgraph::fuzz

#endif  // REMARKGRAPH_TESTS_FUZZ_FUZZ_STORE_H_
