#include "service/access_log.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/strings.h"

namespace remarkgraph::service {
namespace {

LogSeverity SeverityOf(grpc::StatusCode code, LogSeverity success) {
  switch (code) {
    case grpc::StatusCode::OK:
      return success;
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::DATA_LOSS:
      return LogSeverity::kError;
    default:
      return LogSeverity::kWarning;
  }
}

}  // namespace

void AccessLog::OnCallEnd(const CallRecord& call) {
  const LogSeverity severity = SeverityOf(call.code, success_severity_);
  if (!LogEnabled(severity)) return;
  const std::string code =
      absl::StatusCodeToString(static_cast<absl::StatusCode>(call.code));
  std::vector<LogField> fields = {{"method", call.method},
                                  {"code", code},
                                  {"latency_ms", absl::ToDoubleMilliseconds(call.latency)},
                                  {"peer", call.peer},
                                  {"request_id", call.request_id}};
  // Trace context only when the caller sent one.
  if (!call.trace_id.empty()) {
    fields.emplace_back("trace_id", call.trace_id);
    fields.emplace_back("span_id", call.span_id);
  }
  if (call.code == grpc::StatusCode::OK) {
    Log(severity, "rpc", fields);
    return;
  }
  // Status messages name the offending input; the log escapes it.
  fields.emplace_back("error", call.message.substr(0, 300));
  Log(severity, "rpc failed", fields);
}

}  // namespace remarkgraph::service
