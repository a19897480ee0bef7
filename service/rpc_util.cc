#include "service/rpc_util.h"

#include <chrono>
#include <exception>
#include <string>

#include "common/error_details.h"
#include "common/log.h"
#include "common/strings.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace remarkgraph::service {

namespace {

void SetDuration(absl::Duration duration, google::protobuf::Duration* out) {
  const int64_t seconds = absl::IDivDuration(duration, absl::Seconds(1), &duration);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(duration)));
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status details;
  details.set_code(static_cast<int32_t>(status.code()));
  details.set_message(std::string(status.message()));
  const std::optional<std::string> field = ErrorField(status);

  google::rpc::ErrorInfo info;
  info.set_reason(ErrorReason(status));
  info.set_domain(kErrorDomain);
  if (field) (*info.mutable_metadata())["field"] = *field;
  details.add_details()->PackFrom(info);

  if (status.code() == absl::StatusCode::kInvalidArgument && field) {
    google::rpc::BadRequest bad_request;
    google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
    violation->set_field(*field);
    std::string_view description = StdSv(status.message());
    if (description.starts_with(*field + ": ")) description.remove_prefix(field->size() + 2);
    violation->set_description(std::string(description));
    details.add_details()->PackFrom(bad_request);
  }
  if (const std::optional<ErrorResource> resource = ErrorResourceOf(status)) {
    google::rpc::ResourceInfo resource_info;
    resource_info.set_resource_type(resource->type);
    resource_info.set_resource_name(resource->name);
    resource_info.set_description(std::string(status.message()));
    details.add_details()->PackFrom(resource_info);
  }
  if ((status.code() == absl::StatusCode::kAborted ||
       status.code() == absl::StatusCode::kResourceExhausted) &&
      !IsNotRetryable(status)) {
    google::rpc::RetryInfo retry;
    SetDuration(status.code() == absl::StatusCode::kAborted ? kAbortedRetryDelay
                                                             : kExhaustedRetryDelay,
                retry.mutable_retry_delay());
    details.add_details()->PackFrom(retry);
  }
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()), details.SerializeAsString());
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
