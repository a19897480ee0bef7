#include "common/log.h"

#include <atomic>
#include <cstdio>
#include <span>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/strings.h"
#include "nlohmann/json.hpp"

namespace remarkgraph {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};
std::atomic<LogSeverity> g_min_severity{LogSeverity::kInfo};

const char* Label(LogSeverity severity) {
  switch (severity) {
    case LogSeverity::kDebug:
      return "DEBUG";
    case LogSeverity::kInfo:
      return "INFO";
    case LogSeverity::kWarning:
      return "WARN";
    case LogSeverity::kError:
      return "ERROR";
  }
  return "INFO";
}

// The length of the well-formed UTF-8 sequence at the start of `text` and
// its code point, or 0 when the first byte does not start one.
size_t DecodeUtf8(std::string_view text, char32_t* code_point) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  size_t length = 0;
  char32_t value = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(i) & 0x3F);
  }
  // Overlong forms, surrogates and values past Unicode are not UTF-8.
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *code_point = value;
  return length;
}

// A field value in the text format: bare when it is one plain word, else
// quoted with its quotes escaped.
std::string TextValue(const LogField& field) {
  if (const auto* number = std::get_if<int64_t>(&field.value)) return absl::StrCat(*number);
  if (const auto* number = std::get_if<double>(&field.value)) return absl::StrCat(*number);
  const std::string escaped = EscapeForLog(std::get<std::string>(field.value));
  const bool plain = !escaped.empty() && escaped.find_first_of(" \"=") == std::string::npos;
  if (plain) return escaped;
  std::string quoted = "\"";
  for (char c : escaped) {
    if (c == '"') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void WriteRecord(LogSeverity severity, std::string_view message, const LogField* begin,
                 const LogField* end);

void Write(const std::string& line) {
  static absl::Mutex mutex(absl::kConstInit);
  absl::MutexLock lock(&mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

void SetLogFormat(LogFormat format) { g_format.store(format); }
void SetMinLogSeverity(LogSeverity severity) { g_min_severity.store(severity); }
bool LogEnabled(LogSeverity severity) { return severity >= g_min_severity.load(); }

absl::StatusOr<LogSeverity> ParseLogSeverity(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(Sv(name));
  if (lower == "debug") return LogSeverity::kDebug;
  if (lower == "info") return LogSeverity::kInfo;
  if (lower == "warning" || lower == "warn") return LogSeverity::kWarning;
  if (lower == "error") return LogSeverity::kError;
  return absl::InvalidArgumentError(StrCat("'", EscapeForLog(name),
                                           "' is not a log level (debug, info, warning, error)"));
}

absl::StatusOr<LogFormat> ParseLogFormat(std::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return absl::InvalidArgumentError(
      StrCat("'", EscapeForLog(name), "' is not a log format (text, json)"));
}

std::string EscapeForLog(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    char32_t c = 0;
    const size_t length = DecodeUtf8(text, &c);
    if (length == 0) {
      out += absl::StrFormat("\\x%02x", static_cast<unsigned char>(text[0]));
      text.remove_prefix(1);
      continue;
    }
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += absl::StrFormat("\\x%02x", static_cast<unsigned>(c));
    } else if ((c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029) {
      out += absl::StrFormat("\\u%04x", static_cast<unsigned>(c));
    } else {
      out.append(text.data(), length);
    }
    text.remove_prefix(length);
  }
  return out;
}

void Log(LogSeverity severity, std::string_view message) {
  WriteRecord(severity, message, nullptr, nullptr);
}

void Log(LogSeverity severity, std::string_view message,
         std::initializer_list<LogField> fields) {
  WriteRecord(severity, message, fields.begin(), fields.end());
}

void Log(LogSeverity severity, std::string_view message, const std::vector<LogField>& fields) {
  WriteRecord(severity, message, fields.data(), fields.data() + fields.size());
}

namespace {

void WriteRecord(LogSeverity severity, std::string_view message, const LogField* begin,
                 const LogField* end) {
  if (!LogEnabled(severity)) return;
  const std::span<const LogField> fields(begin, end);
  const std::string when =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  std::string line;
  if (g_format.load() == LogFormat::kJson) {
    nlohmann::ordered_json record;
    record["time"] = when;
    record["level"] = Label(severity);
    record["msg"] = std::string(message);
    for (const LogField& field : fields) {
      std::visit([&](const auto& value) { record[std::string(field.key)] = value; },
                 field.value);
    }
    // Bytes that are not UTF-8 become U+FFFD instead of failing the record.
    line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    line = StrCat(when, " ", Label(severity), " ", EscapeForLog(message));
    for (const LogField& field : fields) {
      line += StrCat(" ", field.key, "=", TextValue(field));
    }
  }
  line += '\n';
  Write(line);
}

}  // namespace

}  // namespace remarkgraph
