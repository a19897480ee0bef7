// Generated 議事概要 minutes of any size, for the import benchmarks: twenty
// members, two decisions and a report, each remark naming one of them.
#ifndef REMARKGRAPH_BENCH_SYNTHETIC_MINUTES_H_
#define REMARKGRAPH_BENCH_SYNTHETIC_MINUTES_H_

#include <cstddef>
#include <string>

namespace remarkgraph::bench {

// Minutes of `remarks` remarks (about 230 bytes each).
std::string SyntheticMinutes(int remarks);

// Minutes of as many remarks as fit in about `bytes` bytes (at least one).
std::string SyntheticMinutesOfSize(size_t bytes);

}  // namespace remarkgraph::bench

#endif  // REMARKGRAPH_BENCH_SYNTHETIC_MINUTES_H_
