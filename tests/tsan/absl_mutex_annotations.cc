// Linked into every executable of the TSan build (`make tsan`) only.
//
// Debian's abseil is not built with TSan, so absl::Mutex, which waits and
// wakes through its own atomics and futexes, is invisible to it: every
// access guarded by an absl::Mutex would be reported as a race. These
// definitions interpose on the shared library's Lock/Unlock family (an
// executable's definition wins over a shared library's), call the real
// functions and tell TSan what they did: a lock acquires the mutex's
// address, an unlock releases it. A CondVar wait releases the mutex and
// takes it again inside the library: it releases before and acquires after
// the real wait. A Notification releases on Notify and acquires when a wait
// returns notified. gRPC's core (libgrpc) waits on absl::CondVar in its
// executor and thread pool, so its hand-offs through them are seen too.
// The project uses no Await or LockWhen, which release and take the lock
// inside the library.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);

namespace {

using Method = void (*)(absl::Mutex*);
using TryMethod = bool (*)(absl::Mutex*);
using WaitMethod = void (*)(absl::CondVar*, absl::Mutex*);
using WaitTimeoutMethod = bool (*)(absl::CondVar*, absl::Mutex*, absl::Duration);
using WaitDeadlineMethod = bool (*)(absl::CondVar*, absl::Mutex*, absl::Time);
using ReleaseMethod = void (*)(absl::ReleasableMutexLock*);
using NotifyMethod = void (*)(absl::Notification*);
using NotifiedMethod = void (*)(const absl::Notification*);
using NotifiedTimeoutMethod = bool (*)(const absl::Notification*, absl::Duration);
using NotifiedDeadlineMethod = bool (*)(const absl::Notification*, absl::Time);

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
#define RG_ABSL_CONDVAR(name) "_ZN4absl7debian37CondVar" name
#define RG_ABSL_NOTIFICATION(name) "_ZN4absl7debian312Notification" name
#define RG_ABSL_NOTIFICATION_CONST(name) "_ZNK4absl7debian312Notification" name

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

void ReleasableMutexLock::Release() {
  static const ReleaseMethod real =
      Real<ReleaseMethod>("_ZN4absl7debian319ReleasableMutexLock7ReleaseEv");
  __tsan_release(mu_);
  real(this);
}

void CondVar::Wait(Mutex* mu) {
  static const WaitMethod real = Real<WaitMethod>(RG_ABSL_CONDVAR("4WaitEPNS0_5MutexE"));
  __tsan_release(mu);
  real(this, mu);
  __tsan_acquire(mu);
}

bool CondVar::WaitWithTimeout(Mutex* mu, Duration timeout) {
  static const WaitTimeoutMethod real =
      Real<WaitTimeoutMethod>(RG_ABSL_CONDVAR("15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE"));
  __tsan_release(mu);
  const bool timed_out = real(this, mu, timeout);
  __tsan_acquire(mu);
  return timed_out;
}

bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  static const WaitDeadlineMethod real =
      Real<WaitDeadlineMethod>(RG_ABSL_CONDVAR("16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE"));
  __tsan_release(mu);
  const bool timed_out = real(this, mu, deadline);
  __tsan_acquire(mu);
  return timed_out;
}

void Notification::Notify() {
  static const NotifyMethod real = Real<NotifyMethod>(RG_ABSL_NOTIFICATION("6NotifyEv"));
  __tsan_release(this);
  real(this);
}

void Notification::WaitForNotification() const {
  static const NotifiedMethod real =
      Real<NotifiedMethod>(RG_ABSL_NOTIFICATION_CONST("19WaitForNotificationEv"));
  real(this);
  __tsan_acquire(const_cast<Notification*>(this));
}

bool Notification::WaitForNotificationWithTimeout(Duration timeout) const {
  static const NotifiedTimeoutMethod real = Real<NotifiedTimeoutMethod>(
      RG_ABSL_NOTIFICATION_CONST("30WaitForNotificationWithTimeoutENS0_8DurationE"));
  const bool notified = real(this, timeout);
  if (notified) __tsan_acquire(const_cast<Notification*>(this));
  return notified;
}

bool Notification::WaitForNotificationWithDeadline(Time deadline) const {
  static const NotifiedDeadlineMethod real = Real<NotifiedDeadlineMethod>(
      RG_ABSL_NOTIFICATION_CONST("31WaitForNotificationWithDeadlineENS0_4TimeE"));
  const bool notified = real(this, deadline);
  if (notified) __tsan_acquire(const_cast<Notification*>(this));
  return notified;
}

ABSL_NAMESPACE_END
}  // namespace absl
