#include "query/internal/filters.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/strings.h"

namespace remarkgraph::query::internal {
namespace {

constexpr std::string_view kPropertiesPrefix = "properties.";

// A key's value on a node; nullopt when the node does not have the key.
absl::StatusOr<std::optional<std::string>> ValueOf(const std::string& key,
                                                   const NodeRecord& node,
                                                   MeetingCache& meetings) {
  if (key == "title") return node.title();
  if (key == "speaker_label") {
    if (KindOf(node) != NodeKind::kRemark) return std::nullopt;
    return node.speaker_label();
  }
  if (key == "item_kind" || key == "outcome") {
    if (KindOf(node) != NodeKind::kItem) return std::nullopt;
    return absl::StrCat(key == "item_kind" ? node.item_kind() : node.outcome());
  }
  if (key == "date") return meetings.DateOf(node);
  // Validated: anything else is `properties.KEY`.
  auto it = node.properties().find(key.substr(kPropertiesPrefix.size()));
  if (it == node.properties().end()) return std::nullopt;
  return it->second;
}

// Byte order, except that the numeric keys compare as numbers when both
// sides are numbers ("10" after "9").
int Compare(const std::string& key, const std::string& a,
            const std::string& b) {
  if (key == "item_kind" || key == "outcome") {
    int64_t x, y;
    if (absl::SimpleAtoi(a, &x) && absl::SimpleAtoi(b, &y)) {
      return x < y ? -1 : (x > y ? 1 : 0);
    }
  }
  return a.compare(b);
}

}  // namespace

absl::Status ValidateFilters(const std::vector<PropertyFilter>& filters,
                             std::string_view field) {
  for (const PropertyFilter& filter : filters) {
    const std::string& key = filter.key;
    if (key == "title" || key == "date" || key == "speaker_label" ||
        key == "item_kind" || key == "outcome") {
      continue;
    }
    if (absl::StartsWith(key, Sv(kPropertiesPrefix)) &&
        key.size() > kPropertiesPrefix.size()) {
      continue;
    }
    return absl::InvalidArgumentError(
        StrCat(field, ": unknown filter key '", key,
               "' (expected title, date, speaker_label, item_kind, outcome or "
               "properties.KEY)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<const MeetingCache::Entry*> MeetingCache::Get(
    const std::string& meeting_name) {
  auto it = entries_.find(meeting_name);
  if (it != entries_.end()) return &it->second;
  Entry entry;
  ASSIGN_OR_RETURN(std::optional<NodeId> id, snapshot_.Resolve(meeting_name));
  if (id.has_value()) {
    ASSIGN_OR_RETURN(std::optional<NodeRecord> record, snapshot_.GetNode(*id));
    ++reads_;
    if (record.has_value()) {
      entry.id = *id;
      entry.record = *std::move(record);
    }
  }
  return &entries_.emplace(meeting_name, std::move(entry)).first->second;
}

absl::StatusOr<std::optional<std::string>> MeetingCache::DateOf(
    const NodeRecord& node) {
  switch (KindOf(node)) {
    case NodeKind::kMeeting:
      return node.date();
    case NodeKind::kItem:
    case NodeKind::kRemark: {
      ASSIGN_OR_RETURN(const Entry* entry,
                       Get(storage::MeetingOf(node.name())));
      if (entry->id == storage::kNoNode) return std::nullopt;
      return entry->record.date();
    }
    default:
      return std::nullopt;
  }
}

absl::StatusOr<bool> PassesFilters(const std::vector<PropertyFilter>& filters,
                                   const NodeRecord& node,
                                   MeetingCache& meetings) {
  for (const PropertyFilter& filter : filters) {
    ASSIGN_OR_RETURN(std::optional<std::string> value,
                     ValueOf(filter.key, node, meetings));
    bool pass = false;
    if (!value.has_value()) {
      // A missing key is "not equal" to anything and fails every other test.
      pass = filter.op == PropertyFilter::Op::kNotEquals;
    } else {
      switch (filter.op) {
        case PropertyFilter::Op::kEquals:
          pass = *value == filter.value;
          break;
        case PropertyFilter::Op::kNotEquals:
          pass = *value != filter.value;
          break;
        case PropertyFilter::Op::kContains:
          pass = absl::StrContains(*value, filter.value);
          break;
        case PropertyFilter::Op::kAtLeast:
          pass = Compare(filter.key, *value, filter.value) >= 0;
          break;
        case PropertyFilter::Op::kAtMost:
          pass = Compare(filter.key, *value, filter.value) <= 0;
          break;
      }
    }
    if (!pass) return false;
  }
  return true;
}

absl::StatusOr<bool> NodeMatchesStep(const Step& step, const NodeRecord& node,
                                     MeetingCache& meetings) {
  if (!step.node_kinds.empty() &&
      std::find(step.node_kinds.begin(), step.node_kinds.end(), KindOf(node)) ==
          step.node_kinds.end()) {
    return false;
  }
  return PassesFilters(step.filters, node, meetings);
}

bool StanceAllowed(const Step& step, EdgeKind kind, Stance stance) {
  if (step.stances.empty() || kind != EdgeKind::kReferences) return true;
  return std::find(step.stances.begin(), step.stances.end(), stance) !=
         step.stances.end();
}

}  // namespace remarkgraph::query::internal
