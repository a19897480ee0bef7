#include "clients/cli/enum_names.h"

#include <cstring>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"

namespace remarkgraph::cli {
namespace {

using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;

// The prefix every value of a wire enum carries: "NODE_KIND_" for NodeKind.
std::string PrefixOf(const EnumDescriptor* descriptor) {
  const std::string& unspecified = descriptor->value(0)->name();
  return unspecified.substr(0, unspecified.size() - strlen("UNSPECIFIED"));
}

std::string Strip(const EnumDescriptor* descriptor, int value) {
  const EnumValueDescriptor* found = descriptor->FindValueByNumber(value);
  if (found == nullptr) return absl::StrCat(value);
  if (found->index() == 0) return "-";
  return found->name().substr(PrefixOf(descriptor).size());
}

// `what` names the enum in errors ("node kind").
absl::StatusOr<int> Parse(const EnumDescriptor* descriptor,
                          absl::string_view what, absl::string_view text) {
  std::string upper =
      absl::StrReplaceAll(absl::AsciiStrToUpper(text), {{"-", "_"}});
  const std::string prefix = PrefixOf(descriptor);
  if (!absl::StartsWith(upper, prefix)) upper = prefix + upper;
  const EnumValueDescriptor* found = descriptor->FindValueByName(upper);
  if (found != nullptr && found->index() != 0) return found->number();
  std::vector<std::string> names;
  for (int i = 1; i < descriptor->value_count(); ++i) {
    names.push_back(absl::AsciiStrToLower(
        descriptor->value(i)->name().substr(prefix.size())));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown ", what, " '", text, "'; one of: ", absl::StrJoin(names, ", ")));
}

template <typename Enum>
absl::StatusOr<std::vector<Enum>> ParseList(
    absl::string_view text, absl::StatusOr<Enum> (*parse)(absl::string_view)) {
  std::vector<Enum> values;
  for (absl::string_view item :
       absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    absl::StatusOr<Enum> value = parse(absl::StripAsciiWhitespace(item));
    if (!value.ok()) return value.status();
    values.push_back(*value);
  }
  return values;
}

}  // namespace

absl::StatusOr<v1::NodeKind> ParseNodeKind(absl::string_view text) {
  absl::StatusOr<int> value =
      Parse(v1::NodeKind_descriptor(), "node kind", text);
  if (!value.ok()) return value.status();
  return static_cast<v1::NodeKind>(*value);
}

absl::StatusOr<v1::EdgeKind> ParseEdgeKind(absl::string_view text) {
  absl::StatusOr<int> value =
      Parse(v1::EdgeKind_descriptor(), "edge kind", text);
  if (!value.ok()) return value.status();
  return static_cast<v1::EdgeKind>(*value);
}

absl::StatusOr<v1::Stance> ParseStance(absl::string_view text) {
  absl::StatusOr<int> value = Parse(v1::Stance_descriptor(), "stance", text);
  if (!value.ok()) return value.status();
  return static_cast<v1::Stance>(*value);
}

absl::StatusOr<v1::ItemKind> ParseItemKind(absl::string_view text) {
  absl::StatusOr<int> value =
      Parse(v1::ItemKind_descriptor(), "item kind", text);
  if (!value.ok()) return value.status();
  return static_cast<v1::ItemKind>(*value);
}

absl::StatusOr<v1::ItemOutcome> ParseItemOutcome(absl::string_view text) {
  absl::StatusOr<int> value =
      Parse(v1::ItemOutcome_descriptor(), "outcome", text);
  if (!value.ok()) return value.status();
  return static_cast<v1::ItemOutcome>(*value);
}

absl::StatusOr<v1::Direction> ParseDirection(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "out") return v1::DIRECTION_OUTGOING;
  if (lower == "in") return v1::DIRECTION_INCOMING;
  absl::StatusOr<int> value =
      Parse(v1::Direction_descriptor(), "direction", text);
  if (!value.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown direction '", text, "'; one of: out, in, both"));
  }
  return static_cast<v1::Direction>(*value);
}

absl::StatusOr<std::vector<v1::NodeKind>> ParseNodeKindList(
    absl::string_view text) {
  return ParseList<v1::NodeKind>(text, ParseNodeKind);
}

absl::StatusOr<std::vector<v1::EdgeKind>> ParseEdgeKindList(
    absl::string_view text) {
  return ParseList<v1::EdgeKind>(text, ParseEdgeKind);
}

absl::StatusOr<std::vector<v1::Stance>> ParseStanceList(
    absl::string_view text) {
  return ParseList<v1::Stance>(text, ParseStance);
}

std::string ShortName(v1::NodeKind kind) {
  return Strip(v1::NodeKind_descriptor(), kind);
}
std::string ShortName(v1::EdgeKind kind) {
  return Strip(v1::EdgeKind_descriptor(), kind);
}
std::string ShortName(v1::Stance stance) {
  return Strip(v1::Stance_descriptor(), stance);
}
std::string ShortName(v1::ItemKind kind) {
  return Strip(v1::ItemKind_descriptor(), kind);
}
std::string ShortName(v1::ItemOutcome outcome) {
  return Strip(v1::ItemOutcome_descriptor(), outcome);
}
std::string ShortName(v1::TruncationReason reason) {
  return Strip(v1::TruncationReason_descriptor(), reason);
}

}  // namespace remarkgraph::cli
