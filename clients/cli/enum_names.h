// Names of the wire enums as the command line reads and prints them.
//
// Input is accepted case-insensitively, with or without the enum's prefix,
// and with '-' for '_': `meeting`, `MEETING`, `NODE_KIND_MEETING`,
// `replies-to`. Output is the upper-case name without the prefix
// (`MEETING`, `REFERENCES`), and "-" for an unspecified value.

#ifndef REMARKGRAPH_CLIENTS_CLI_ENUM_NAMES_H_
#define REMARKGRAPH_CLIENTS_CLI_ENUM_NAMES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "remarkgraph/v1/resources.pb.h"

namespace remarkgraph::cli {

// Each returns INVALID_ARGUMENT listing the accepted names when `text` names
// no value; the UNSPECIFIED value is never accepted.
absl::StatusOr<v1::NodeKind> ParseNodeKind(absl::string_view text);
absl::StatusOr<v1::EdgeKind> ParseEdgeKind(absl::string_view text);
absl::StatusOr<v1::Stance> ParseStance(absl::string_view text);
absl::StatusOr<v1::ItemKind> ParseItemKind(absl::string_view text);
absl::StatusOr<v1::ItemOutcome> ParseItemOutcome(absl::string_view text);
// Also accepts `out`, `in` and `both`.
absl::StatusOr<v1::Direction> ParseDirection(absl::string_view text);

// Comma-separated lists of the above ("references,adopts"); empty items are
// skipped, so "" gives an empty list.
absl::StatusOr<std::vector<v1::NodeKind>> ParseNodeKindList(
    absl::string_view text);
absl::StatusOr<std::vector<v1::EdgeKind>> ParseEdgeKindList(
    absl::string_view text);
absl::StatusOr<std::vector<v1::Stance>> ParseStanceList(absl::string_view text);

std::string ShortName(v1::NodeKind kind);
std::string ShortName(v1::EdgeKind kind);
std::string ShortName(v1::Stance stance);
std::string ShortName(v1::ItemKind kind);
std::string ShortName(v1::ItemOutcome outcome);
std::string ShortName(v1::TruncationReason reason);

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_ENUM_NAMES_H_
