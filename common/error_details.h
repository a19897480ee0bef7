// Machine-readable facts an absl::Status carries from where an error is found
// to the API edge, where service/rpc_util.h turns them into google.rpc error
// details (AIP-193): the field a request got wrong, the resource that does
// not exist, a stable reason. They ride as absl::Status payloads, so any layer
// (storage, query, service) can attach them without depending on gRPC.
#ifndef REMARKGRAPH_COMMON_ERROR_DETAILS_H_
#define REMARKGRAPH_COMMON_ERROR_DETAILS_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace remarkgraph {

// The ErrorInfo domain of every error the service returns.
inline constexpr char kErrorDomain[] = "remarkgraph.io";

// INVALID_ARGUMENT with the message "<field>: <description>". `field` is the
// path as spelled in the request (`steps[1].edge_kinds`, `nodes[0].properties["k"]`).
absl::Status InvalidFieldError(std::string_view field, std::string_view description);

// NOT_FOUND with the one wording used everywhere: `<type> "<name>" not found`.
// `type` is a lower-case noun ("node", "backup"); `field`, when not empty, is
// the request field that named it.
absl::Status NotFoundResourceError(std::string_view type, std::string_view name,
                                   std::string_view field = "");
inline absl::Status NodeNotFoundError(std::string_view name, std::string_view field = "") {
  return NotFoundResourceError("node", name, field);
}

// Returns `status` as the error of the request field `field`: attached, and
// (but for NOT_FOUND, whose wording is fixed) prefixed to the message. A field
// already attached becomes a sub-field (`edges[3]` + `source` = `edges[3].source`).
absl::Status InField(const absl::Status& status, std::string_view field);

// Returns `status` with its ErrorInfo reason set (UPPER_SNAKE, stable: clients
// may branch on it). Without one, the reason follows from the code.
absl::Status WithReason(absl::Status status, std::string_view reason);

// Returns `status` marked as one that retrying cannot cure (a request larger
// than a server limit, say), though its code is one clients retry
// (RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE): it then carries no RetryInfo,
// and the server asks the client's retry policy not to retry it.
absl::Status NotRetryable(absl::Status status);
bool IsNotRetryable(const absl::Status& status);

// The request field an error is about: the one attached, else the leading
// `<field>: ` of an INVALID_ARGUMENT message (the convention of every
// validation message), else nothing.
std::optional<std::string> ErrorField(const absl::Status& status);

// The resource a NOT_FOUND error is about.
struct ErrorResource {
  std::string type;
  std::string name;
};
std::optional<ErrorResource> ErrorResourceOf(const absl::Status& status);

// The ErrorInfo reason: the one set by WithReason, else `<TYPE>_NOT_FOUND` for
// a resource, `INVALID_FIELD` for an invalid field, else the code's name
// (`DEADLINE_EXCEEDED`, `INTERNAL`, ...).
std::string ErrorReason(const absl::Status& status);

}  // namespace remarkgraph

#endif  // REMARKGRAPH_COMMON_ERROR_DETAILS_H_
