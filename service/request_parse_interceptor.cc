#include "service/request_parse_interceptor.h"

#include <string>

#include "common/error_details.h"
#include "common/log.h"
#include "service/rpc_util.h"

namespace remarkgraph::service {
namespace {

using grpc::experimental::InterceptionHookPoints;

class RequestParseInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit RequestParseInterceptor(grpc::experimental::ServerRpcInfo* info)
      : method_(info->method()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      // gRPC's protobuf deserializer reports a failed parse as INTERNAL with
      // the message's (empty, for proto3) initialization error string. Every
      // INTERNAL error of the project's own handlers carries a message.
      if (status.error_code() == grpc::StatusCode::INTERNAL &&
          (status.error_message().empty() || status.error_message() == "No payload")) {
        const std::string message =
            "the request does not parse as the request message of " + method_ +
            " (every string field must be valid UTF-8)";
        methods->ModifySendStatus(
            ToGrpcStatus(WithReason(absl::InvalidArgumentError(message), "MALFORMED_REQUEST")));
      }
    }
    methods->Proceed();
  }

 private:
  const std::string method_;
};

}  // namespace

grpc::experimental::Interceptor* RequestParseInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RequestParseInterceptor(info);
}

}  // namespace remarkgraph::service
