#include "clients/cli/step_syntax.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/cli/enum_names.h"

namespace remarkgraph::cli {
namespace {

// "*" is "any", like an empty field.
absl::string_view AnyIsEmpty(absl::string_view field) {
  return field == "*" ? absl::string_view() : field;
}

absl::Status InContext(const absl::Status& status, absl::string_view flag,
                       absl::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, " '", text, "': ", status.message()));
}

// The server compares `item_kind` and `outcome` by the enum's number; a
// name (decision, ADOPTED, ITEM_KIND_DECISION) is sent as that number.
absl::StatusOr<std::string> FilterValue(absl::string_view key,
                                        absl::string_view value) {
  int number = 0;
  if ((key != "item_kind" && key != "outcome") ||
      absl::SimpleAtoi(value, &number)) {
    return std::string(value);
  }
  if (key == "item_kind") {
    absl::StatusOr<v1::ItemKind> kind = ParseItemKind(value);
    if (!kind.ok()) return kind.status();
    return absl::StrCat(static_cast<int>(*kind));
  }
  absl::StatusOr<v1::ItemOutcome> outcome = ParseItemOutcome(value);
  if (!outcome.ok()) return outcome.status();
  return absl::StrCat(static_cast<int>(*outcome));
}

}  // namespace

absl::StatusOr<v1::TraversalStep> ParseStep(absl::string_view text) {
  const std::vector<absl::string_view> fields = absl::StrSplit(text, ':');
  if (fields.size() > 4) {
    return InContext(absl::InvalidArgumentError(
                         "want DIRECTION[:EDGE_KINDS[:NODE_KINDS[:STANCES]]]"),
                     "step", text);
  }
  v1::TraversalStep step;
  absl::StatusOr<v1::Direction> direction = ParseDirection(fields[0]);
  if (!direction.ok()) return InContext(direction.status(), "step", text);
  step.set_direction(*direction);
  if (fields.size() > 1) {
    auto kinds = ParseEdgeKindList(AnyIsEmpty(fields[1]));
    if (!kinds.ok()) return InContext(kinds.status(), "step", text);
    for (v1::EdgeKind kind : *kinds) step.add_edge_kinds(kind);
  }
  if (fields.size() > 2) {
    auto kinds = ParseNodeKindList(AnyIsEmpty(fields[2]));
    if (!kinds.ok()) return InContext(kinds.status(), "step", text);
    for (v1::NodeKind kind : *kinds) step.add_node_kinds(kind);
  }
  if (fields.size() > 3) {
    auto stances = ParseStanceList(AnyIsEmpty(fields[3]));
    if (!stances.ok()) return InContext(stances.status(), "step", text);
    for (v1::Stance stance : *stances) step.add_stances(stance);
  }
  return step;
}

absl::StatusOr<v1::PropertyFilter> ParseFilter(absl::string_view text) {
  struct Operator {
    absl::string_view token;
    v1::PropertyFilter::Operator value;
  };
  // Two-character tokens first, so that "!=" is not read as "=".
  static constexpr Operator kOperators[] = {
      {"!=", v1::PropertyFilter::OPERATOR_NOT_EQUALS},
      {">=", v1::PropertyFilter::OPERATOR_AT_LEAST},
      {"<=", v1::PropertyFilter::OPERATOR_AT_MOST},
      {"~", v1::PropertyFilter::OPERATOR_CONTAINS},
      {"=", v1::PropertyFilter::OPERATOR_EQUALS},
  };
  // The operator is the first one to appear; the value may hold any of them.
  for (size_t pos = 0; pos < text.size(); ++pos) {
    for (const Operator& op : kOperators) {
      if (text.substr(pos, op.token.size()) != op.token) continue;
      if (pos == 0) {
        return InContext(absl::InvalidArgumentError("the key is missing"),
                         "filter", text);
      }
      const absl::string_view key = text.substr(0, pos);
      absl::StatusOr<std::string> value =
          FilterValue(key, text.substr(pos + op.token.size()));
      if (!value.ok()) return InContext(value.status(), "filter", text);
      v1::PropertyFilter filter;
      filter.set_key(std::string(key));
      filter.set_operator_(op.value);
      filter.set_value(*std::move(value));
      return filter;
    }
  }
  return InContext(absl::InvalidArgumentError(
                       "want KEY=VALUE, KEY!=VALUE, KEY~VALUE, KEY>=VALUE "
                       "or KEY<=VALUE"),
                   "filter", text);
}

absl::StatusOr<std::vector<v1::TraversalStep>> ParseSteps(
    const std::vector<std::pair<std::string, std::string>>& ordered_flags) {
  std::vector<v1::TraversalStep> steps;
  for (const auto& [flag, value] : ordered_flags) {
    if (flag == "step") {
      absl::StatusOr<v1::TraversalStep> step = ParseStep(value);
      if (!step.ok()) return step.status();
      steps.push_back(*std::move(step));
      continue;
    }
    if (flag != "filter" && flag != "stance") continue;
    if (steps.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag,
                       " qualifies the --step before it; give a "
                       "--step first"));
    }
    if (flag == "filter") {
      absl::StatusOr<v1::PropertyFilter> filter = ParseFilter(value);
      if (!filter.ok()) return filter.status();
      *steps.back().add_filters() = *std::move(filter);
    } else {
      auto stances = ParseStanceList(value);
      if (!stances.ok()) return InContext(stances.status(), "stance", value);
      for (v1::Stance stance : *stances) steps.back().add_stances(stance);
    }
  }
  return steps;
}

}  // namespace remarkgraph::cli
