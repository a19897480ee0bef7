#include "service/validate.h"

#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "common/strings.h"

namespace remarkgraph::service {
namespace {

absl::Status Invalid(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(StrCat(field, ": ", problem));
}

}  // namespace

absl::Status ValidateName(std::string_view name, std::string_view field) {
  return storage::ParseResourceName(name, field).status();
}

absl::Status ValidateOptionalName(std::string_view name,
                                  storage::NodeKind kind,
                                  std::string_view field) {
  if (name.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const storage::ResourceName parsed,
                   storage::ParseResourceName(name, field));
  if (parsed.kind != kind) {
    return Invalid(field, StrCat("'", name, "' is a ",
                                 storage::NodeKindName(parsed.kind),
                                 ", expected a ", storage::NodeKindName(kind)));
  }
  return absl::OkStatus();
}

absl::Status ValidateText(std::string_view text, size_t max_bytes,
                          std::string_view field) {
  if (text.size() > max_bytes) {
    return Invalid(field, StrCat("is ", text.size(), " bytes; at most ",
                                 max_bytes, " are allowed"));
  }
  if (!storage::IsValidUtf8(text)) return Invalid(field, "is not valid UTF-8");
  return absl::OkStatus();
}

absl::Status ValidateProperties(
    const google::protobuf::Map<std::string, std::string>& properties,
    std::string_view field) {
  if (properties.size() > kMaxProperties) {
    return Invalid(field, StrCat("has ", properties.size(),
                                 " entries; at most ", kMaxProperties));
  }
  for (const auto& [key, value] : properties) {
    const std::string key_field = StrCat(field, "[\"", key.substr(0, 64), "\"]");
    if (key.empty()) return Invalid(field, "has an empty key");
    RETURN_IF_ERROR(ValidateText(key, kMaxPropertyKeyBytes, StrCat(field, " key")));
    RETURN_IF_ERROR(ValidateText(value, kMaxPropertyValueBytes, key_field));
  }
  return absl::OkStatus();
}

absl::Status ValidateNodeKind(v1::NodeKind kind, std::string_view field) {
  if (kind <= v1::NODE_KIND_UNSPECIFIED || kind > storage::kMaxNodeKind) {
    return Invalid(field, StrCat("unknown node kind ", static_cast<int>(kind)));
  }
  return absl::OkStatus();
}

absl::Status ValidateEdgeKind(v1::EdgeKind kind, std::string_view field) {
  if (kind <= v1::EDGE_KIND_UNSPECIFIED || kind > storage::kMaxEdgeKind) {
    return Invalid(field, StrCat("unknown edge kind ", static_cast<int>(kind)));
  }
  return absl::OkStatus();
}

absl::Status ValidateStance(v1::Stance stance, std::string_view field) {
  if (stance < 0 || stance > storage::kMaxStance) {
    return Invalid(field, StrCat("unknown stance ", static_cast<int>(stance)));
  }
  return absl::OkStatus();
}

absl::Status ValidateDate(std::string_view date, std::string_view field) {
  if (date.empty()) return absl::OkStatus();
  if (!storage::IsValidDate(date)) {
    return Invalid(field, StrCat("'", date.substr(0, 32),
                                 "' is not a date of the form YYYY-MM-DD"));
  }
  return absl::OkStatus();
}

absl::Status ValidateTime(std::string_view time, std::string_view field) {
  if (time.empty()) return absl::OkStatus();
  if (!storage::IsValidTime(time)) {
    return Invalid(field, StrCat("'", time.substr(0, 32),
                                 "' is not a time of the form HH:MM"));
  }
  return absl::OkStatus();
}

absl::Status ValidateNode(const v1::Node& node, std::string_view field) {
  const std::string name_field = StrCat(field, ".name");
  ASSIGN_OR_RETURN(const storage::ResourceName parsed,
                   storage::ParseResourceName(node.name(), name_field));
  if (node.kind() != v1::NODE_KIND_UNSPECIFIED) {
    RETURN_IF_ERROR(ValidateNodeKind(node.kind(), StrCat(field, ".kind")));
    if (static_cast<int>(node.kind()) != static_cast<int>(parsed.kind)) {
      return Invalid(StrCat(field, ".kind"),
                     StrCat(v1::NodeKind_Name(node.kind()),
                            " does not match the name '", node.name(),
                            "', which is a ", storage::NodeKindName(parsed.kind)));
    }
  }
  RETURN_IF_ERROR(ValidateText(node.title(), kMaxTitleBytes, StrCat(field, ".title")));
  RETURN_IF_ERROR(ValidateProperties(node.properties(), StrCat(field, ".properties")));
  using storage::NodeKind;
  auto require_kind = [&](NodeKind wanted, std::string_view detail) {
    if (parsed.kind == wanted) return absl::OkStatus();
    return Invalid(StrCat(field, ".", detail),
                   StrCat("is for ", storage::NodeKindName(wanted),
                          " nodes, but '", node.name(), "' is a ",
                          storage::NodeKindName(parsed.kind)));
  };
  switch (node.details_case()) {
    case v1::Node::kMeeting: {
      RETURN_IF_ERROR(require_kind(NodeKind::kMeeting, "meeting"));
      const v1::MeetingDetails& m = node.meeting();
      RETURN_IF_ERROR(ValidateDate(m.date(), StrCat(field, ".meeting.date")));
      RETURN_IF_ERROR(ValidateTime(m.start_time(), StrCat(field, ".meeting.start_time")));
      RETURN_IF_ERROR(ValidateTime(m.end_time(), StrCat(field, ".meeting.end_time")));
      for (const auto& [text, sub] :
           {std::pair{&m.place(), "place"}, std::pair{&m.source_format(), "source_format"},
            std::pair{&m.source_digest(), "source_digest"}}) {
        RETURN_IF_ERROR(ValidateText(*text, kMaxTitleBytes,
                                     StrCat(field, ".meeting.", sub)));
      }
      break;
    }
    case v1::Node::kItem: {
      RETURN_IF_ERROR(require_kind(NodeKind::kItem, "item"));
      const v1::ItemDetails& item = node.item();
      if (!v1::ItemKind_IsValid(item.item_kind())) {
        return Invalid(StrCat(field, ".item.item_kind"), "unknown item kind");
      }
      if (!v1::ItemOutcome_IsValid(item.outcome())) {
        return Invalid(StrCat(field, ".item.outcome"), "unknown outcome");
      }
      if (item.ordinal() < 0) return Invalid(StrCat(field, ".item.ordinal"), "is negative");
      break;
    }
    case v1::Node::kRemark: {
      RETURN_IF_ERROR(require_kind(NodeKind::kRemark, "remark"));
      const v1::RemarkDetails& r = node.remark();
      if (r.ordinal() < 0) return Invalid(StrCat(field, ".remark.ordinal"), "is negative");
      RETURN_IF_ERROR(ValidateText(r.speaker_label(), kMaxTitleBytes,
                                   StrCat(field, ".remark.speaker_label")));
      RETURN_IF_ERROR(ValidateText(r.text(), kMaxTextBytes, StrCat(field, ".remark.text")));
      if (r.source_span().begin() < 0 || r.source_span().end() < r.source_span().begin()) {
        return Invalid(StrCat(field, ".remark.source_span"),
                       "needs 0 <= begin <= end");
      }
      break;
    }
    case v1::Node::kPerson: {
      RETURN_IF_ERROR(require_kind(NodeKind::kPerson, "person"));
      RETURN_IF_ERROR(ValidateText(node.person().reading(), kMaxTitleBytes,
                                   StrCat(field, ".person.reading")));
      if (node.person().titles_size() > kMaxProperties) {
        return Invalid(StrCat(field, ".person.titles"), "has too many entries");
      }
      for (int i = 0; i < node.person().titles_size(); ++i) {
        RETURN_IF_ERROR(ValidateText(node.person().titles(i), kMaxTitleBytes,
                                     StrCat(field, ".person.titles[", i, "]")));
      }
      break;
    }
    case v1::Node::DETAILS_NOT_SET:
      break;
  }
  return absl::OkStatus();
}

absl::Status ValidateEdge(const v1::Edge& edge, std::string_view field) {
  ASSIGN_OR_RETURN(const storage::ResourceName source,
                   storage::ParseResourceName(edge.source(), StrCat(field, ".source")));
  ASSIGN_OR_RETURN(const storage::ResourceName target,
                   storage::ParseResourceName(edge.target(), StrCat(field, ".target")));
  RETURN_IF_ERROR(ValidateEdgeKind(edge.kind(), StrCat(field, ".kind")));
  const auto kind = static_cast<storage::EdgeKind>(edge.kind());
  if (!storage::EdgeFits(kind, source.kind, target.kind)) {
    return Invalid(StrCat(field, ".kind"),
                   StrCat("a ", storage::EdgeKindName(kind), " edge joins ",
                          storage::EdgeSignature(kind), ", not ",
                          storage::NodeKindName(source.kind), " -> ",
                          storage::NodeKindName(target.kind)));
  }
  RETURN_IF_ERROR(ValidateStance(edge.stance(), StrCat(field, ".stance")));
  if (edge.stance() != v1::STANCE_UNSPECIFIED && kind != storage::EdgeKind::kReferences) {
    return Invalid(StrCat(field, ".stance"), "is only for REFERENCES edges");
  }
  if (edge.evidence_size() > kMaxEvidence) {
    return Invalid(StrCat(field, ".evidence"),
                   StrCat("has ", edge.evidence_size(), " entries; at most ", kMaxEvidence));
  }
  for (int i = 0; i < edge.evidence_size(); ++i) {
    const v1::Evidence& e = edge.evidence(i);
    const std::string ef = StrCat(field, ".evidence[", i, "]");
    RETURN_IF_ERROR(ValidateText(e.source(), kMaxTitleBytes, StrCat(ef, ".source")));
    RETURN_IF_ERROR(
        ValidateText(e.quote(), storage::kMaxEvidenceQuoteBytes, StrCat(ef, ".quote")));
    RETURN_IF_ERROR(ValidateText(e.rule(), kMaxPropertyKeyBytes, StrCat(ef, ".rule")));
    RETURN_IF_ERROR(ValidateText(e.section(), kMaxPropertyKeyBytes, StrCat(ef, ".section")));
    if (!(e.confidence() >= 0.0f && e.confidence() <= 1.0f)) {
      return Invalid(StrCat(ef, ".confidence"), "must be in [0, 1]");
    }
    if (e.span().begin() < 0 || e.span().end() < e.span().begin()) {
      return Invalid(StrCat(ef, ".span"), "needs 0 <= begin <= end");
    }
  }
  return ValidateProperties(edge.properties(), StrCat(field, ".properties"));
}

absl::Status ValidatePageSize(int page_size, std::string_view field) {
  if (page_size < 0) return Invalid(field, "must not be negative");
  return absl::OkStatus();
}

int EffectivePageSize(int page_size) {
  if (page_size <= 0) return kDefaultPageSize;
  return page_size > kMaxPageSize ? kMaxPageSize : page_size;
}

absl::Status ValidateBudget(const v1::QueryBudget& budget, int max_depth,
                            std::string_view field) {
  const std::pair<int64_t, const char*> fields[] = {
      {budget.max_depth(), "max_depth"},
      {budget.max_nodes(), "max_nodes"},
      {budget.max_edges_scanned(), "max_edges_scanned"},
      {budget.max_fanout(), "max_fanout"},
      {budget.time_budget_ms(), "time_budget_ms"}};
  for (const auto& [value, name] : fields) {
    if (value < 0) return Invalid(StrCat(field, ".", name), "must not be negative");
  }
  if (budget.max_depth() > max_depth) {
    return Invalid(StrCat(field, ".max_depth"),
                   StrCat(budget.max_depth(), " is above the server's ceiling of ",
                          max_depth));
  }
  return absl::OkStatus();
}

}  // namespace remarkgraph::service
