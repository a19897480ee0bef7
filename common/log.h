// One-line log records on stderr, as text or as JSON objects (one per line).
//
// Every record is exactly one line whatever it carries: messages and field
// values may hold client input (names, ids, metadata), so control and
// line-separator characters are escaped, never written raw, and a client
// cannot forge a record. Thread-safe; lines from different threads never
// interleave. The format and the minimum severity are process-wide and may be
// changed at any time (records already being written keep the old ones).
#ifndef REMARKGRAPH_COMMON_LOG_H_
#define REMARKGRAPH_COMMON_LOG_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace remarkgraph {

enum class LogSeverity { kDebug, kInfo, kWarning, kError };
enum class LogFormat {
  kText,  // 2026-01-02T03:04:05.678Z INFO message key=value key="two words"
  kJson,  // {"time":"2026-01-02T03:04:05.678Z","level":"INFO","msg":"message","key":"value"}
};

// A named value of a record. Numbers stay numbers in JSON.
struct LogField {
  LogField(std::string_view k, std::string_view v) : key(k), value(std::string(v)) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(std::string(v)) {}
  LogField(std::string_view k, int64_t v) : key(k), value(v) {}
  LogField(std::string_view k, int v) : key(k), value(int64_t{v}) {}
  LogField(std::string_view k, double v) : key(k), value(v) {}

  std::string_view key;  // A fixed identifier chosen by the code, not input.
  std::variant<std::string, int64_t, double> value;
};

void SetLogFormat(LogFormat format);
// Records below `severity` are dropped. The default is kInfo.
void SetMinLogSeverity(LogSeverity severity);
bool LogEnabled(LogSeverity severity);

// "debug", "info", "warning" (or "warn"), "error" -> severity;
// INVALID_ARGUMENT for anything else.
absl::StatusOr<LogSeverity> ParseLogSeverity(std::string_view name);
// "text" or "json"; INVALID_ARGUMENT for anything else.
absl::StatusOr<LogFormat> ParseLogFormat(std::string_view name);

// Writes one record when `severity` is enabled.
void Log(LogSeverity severity, std::string_view message);
void Log(LogSeverity severity, std::string_view message,
         std::initializer_list<LogField> fields);
void Log(LogSeverity severity, std::string_view message, const std::vector<LogField>& fields);

// `text` with C0 and C1 control characters, DEL, U+2028/U+2029, backslash
// and bytes that are not UTF-8 escaped (\n, \t, \x1b, \u0085, \\), so that
// it prints as one line and the escaped form maps back to one input.
std::string EscapeForLog(std::string_view text);

}  // namespace remarkgraph

#endif  // REMARKGRAPH_COMMON_LOG_H_
