// Helpers shared by the servicers: running a handler body written with
// absl::Status, converting its result at the edge, and logging failures.
#ifndef REMARKGRAPH_SERVICE_RPC_UTIL_H_
#define REMARKGRAPH_SERVICE_RPC_UTIL_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/time/time.h"

namespace remarkgraph::service {

// Same code (the numbering is shared), same message, and the error details
// of AIP-193 as a serialized google.rpc.Status (sent in the
// `grpc-status-details-bin` trailer): ErrorInfo on every error (domain
// kErrorDomain, reason from common/error_details.h, the field in its metadata
// when known), BadRequest naming the field for INVALID_ARGUMENT, ResourceInfo
// for NOT_FOUND, RetryInfo for ABORTED (kAbortedRetryDelay) and
// RESOURCE_EXHAUSTED (kExhaustedRetryDelay) unless the status is marked
// NotRetryable. The call interceptor turns RetryInfo, or its absence on a
// retryable code, into the `grpc-retry-pushback-ms` trailer.
grpc::Status ToGrpcStatus(const absl::Status& status);

// How long a client should wait before retrying: a conflict with a concurrent
// write clears fast, a server out of capacity needs longer.
inline constexpr absl::Duration kAbortedRetryDelay = absl::Milliseconds(200);
inline constexpr absl::Duration kExhaustedRetryDelay = absl::Seconds(1);

// The message of RESOURCE_EXHAUSTED when a query is refused because the
// server already answers as many at once as --max_concurrent_calls allows
// (ErrorInfo reason kShedReason). The metrics count calls ending with it as
// load shed.
inline constexpr char kShedMessage[] =
    "the server is answering as many queries as it may at once (--max_concurrent_calls); "
    "retry later";
inline constexpr char kShedReason[] = "TOO_MANY_QUERIES";

// Runs `body` and returns its status as a grpc::Status (the access log,
// service/access_log.h, records failures with the method). An exception escaping
// `body` becomes INTERNAL rather than a crash.
grpc::Status Finish(std::string_view method, absl::FunctionRef<absl::Status()> body);

// The client's deadline, or InfiniteFuture when it set none.
absl::Time ClientDeadline(const grpc::ServerContextBase& context);

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_RPC_UTIL_H_
