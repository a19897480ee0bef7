// The parser of verbatim minutes: 会議録, 議事録 and 速記録 of assemblies,
// councils and committees. A header (title, date, time, place), ○-headings
// that open the header's parts (〇出席委員, ○議事日程, 〇本日の会議に付した
// 事件), then every word spoken, each remark opened by a speaker marker:
// ○議長(山田太郎君), ○日向委員長, the assembly record systems' ◆委員(浜田修)
// and ◎部長(小池哲也), 【茂木IT担当大臣】 on its own line or before the
// words, or a colon label (委員長(相馬君):, 本間君:, 井上委員:). Stage
// directions (〔「異議なし」と呼ぶ者あり〕, （拍手）, (14:00)) are not
// remarks. Items come from the agenda parts and 日程第N or △ headings; the
// chair's declarations give their outcomes and become the links of the
// vote.
#include <algorithm>
#include <map>
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
#include "ingest/votes.h"

namespace remarkgraph::ingest::internal {
namespace {

using Part = MinutesPart;

bool ContainsAny(std::u32string_view s,
                 std::initializer_list<std::u32string_view> words) {
  for (auto w : words) {
    if (s.find(w) != s.npos) return true;
  }
  return false;
}

// A line of dashes or rules: ――――, ─────, -----, ＝＝＝.
bool IsRule(std::u32string_view n) {
  if (n.size() < 3) return false;
  for (char32_t c : n) {
    if (std::u32string_view(U"-―─━‐－=＝~〜_・*").find(c) ==
            std::u32string_view::npos &&
        !IsSpace(c)) {
      return false;
    }
  }
  return true;
}

// A short line with a time and 散会/開会 (午前11時19分散会): the clock, not
// anyone's words.
bool IsClockLine(std::u32string_view n) {
  return n.size() <= 24 && n.find(U'。') == n.npos &&
         ContainsAny(n, {U"開会", U"散会", U"閉会", U"開議", U"休憩", U"再開",
                         U"延会", U"閉議"}) &&
         FindTimeRange(n).has_value();
}

// After ○: the label and where the words start. "委員長(日向一郎君)　本日は"
// and "委員長(日向一郎君)本日は" (no space) both end the label at the ')'.
struct Marker {
  size_t label_end = 0;   // In the text after the circle.
  size_t text_begin = 0;  // 0: the words start on the next line.
};

std::optional<Marker> CircleMarker(std::u32string_view s) {
  size_t close = s.find(')');
  size_t open = s.find('(');
  if (open != s.npos && close != s.npos && open < close && close <= 30 &&
      open > 0) {
    std::u32string inner(s.substr(open + 1, close - open - 1));
    std::u32string base = RemoveSpaces(s.substr(0, open));
    if (LooksLikePersonName(StripHonorific(RemoveSpaces(inner))) ||
        IsRoleLabel(base)) {
      Marker m;
      m.label_end = close + 1;
      size_t t = close + 1;
      while (t < s.size() && IsSpace(s[t])) ++t;
      m.text_begin = t < s.size() ? t : 0;
      return m;
    }
  }
  SplitMarker split = SplitCircleMarker(s);
  if (split.label.empty()) return std::nullopt;
  // "○山田委員　ただいまの…" / "○山田太郎君　…" / "○議長" alone.
  std::u32string label = RemoveSpaces(split.label);
  if (label.size() > 30) return std::nullopt;
  if (split.text_begin == 0 && !IsRoleLabel(label) &&
      !LooksLikePersonName(StripHonorific(label))) {
    return std::nullopt;
  }
  Marker m;
  m.label_end = split.label_end;
  m.text_begin = split.text_begin;
  return m;
}

// Where a heading's words start after its number: "3 出席委員", "(3)出席委員",
// "3. 出席委員", "第3 出席者" (NFKC). 0 when there is no number, or when
// nothing follows it.
size_t AfterHeadingNumber(std::u32string_view n) {
  size_t k = 0;
  bool paren = false;
  if (StartsWith(n, U"第")) k = 1;
  if (k == 0 && k < n.size() && n[k] == '(') {
    paren = true;
    ++k;
  }
  size_t digits = k;
  while (k < n.size() && IsAsciiDigit(n[k])) ++k;
  if (k == digits || k - digits > 2) return 0;
  if (paren) {
    if (k >= n.size() || n[k] != ')') return 0;
    ++k;
  } else if (k < n.size() && (n[k] == '.' || n[k] == U'、')) {
    ++k;
  } else if (k >= n.size() || !IsSpace(n[k])) {
    return 0;
  }
  while (k < n.size() && IsSpace(n[k])) ++k;
  return k < n.size() ? k : 0;
}

// Whether a marker's label names a speaker for the ◆ ◎ ◇ marks, which also
// open headings (◎議事日程, ◎諸般の報告): a role, or a name in brackets.
bool SpeakerLabelForMark(std::u32string_view label) {
  std::u32string compact = RemoveSpaces(label);
  return compact.find('(') != compact.npos || IsRoleLabel(compact);
}

class KaigirokuParser {
 public:
  KaigirokuParser(std::u32string_view src, const ParseOptions& options)
      : src_(src), remarks_(src, options, out_) {
    out_.format = Format::kKaigiroku;
  }

  absl::StatusOr<ParsedMinutes> Run();

 private:
  void HeaderValue(const Line& line, size_t from);
  void ItemLine(const Line& line, size_t from);
  void DateOrTime(std::u32string_view n);
  absl::Status Open(const Line& line, size_t label_begin, size_t label_end,
                    size_t text_begin);
  void Outcomes();

  std::u32string_view src_;
  ParsedMinutes out_;
  RemarkBuilder remarks_;
  std::vector<Line> lines_;
  std::vector<const Line*> header_lines_;
  std::set<std::u32string> attendee_keys_;
  std::map<std::u32string, int> item_by_key_;  // 議案45 -> item ordinal.
  Part part_ = Part::kHeader;
  bool in_body_ = false;
  int line_number_ = 0;
};

void KaigirokuParser::DateOrTime(std::u32string_view n) {
  if (out_.date.empty()) {
    if (auto d = FindJapaneseDate(n)) out_.date = d->iso;
  }
  if (auto tr = FindTimeRange(n)) {
    bool closing = ContainsAny(n, {U"散会", U"閉会", U"延会"}) &&
                   !ContainsAny(n, {U"開会", U"開議"});
    if (closing) {
      if (out_.end_time.empty()) out_.end_time = tr->start;
    } else if (out_.start_time.empty()) {
      out_.start_time = tr->start;
      if (!tr->end.empty()) out_.end_time = tr->end;
    }
  }
}

// A line inside a header part, from NFKC position `from`.
void KaigirokuParser::HeaderValue(const Line& line, size_t from) {
  std::u32string_view n = line.n().substr(from);
  while (!n.empty() && (IsSpace(n.front()) || n.front() == ':')) {
    n.remove_prefix(1);
    ++from;
  }
  if (n.empty()) return;
  switch (part_) {
    case Part::kAttendees:
      for (const AttendeeCell& cell : SplitAttendeeLine(n)) {
        if (cell.absent || !attendee_keys_.insert(PersonKey(cell.name)).second) {
          continue;
        }
        Attendee a;
        a.name = EncodeUtf8(cell.name);
        a.title = EncodeUtf8(cell.title);
        a.span = {line.At(from + cell.begin), line.At(from + cell.end)};
        out_.attendees.push_back(std::move(a));
      }
      return;
    case Part::kItems:
      ItemLine(line, from);
      return;
    case Part::kDate:
      DateOrTime(n);
      return;
    case Part::kPlace:
      if (out_.place.empty()) out_.place = EncodeUtf8(n);
      return;
    case Part::kHeader:
      DateOrTime(n);
      if (!FindJapaneseDate(n) && !IsClockLine(n)) header_lines_.push_back(&line);
      return;
    case Part::kAbsent:
    case Part::kOther:
      DateOrTime(n);
      return;
  }
}

void KaigirokuParser::ItemLine(const Line& line, size_t from) {
  std::u32string_view n = line.n();
  size_t k = from;
  while (k < n.size() && (IsBullet(n[k]) || IsSpace(n[k]))) ++k;
  // (1) 中間とりまとめ(案)について: the agenda's own numbering.
  // Or 1. 報告書骨子案について.
  const size_t number_end = k < n.size() ? AfterHeadingNumber(n.substr(k)) : 0;
  const bool numbered = number_end > 0;
  if (k < n.size() && n[k] == '(' && !numbered) return;  // (午前10時), (敬称略).
  k += number_end;
  if (k >= n.size() || IsEndMark(n.substr(k))) return;
  std::vector<ItemNumber> numbers = FindItemNumbers(n.substr(k));
  if (numbers.empty() && n.find(U"のとおり") != n.npos) return;  // 議事日程のとおり
  // A continuation of the item above: no number, and the item above is
  // still open (its line did not end a sentence).
  if (numbers.empty() && !numbered && !out_.items.empty() && !in_body_ &&
      out_.items.back().span.end == lines_[line.number - 2].end &&
      n.size() - k <= 40 && !IsSentenceEnd(lines_[line.number - 2].n().back())) {
    Item& last = out_.items.back();
    last.title += EncodeUtf8(src_.substr(line.At(k), line.end - line.At(k)));
    last.span.end = line.end;
    return;
  }
  for (const ItemNumber& num : numbers) {
    auto it = item_by_key_.find(num.key);
    if (it != item_by_key_.end()) {
      // Known already (日程第1 in the body for an agenda line): name it again.
      for (const ItemNumber& other : numbers) item_by_key_.emplace(other.key, it->second);
      return;
    }
  }
  Item item;
  item.ordinal = static_cast<int>(out_.items.size()) + 1;
  item.kind = AgendaLineKind(n.substr(k));
  int32_t b = line.At(k);
  item.title = EncodeUtf8(Trim(src_.substr(b, line.end - b)));
  item.span = {b, line.end};
  if (item.title.empty()) return;
  for (const ItemNumber& num : numbers) item_by_key_.emplace(num.key, item.ordinal);
  out_.items.push_back(std::move(item));
}

absl::Status KaigirokuParser::Open(const Line& line, size_t label_begin,
                                   size_t label_end, size_t text_begin) {
  in_body_ = true;
  part_ = Part::kOther;
  int32_t lb = line.At(label_begin), le = line.At(label_end);
  RETURN_IF_ERROR(remarks_.Open(Trim(src_.substr(lb, le - lb)), false, "",
                                line.number));
  if (text_begin > 0 && text_begin < line.n().size()) {
    remarks_.Append(line, text_begin);
  }
  return absl::OkStatus();
}

absl::StatusOr<ParsedMinutes> KaigirokuParser::Run() {
  ASSIGN_OR_RETURN(lines_, SplitLines(src_, remarks_.options().interrupt));
  for (const Line& line : lines_) {
    line_number_ = line.number;
    std::u32string_view n = line.n();
    if (n.empty() || IsPageNumber(n) || IsRule(n)) continue;
    if (!in_body_ && IsPageChrome(n)) continue;
    if (IsStageDirection(n)) {
      out_.stage_directions.push_back(
          EncodeUtf8(src_.substr(line.begin, line.end - line.begin)));
      continue;
    }
    if (IsClockLine(n)) {
      DateOrTime(n);
      continue;
    }
    // A running page header: the document's name again.
    if (in_body_ && HasKindWord(n) && n.size() <= 40 && n.find(U'。') == n.npos &&
        !IsSpeakerMark(n.front())) {
      continue;
    }
    char32_t f = n.front();
    // △議案第58号 …, △開会の宣告: the record systems' headings.
    if (f == U'△' || f == U'▲') {
      remarks_.Close();
      if (!FindItemNumbers(n.substr(1)).empty() && n.find(U'。') == n.npos) {
        ItemLine(line, 1);
      }
      continue;
    }
    if (IsSpeakerMark(f)) {
      size_t a = 1;
      while (a < n.size() && IsSpace(n[a])) ++a;
      std::u32string_view after = n.substr(a);
      // A heading (〇出席委員, ○議事日程) is not a speaker.
      size_t word_end = 0;
      while (word_end < after.size() && !IsSpace(after[word_end]) &&
             after[word_end] != ':') {
        ++word_end;
      }
      if (auto part = HeadingPart(RemoveSpaces(after.substr(0, word_end)))) {
        remarks_.Close();
        part_ = *part;
        if (part_ == Part::kOther && !in_body_) part_ = Part::kHeader;
        if (part_ == Part::kDate || part_ == Part::kPlace) {
          size_t v = a;
          while (v < n.size() && !IsSpace(n[v]) && n[v] != ':') ++v;
          HeaderValue(line, v);
        } else if (word_end < after.size()) {
          HeaderValue(line, a + word_end);
        }
        continue;
      }
      bool circle = f == U'○' || f == U'〇' || f == U'◯';
      if (auto m = CircleMarker(after);
          m && (circle || SpeakerLabelForMark(after.substr(0, m->label_end)))) {
        RETURN_IF_ERROR(Open(line, a, a + m->label_end,
                             m->text_begin == 0 ? 0 : a + m->text_begin));
        continue;
      }
      if (!circle && n.find(U'。') == n.npos) {
        remarks_.Close();  // ◎諸般の報告: a heading of the record systems.
        continue;
      }
    }
    // 【茂木IT担当大臣】 alone on its line, or 【原田部会長】 before the words.
    if (f == U'【') {
      size_t close = n.find(U'】');
      if (close != n.npos && close >= 2 && close <= 40) {
        std::u32string inner = RemoveSpaces(n.substr(1, close - 1));
        if (IsRoleLabel(inner) || LooksLikePersonName(StripHonorific(inner))) {
          size_t t = close + 1;
          while (t < n.size() && IsSpace(n[t])) ++t;
          RETURN_IF_ERROR(Open(line, 1, close, t < n.size() ? t : 0));
          continue;
        }
      }
    }
    // Headings without a circle: 出席委員（7名）, 日程第1 …, 議事日程.
    if (!in_body_ || part_ == Part::kItems) {
      const size_t word_begin = in_body_ ? 0 : AfterHeadingNumber(n);
      size_t word_end = word_begin;
      while (word_end < n.size() && !IsSpace(n[word_end]) && n[word_end] != ':') {
        ++word_end;
      }
      // "場　所　みなと区役所": a two-character heading spaced out.
      if (word_end == word_begin + 1 && word_end + 1 < n.size() && IsSpace(n[word_end])) {
        size_t next = word_end;
        while (next < n.size() && IsSpace(n[next])) ++next;
        if (next < n.size() && (next + 1 == n.size() || IsSpace(n[next + 1]))) {
          word_end = next + 1;
        }
      }
      std::u32string head = RemoveSpaces(n.substr(word_begin, word_end - word_begin));
      // "議　題": a short heading spaced out.
      if (std::u32string whole = RemoveSpaces(n.substr(word_begin));
          whole.size() <= 6 && whole.size() > head.size() && n.find(':') == n.npos) {
        head = whole;
        word_end = n.size();
      }
      if (auto part = HeadingPart(head);
          part && n.find(U'。') == n.npos && n.size() <= 60) {
        part_ = *part == Part::kOther ? (in_body_ ? Part::kOther : Part::kHeader)
                                      : *part;
        if (word_end < n.size()) HeaderValue(line, word_end);
        continue;
      }
    }
    // 日程第1 会議録署名議員の指名: an item heading between remarks.
    if (StartsWith(n, U"日程第") && n.find(U'。') == n.npos && n.size() <= 80) {
      remarks_.Close();
      ItemLine(line, 0);
      continue;
    }
    // (石井会長) ただいまから…: a bracketed label before the words; a
    // bracketed group ((委員) 石井、上野) stays in the header unless a
    // sentence follows.
    if (f == '(') {
      size_t close = n.find(')');
      if (close != n.npos && close >= 3 && close <= 20 && !IsAsciiDigit(n[1])) {
        std::u32string inner = RemoveSpaces(n.substr(1, close - 1));
        size_t t = close + 1;
        while (t < n.size() && IsSpace(n[t])) ++t;
        if (t < n.size() && IsRoleLabel(inner) &&
            (in_body_ || n.find(U'。', t) != n.npos)) {
          RETURN_IF_ERROR(Open(line, 1, close, t));
          continue;
        }
      }
    }
    // Colon labels: 委員長(相馬君): / 本間君:.
    // Before the first remark, and in the header's lists, a label must be
    // a person's (君, さん) or open a sentence, so that 事務局: 課長 小林
    // stays in the header.
    {
      const bool header_part = part_ == Part::kHeader || part_ == Part::kOther;
      // ・北村委員：…: a bullet before the label is no part of it.
      size_t b = 0;
      while (b < n.size() && (IsBullet(n[b]) || IsSpace(n[b]))) ++b;
      if (auto m = SplitColonMarker(n.substr(b), out_.attendees);
          m && (n.find(U'。', b + m->label_end) != n.npos ||
                ((in_body_ || header_part) &&
                 (m->label.find(U'君') != m->label.npos ||
                  m->label.find(U"さん") != m->label.npos || in_body_)))) {
        RETURN_IF_ERROR(Open(line, b, b + m->label_end,
                             b + m->text_begin < n.size() ? b + m->text_begin : 0));
        continue;
      }
    }
    if (remarks_.open()) {
      remarks_.Append(line, 0);
      continue;
    }
    if (in_body_) {
      out_.warnings.push_back(
          {line.number, "text outside any remark (no speaker marker before "
                        "it); left out"});
      continue;
    }
    HeaderValue(line, 0);
  }
  remarks_.Close();
  out_.title = ChooseTitle(src_, header_lines_, out_.warnings);
  if (out_.remarks.empty()) {
    return absl::InvalidArgumentError(
        "verbatim minutes without any speaker marker (○議長(山田太郎君), "
        "○山田委員, 山田君:)");
  }
  // Done with the lines: freed before the source text is encoded.
  header_lines_.clear();
  std::vector<Line>().swap(lines_);
  out_.source_text = EncodeUtf8(src_);
  ResolveSpeakers(out_);
  Outcomes();
  return std::move(out_);
}

// The chair's declarations: each sentence declaring an outcome gives it to
// the items it names, else to the items last put to the meeting; the
// declaration is the vote's link (adopts, or references for a rejection or
// a deferral).
void KaigirokuParser::Outcomes() {
  std::vector<int> on_floor;  // Items last named in a chair's remark.
  const LineIndex lines(out_.source_text);
  for (const Remark& r : out_.remarks) {
    std::u32string label =
        RemoveSpaces(NormalizeNfkc(DecodeUtf8(r.speaker_label).value_or(U"")).text);
    std::u32string role = DecodeUtf8(r.role).value_or(U"");
    bool chair = IsChairRole(role) || IsChairRole(RoleOf(label));
    if (!chair) continue;
    NormalizedText n = NormalizeNfkc(DecodeUtf8(r.text).value_or(U""));
    for (const auto& [b, e] : Sentences(n.text)) {
      std::u32string_view sent = std::u32string_view(n.text).substr(b, e - b);
      std::vector<int> named;
      for (const ItemNumber& num : FindItemNumbers(sent)) {
        auto it = item_by_key_.find(num.key);
        if (it != item_by_key_.end() &&
            std::find(named.begin(), named.end(), it->second) == named.end()) {
          named.push_back(it->second);
        }
      }
      Outcome outcome = DeclaredOutcome(sent);
      if (outcome == Outcome::kUnspecified) {
        if (!named.empty()) on_floor = named;
        continue;
      }
      std::vector<int> targets = named.empty() ? on_floor : named;
      if (targets.empty()) {
        out_.warnings.push_back(
            {lines.LineOf(r.span.begin), absl::StrCat("remark ", r.ordinal,
                                " declares an outcome but names no item")});
        continue;
      }
      int32_t qb = r.text_offsets[n.OriginBegin(b)];
      int32_t qe = r.text_offsets[n.OriginEnd(e) - 1] + 1;
      for (int t : targets) {
        Item& item = out_.items[t - 1];
        item.outcome = outcome;
        Link link;
        link.remark = r.ordinal;
        link.kind = outcome == Outcome::kAdopted ? LinkKind::kAdopts
                                                 : LinkKind::kReferences;
        link.target_type = TargetType::kItem;
        link.target = absl::StrCat(t);
        Evidence ev;
        ev.span = {qb, qe};
        ev.quote = EncodeUtf8(src_.substr(qb, qe - qb));
        ev.rule = "vote";
        ev.confidence = 0.9f;
        link.evidence.push_back(std::move(ev));
        out_.links.push_back(std::move(link));
      }
      on_floor = targets;
    }
  }
}

}  // namespace

absl::StatusOr<ParsedMinutes> ParseKaigiroku(std::u32string_view text,
                                             const ParseOptions& options) {
  KaigirokuParser parser(text, options);
  return parser.Run();
}

}  // namespace remarkgraph::ingest::internal
