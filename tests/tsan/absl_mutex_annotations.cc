// Linked into every executable of the TSan build (`make tsan`) only.
//
// Debian's abseil is not built with TSan, so absl::Mutex, which waits and
// wakes through its own atomics and futexes, is invisible to it: every
// access guarded by an absl::Mutex would be reported as a race. These
// definitions interpose on the shared library's Lock/Unlock family (an
// executable's definition wins over a shared library's), call the real
// functions and tell TSan what they did: a lock acquires the mutex's
// address, an unlock releases it. The project uses no Await, LockWhen or
// CondVar, which release and take the lock inside the library.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/mutex.h"

extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);

namespace {

using Method = void (*)(absl::Mutex*);
using TryMethod = bool (*)(absl::Mutex*);

template <typename F>
F Real(const char* symbol) {
  void* real = dlsym(RTLD_NEXT, symbol);
  if (real == nullptr) {
    std::fprintf(stderr, "tsan annotations: %s not found\n", symbol);
    std::abort();
  }
  return reinterpret_cast<F>(real);
}

// The mangled names of the Debian 20220623 build (inline namespace debian3).
#define RG_ABSL_MUTEX(name) "_ZN4absl7debian35Mutex" name

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

void Mutex::Lock() {
  static const Method real = Real<Method>(RG_ABSL_MUTEX("4LockEv"));
  real(this);
  __tsan_acquire(this);
}

void Mutex::Unlock() {
  static const Method real = Real<Method>(RG_ABSL_MUTEX("6UnlockEv"));
  __tsan_release(this);
  real(this);
}

void Mutex::ReaderLock() {
  static const Method real = Real<Method>(RG_ABSL_MUTEX("10ReaderLockEv"));
  real(this);
  __tsan_acquire(this);
}

void Mutex::ReaderUnlock() {
  static const Method real = Real<Method>(RG_ABSL_MUTEX("12ReaderUnlockEv"));
  __tsan_release(this);
  real(this);
}

bool Mutex::TryLock() {
  static const TryMethod real = Real<TryMethod>(RG_ABSL_MUTEX("7TryLockEv"));
  const bool locked = real(this);
  if (locked) __tsan_acquire(this);
  return locked;
}

bool Mutex::ReaderTryLock() {
  static const TryMethod real = Real<TryMethod>(RG_ABSL_MUTEX("13ReaderTryLockEv"));
  const bool locked = real(this);
  if (locked) __tsan_acquire(this);
  return locked;
}

ABSL_NAMESPACE_END
}  // namespace absl
