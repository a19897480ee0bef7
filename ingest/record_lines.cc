// The project's own records, JSON Lines: one JSON object per line, its
// "type" one of meeting, attendee, item, remark, link. A meeting line opens
// a meeting; the lines after it belong to it. docs/import.md gives the
// fields. A meeting's source text is its remarks' texts joined by blank
// lines; spans point into it.
#include <map>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/formats.h"
#include "ingest/interrupt.h"
#include "ingest/ids.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

absl::Status LineError(size_t line, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("records line ", line, ": ", std::string(what)));
}

struct Pending {
  ParsedMinutes minutes;
  std::u32string source;
  std::map<std::string, int> item_keys, remark_keys;
  std::vector<std::pair<size_t, json>> links;  // Resolved at the end.
};

absl::Status FinishRecords(Pending& p, std::vector<ParsedMinutes>& out) {
  ParsedMinutes& m = p.minutes;
  for (auto& [line, l] : p.links) {
    std::string from = Str(l, "from"), to = Str(l, "to");
    auto fr = p.remark_keys.find(from);
    if (fr == p.remark_keys.end()) {
      return LineError(line, absl::StrCat("link from unknown remark '", from, "'"));
    }
    Link link;
    link.remark = fr->second;
    std::string kind = Str(l, "kind");
    bool known = false;
    for (LinkKind k : {LinkKind::kReferences, LinkKind::kAdopts, LinkKind::kCites,
                       LinkKind::kRepliesTo, LinkKind::kRefersTo, LinkKind::kAgreesWith}) {
      if (kind == LinkKindName(k)) {
        link.kind = k;
        known = true;
      }
    }
    if (!known) return LineError(line, absl::StrCat("unknown link kind '", kind, "'"));
    if (to.rfind("doc:", 0) == 0) {
      link.target_type = TargetType::kDocument;
      link.target = DocumentIdFor(to.substr(4));
    } else if (to.rfind("matter:", 0) == 0) {
      link.target_type = TargetType::kMatter;
      link.target = SlugId(to.substr(7));
    } else if (p.item_keys.count(to)) {
      link.target_type = TargetType::kItem;
      link.target = absl::StrCat(p.item_keys[to]);
    } else if (p.remark_keys.count(to)) {
      link.target_type = TargetType::kRemark;
      link.target = absl::StrCat(p.remark_keys[to]);
    } else {
      return LineError(line, absl::StrCat("link to unknown key '", to, "'"));
    }
    std::string stance = Str(l, "stance");
    if (!stance.empty()) {
      auto s = storage::ParseStance(stance);
      if (!s) return LineError(line, absl::StrCat("unknown stance '", stance, "'"));
      link.stance = *s;
    }
    const Remark& r = m.remarks[link.remark - 1];
    Evidence ev;
    ev.rule = "explicit";
    ev.confidence = 1.0f;
    ev.section = Str(l, "section");
    ev.span = r.span;
    ev.quote = Str(l, "quote");
    if (!ev.quote.empty()) {
      std::u32string text = DecodeUtf8(r.text).value_or(U"");
      std::u32string q = DecodeUtf8(ev.quote).value_or(U"");
      size_t at = text.find(q);
      if (at != text.npos && !q.empty()) {
        ev.span = {r.text_offsets[at], r.text_offsets[at + q.size() - 1] + 1};
      }
    }
    link.evidence.push_back(std::move(ev));
    m.links.push_back(std::move(link));
  }
  m.source_text = EncodeUtf8(p.source);
  out.push_back(std::move(m));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<ParsedMinutes>> ParseRecordLines(
    std::string_view text, const ParseOptions& options) {
  std::vector<ParsedMinutes> out;
  std::unique_ptr<Pending> p;
  size_t line_no = 0, pos = 0;
  InterruptPoller poller(options.interrupt, 256);
  while (pos < text.size()) {
    RETURN_IF_ERROR(poller.Poll());
    size_t e = text.find('\n', pos);
    if (e == text.npos) e = text.size();
    std::string_view line = text.substr(pos, e - pos);
    pos = e + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty()) continue;
    json j;
    try {
      j = json::parse(line.begin(), line.end());
    } catch (const json::parse_error& err) {
      return LineError(line_no, absl::StrCat("malformed or truncated JSON at byte ",
                                             err.byte, " of the line"));
    }
    if (!j.is_object()) return LineError(line_no, "not a JSON object");
    std::string type = Str(j, "type");
    if (type == "meeting") {
      if (p) RETURN_IF_ERROR(FinishRecords(*p, out));
      p = std::make_unique<Pending>();
      ParsedMinutes& m = p->minutes;
      m.format = Format::kRecords;
      m.meeting_id = Str(j, "id");
      if (!m.meeting_id.empty() && !IsValidId(m.meeting_id)) {
        return LineError(line_no, absl::StrCat("invalid meeting id '", m.meeting_id, "'"));
      }
      m.body = Str(j, "body");
      m.title = Str(j, "title");
      m.date = Str(j, "date");
      m.start_time = Str(j, "start_time");
      m.end_time = Str(j, "end_time");
      m.place = Str(j, "place");
      if (j.contains("autolink") && j["autolink"].is_boolean()) {
        m.autolink = j["autolink"].get<bool>();
      }
      continue;
    }
    if (!p) return LineError(line_no, "a meeting line must come first");
    ParsedMinutes& m = p->minutes;
    if (type == "attendee") {
      Attendee a{Str(j, "name"), Str(j, "title"), Str(j, "reading"), {}};
      if (a.name.empty()) return LineError(line_no, "attendee without a name");
      m.attendees.push_back(std::move(a));
    } else if (type == "item") {
      Item item;
      item.ordinal = static_cast<int>(m.items.size()) + 1;
      item.title = Str(j, "title");
      if (item.title.empty()) return LineError(line_no, "item without a title");
      std::string kind = Str(j, "kind");
      item.kind = kind == "decision" ? ItemKind::kDecision
                  : kind == "report" ? ItemKind::kReport
                  : kind == "discussion" ? ItemKind::kDiscussion
                                         : ItemKind::kUnspecified;
      std::string outcome = Str(j, "outcome");
      item.outcome = outcome == "adopted" ? Outcome::kAdopted
                     : outcome == "rejected" ? Outcome::kRejected
                     : outcome == "deferred" ? Outcome::kDeferred
                                             : Outcome::kUnspecified;
      item.presenter = Str(j, "presenter");
      item.verb = Str(j, "verb");
      std::string key = Str(j, "key");
      p->item_keys[key.empty() ? absl::StrCat("item", item.ordinal) : key] = item.ordinal;
      m.items.push_back(std::move(item));
    } else if (type == "remark") {
      if (m.remarks.size() >= options.max_remarks) {
        return LineError(line_no, absl::StrCat("more than ", options.max_remarks, " remarks"));
      }
      std::u32string body = DecodeUtf8(Str(j, "text")).value_or(U"");
      if (body.empty()) return LineError(line_no, "remark without text");
      Remark r;
      r.ordinal = static_cast<int>(m.remarks.size()) + 1;
      r.speaker_label = Str(j, "speaker");
      r.person = Str(j, "person");
      r.role = Str(j, "role");
      r.section = Str(j, "section");
      if (!p->source.empty()) p->source += U"\n\n";
      int32_t base = static_cast<int32_t>(p->source.size());
      p->source += body;
      r.text = EncodeUtf8(body);
      for (size_t k = 0; k < body.size(); ++k) r.text_offsets.push_back(base + static_cast<int32_t>(k));
      r.span = {base, base + static_cast<int32_t>(body.size())};
      std::string key = Str(j, "key");
      p->remark_keys[key.empty() ? absl::StrCat("remark", r.ordinal) : key] = r.ordinal;
      m.remarks.push_back(std::move(r));
    } else if (type == "link") {
      p->links.emplace_back(line_no, std::move(j));
    } else {
      return LineError(line_no, absl::StrCat("unknown record type '", type, "'"));
    }
  }
  if (!p) return absl::InvalidArgumentError("records hold no meeting line");
  RETURN_IF_ERROR(FinishRecords(*p, out));
  for (ParsedMinutes& m : out) {
    if (m.remarks.empty()) m.warnings.push_back({0, "meeting has no remark records"});
    if (m.title.empty() && m.body.empty()) {
      return absl::InvalidArgumentError("records: a meeting line needs a title or a body");
    }
  }
  return out;
}

}  // namespace remarkgraph::ingest::internal
