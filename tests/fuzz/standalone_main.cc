// A main() for the fuzz targets in builds without libFuzzer (the normal GCC
// build that `make test` runs). It feeds every file of the given files and
// folders to LLVMFuzzerTestOneInput, then a fixed number of deterministic
// mutations of each (truncations, byte flips, deleted and repeated ranges,
// dictionary words spliced in), so a regression run also explores a little
// around the corpus. A crash, sanitizer report or failed check aborts with
// the input's name; the same file replays under libFuzzer.
//
//   fuzz_target [--mutations=N] [--dict=FILE] [--seed=N] FILE_OR_DIR...
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// One value of a libFuzzer dictionary line (`name="value"` or `"value"`),
// with its \\, \" and \xNN escapes decoded; empty for comments and blanks.
std::string DictValue(std::string_view line) {
  const size_t open = line.find('"');
  const size_t close = line.rfind('"');
  if (line.empty() || line[0] == '#' || open == std::string_view::npos || close <= open) {
    return "";
  }
  std::string value;
  for (size_t i = open + 1; i < close; ++i) {
    if (line[i] == '\\' && i + 1 < close) {
      if (line[i + 1] == 'x' && i + 3 < close) {
        value.push_back(static_cast<char>(std::stoi(std::string(line.substr(i + 2, 2)), nullptr, 16)));
        i += 3;
      } else {
        value.push_back(line[++i]);
      }
    } else {
      value.push_back(line[i]);
    }
  }
  return value;
}

std::vector<std::string> ReadDict(const std::string& path) {
  std::vector<std::string> words;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::string value = DictValue(line);
    if (!value.empty()) words.push_back(std::move(value));
  }
  return words;
}

std::string Mutate(std::string input, std::mt19937_64& rng,
                   const std::vector<std::string>& dict) {
  auto pos = [&](size_t limit) { return limit == 0 ? 0 : rng() % (limit + 1); };
  const int steps = 1 + rng() % 3;
  for (int s = 0; s < steps; ++s) {
    switch (rng() % 6) {
      case 0:  // Truncate.
        input.resize(pos(input.size()));
        break;
      case 1:  // Flip a byte.
        if (!input.empty()) input[rng() % input.size()] ^= static_cast<char>(1 + rng() % 255);
        break;
      case 2: {  // Delete a range.
        const size_t at = pos(input.size());
        input.erase(at, rng() % 64);
        break;
      }
      case 3: {  // Repeat a range.
        const size_t at = pos(input.size());
        const std::string piece = input.substr(at, rng() % 256);
        input.insert(pos(input.size()), piece);
        break;
      }
      default:  // Splice in a dictionary word (or a random byte without one).
        if (!dict.empty()) {
          input.insert(pos(input.size()), dict[rng() % dict.size()]);
        } else {
          input.insert(input.begin() + pos(input.size()), static_cast<char>(rng()));
        }
        break;
    }
  }
  return input;
}

// The input being run, written to `crash-input` in the current folder when
// the process dies of a signal, so a failing mutation can be replayed.
const std::string* g_current = nullptr;

void SaveCurrentInput(int signal) {
  if (g_current != nullptr) {
    if (FILE* out = std::fopen("crash-input", "wb")) {
      std::fwrite(g_current->data(), 1, g_current->size(), out);
      std::fclose(out);
      std::fputs("the failing input is in ./crash-input\n", stderr);
    }
  }
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void RunOne(const std::string& input) {
  g_current = &input;
  // A copy on the heap of exactly the input's size, so reads past the end
  // show up under ASan as they would under libFuzzer.
  std::vector<uint8_t> bytes(input.begin(), input.end());
  LLVMFuzzerTestOneInput(bytes.empty() ? nullptr : bytes.data(), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  int mutations = 0;
  uint64_t seed = 1;
  std::vector<std::string> dict;
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--mutations=")) {
      mutations = std::atoi(argv[i] + 12);
    } else if (arg.starts_with("--seed=")) {
      seed = std::strtoull(argv[i] + 7, nullptr, 10);
    } else if (arg.starts_with("--dict=")) {
      dict = ReadDict(std::string(arg.substr(7)));
    } else if (std::filesystem::is_directory(argv[i])) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[i])) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else if (std::filesystem::is_regular_file(argv[i])) {
      files.emplace_back(argv[i]);
    } else {
      std::fprintf(stderr, "%s: no such file or folder\n", argv[i]);
      return 2;
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: %s [--mutations=N] [--dict=FILE] [--seed=N] FILE_OR_DIR...\n",
                 argv[0]);
    return 2;
  }
  std::sort(files.begin(), files.end());
  for (int signal : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) std::signal(signal, SaveCurrentInput);
  size_t runs = 0;
  for (const auto& file : files) {
    const std::string input = ReadFile(file);
    std::fprintf(stderr, "running %s\n", file.c_str());
    RunOne(input);
    ++runs;
    std::mt19937_64 rng(seed ^ std::hash<std::string>{}(file.filename().string()));
    for (int m = 0; m < mutations; ++m) {
      RunOne(Mutate(input, rng, dict));
      ++runs;
    }
  }
  std::fprintf(stderr, "%zu inputs from %zu files ran without a failure\n", runs, files.size());
  return 0;
}
