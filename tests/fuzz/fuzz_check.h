// Property checks inside fuzz targets: a failed one prints what was
// expected and aborts, which libFuzzer and the standalone driver report as
// a failing input.
#ifndef REMARKGRAPH_TESTS_FUZZ_FUZZ_CHECK_H_
#define REMARKGRAPH_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

namespace remarkgraph::fuzz {

inline void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "check failed: %s\n", what);
    std::abort();
  }
}

}  // namespace remarkgraph::fuzz

#endif  // REMARKGRAPH_TESTS_FUZZ_FUZZ_CHECK_H_
