#include "common/log.h"

#include <cstdio>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace remarkgraph {

void Log(LogSeverity severity, std::string_view message) {
  static absl::Mutex mutex(absl::kConstInit);
  const char* label = severity == LogSeverity::kInfo      ? "INFO"
                      : severity == LogSeverity::kWarning ? "WARN"
                                                          : "ERROR";
  const std::string when =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  absl::MutexLock lock(&mutex);
  std::fprintf(stderr, "%s %s %.*s\n", when.c_str(), label,
               static_cast<int>(message.size()), message.data());
  std::fflush(stderr);
}

}  // namespace remarkgraph
