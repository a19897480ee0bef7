// gRPC server reflection, protocol grpc.reflection.v1. Debian's
// libgrpc++_reflection (gRPC 1.51) serves only v1alpha; current tools
// (grpcurl, grpcui, Postman) ask for v1 first. Both answer from the
// generated descriptor pool, so every message compiled into the server is
// describable, the health service's included.
#ifndef REMARKGRAPH_SERVICE_REFLECTION_V1_H_
#define REMARKGRAPH_SERVICE_REFLECTION_V1_H_

#include <string>
#include <vector>

#include "grpc/reflection/v1/reflection.grpc.pb.h"

namespace remarkgraph::service {

class ReflectionV1 final : public grpc::reflection::v1::ServerReflection::Service {
 public:
  // `services`: the fully qualified names that list_services answers.
  explicit ReflectionV1(std::vector<std::string> services) : services_(std::move(services)) {}

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::reflection::v1::ServerReflectionResponse,
                               grpc::reflection::v1::ServerReflectionRequest>* stream) override;

 private:
  const std::vector<std::string> services_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_REFLECTION_V1_H_
