#include "service/call_interceptor.h"

#include <grpcpp/server_context.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/strings.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace remarkgraph::service {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr char kRetryPushbackHeader[] = "grpc-retry-pushback-ms";

// Methods of these services have generated protobuf messages.
constexpr std::string_view kProtobufServicesPrefix = "/remarkgraph.";

bool IsLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// A client's request id is used as given when it is a short token of
// printable ASCII without spaces; anything else is replaced, so the id can
// be quoted and grepped safely.
bool IsSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c <= ' ' || c > '~' || c == '"' || c == '\\') return false;
  }
  return true;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return absl::StrFormat("%016x%016x", random(), random());
}

// The `grpc-retry-pushback-ms` trailer (gRFC A6) for an error, or nothing:
// the delay of its RetryInfo, so that clients' retry policies wait as long
// as the server asks; and -1 (do not retry) for ABORTED or RESOURCE_EXHAUSTED
// without one, which the server answers only when a retry cannot succeed.
std::optional<std::string> RetryPushback(const grpc::Status& status) {
  if (status.ok()) return std::nullopt;
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    for (const google::protobuf::Any& detail : details.details()) {
      google::rpc::RetryInfo retry;
      if (detail.UnpackTo(&retry)) {
        const int64_t ms = retry.retry_delay().seconds() * 1000 +
                           retry.retry_delay().nanos() / 1'000'000;
        return StrCat(std::clamp<int64_t>(ms, 0, std::numeric_limits<int32_t>::max()));
      }
    }
  }
  if (status.error_code() == grpc::StatusCode::ABORTED ||
      status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
    return "-1";
  }
  return std::nullopt;
}

std::string_view Value(const grpc::string_ref& ref) {
  return std::string_view(ref.data(), ref.size());
}

class CallInterceptor final : public grpc::experimental::Interceptor {
 public:
  CallInterceptor(grpc::experimental::ServerRpcInfo* info,
                  const std::vector<CallObserver*>& observers)
      : info_(info),
        observers_(observers),
        method_(info->method()),
        protobuf_messages_(method_.starts_with(kProtobufServicesPrefix)),
        start_(absl::Now()) {
    for (CallObserver* observer : observers_) observer->OnCallStart(method_);
  }

  ~CallInterceptor() override {
    if (!ended_) End(grpc::StatusCode::CANCELLED, "the call ended without a status");
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      ReadMetadata(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      EnsureRequestId();
      // An error sent with the initial metadata, before any message, goes
      // out as a trailers-only response when the initial metadata is empty.
      // Only then may a client's retry policy retry the call: response
      // headers commit it (gRFC A6). So the id rides in the trailers there.
      const bool error_at_once =
          methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
          !methods->GetSendStatus().ok();
      (error_at_once ? methods->GetSendTrailingMetadata() : methods->GetSendInitialMetadata())
          ->emplace(kRequestIdHeader, request_id_);
    }
    if (protobuf_messages_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // Null when no message came (the end of a client stream).
      if (const void* message = methods->GetRecvMessage()) {
        for (CallObserver* observer : observers_) {
          observer->OnRequest(method_, *static_cast<const google::protobuf::Message*>(message));
        }
      }
    }
    if (protobuf_messages_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      if (const void* message = methods->GetSendMessage()) {
        for (CallObserver* observer : observers_) {
          observer->OnResponse(method_, *static_cast<const google::protobuf::Message*>(message));
        }
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      if (std::optional<std::string> pushback = RetryPushback(status)) {
        methods->GetSendTrailingMetadata()->emplace(kRetryPushbackHeader, std::move(*pushback));
      }
      grpc::ServerContextBase* context = info_->server_context();
      if (context != nullptr && context->IsCancelled()) {
        // The client went away (or its deadline passed) first: whatever the
        // handler made of the broken call (a failed write, an interrupted
        // read), the call ended for that reason, and the client never sees
        // this status.
        const bool expired = std::chrono::system_clock::now() >= context->deadline();
        End(expired ? grpc::StatusCode::DEADLINE_EXCEEDED : grpc::StatusCode::CANCELLED,
            StrCat(expired ? "the deadline passed" : "the client cancelled the call",
                   "; the handler ended with code ", static_cast<int>(status.error_code()), " ",
                   status.error_message()));
      } else {
        End(status.error_code(), status.error_message());
      }
    }
    methods->Proceed();
  }

 private:
  void ReadMetadata(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    if (auto it = metadata.find(kRequestIdHeader); it != metadata.end()) {
      if (IsSaneRequestId(Value(it->second))) request_id_ = std::string(Value(it->second));
    }
    if (auto it = metadata.find("traceparent"); it != metadata.end()) {
      ParseTraceparent(Value(it->second), &trace_id_, &span_id_);
    }
  }

  void EnsureRequestId() {
    if (request_id_.empty()) request_id_ = NewRequestId();
  }

  void End(grpc::StatusCode code, std::string_view message) {
    if (ended_) return;
    ended_ = true;
    EnsureRequestId();
    std::string peer;
    if (grpc::ServerContextBase* context = info_->server_context()) peer = context->peer();
    CallRecord record;
    record.method = method_;
    record.code = code;
    record.message = message;
    record.latency = absl::Now() - start_;
    record.peer = peer;
    record.request_id = request_id_;
    record.trace_id = trace_id_;
    record.span_id = span_id_;
    for (CallObserver* observer : observers_) observer->OnCallEnd(record);
  }

  grpc::experimental::ServerRpcInfo* const info_;
  const std::vector<CallObserver*>& observers_;
  const std::string method_;
  const bool protobuf_messages_;
  const absl::Time start_;
  bool ended_ = false;
  std::string request_id_;
  std::string trace_id_;
  std::string span_id_;
};

}  // namespace

bool ParseTraceparent(std::string_view value, std::string* trace_id, std::string* span_id) {
  // version "-" trace-id "-" parent-id "-" trace-flags; a later version may
  // append fields after another "-".
  if (value.size() < 55) return false;
  const std::string_view version = value.substr(0, 2);
  const std::string_view trace = value.substr(3, 32);
  const std::string_view parent = value.substr(36, 16);
  const std::string_view flags = value.substr(53, 2);
  if (value[2] != '-' || value[35] != '-' || value[52] != '-') return false;
  if (!IsLowerHex(version) || version == "ff" || !IsLowerHex(trace) || !IsLowerHex(parent) ||
      !IsLowerHex(flags)) {
    return false;
  }
  if (version == "00" ? value.size() != 55 : (value.size() > 55 && value[55] != '-')) {
    return false;
  }
  if (trace == std::string(32, '0') || parent == std::string(16, '0')) return false;
  *trace_id = std::string(trace);
  *span_id = std::string(parent);
  return true;
}

grpc::experimental::Interceptor* CallInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallInterceptor(info, observers_);
}

}  // namespace remarkgraph::service
