// A server interceptor that sees every call of every service, whatever API
// style its handler uses, and tells observers (the access log, the metrics)
// when a call starts and how it ended.
//
// It also gives each call a request id: the client's `x-request-id`
// metadata when that is a sane token, else a fresh random one, and sends it
// back so a client can quote it: in the response's initial metadata, or in
// its trailers for an error answered before any message (which then goes
// as a trailers-only response, one a client's retry policy may retry). A W3C
// `traceparent` from the client is parsed and its trace and parent span ids
// are passed on (an invalid one is ignored, as the W3C spec asks). An error
// carrying RetryInfo gets a `grpc-retry-pushback-ms` trailer with its delay,
// and an ABORTED or RESOURCE_EXHAUSTED without one gets -1, so that clients'
// retry policies wait as asked and never repeat a request that cannot succeed.
#ifndef REMARKGRAPH_SERVICE_CALL_INTERCEPTOR_H_
#define REMARKGRAPH_SERVICE_CALL_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>
#include <grpcpp/support/status.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/message.h"

namespace remarkgraph::service {

inline constexpr char kRequestIdHeader[] = "x-request-id";

// What the server knows of a call when it ends. Views are valid during
// CallObserver::OnEnd only.
struct CallRecord {
  std::string_view method;  // "/remarkgraph.v1.GraphService/GetNode"
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string_view message;  // The status message; client input may be in it.
  absl::Duration latency;
  std::string_view peer;        // "ipv4:127.0.0.1:50312"
  std::string_view request_id;  // Never empty.
  std::string_view trace_id;    // 32 hex digits, or empty without traceparent.
  std::string_view span_id;     // The caller's span, 16 hex digits, or empty.
};

// Told of every call. Implementations must be thread-safe: calls end on many
// threads at once.
class CallObserver {
 public:
  virtual ~CallObserver() = default;
  virtual void OnCallStart(std::string_view method) = 0;
  // Exactly once per OnCallStart; a call that ends without a status (the
  // client went away) is reported as CANCELLED.
  virtual void OnCallEnd(const CallRecord& call) = 0;
  // Each request message received and response message sent, for the
  // remarkgraph services only (whose messages are generated protobuf
  // classes; health and reflection use other representations).
  virtual void OnRequest(std::string_view /*method*/,
                         const google::protobuf::Message& /*request*/) {}
  virtual void OnResponse(std::string_view /*method*/,
                          const google::protobuf::Message& /*response*/) {}
};

// The trace and parent span ids of a W3C traceparent header value; false
// when it is not a valid one.
bool ParseTraceparent(std::string_view value, std::string* trace_id, std::string* span_id);

class CallInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // The observers are not owned and must outlive the server.
  explicit CallInterceptorFactory(std::vector<CallObserver*> observers)
      : observers_(std::move(observers)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  const std::vector<CallObserver*> observers_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_CALL_INTERCEPTOR_H_
