#include "service/rpc_util.h"

#include <chrono>
#include <exception>
#include <string>

#include "common/log.h"
#include "common/strings.h"

namespace remarkgraph::service {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

grpc::Status Finish(std::string_view method, absl::FunctionRef<absl::Status()> body) {
  absl::Status status;
  try {
    status = body();
  } catch (const std::exception& e) {
    status = absl::InternalError(StrCat("unexpected failure: ", e.what()));
  }
  return ToGrpcStatus(status);
}

absl::Time ClientDeadline(const grpc::ServerContextBase& context) {
  const std::chrono::system_clock::time_point deadline = context.deadline();
  if (deadline >= std::chrono::system_clock::time_point::max() -
                      std::chrono::hours(24 * 365)) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(deadline);
}

}  // namespace remarkgraph::service
