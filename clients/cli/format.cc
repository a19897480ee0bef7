#include "clients/cli/format.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "clients/cli/enum_names.h"

namespace remarkgraph::cli {
namespace {

// Accumulates "label: value" lines, skipping empty values.
class FieldLines {
 public:
  void Add(absl::string_view label, absl::string_view value) {
    if (value.empty() || value == "-") return;
    fields_.emplace_back(std::string(label), std::string(value));
  }

  // Continuation lines of a multi-line value line up under its first line.
  std::string Render(absl::string_view indent) const {
    size_t width = 0;
    for (const auto& field : fields_) {
      width = std::max(width, field.first.size());
    }
    std::string out;
    for (const auto& [label, value] : fields_) {
      const std::string lead = absl::StrCat(
          indent, label, ":", std::string(width - label.size() + 2, ' '));
      absl::StrAppend(
          &out, lead,
          absl::StrReplaceAll(value,
                              {{"\n", "\n" + std::string(lead.size(), ' ')}}),
          "\n");
    }
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace

std::string DisplayTitle(const v1::Node& node) {
  if (!node.title().empty() || !node.has_remark()) return node.title();
  const v1::RemarkDetails& remark = node.remark();
  if (remark.speaker_label().empty()) return remark.text();
  return absl::StrCat(remark.speaker_label(), ": ", remark.text());
}

std::string NodeDetail(const v1::Node& node) {
  FieldLines fields;
  fields.Add("kind", ShortName(node.kind()));
  fields.Add("title", node.title());
  switch (node.details_case()) {
    case v1::Node::kMeeting: {
      const v1::MeetingDetails& m = node.meeting();
      fields.Add("date", m.date());
      if (!m.start_time().empty() || !m.end_time().empty()) {
        fields.Add("time", absl::StrCat(m.start_time(), "-", m.end_time()));
      }
      fields.Add("place", m.place());
      fields.Add("source format", m.source_format());
      fields.Add("source digest", m.source_digest());
      break;
    }
    case v1::Node::kItem: {
      const v1::ItemDetails& item = node.item();
      if (item.ordinal() != 0) {
        fields.Add("ordinal", absl::StrCat(item.ordinal()));
      }
      fields.Add("item kind", ShortName(item.item_kind()));
      fields.Add("outcome", ShortName(item.outcome()));
      break;
    }
    case v1::Node::kRemark: {
      const v1::RemarkDetails& remark = node.remark();
      if (remark.ordinal() != 0) {
        fields.Add("ordinal", absl::StrCat(remark.ordinal()));
      }
      fields.Add("speaker label", remark.speaker_label());
      if (remark.has_source_span()) {
        fields.Add("source span",
                   absl::StrCat(remark.source_span().begin(), "-",
                                remark.source_span().end()));
      }
      fields.Add("text", remark.text());
      break;
    }
    case v1::Node::kPerson: {
      const v1::PersonDetails& person = node.person();
      fields.Add("reading", person.reading());
      fields.Add("titles", absl::StrJoin(person.titles(), ", "));
      break;
    }
    case v1::Node::DETAILS_NOT_SET:
      break;
  }
  // Properties in key order, so that output is stable.
  const std::map<std::string, std::string> properties(node.properties().begin(),
                                                      node.properties().end());
  for (const auto& [key, value] : properties) {
    fields.Add(absl::StrCat("properties.", key), value);
  }
  return absl::StrCat(node.name(), "\n", fields.Render("  "));
}

v1::Stance FirstStance(
    const google::protobuf::RepeatedPtrField<v1::Edge>& edges) {
  for (const v1::Edge& edge : edges) {
    if (edge.stance() != v1::STANCE_UNSPECIFIED) return edge.stance();
  }
  return v1::STANCE_UNSPECIFIED;
}

std::string Count(int64_t count, absl::string_view noun) {
  return absl::StrCat(count, " ", noun, count == 1 ? "" : "s");
}

std::string StatsLine(const v1::QueryStats& stats) {
  std::string line = absl::StrFormat(
      "visited %s, scanned %s, %.1f ms", Count(stats.nodes_visited(), "node"),
      Count(stats.edges_scanned(), "edge"), stats.elapsed_micros() / 1000.0);
  if (stats.truncated()) {
    absl::StrAppend(&line, "; truncated");
    if (stats.truncation_reason() != v1::TRUNCATION_REASON_UNSPECIFIED) {
      absl::StrAppend(&line, " (", ShortName(stats.truncation_reason()), ")");
    }
  }
  return line;
}

std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += c;
        }
    }
  }
  out += "\"";
  return out;
}

bool IsIsoDate(absl::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int year = 0, month = 0, day = 0;
  for (const size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(text[i])) return false;
  }
  if (!absl::SimpleAtoi(text.substr(0, 4), &year) ||
      !absl::SimpleAtoi(text.substr(5, 2), &month) ||
      !absl::SimpleAtoi(text.substr(8, 2), &day)) {
    return false;
  }
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace remarkgraph::cli
