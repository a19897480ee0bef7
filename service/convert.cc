#include "service/convert.h"

#include <bit>
#include <cstdint>

#include "absl/time/time.h"
#include "service/wire_encoding.h"

namespace remarkgraph::service {
namespace {

using storage::NodeKind;

void SpanToRecord(const v1::TextSpan& span, int32_t* begin, int32_t* end) {
  *begin = span.begin();
  *end = span.end();
}

}  // namespace

storage::NodeRecord ToRecord(const v1::Node& node) {
  storage::NodeRecord record;
  record.set_kind(static_cast<uint32_t>(node.kind()));
  record.set_name(node.name());
  record.set_title(node.title());
  record.mutable_properties()->insert(node.properties().begin(),
                                      node.properties().end());
  switch (node.details_case()) {
    case v1::Node::kMeeting: {
      const v1::MeetingDetails& m = node.meeting();
      record.set_date(m.date());
      record.set_start_time(m.start_time());
      record.set_end_time(m.end_time());
      record.set_place(m.place());
      record.set_source_format(m.source_format());
      record.set_source_digest(m.source_digest());
      break;
    }
    case v1::Node::kItem:
      record.set_item_kind(static_cast<uint32_t>(node.item().item_kind()));
      record.set_outcome(static_cast<uint32_t>(node.item().outcome()));
      record.set_ordinal(node.item().ordinal());
      break;
    case v1::Node::kRemark: {
      const v1::RemarkDetails& r = node.remark();
      record.set_ordinal(r.ordinal());
      record.set_speaker_label(r.speaker_label());
      record.set_text(r.text());
      int32_t begin = 0, end = 0;
      SpanToRecord(r.source_span(), &begin, &end);
      record.set_span_begin(begin);
      record.set_span_end(end);
      break;
    }
    case v1::Node::kPerson:
      record.set_reading(node.person().reading());
      for (const std::string& title : node.person().titles()) {
        record.add_titles(title);
      }
      break;
    case v1::Node::DETAILS_NOT_SET:
      break;
  }
  return record;
}

v1::Node ToWire(const storage::NodeRecord& record) {
  v1::Node node;
  node.set_name(record.name());
  node.set_kind(static_cast<v1::NodeKind>(record.kind()));
  node.set_title(record.title());
  node.mutable_properties()->insert(record.properties().begin(),
                                    record.properties().end());
  switch (static_cast<NodeKind>(record.kind())) {
    case NodeKind::kMeeting: {
      v1::MeetingDetails* m = node.mutable_meeting();
      m->set_date(record.date());
      m->set_start_time(record.start_time());
      m->set_end_time(record.end_time());
      m->set_place(record.place());
      m->set_source_format(record.source_format());
      m->set_source_digest(record.source_digest());
      break;
    }
    case NodeKind::kItem: {
      v1::ItemDetails* item = node.mutable_item();
      item->set_item_kind(static_cast<v1::ItemKind>(record.item_kind()));
      item->set_outcome(static_cast<v1::ItemOutcome>(record.outcome()));
      item->set_ordinal(record.ordinal());
      break;
    }
    case NodeKind::kRemark: {
      v1::RemarkDetails* r = node.mutable_remark();
      r->set_ordinal(record.ordinal());
      r->set_speaker_label(record.speaker_label());
      r->set_text(record.text());
      r->mutable_source_span()->set_begin(record.span_begin());
      r->mutable_source_span()->set_end(record.span_end());
      break;
    }
    case NodeKind::kPerson: {
      v1::PersonDetails* p = node.mutable_person();
      p->set_reading(record.reading());
      for (const std::string& title : record.titles()) p->add_titles(title);
      break;
    }
    default:
      break;
  }
  return node;
}

storage::EdgeRecord ToRecord(const v1::Edge& edge) {
  storage::EdgeRecord record;
  record.set_stance(static_cast<uint32_t>(edge.stance()));
  record.mutable_properties()->insert(edge.properties().begin(),
                                      edge.properties().end());
  for (const v1::Evidence& e : edge.evidence()) {
    storage::EvidenceRecord* out = record.add_evidence();
    out->set_source(e.source());
    out->set_span_begin(e.span().begin());
    out->set_span_end(e.span().end());
    out->set_quote(e.quote());
    out->set_rule(e.rule());
    out->set_confidence(e.confidence());
    out->set_section(e.section());
  }
  return record;
}

v1::Edge ToWire(const storage::EdgeRecord& record, storage::EdgeKind kind,
                const std::string& source, const std::string& target) {
  v1::Edge edge;
  edge.set_source(source);
  edge.set_target(target);
  edge.set_kind(static_cast<v1::EdgeKind>(kind));
  edge.set_stance(static_cast<v1::Stance>(record.stance()));
  edge.mutable_properties()->insert(record.properties().begin(),
                                    record.properties().end());
  for (const storage::EvidenceRecord& e : record.evidence()) {
    v1::Evidence* out = edge.add_evidence();
    out->set_source(e.source());
    out->mutable_span()->set_begin(e.span_begin());
    out->mutable_span()->set_end(e.span_end());
    out->set_quote(e.quote());
    out->set_rule(e.rule());
    out->set_confidence(e.confidence());
    out->set_section(e.section());
  }
  return edge;
}

void AppendEncodedEdge(const storage::EdgeRecord& record, storage::EdgeKind kind,
                       std::string_view source, std::string_view target, std::string* out) {
  AppendStringField(v1::Edge::kSourceFieldNumber, source, out);
  AppendStringField(v1::Edge::kTargetFieldNumber, target, out);
  AppendVarintField(v1::Edge::kKindFieldNumber, static_cast<uint64_t>(kind), out);
  AppendVarintField(v1::Edge::kStanceFieldNumber, record.stance(), out);
  std::string evidence, span;
  for (const storage::EvidenceRecord& e : record.evidence()) {
    evidence.clear();
    span.clear();
    AppendStringField(v1::Evidence::kSourceFieldNumber, e.source(), &evidence);
    // ToWire always sets the span, so it goes even when empty.
    AppendVarintField(v1::TextSpan::kBeginFieldNumber, IntFieldValue(e.span_begin()), &span);
    AppendVarintField(v1::TextSpan::kEndFieldNumber, IntFieldValue(e.span_end()), &span);
    AppendField(v1::Evidence::kSpanFieldNumber, span, &evidence);
    AppendStringField(v1::Evidence::kQuoteFieldNumber, e.quote(), &evidence);
    AppendStringField(v1::Evidence::kRuleFieldNumber, e.rule(), &evidence);
    AppendFloatField(v1::Evidence::kConfidenceFieldNumber, e.confidence(), &evidence);
    AppendStringField(v1::Evidence::kSectionFieldNumber, e.section(), &evidence);
    AppendField(v1::Edge::kEvidenceFieldNumber, evidence, out);
  }
  for (const auto& [key, value] : record.properties()) {
    evidence.clear();  // A map entry: the key is field 1, the value field 2.
    AppendField(1, key, &evidence);
    AppendField(2, value, &evidence);
    AppendField(v1::Edge::kPropertiesFieldNumber, evidence, out);
  }
}

v1::QueryStats ToWire(const query::Stats& stats) {
  v1::QueryStats out;
  out.set_nodes_visited(stats.nodes_visited);
  out.set_edges_scanned(stats.edges_scanned);
  out.set_truncated(stats.truncated());
  out.set_truncation_reason(
      static_cast<v1::TruncationReason>(stats.truncation));
  out.set_elapsed_micros(absl::ToInt64Microseconds(stats.elapsed));
  return out;
}

query::Budget FromWire(const v1::QueryBudget& budget, query::Budget base) {
  if (budget.max_depth() != 0) base.max_depth = budget.max_depth();
  if (budget.max_nodes() != 0) base.max_nodes = budget.max_nodes();
  if (budget.max_edges_scanned() != 0) {
    base.max_edges_scanned = budget.max_edges_scanned();
  }
  if (budget.max_fanout() != 0) base.max_fanout = budget.max_fanout();
  if (budget.time_budget_ms() != 0) {
    base.time_budget = absl::Milliseconds(budget.time_budget_ms());
  }
  return base;
}

query::Direction FromWire(v1::Direction direction, query::Direction unset) {
  switch (direction) {
    case v1::DIRECTION_OUTGOING:
      return query::Direction::kOutgoing;
    case v1::DIRECTION_INCOMING:
      return query::Direction::kIncoming;
    case v1::DIRECTION_BOTH:
      return query::Direction::kBoth;
    default:
      return unset;
  }
}

}  // namespace remarkgraph::service
