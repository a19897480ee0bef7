// The compact syntax of traversal steps and property filters on the command
// line.
//
//   --step DIRECTION[:EDGE_KINDS[:NODE_KINDS[:STANCES]]]
//
// DIRECTION is out, in or both; the others are comma lists of names as
// enum_names.h reads them, empty or `*` for "any". So `in:references:remark`
// walks REFERENCES edges backwards to remarks, and
// `in:references,adopts:remark:support,concern` also takes ADOPTS edges and
// keeps only supporting or concerned references.
//
//   --filter KEY=VALUE | KEY!=VALUE | KEY~VALUE | KEY>=VALUE | KEY<=VALUE
//
// (equals, not equals, contains, at least, at most) qualifies the --step
// before it, as does `--stance LIST`. KEY is `title`, `date`,
// `speaker_label`, `item_kind`, `outcome` or `properties.NAME`. The values
// of `item_kind` and `outcome` may be names (decision, adopted); they are
// sent as the enum numbers the server compares.

#ifndef REMARKGRAPH_CLIENTS_CLI_STEP_SYNTAX_H_
#define REMARKGRAPH_CLIENTS_CLI_STEP_SYNTAX_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "remarkgraph/v1/graph_service.pb.h"

namespace remarkgraph::cli {

// Parses one --step value; INVALID_ARGUMENT says what is wrong.
absl::StatusOr<v1::TraversalStep> ParseStep(absl::string_view text);

// Parses one --filter value; INVALID_ARGUMENT says what is wrong.
absl::StatusOr<v1::PropertyFilter> ParseFilter(absl::string_view text);

// Builds the steps from flags in command-line order: each "step" starts a
// step, each "filter" and "stance" adds to the latest one; other flags are
// ignored. Fails if a filter or stance comes before any step.
absl::StatusOr<std::vector<v1::TraversalStep>> ParseSteps(
    const std::vector<std::pair<std::string, std::string>>& ordered_flags);

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_STEP_SYNTAX_H_
