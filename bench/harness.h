// A plain timing harness shared by the benchmark binaries: runs one query
// repeatedly (after a warm-up) and reports p50/p99/mean in microseconds,
// so that every engine is timed the same way.
#ifndef REMARKGRAPH_BENCH_HARNESS_H_
#define REMARKGRAPH_BENCH_HARNESS_H_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace remarkgraph::bench {

struct Timing {
  std::string query;
  int64_t iterations = 0;
  double p50_us = 0, p99_us = 0, mean_us = 0, min_us = 0;
  int64_t rows = 0;  // What the query returned (the last run), to cross-check.
};

struct HarnessOptions {
  int warmup = 2;
  int min_iterations = 5;
  int max_iterations = 2000;
  double max_seconds = 1.5;  // Per query, after the warm-up.
};

// Memory of this process, from /proc: "VmRSS" or "VmHWM" in KiB; 0 if
// unreadable.
inline int64_t ProcKiB(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoll(line.substr(field.size() + 1));
  }
  return 0;
}

inline double NowMicros() {
  return std::chrono::duration<double, std::micro>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// `run` executes the query once and returns the rows it produced.
inline Timing Measure(const std::string& query, const HarnessOptions& options,
                      const std::function<int64_t()>& run) {
  Timing timing;
  timing.query = query;
  for (int i = 0; i < options.warmup; ++i) timing.rows = run();
  std::vector<double> samples;
  const double start = NowMicros();
  while (static_cast<int>(samples.size()) < options.max_iterations) {
    const double t0 = NowMicros();
    timing.rows = run();
    const double t1 = NowMicros();
    samples.push_back(t1 - t0);
    if (static_cast<int>(samples.size()) >= options.min_iterations &&
        t1 - start > options.max_seconds * 1e6) {
      break;
    }
  }
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) {
    return samples[std::min(samples.size() - 1,
                            static_cast<size_t>(q * static_cast<double>(samples.size())))];
  };
  timing.iterations = static_cast<int64_t>(samples.size());
  timing.p50_us = at(0.5);
  timing.p99_us = at(0.99);
  timing.min_us = samples.front();
  double sum = 0;
  for (double s : samples) sum += s;
  timing.mean_us = sum / static_cast<double>(samples.size());
  return timing;
}

inline nlohmann::json ToJson(const Timing& t) {
  return {{"query", t.query},     {"iterations", t.iterations},
          {"p50_us", t.p50_us},   {"p99_us", t.p99_us},
          {"mean_us", t.mean_us}, {"min_us", t.min_us},
          {"rows", t.rows}};
}

}  // namespace remarkgraph::bench

#endif  // REMARKGRAPH_BENCH_HARNESS_H_
