// The access log: one record per call with the method, status code,
// latency, peer, request id and trace context. Successful calls are logged
// at a chosen severity (so an operator can turn them off with --log_level
// while keeping failures); every failed call is logged at WARN, or ERROR for
// server faults (INTERNAL, UNKNOWN, DATA_LOSS), with its status message.
// Thread-safe.
#ifndef REMARKGRAPH_SERVICE_ACCESS_LOG_H_
#define REMARKGRAPH_SERVICE_ACCESS_LOG_H_

#include "common/log.h"
#include "service/call_interceptor.h"

namespace remarkgraph::service {

class AccessLog final : public CallObserver {
 public:
  explicit AccessLog(LogSeverity success_severity) : success_severity_(success_severity) {}

  void OnCallStart(std::string_view) override {}
  void OnCallEnd(const CallRecord& call) override;

 private:
  const LogSeverity success_severity_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_ACCESS_LOG_H_
