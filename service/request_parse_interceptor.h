// Turns the INTERNAL status that gRPC gives a request it cannot parse (such
// as a proto3 string field holding invalid UTF-8) into INVALID_ARGUMENT: the
// fault is the caller's, and the message says what to fix.
#ifndef REMARKGRAPH_SERVICE_REQUEST_PARSE_INTERCEPTOR_H_
#define REMARKGRAPH_SERVICE_REQUEST_PARSE_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

namespace remarkgraph::service {

class RequestParseInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_REQUEST_PARSE_INTERCEPTOR_H_
