// One-line structured log records on stderr: time, severity, message.
// Thread-safe; lines from different threads never interleave.
#ifndef REMARKGRAPH_COMMON_LOG_H_
#define REMARKGRAPH_COMMON_LOG_H_

#include <string_view>

namespace remarkgraph {

enum class LogSeverity { kInfo, kWarning, kError };

// Writes `2026-01-02T03:04:05.678Z INFO message` and a newline.
void Log(LogSeverity severity, std::string_view message);

}  // namespace remarkgraph

#endif  // REMARKGRAPH_COMMON_LOG_H_
