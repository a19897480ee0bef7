// The parser of 議事概要 and 発言要旨. Both are laid out the same way once
// extracted from PDF: a header (title, date), numbered sections, agenda
// brackets with bullet items, and remarks opened by speaker markers or by a
// section heading (委員長挨拶). The parser walks the lines once; each line is
// classified on its NFKC form while every offset stays in the original.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/attendee_lines.h"
#include "ingest/formats.h"
#include "ingest/names.h"
#include "ingest/speaker_labels.h"
#include "ingest/text_lines.h"
#include "ingest/text_util.h"
#include "ingest/votes.h"

namespace remarkgraph::ingest::internal {
namespace {

// "1 日時", "2. 場所": number and title, when the title reads like a heading.
std::optional<std::pair<int, size_t>> TopHeading(std::u32string_view n) {
  size_t i = 0;
  while (i < n.size() && IsAsciiDigit(n[i])) ++i;
  if (i == 0 || i > 2) return std::nullopt;
  size_t j = i;
  if (j < n.size() && (n[j] == '.' || n[j] == U'、')) ++j;
  size_t k = j;
  while (k < n.size() && IsSpace(n[k])) ++k;
  if (k == j || k >= n.size()) return std::nullopt;
  std::u32string_view title = n.substr(k);
  if (title.size() > 40 || title.find(U'。') != title.npos ||
      title.find(U'、') != title.npos) {
    return std::nullopt;
  }
  return std::make_pair(*ParseJapaneseNumber(n.substr(0, i)), k);
}

// "(1) 討議", "（２）本部長冒頭挨拶".
std::optional<std::pair<int, size_t>> SubHeading(std::u32string_view n) {
  if (n.size() < 4 || n[0] != '(') return std::nullopt;
  size_t i = 1;
  while (i < n.size() && IsSpace(n[i])) ++i;
  size_t d = i;
  while (i < n.size() && IsAsciiDigit(n[i])) ++i;
  if (i == d || i - d > 2) return std::nullopt;
  int number = *ParseJapaneseNumber(n.substr(d, i - d));
  while (i < n.size() && IsSpace(n[i])) ++i;
  if (i >= n.size() || n[i] != ')') return std::nullopt;
  ++i;
  while (i < n.size() && IsSpace(n[i])) ++i;
  std::u32string_view title = n.substr(i);
  if (title.empty() || title.size() > 40 || title.find(U'。') != title.npos) {
    return std::nullopt;
  }
  return std::make_pair(number, i);
}

// The speaker of a section that is itself a remark (委員長挨拶 -> 委員長).
std::u32string HeadingSpeaker(std::u32string_view title) {
  std::u32string t = RemoveSpaces(title);
  static constexpr std::u32string_view kEnds[] = {U"挨拶", U"あいさつ",
                                                   U"講評", U"総括"};
  bool found = false;
  for (auto e : kEnds) {
    if (EndsWith(t, e)) {
      t.resize(t.size() - e.size());
      found = true;
      break;
    }
  }
  if (!found) return U"";
  static constexpr std::u32string_view kMods[] = {
      U"冒頭", U"締め括り", U"締めくくり", U"締括り", U"開会", U"閉会",
      U"御",   U"ご",       U"による",     U"の"};
  for (bool again = true; again;) {
    again = false;
    for (auto m : kMods) {
      if (EndsWith(t, m) && t.size() > m.size()) {
        t.resize(t.size() - m.size());
        again = true;
      }
    }
  }
  if (t == U"開会" || t == U"閉会") return U"";
  return t;
}

enum class Section { kOther, kDate, kPlace, kAttendees };

class TextParser {
 public:
  TextParser(std::u32string_view src, Format format, const ParseOptions& o)
      : src_(src), remarks_(src, o, out_) {
    out_.format = format;
  }

  absl::StatusOr<ParsedMinutes> Run();

 private:
  void StartSection(std::u32string_view title);
  void HeaderLine(const Line& line);
  // From NFKC position `from` of the line.
  void AttendeeLine(const Line& line, size_t from = 0);
  void AddItem(const Line& line, size_t from, ItemKind kind);
  bool ReportBracket(const Line& line);
  absl::Status OpenRemark(std::u32string label, bool from_heading) {
    return remarks_.Open(label, from_heading, section_, line_number_);
  }
  void CloseRemark() { remarks_.Close(); }

  std::u32string_view src_;
  ParsedMinutes out_;
  RemarkBuilder remarks_;
  std::vector<Line> lines_;
  std::vector<const Line*> header_lines_;  // Title candidates.
  std::set<std::u32string> attendee_keys_;  // PersonKey of each attendee.
  int line_number_ = 0;  // Of the line being read.

  bool in_header_ = true;
  int top_next_ = 1;
  int sub_next_ = 1;
  Section section_kind_ = Section::kOther;
  std::string section_;
  ItemKind agenda_ = ItemKind::kUnspecified;
  // Under a section named 議題 or 議事 with no 【決定事項】 groups: each
  // numbered sub-heading ((1) …) is an item, its kind read from its words.
  bool agenda_list_ = false;
  std::u32string pending_heading_speaker_;
  bool found_marker_ = false;
};

void TextParser::StartSection(std::u32string_view title) {
  CloseRemark();
  in_header_ = false;
  agenda_ = ItemKind::kUnspecified;
  std::u32string t = RemoveSpaces(title);
  section_ = EncodeUtf8(t);
  agenda_list_ = t == U"議題" || t == U"議事" || t == U"案件" || t == U"議事日程" ||
                 t == U"審議事項";
  if (StartsWith(t, U"日時") || StartsWith(t, U"開催日時")) {
    section_kind_ = Section::kDate;
  } else if (StartsWith(t, U"場所") || StartsWith(t, U"開催場所") ||
             StartsWith(t, U"会場")) {
    section_kind_ = Section::kPlace;
  } else if (StartsWith(t, U"出席者") || StartsWith(t, U"出席委員") ||
             StartsWith(t, U"出席本部員") || StartsWith(t, U"出席構成員")) {
    section_kind_ = Section::kAttendees;
  } else {
    section_kind_ = Section::kOther;
  }
  pending_heading_speaker_ = HeadingSpeaker(t);
  // A heading that carries its value: "場所 市役所本庁舎7階 大会議室".
  if (section_kind_ == Section::kPlace && out_.place.empty()) {
    std::u32string_view place = ValueAfterHeadingWord(title);
    if (!place.empty()) out_.place = EncodeUtf8(place);
  }
  // A heading that carries its value: "日時 令和3年9月27日".
  if (section_kind_ == Section::kDate) {
    if (auto d = FindJapaneseDate(t); d && out_.date.empty()) out_.date = d->iso;
    if (auto tr = FindTimeRange(t); tr && out_.start_time.empty()) {
      out_.start_time = tr->start;
      out_.end_time = tr->end;
    }
  }
}

void TextParser::HeaderLine(const Line& line) {
  std::u32string_view n = line.n();
  if (IsPageChrome(n)) return;
  if (ReadDateLine(n, out_)) return;  // Mostly a date: not the title.
  std::u32string t = RemoveSpaces(n);
  // "場 所：…" and "出席者：…" in the header, without a numbered section.
  size_t colon = n.find_first_of(U":：");
  size_t value = colon == n.npos ? n.size() : colon + 1;
  while (value < n.size() && IsSpace(n[value])) ++value;
  if (StartsWith(t, U"場所") || StartsWith(t, U"会場")) {
    if (out_.place.empty() && value < n.size()) {
      out_.place = EncodeUtf8(src_.substr(line.At(value), line.end - line.At(value)));
    }
    return;
  }
  if (StartsWith(t, U"日時")) return;
  if (StartsWith(t, U"出席者") || StartsWith(t, U"出席委員") ||
      StartsWith(t, U"出席本部員") || StartsWith(t, U"出席構成員")) {
    StartSection(n.substr(0, colon == n.npos ? n.size() : colon));
    if (value < n.size()) AttendeeLine(line, value);
    return;
  }
  header_lines_.push_back(&line);
}

void TextParser::AttendeeLine(const Line& line, size_t from) {
  std::u32string_view n = line.n();
  if (n.find(U"別紙") != n.npos || n.find(U"別添") != n.npos) {
    out_.warnings.push_back(
        {line.number, "the attendees are listed in a separate sheet (別紙); none "
                      "were read from this line"});
    return;
  }
  for (AttendeeCell cell : SplitAttendeeLine(n.substr(from))) {
    cell.begin += from;
    cell.end += from;
    if (cell.absent) continue;
    if (!attendee_keys_.insert(PersonKey(cell.name)).second) continue;
    Attendee a;
    a.name = EncodeUtf8(cell.name);
    a.title = EncodeUtf8(cell.title);
    a.span = {line.At(std::min(cell.begin, n.size())),
              line.At(std::min(cell.end, n.size()))};
    out_.attendees.push_back(std::move(a));
  }
}

void TextParser::AddItem(const Line& line, size_t from, ItemKind kind) {
  Item item;
  item.ordinal = static_cast<int>(out_.items.size()) + 1;
  item.kind = kind;
  int32_t b = line.At(from);
  item.title = EncodeUtf8(Trim(src_.substr(b, line.end - b)));
  item.span = {b, line.end};
  if (!item.title.empty()) out_.items.push_back(std::move(item));
}

// 【事務局から、「…」について説明】: a report presented at the meeting.
bool TextParser::ReportBracket(const Line& line) {
  std::u32string_view n = line.n();
  size_t open = n.find(U'「');
  size_t close = n.rfind(U'」');
  if (open == n.npos || close == n.npos || close <= open + 1) return false;
  std::u32string_view after = n.substr(close + 1, n.size() - close - 2);
  static constexpr std::u32string_view kVerbs[] = {
      U"説明", U"講演", U"報告", U"発表", U"紹介", U"プレゼンテーション"};
  std::u32string_view verb;
  for (auto v : kVerbs) {
    if (after.find(v) != after.npos) verb = v;
  }
  if (verb.empty()) return false;
  Item item;
  item.ordinal = static_cast<int>(out_.items.size()) + 1;
  item.kind = ItemKind::kReport;
  int32_t b = line.At(open + 1), e = line.At(close);
  item.title = EncodeUtf8(src_.substr(b, e - b));
  item.span = {b, e};
  std::u32string_view who = n.substr(1, open - 1);
  size_t kara = who.find(U"から");
  if (kara != who.npos) who = who.substr(0, kara);
  item.presenter = EncodeUtf8(Trim(who));
  item.verb = EncodeUtf8(verb);
  out_.items.push_back(std::move(item));
  return true;
}

absl::StatusOr<ParsedMinutes> TextParser::Run() {
  ASSIGN_OR_RETURN(lines_, SplitLines(src_, remarks_.options().interrupt));
  for (const Line& line : lines_) {
    line_number_ = line.number;
    std::u32string_view n = line.n();
    if (n.empty()) continue;
    if (IsEndMark(n)) {
      CloseRemark();
      pending_heading_speaker_.clear();
      continue;
    }
    if (IsPageNumber(n)) continue;
    if (auto top = TopHeading(n);
        top && (top->first == top_next_ || (in_header_ && top->first == 1))) {
      top_next_ = top->first + 1;
      sub_next_ = 1;
      StartSection(n.substr(top->second));
      continue;
    }
    if (auto sub = SubHeading(n); sub && sub->first == sub_next_) {
      sub_next_ = sub->first + 1;
      if (agenda_list_ && !remarks_.open() && n.find(U'。') == n.npos) {
        AddItem(line, sub->second, AgendaLineKind(n.substr(sub->second)));
        continue;  // (1) 景観計画の改定(案)について, under 4 議題.
      }
      StartSection(n.substr(sub->second));
      continue;
    }
    // A running page header repeating the document's name. Checked after the
    // headings: "３ 議事概要", the next numbered section, names the kind too.
    if (!in_header_ && HasKindWord(n) && n.size() <= 40 &&
        n.find(U'。') == n.npos && n.front() != U'○' && n.front() != U'〇') {
      continue;
    }
    if (n.size() >= 2 && n.front() == U'【' && n.back() == U'】') {
      std::u32string_view inner = n.substr(1, n.size() - 2);
      CloseRemark();
      pending_heading_speaker_.clear();
      if (ReportBracket(line)) continue;
      agenda_ = ClassifyAgendaBracket(inner);
      continue;
    }
    if (IsStageDirection(n)) {
      out_.stage_directions.push_back(
          EncodeUtf8(src_.substr(line.begin, line.end - line.begin)));
      continue;
    }
    if (n.front() == U'○' || n.front() == U'◯' || n.front() == U'〇') {
      // ○出席者, 〇日時: a heading, not a speaker.
      std::u32string_view after = Trim(n.substr(1));
      size_t word = 0;
      while (word < after.size() && !IsSpace(after[word]) && after[word] != ':') ++word;
      if (auto part = HeadingPart(RemoveSpaces(after.substr(0, word)));
          part && *part != MinutesPart::kOther) {
        StartSection(after);
        continue;
      }
      SplitMarker m = SplitCircleMarker(n.substr(1));
      if (!m.label.empty()) {
        in_header_ = false;
        found_marker_ = true;
        pending_heading_speaker_.clear();
        agenda_ = ItemKind::kUnspecified;
        size_t label_begin = 1;
        while (label_begin < n.size() && IsSpace(n[label_begin])) ++label_begin;
        int32_t lb = line.At(label_begin);
        // m.label_end counts from just after the circle, spaces included.
        int32_t le = line.At(1 + m.label_end);
        RETURN_IF_ERROR(OpenRemark(
            std::u32string(Trim(src_.substr(lb, le - lb))), false));
        if (m.text_begin > 0) remarks_.Append(line, 1 + m.text_begin);
        continue;
      }
    }
    if (!in_header_ && section_kind_ == Section::kOther) {
      if (auto m = SplitColonMarker(n, out_.attendees); m) {
        found_marker_ = true;
        pending_heading_speaker_.clear();
        agenda_ = ItemKind::kUnspecified;
        int32_t le = line.At(m->label_end);
        RETURN_IF_ERROR(OpenRemark(
            std::u32string(Trim(src_.substr(line.begin, le - line.begin))),
            false));
        if (m->text_begin < n.size()) remarks_.Append(line, m->text_begin);
        continue;
      }
    }
    if (agenda_ != ItemKind::kUnspecified && !remarks_.open()) {
      size_t k = 0;
      while (k < n.size() && (IsBullet(n[k]) || IsSpace(n[k]))) ++k;
      if ((k > 0 || !IsSentenceEnd(n.back())) && k < n.size()) {
        AddItem(line, k, agenda_);
        continue;
      }
      agenda_ = ItemKind::kUnspecified;
    }
    if (in_header_) {
      HeaderLine(line);
      continue;
    }
    switch (section_kind_) {
      case Section::kDate:
        ReadDateLine(n, out_);
        continue;
      case Section::kPlace:
        if (out_.place.empty()) {
          out_.place = EncodeUtf8(src_.substr(line.begin, line.end - line.begin));
        }
        continue;
      case Section::kAttendees:
        AttendeeLine(line);
        continue;
      case Section::kOther:
        break;
    }
    if (!remarks_.open() && !pending_heading_speaker_.empty()) {
      RETURN_IF_ERROR(OpenRemark(pending_heading_speaker_, true));
      pending_heading_speaker_.clear();
    }
    if (remarks_.open()) remarks_.Append(line, 0);
    // Otherwise narrative between sections (上記について、…): not a remark.
  }
  CloseRemark();
  if (out_.title.empty()) out_.title = ChooseTitle(src_, header_lines_, out_.warnings);
  if (out_.title.empty() && out_.remarks.empty() && out_.items.empty()) {
    return absl::InvalidArgumentError(
        "no minutes found: no title, agenda item or remark");
  }
  if (!found_marker_) {
    out_.warnings.push_back(
        {0,
         "no speaker markers (○名前 or 委員：) found; only section openings "
         "became remarks"});
  }
  // Done with the lines (every line of the source in NFKC): freed before
  // the source text is encoded, so that both are not held at once.
  header_lines_.clear();
  std::vector<Line>().swap(lines_);
  out_.source_text = EncodeUtf8(src_);
  ResolveSpeakers(out_);
  return std::move(out_);
}

}  // namespace

absl::StatusOr<ParsedMinutes> ParseTextMinutes(std::u32string_view text,
                                               Format format,
                                               const ParseOptions& options) {
  TextParser parser(text, format, options);
  return parser.Run();
}

}  // namespace remarkgraph::ingest::internal
