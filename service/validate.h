// Request validation for the API edge. Every error is INVALID_ARGUMENT and
// names the offending field as it is spelled in the request
// (`nodes[3].properties["x"]`), so a caller can fix the request.
#ifndef REMARKGRAPH_SERVICE_VALIDATE_H_
#define REMARKGRAPH_SERVICE_VALIDATE_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "remarkgraph/v1/resources.pb.h"
#include "storage/schema.h"

namespace remarkgraph::service {

// Limits of the API (docs/api-limits.md).
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;
inline constexpr int kMaxBatchNodes = 1000;
inline constexpr int kMaxBatchEdges = 10000;
inline constexpr int kMaxProperties = 64;
inline constexpr size_t kMaxPropertyKeyBytes = 128;
inline constexpr size_t kMaxPropertyValueBytes = 64 << 10;
inline constexpr size_t kMaxTitleBytes = 4 << 10;
inline constexpr size_t kMaxTextBytes = 1 << 20;
inline constexpr int kMaxEvidence = storage::kMaxEvidencePerEdge;
inline constexpr int kMaxSteps = 16;
inline constexpr int kMaxSeeds = 1000;
inline constexpr size_t kMaxQueryBytes = 1024;

// A required resource name.
absl::Status ValidateName(std::string_view name, std::string_view field);
// An optional resource name filter that must be of `kind` when set.
absl::Status ValidateOptionalName(std::string_view name,
                                  storage::NodeKind kind,
                                  std::string_view field);
// A node to upsert.
absl::Status ValidateNode(const v1::Node& node, std::string_view field);
// An edge to upsert (names, kind, stance, evidence, properties).
absl::Status ValidateEdge(const v1::Edge& edge, std::string_view field);
absl::Status ValidateNodeKind(v1::NodeKind kind, std::string_view field);
absl::Status ValidateEdgeKind(v1::EdgeKind kind, std::string_view field);
absl::Status ValidateStance(v1::Stance stance, std::string_view field);
// An optional `YYYY-MM-DD` date.
absl::Status ValidateDate(std::string_view date, std::string_view field);
// An optional `HH:MM` time.
absl::Status ValidateTime(std::string_view time, std::string_view field);
// A page size: negative is an error; returns the effective size.
absl::Status ValidatePageSize(int page_size, std::string_view field);
int EffectivePageSize(int page_size);
// A query budget: negative fields are errors; a depth above `max_depth`.
absl::Status ValidateBudget(const v1::QueryBudget& budget, int max_depth,
                            std::string_view field);
// Free-form properties.
absl::Status ValidateProperties(
    const google::protobuf::Map<std::string, std::string>& properties,
    std::string_view field);
// A string that must be UTF-8 and at most `max_bytes` long.
absl::Status ValidateText(std::string_view text, size_t max_bytes,
                          std::string_view field);

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_VALIDATE_H_
