// Built in the TSan build (`make tsan`) only; tests/tsan/run.sh runs it with
// the options and suppressions the tests run with, before the tests.
//
//   rg_tsan_race_canary racy      two threads count into one heap object with
//                                 no lock, and fill one buffer with memset:
//                                 TSan must report both races
//   rg_tsan_race_canary guarded   the same counting under an absl::Mutex:
//                                 TSan must report nothing
//
// The first proves the run is not blind to a race in the project's own code,
// in its plain accesses and in the library calls it makes itself (memset is
// intercepted; options that quiet the uninstrumented libraries' calls must
// not quiet the project's);
// the second that absl::Mutex, uninstrumented in Debian's abseil, is seen
// (tests/tsan/absl_mutex_annotations.cc), so the tests' silence under it is
// earned. Exits 0 when the counting finished; TSan's own exit code (66 when
// it reported) tells the run what it saw.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace {

constexpr int kThreads = 2;
constexpr int kIncrements = 10000;

constexpr size_t kBufferBytes = 256;

struct Tally {
  absl::Mutex mu;
  long count = 0;
  char buffer[kBufferBytes] = {};
};

// Not inlined, so the report's stack names it.
__attribute__((noinline)) void CountWithoutLock(Tally* tally) {
  for (int i = 0; i < kIncrements; ++i) {
    tally->count = tally->count + 1;
  }
}

// The size is only known at run time, so the compiler keeps the call.
__attribute__((noinline)) void FillWithoutLock(Tally* tally, size_t bytes) {
  std::memset(tally->buffer, static_cast<int>(tally->count & 0x7f), bytes);
}

__attribute__((noinline)) void CountUnderLock(Tally* tally, size_t bytes) {
  for (int i = 0; i < kIncrements; ++i) {
    absl::MutexLock lock(&tally->mu);
    tally->count = tally->count + 1;
  }
  absl::MutexLock lock(&tally->mu);
  std::memset(tally->buffer, static_cast<int>(tally->count & 0x7f), bytes);
}

void Racy(Tally* tally, size_t bytes) {
  CountWithoutLock(tally);
  FillWithoutLock(tally, bytes);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || (std::strcmp(argv[1], "racy") != 0 && std::strcmp(argv[1], "guarded") != 0)) {
    std::fprintf(stderr, "usage: %s racy|guarded\n", argv[0]);
    return 2;
  }
  const bool racy = std::strcmp(argv[1], "racy") == 0;
  auto tally = std::make_unique<Tally>();
  // Read from the command line's length, so not a constant.
  const size_t bytes = std::min(kBufferBytes, std::strlen(argv[1]) * 32);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back(racy ? Racy : CountUnderLock, tally.get(), bytes);
  }
  for (std::thread& thread : threads) thread.join();
  std::printf("%s: counted %ld of %d\n", argv[1], tally->count, kThreads * kIncrements);
  return 0;
}
