// The National Diet Library minutes API (kokkai.ndl.go.jp/api): the speech
// endpoint ({"speechRecord": [...]}, speeches of possibly several meetings)
// and the meeting endpoint ({"meetingRecord": [{..., "speechRecord": [...]}]}).
// speechOrder 0 is the meeting's header (attendees, agenda), not a remark.
// A meeting's source text is its speeches joined by blank lines, in order.
// The Imperial Diet API (帝国議会会議録, 1890-1947) has the same shape with
// more fields (imageKind, session as a number, closing, startPage), and its
// OCR'd speeches often lack the speaker fields: any field may be missing or
// null. The ○ label that opens a speech is checked against `speaker`.

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/formats.h"
#include "ingest/interrupt.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

int Int(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return -1;
  if (it->is_number_integer()) return it->get<int>();
  if (it->is_string()) {
    try {
      return std::stoi(it->get<std::string>());
    } catch (...) {
      return -1;
    }
  }
  return -1;
}

struct Speech {
  int order = 0;
  json record;
};

// The order of a speech: speechOrder, or its place in the response when the
// field is missing or null.
int OrderOf(const json& speech, int position) {
  const int order = Int(speech, "speechOrder");
  return order >= 0 ? order : position;
}

// NFKC without spaces.
std::u32string Compact(std::u32string_view s) { return RemoveSpaces(NormalizeNfkc(s).text); }

// Whether the label printed at the start of a speech (議長(山田太郎君),
// 金田委員長, 委員長, 国務大臣(加藤勝信君)) can be `speaker`: it holds the
// name, starts with the same character (surname + role), or is a role
// alone. Lenient: only a label that plainly names someone else fails.
bool LabelFitsSpeaker(std::u32string_view label, std::u32string_view speaker) {
  const std::u32string l = Compact(label), who = Compact(speaker);
  if (l.empty() || who.empty()) return true;
  if (l.find(who) != std::u32string::npos || l[0] == who[0]) return true;
  std::u32string_view rest = l;
  static constexpr std::u32string_view kRoles[] = {
      U"君",     U"議長",   U"副議長", U"委員長", U"副委員長", U"会長", U"理事",
      U"委員",   U"大臣",   U"参考人", U"証人",   U"公述人",   U"政府委員"};
  for (bool cut = true; cut && !rest.empty();) {
    cut = false;
    for (std::u32string_view role : kRoles) {
      if (EndsWith(rest, role)) {
        rest.remove_suffix(role.size());
        cut = true;
      }
    }
  }
  return rest.empty();
}

// Items from the header's 本日の会議に付した案件 block.
void HeaderItems(std::u32string_view header, ParsedMinutes& m, int32_t base) {
  size_t p = header.find(U"本日の会議に付した案件");
  if (p == header.npos) return;
  size_t i = header.find('\n', p);
  while (i != header.npos && i < header.size()) {
    size_t e = header.find('\n', i + 1);
    if (e == header.npos) e = header.size();
    std::u32string_view line = Trim(header.substr(i + 1, e - i - 1));
    if (line.empty() || line.find(U"――") != line.npos) {
      if (!m.items.empty()) break;
    } else {
      Item item;
      item.ordinal = static_cast<int>(m.items.size()) + 1;
      item.kind = ItemKind::kDiscussion;
      item.title = EncodeUtf8(line);
      int32_t b = static_cast<int32_t>(line.data() - header.data());
      item.span = {base + b, base + b + static_cast<int32_t>(line.size())};
      m.items.push_back(std::move(item));
    }
    i = e;
  }
}

absl::StatusOr<ParsedMinutes> BuildMeeting(const json& meeting,
                                           std::vector<Speech> speeches,
                                           const ParseOptions& options) {
  std::stable_sort(speeches.begin(), speeches.end(),
                   [](const Speech& a, const Speech& b) { return a.order < b.order; });
  ParsedMinutes m;
  m.format = Format::kNdl;
  std::string house = Str(meeting, "nameOfHouse");
  std::string name = Str(meeting, "nameOfMeeting");
  std::string issue = Str(meeting, "issue");
  m.body = house.empty() ? name : absl::StrCat(house, " ", name);
  m.title = absl::StrCat(m.body, issue.empty() ? "" : " ", issue);
  m.date = Str(meeting, "date");
  const std::string issue_id = Str(meeting, "issueID");
  if (m.date.empty()) {
    m.warnings.push_back({0, absl::StrCat("meeting ", issue_id, " has no date")});
  }
  std::u32string source;
  std::map<std::string, size_t> attendee_index;
  InterruptPoller poller(options.interrupt, 64);
  for (const Speech& s : speeches) {
    RETURN_IF_ERROR(poller.Poll());
    std::u32string text = DecodeUtf8(Str(s.record, "speech")).value_or(U"");
    if (!source.empty()) source += U"\n\n";
    int32_t base = static_cast<int32_t>(source.size());
    source += text;
    if (s.order == 0) {
      HeaderItems(text, m, base);
      continue;
    }
    if (m.remarks.size() >= options.max_remarks) {
      return absl::InvalidArgumentError(absl::StrCat(
          "meeting ", Str(meeting, "issueID"), " holds more than ",
          options.max_remarks, " speeches"));
    }
    // "○金田委員長　これより…": the marker as printed, then the words.
    size_t b = 0;
    std::u32string label;
    if (!text.empty() && (text[0] == U'○' || text[0] == U'◯' || text[0] == U'〇')) {
      size_t sp = 1;
      while (sp < text.size() && !IsSpace(text[sp]) && text[sp] != '\n') ++sp;
      label = text.substr(1, sp - 1);
      b = sp;
      while (b < text.size() && (IsSpace(text[b]) || text[b] == '\n')) ++b;
    }
    Remark r;
    r.ordinal = static_cast<int>(m.remarks.size()) + 1;
    std::string speaker = Str(s.record, "speaker");
    r.speaker_label = label.empty() ? speaker : EncodeUtf8(label);
    r.person = speaker;
    if (speaker.empty()) {
      m.warnings.push_back(
          {0, absl::StrCat("speech ", s.order, " of meeting ", issue_id,
                           " has no speaker; kept under its label ", EncodeUtf8(label))});
    } else if (!LabelFitsSpeaker(label, DecodeUtf8(speaker).value_or(U""))) {
      m.warnings.push_back({0, absl::StrCat("speech ", s.order, " of meeting ", issue_id,
                                            ": its label ○", EncodeUtf8(label),
                                            " does not name the speaker ", speaker,
                                            "; the speaker field is taken")});
    }
    std::string role = Str(s.record, "speakerRole");
    std::string position = Str(s.record, "speakerPosition");
    r.role = role.empty() ? position : role;
    r.section = Str(s.record, "speechID");
    size_t e = text.size();
    while (e > b && (IsSpace(text[e - 1]) || text[e - 1] == '\n')) --e;
    if (e <= b) continue;  // A marker without words.
    r.text = EncodeUtf8(std::u32string_view(text).substr(b, e - b));
    for (size_t k = b; k < e; ++k) r.text_offsets.push_back(base + static_cast<int32_t>(k));
    r.span = {base + static_cast<int32_t>(b), base + static_cast<int32_t>(e)};
    if (!speaker.empty() && !attendee_index.count(speaker)) {
      attendee_index[speaker] = m.attendees.size();
      Attendee a;
      a.name = speaker;
      a.title = position.empty() ? Str(s.record, "speakerGroup") : position;
      a.reading = Str(s.record, "speakerYomi");
      m.attendees.push_back(std::move(a));
    }
    m.remarks.push_back(std::move(r));
  }
  if (m.remarks.empty()) {
    m.warnings.push_back({0, absl::StrCat("meeting ", Str(meeting, "issueID"),
                                          " has no speeches beyond its header")});
  }
  m.source_text = EncodeUtf8(source);
  return m;
}

}  // namespace

absl::StatusOr<std::vector<ParsedMinutes>> ParseNdlJson(
    std::string_view text, const ParseOptions& options) {
  // The JSON parser calls back at every value; every 4,096th polls the
  // interrupt, and a stop unwinds the parser by an exception of its own.
  struct Stopped {};
  absl::Status stop;
  InterruptPoller parse_poller(options.interrupt, 4096);
  const json::parser_callback_t poll = [&](int, json::parse_event_t, json&) {
    if (stop = parse_poller.Poll(); !stop.ok()) throw Stopped{};
    return true;
  };
  json root;
  try {
    root = json::parse(text.begin(), text.end(), options.interrupt ? poll : nullptr);
  } catch (const json::parse_error& e) {
    return absl::InvalidArgumentError(absl::StrCat(
        "malformed or truncated NDL JSON at byte ", e.byte, ": ", e.what()));
  } catch (const Stopped&) {
    return stop;
  }
  InterruptPoller poller(options.interrupt, 64);
  if (!root.is_object()) {
    return absl::InvalidArgumentError("NDL JSON must be an object");
  }
  if (root.contains("message") && !root.contains("speechRecord") &&
      !root.contains("meetingRecord")) {
    return absl::InvalidArgumentError(
        absl::StrCat("NDL API error response: ", Str(root, "message")));
  }
  std::vector<ParsedMinutes> out;
  if (auto it = root.find("meetingRecord"); it != root.end()) {
    if (!it->is_array()) {
      return absl::InvalidArgumentError("NDL JSON: meetingRecord is not an array");
    }
    for (const json& meeting : *it) {
      if (!meeting.is_object()) {
        return absl::InvalidArgumentError("NDL JSON: a meetingRecord is not an object");
      }
      std::vector<Speech> speeches;
      auto sr = meeting.find("speechRecord");
      if (sr != meeting.end() && sr->is_array()) {
        int position = 0;
        for (const json& s : *sr) {
          ++position;
          if (s.is_object()) speeches.push_back({OrderOf(s, position), s});
        }
      }
      auto m = BuildMeeting(meeting, std::move(speeches), options);
      if (!m.ok()) return m.status();
      out.push_back(*std::move(m));
      RETURN_IF_ERROR(poller.Poll());
    }
  } else if (auto it = root.find("speechRecord"); it != root.end()) {
    if (!it->is_array()) {
      return absl::InvalidArgumentError("NDL JSON: speechRecord is not an array");
    }
    // Group speeches by meeting (issueID), in order of first appearance.
    std::vector<std::string> order;
    std::map<std::string, std::vector<Speech>> groups;
    int position = 0;
    for (const json& s : *it) {
      ++position;
      RETURN_IF_ERROR(poller.Poll());
      if (!s.is_object()) continue;
      std::string id = Str(s, "issueID");
      if (!groups.count(id)) order.push_back(id);
      groups[id].push_back({OrderOf(s, position), s});
    }
    for (const std::string& id : order) {
      const json& first = groups[id].front().record;
      auto m = BuildMeeting(first, std::move(groups[id]), options);
      if (!m.ok()) return m.status();
      out.push_back(*std::move(m));
      RETURN_IF_ERROR(poller.Poll());
    }
  } else {
    return absl::InvalidArgumentError(
        "JSON is not an NDL minutes API response: no speechRecord or "
        "meetingRecord");
  }
  if (out.empty()) {
    return absl::InvalidArgumentError("NDL JSON holds no meeting records");
  }
  return out;
}

}  // namespace remarkgraph::ingest::internal
