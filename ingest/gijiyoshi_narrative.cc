// The parser of narrative 議事要旨 and 開催状況, as commissions publish them:
// numbered parts (第1 日時 / 第2 出席者 / 第3 議事), agenda groups (議題事項,
// 報告事項) each numbered from 1, and remarks told in the third person:
// 「A委員より、「…」旨、B委員より、「…」旨の発言があった」 holds two remarks,
// each with its speaker; 「局長から、「…」旨の説明があった」 is an answer;
// 「事務局から、…について報告があった」 presents the item; 「原案どおり決定
// した」 and 「了承した」 give the item its outcome.
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

enum class Part { kHeader, kDate, kPlace, kAttendees, kAgenda, kOther };

bool ContainsAny(std::u32string_view s,
                 std::initializer_list<std::u32string_view> words) {
  for (auto w : words) {
    if (s.find(w) != s.npos) return true;
  }
  return false;
}

// "第1 日時", "1 日時", "１．議事": number and where the title starts.
std::optional<std::pair<int, size_t>> PartHeading(std::u32string_view n) {
  size_t i = 0;
  bool dai = !n.empty() && n[0] == U'第';
  if (dai) ++i;
  size_t d = i;
  while (i < n.size() && IsAsciiDigit(n[i])) ++i;
  if (i == d || i - d > 2) return std::nullopt;
  int number = *ParseJapaneseNumber(n.substr(d, i - d));
  // "1.日時" (１．日時 in NFKC): the stop separates number and title.
  const bool stop = i < n.size() && (n[i] == '.' || n[i] == U'、');
  if (stop) ++i;
  size_t k = i;
  while (k < n.size() && IsSpace(n[k])) ++k;
  if (k >= n.size() || (k == i && !dai && !stop)) return std::nullopt;
  std::u32string_view title = n.substr(k);
  if (title.size() > 40 || title.find(U'。') != title.npos) return std::nullopt;
  return std::make_pair(number, k);
}

Part PartOf(std::u32string_view title) {
  std::u32string t = RemoveSpaces(title);
  if (StartsWith(t, U"日時") || StartsWith(t, U"開催日時")) return Part::kDate;
  if (StartsWith(t, U"場所") || StartsWith(t, U"開催場所") || StartsWith(t, U"会場")) {
    return Part::kPlace;
  }
  if (StartsWith(t, U"出席") || StartsWith(t, U"参加者")) return Part::kAttendees;
  if (ContainsAny(t, {U"議事", U"議題", U"概要", U"内容", U"審議"})) return Part::kAgenda;
  return Part::kOther;
}

// A paragraph of the agenda part: NFKC text with each character's source
// offset, and the line it starts on.
struct Para {
  std::u32string n;
  std::vector<int32_t> src;
  int line = 0;
  bool bullet = false;  // Opened by ・, -, ○.
};

// Verbs that close a told remark, and what they make of it.
constexpr std::u32string_view kRemarkVerbs[] = {
    U"発言", U"意見", U"質問", U"指摘", U"要望", U"説明", U"回答", U"答弁",
    U"報告", U"提案", U"コメント", U"依頼", U"要請"};

// The lead-in of a list of opinions without their speakers: 主な意見は以下の
// とおり. Returns who spoke them, as far as the sentence says (委員, 構成員),
// else 出席者; empty when the sentence is no such lead-in.
std::u32string OpinionListSpeakers(std::u32string_view sent) {
  bool lead_in = ContainsAny(sent, {U"主な意見", U"主な発言", U"主な質疑"}) ||
                 (ContainsAny(sent, {U"以下のとおり", U"次のとおり"}) &&
                  ContainsAny(sent, {U"意見", U"発言"}));
  if (!lead_in) return U"";
  for (std::u32string_view who : {U"構成員", U"委員", U"有識者", U"参加者"}) {
    if (sent.find(who) != sent.npos) return std::u32string(who);
  }
  return U"出席者";
}

class NarrativeParser {
 public:
  NarrativeParser(std::u32string_view src, const ParseOptions& options)
      : src_(src), remarks_(src, options, out_) {
    out_.format = Format::kGijiyoshiNarrative;
  }
  absl::StatusOr<ParsedMinutes> Run();

 private:
  void AttendeeLine(const Line& line);
  void AgendaLine(const Line& line);
  absl::Status FlushPara();
  absl::Status Sentence(const Para& p, size_t b, size_t e);
  absl::Status AddRemark(const Para& p, std::u32string_view label, size_t b, size_t e);
  void DropUnconfirmedAttendees();

  std::u32string_view src_;
  ParsedMinutes out_;
  RemarkBuilder remarks_;
  std::vector<Line> lines_;
  std::vector<const Line*> header_lines_;
  std::set<std::u32string> attendee_keys_;
  Part part_ = Part::kHeader;
  int part_next_ = 1;
  ItemKind group_ = ItemKind::kDiscussion;
  int item_next_ = 1;
  int item_ = -1;  // Index of the item being discussed, or -1.
  Item* item() { return item_ < 0 ? nullptr : &out_.items[item_]; }
  Para para_;
  bool found_remark_verbs_ = false;
  // While a list of opinions without speakers runs (after 主な意見は以下の
  // とおり), the label its bullets are kept under.
  std::u32string opinion_speakers_;
  // Attendees split from an office in a (事務局) line, by index.
  std::vector<size_t> tentative_;
};

void NarrativeParser::AttendeeLine(const Line& line) {
  std::u32string_view n = line.n();
  if (n.find(U"別紙") != n.npos || n.find(U"別添") != n.npos) {
    out_.warnings.push_back(
        {line.number, "the attendees are listed in a separate sheet (別紙); none "
                      "were read, so no speaker resolves to a person"});
    return;
  }
  size_t from = 0;
  bool secretariat = false;
  // "(委員) 日向委員長、…": the group label goes, the names stay.
  if (!n.empty() && (n[0] == '(' || n[0] == U'【' || n[0] == '[' || n[0] == U'〔')) {
    size_t close = n.find_first_of(U")】]〕");
    if (close == n.npos || close + 1 >= n.size()) return;
    secretariat = n.substr(0, close).find(U"事務局") != n.npos;
    from = close + 1;
  }
  std::u32string_view rest = n.substr(from);
  size_t lead = 0;
  while (lead < rest.size() && IsSpace(rest[lead])) ++lead;
  for (const AttendeeCell& cell : SplitAttendeeLine(rest.substr(lead))) {
    if (cell.absent || !attendee_keys_.insert(PersonKey(cell.name)).second) continue;
    // (事務局) 人材政策課長 may be an office listed without a name, or
    // 村上交通政策局長 a name glued to its office: kept only if a speaker's
    // label confirms the name (村上局長), see Run().
    if (secretariat &&
        IsRoleLabel(RemoveSpaces(rest.substr(lead + cell.begin, cell.end - cell.begin)))) {
      tentative_.push_back(out_.attendees.size());
    }
    Attendee a;
    a.name = EncodeUtf8(cell.name);
    a.title = EncodeUtf8(cell.title);
    a.span = {line.At(from + lead + cell.begin), line.At(from + lead + cell.end)};
    out_.attendees.push_back(std::move(a));
  }
}

void NarrativeParser::AgendaLine(const Line& line) {
  std::u32string_view n = line.n();
  std::u32string t = RemoveSpaces(n);
  // Agenda groups: (議題事項), 【報告事項】, 議題事項.
  std::u32string inner = t;
  if (t.size() >= 3 && (t.front() == '(' || t.front() == U'【' || t.front() == U'〈' ||
                        t.front() == '<' || t.front() == '[')) {
    inner = t.substr(1, t.size() - 2);
  }
  if (inner.size() <= 12 && ContainsAny(inner, {U"事項", U"議題", U"報告", U"審議",
                                                U"決定", U"協議", U"その他"}) &&
      inner.find(U'。') == inner.npos && inner.find(U'、') == inner.npos) {
    FlushPara().IgnoreError();
    group_ = ContainsAny(inner, {U"報告"})                       ? ItemKind::kReport
             : ContainsAny(inner, {U"議題", U"審議", U"決定", U"議決"}) ? ItemKind::kDecision
                                                                  : ItemKind::kDiscussion;
    item_next_ = 1;
    item_ = -1;
    return;
  }
  // Numbered items: "1 X について", "(1) X", "1. X".
  size_t i = 0;
  bool paren = !n.empty() && n[0] == '(';
  if (paren) ++i;
  size_t d = i;
  while (i < n.size() && IsAsciiDigit(n[i])) ++i;
  if (i > d && i - d <= 2) {
    int number = *ParseJapaneseNumber(n.substr(d, i - d));
    size_t k = i;
    if (paren && k < n.size() && n[k] == ')') ++k;
    if (!paren && k < n.size() && (n[k] == '.' || n[k] == U'、')) ++k;
    size_t title = k;
    while (title < n.size() && IsSpace(n[title])) ++title;
    if (number == item_next_ && title < n.size() && (title > k || paren) &&
        n.size() - title <= 80 && n.find(U'。') == n.npos) {
      FlushPara().IgnoreError();
      Item item;
      item.ordinal = static_cast<int>(out_.items.size()) + 1;
      item.kind = group_;
      int32_t b = line.At(title);
      item.title = EncodeUtf8(Trim(src_.substr(b, line.end - b)));
      item.span = {b, line.end};
      out_.items.push_back(std::move(item));
      item_ = static_cast<int>(out_.items.size()) - 1;
      ++item_next_;
      return;
    }
  }
  // Narrative: paragraphs join their lines; a bullet starts a new one.
  size_t k = 0;
  while (k < n.size() && (IsBullet(n[k]) || IsSpace(n[k]) || n[k] == U'○')) ++k;
  if (k > 0) FlushPara().IgnoreError();
  if (para_.n.empty()) {
    para_.line = line.number;
    para_.bullet = k > 0;
  }
  for (size_t p = k; p < n.size(); ++p) {
    para_.n.push_back(n[p]);
    para_.src.push_back(line.At(p));
  }
  if (!n.empty() && IsSentenceEnd(n.back())) FlushPara().IgnoreError();
}

absl::Status NarrativeParser::FlushPara() {
  if (para_.n.empty()) return absl::OkStatus();
  Para p = std::move(para_);
  para_ = Para();
  if (!p.bullet) opinion_speakers_.clear();
  const size_t remarks_before = out_.remarks.size();
  for (const auto& [b, e] : Sentences(p.n)) RETURN_IF_ERROR(Sentence(p, b, e));
  if (p.bullet && !opinion_speakers_.empty() && out_.remarks.size() == remarks_before) {
    // One opinion of the list, told without a teller: a remark of its own,
    // under the speaker its closing bracket names ((委員), (石川委員)) or the
    // list's.
    std::u32string label = opinion_speakers_;
    size_t e = p.n.size();
    while (e > 0 && (IsSpace(p.n[e - 1]) || p.n[e - 1] == U'。')) --e;
    if (e > 2 && p.n[e - 1] == ')') {
      size_t open = p.n.rfind('(', e - 1);
      if (open != p.n.npos && e - open <= 14) {
        std::u32string inner = RemoveSpaces(p.n.substr(open + 1, e - open - 2));
        if (IsRoleLabel(inner) || LooksLikePersonName(StripHonorific(inner))) {
          label = inner;
          e = open;
        }
      }
    }
    found_remark_verbs_ = true;
    return AddRemark(p, label, 0, e);
  }
  return absl::OkStatus();
}

// The speaker of a clause that starts at `at`: "A委員より、" / "局長から、".
// Returns the label's range and where the clause's words begin.
struct Teller {
  size_t label_begin, label_end, words;
};

std::optional<Teller> TellerAt(std::u32string_view s, size_t at, size_t limit) {
  for (size_t p = at; p < limit && p < at + 24; ++p) {
    bool yori = s.substr(p, 2) == U"より";
    bool kara = s.substr(p, 2) == U"から";
    if (!yori && !kara) continue;
    std::u32string label(Trim(s.substr(at, p - at)));
    if (label.empty()) return std::nullopt;
    std::u32string compact = RemoveSpaces(label);
    bool who = IsRoleLabel(compact) ||
               (LooksLikePersonName(StripHonorific(compact)) && compact.size() <= 8);
    if (!who) return std::nullopt;
    size_t w = p + 2;
    if (w < s.size() && (s[w] == U'、' || s[w] == ',')) ++w;
    while (w < s.size() && IsSpace(s[w])) ++w;
    size_t lb = at;
    while (lb < p && IsSpace(s[lb])) ++lb;
    return Teller{lb, p, w};
  }
  return std::nullopt;
}

absl::Status NarrativeParser::AddRemark(const Para& p, std::u32string_view label,
                                        size_t b, size_t e) {
  while (b < e && (IsSpace(p.n[b]) || p.n[b] == U'、')) ++b;
  while (e > b && (IsSpace(p.n[e - 1]) || p.n[e - 1] == U'、')) --e;
  if (b >= e) return absl::OkStatus();
  RETURN_IF_ERROR(remarks_.Open(label, false,
                                item() ? item()->title : std::string(), p.line));
  // Source ranges: contiguous runs of offsets.
  size_t run = b;
  for (size_t i = b + 1; i <= e; ++i) {
    if (i == e || p.src[i] != p.src[i - 1] + 1) {
      remarks_.AppendRange(p.src[run], p.src[i - 1] + 1);
      run = i;
    }
  }
  remarks_.Close();
  return absl::OkStatus();
}

absl::Status NarrativeParser::Sentence(const Para& p, size_t b, size_t e) {
  std::u32string_view s(p.n);
  std::u32string_view sent = s.substr(b, e - b);
  // Clause starts: the sentence start, and after 、 outside quotes.
  std::vector<Teller> tellers;
  int depth = 0;
  for (size_t i = b; i < e; ++i) {
    if (s[i] == U'「' || s[i] == U'『') ++depth;
    if ((s[i] == U'」' || s[i] == U'』') && depth > 0) --depth;
    bool start = i == b || (depth == 0 && (s[i - 1] == U'、' || s[i - 1] == ','));
    if (!start || depth > 0) continue;
    size_t at = i;
    // "これに対し局長から、": a connective before the teller.
    for (std::u32string_view lead : {U"これに対して", U"これに対し", U"また", U"さらに",
                                     U"次に", U"続いて", U"その後", U"最後に"}) {
      if (s.substr(at, lead.size()) == lead) {
        at += lead.size();
        while (at < e && (s[at] == U'、' || s[at] == ',' || IsSpace(s[at]))) ++at;
        break;
      }
    }
    if (auto t = TellerAt(s, at, e)) {
      tellers.push_back(*t);
      i = t->words > i ? t->words - 1 : i;
    }
  }
  if (std::u32string who = OpinionListSpeakers(sent); !who.empty()) {
    opinion_speakers_ = who;  // The bullets that follow are its opinions.
  }
  bool told = false;
  for (auto v : kRemarkVerbs) told = told || sent.find(v) != sent.npos;
  Outcome outcome = DeclaredOutcome(sent);
  if (!tellers.empty() && told) {
    found_remark_verbs_ = true;
    for (size_t k = 0; k < tellers.size(); ++k) {
      const Teller& t = tellers[k];
      size_t end = k + 1 < tellers.size() ? tellers[k + 1].label_begin : e;
      std::u32string label(s.substr(t.label_begin, t.label_end - t.label_begin));
      // The words: inside the quote when there is one.
      size_t qb = t.words, qe = end;
      if (qb < end && s[qb] == U'「') {
        int d = 0;
        size_t close = qb;
        for (size_t i = qb; i < end; ++i) {
          if (s[i] == U'「') ++d;
          if (s[i] == U'」' && --d == 0) {
            close = i;
            break;
          }
        }
        if (close > qb) {
          RETURN_IF_ERROR(AddRemark(p, label, qb + 1, close));
          continue;
        }
      }
      // No quote: reported speech when it ends in 旨 / との, else the
      // narration of a presentation (事務局から、…について報告があった).
      std::u32string_view clause = s.substr(qb, qe - qb);
      size_t cut = clause.npos;
      for (std::u32string_view tail : {U"旨", U"との"}) {
        size_t pos = clause.rfind(tail);
        if (pos != clause.npos && pos > 0 && (cut == clause.npos || pos < cut)) cut = pos;
      }
      // …提示するよう依頼があった: a request told as what was asked.
      for (std::u32string_view tail : {U"よう依頼", U"よう要請", U"よう求め", U"よう要望",
                                       U"ように依頼", U"ように要請", U"ように求め"}) {
        size_t pos = clause.rfind(tail);
        if (pos != clause.npos && pos > 0 && cut == clause.npos) cut = pos;
      }
      if (cut != clause.npos) {
        RETURN_IF_ERROR(AddRemark(p, label, qb, qb + cut));
        continue;
      }
      bool reported = clause.find(U"報告") != clause.npos;
      if ((reported || clause.find(U"説明") != clause.npos) && item() != nullptr &&
          item()->presenter.empty()) {
        item()->presenter = EncodeUtf8(label);
        item()->verb = reported ? "報告" : "説明";
      }
    }
  }
  if (outcome != Outcome::kUnspecified && item() != nullptr &&
      (tellers.empty() || !told)) {
    item()->outcome = outcome;
  }
  return absl::OkStatus();
}

void NarrativeParser::DropUnconfirmedAttendees() {
  std::vector<std::u32string> labels;
  for (const Remark& r : out_.remarks) {
    labels.push_back(RemoveSpaces(NormalizeNfkc(DecodeUtf8(r.speaker_label).value_or(U"")).text));
  }
  for (auto it = tentative_.rbegin(); it != tentative_.rend(); ++it) {
    std::u32string name = RemoveSpaces(
        NormalizeNfkc(DecodeUtf8(out_.attendees[*it].name).value_or(U"")).text);
    bool confirmed = false;
    for (const auto& l : labels) confirmed = confirmed || StartsWith(l, name);
    if (!confirmed) out_.attendees.erase(out_.attendees.begin() + *it);
  }
}

absl::StatusOr<ParsedMinutes> NarrativeParser::Run() {
  ASSIGN_OR_RETURN(lines_, SplitLines(src_, remarks_.options().interrupt));
  for (const Line& line : lines_) {
    std::u32string_view n = line.n();
    if (n.empty() || IsPageNumber(n)) continue;
    if (part_ == Part::kHeader && IsPageChrome(n)) continue;
    if (IsEndMark(n)) {
      FlushPara().IgnoreError();
      continue;
    }
    if (part_ != Part::kHeader && HasKindWord(n) && n.size() <= 40 &&
        n.find(U'。') == n.npos) {
      continue;  // A running page header.
    }
    if (auto h = PartHeading(n); h && h->first == part_next_ &&
                                 (part_ != Part::kAgenda || h->first > 2)) {
      if (PartOf(n.substr(h->second)) != Part::kOther || n[0] == U'第') {
        RETURN_IF_ERROR(FlushPara());
        part_next_ = h->first + 1;
        part_ = PartOf(n.substr(h->second));
        if (item_ >= 0 && part_ == Part::kAgenda) item_ = -1;  // 5 議事概要.
        std::u32string_view value = n.substr(h->second);
        // "第1 日時 令和6年2月16日": the value on the heading's line.
        if (part_ == Part::kDate) ReadDateLine(value, out_);
        if (part_ == Part::kPlace && out_.place.empty()) {  // "2. 場所 合同庁舎4号館".
          std::u32string_view place = ValueAfterHeadingWord(value);
          if (!place.empty()) out_.place = EncodeUtf8(place);
        }
        continue;
      }
    }
    switch (part_) {
      case Part::kHeader:
        if (!ReadDateLine(n, out_)) header_lines_.push_back(&line);
        continue;
      case Part::kDate:
        ReadDateLine(n, out_);
        continue;
      case Part::kPlace:
        if (out_.place.empty()) out_.place = EncodeUtf8(n);
        continue;
      case Part::kAttendees:
        AttendeeLine(line);
        continue;
      case Part::kAgenda:
        AgendaLine(line);
        continue;
      case Part::kOther:
        continue;
    }
  }
  RETURN_IF_ERROR(FlushPara());
  out_.title = ChooseTitle(src_, header_lines_, out_.warnings);
  if (out_.items.empty() && out_.remarks.empty()) {
    return absl::InvalidArgumentError(
        "narrative minutes without an agenda item or a told remark (「…」旨の"
        "発言があった) under a 議事 part");
  }
  if (!found_remark_verbs_) {
    out_.warnings.push_back({0, "no remark told as 「…」旨の発言 / 説明 was found"});
  }
  DropUnconfirmedAttendees();
  out_.source_text = EncodeUtf8(src_);
  ResolveSpeakers(out_);
  return std::move(out_);
}

}  // namespace

absl::StatusOr<ParsedMinutes> ParseNarrative(std::u32string_view text,
                                             const ParseOptions& options) {
  NarrativeParser parser(text, options);
  return parser.Run();
}

}  // namespace remarkgraph::ingest::internal
