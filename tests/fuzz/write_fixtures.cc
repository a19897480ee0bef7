// Writes the ingest test fixtures (C++ string constants) into a folder as
// files, for the fuzz targets' seed corpus.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/ingest/fixtures.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FOLDER\n", argv[0]);
    return 2;
  }
  const std::filesystem::path folder = argv[1];
  std::filesystem::create_directories(folder);
  using namespace remarkgraph::ingest::testing;  // NOLINT: the fixtures.
  std::ofstream(folder / "gijigaiyo.txt", std::ios::binary) << kGijigaiyo;
  std::ofstream(folder / "hatsugen-yoshi.txt", std::ios::binary) << kHatsugenYoshi;
  return 0;
}
