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
#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

struct Line {
  int number = 0;     // 1-based line number in the source.
  int32_t begin = 0;  // Trimmed content, in the source.
  int32_t end = 0;
  NormalizedText norm;  // NFKC of the content.
  std::u32string_view n() const { return norm.text; }
  // Source offset of normalised position k.
  int32_t At(size_t k) const { return begin + norm.origin[k]; }
};

bool IsStageDirection(std::u32string_view n) {
  if (n.size() < 3 || n.front() != '(' || n.back() != ')') return false;
  static constexpr std::u32string_view kWords[] = {
      U"声あり", U"声有り", U"拍手", U"呼ぶ者", U"退室", U"退席", U"入室",
      U"着席",   U"休憩",   U"中断", U"再開",   U"速記", U"発言する者"};
  for (auto w : kWords) {
    if (n.find(w) != std::u32string_view::npos) return true;
  }
  return false;
}

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

bool IsBullet(char32_t c) {
  return std::u32string_view(U"-・•●◦▪■◆◇*‐－―").find(c) !=
         std::u32string_view::npos;
}

// A page number or marker on its own line: "12", "- 3 -", "(1)", "1/10",
// "Page 2", "p.4".
bool IsPageNumber(std::u32string_view n) {
  std::u32string t = RemoveSpaces(n);
  if (t.size() >= 3 && t.front() == '(' && t.back() == ')') {
    t = t.substr(1, t.size() - 2);
  }
  for (std::u32string_view p : {U"Page", U"page", U"P.", U"p.", U"P"}) {
    if (StartsWith(t, p)) {
      t = t.substr(p.size());
      break;
    }
  }
  bool digit = false;
  int slashes = 0;
  for (char32_t c : t) {
    if (IsAsciiDigit(c)) {
      digit = true;
    } else if (c == '/') {
      ++slashes;
    } else if (c != '-' && c != U'－' && c != U'―' && c != U'—' && c != U'ー') {
      return false;
    }
  }
  return digit && slashes <= 1;
}

// Web page chrome before the document: navigation, share buttons, "全文".
bool IsPageChrome(std::u32string_view n) {
  std::u32string t = RemoveSpaces(n);
  static constexpr std::u32string_view kWhole[] = {
      U"全文",       U"印刷",       U"シェア",     U"ツイート",   U"Tweet",
      U"ポスト",     U"いいね",     U"LINEで送る", U"ホーム",     U"トップページ",
      U"メニュー",   U"検索",       U"English",    U"サイトマップ", U"本文へ",
      U"ページの先頭へ", U"このページの先頭へ", U"前のページへ戻る",
      U"文字サイズ", U"標準",       U"拡大",       U"縮小",       U"PDF",
      U"印刷用ページ", U"ダウンロード", U"一覧へ戻る", U"閉じる",   U"戻る",
      U"本文",       U"目次",       U"Share",      U"Facebook",   U"X"};
  for (auto w : kWhole) {
    if (t == w) return true;
  }
  int separators = 0;
  for (char32_t c : t) {
    if (c == '>' || c == U'＞' || c == U'»' || c == U'›' || c == '|') ++separators;
  }
  if (separators >= 2) return true;  // Breadcrumbs: ホーム > 会議 > …
  static constexpr std::u32string_view kStarts[] = {
      U"http", U"www.", U"更新日", U"最終更新", U"掲載日", U"ページ番号",
      U"文字サイズ", U"ホーム>", U"トップ>", U"現在位置"};
  for (auto w : kStarts) {
    if (StartsWith(t, w)) return true;
  }
  return false;
}

// Words that name the kind of record in a title (removed from it).
constexpr std::u32string_view kKinds[] = {
    U"議事概要", U"議事要旨", U"発言要旨", U"議事録", U"会議録",
    U"速記録",   U"開催状況", U"会議概要"};

bool HasKindWord(std::u32string_view n) {
  for (auto k : kKinds) {
    if (n.find(k) != n.npos) return true;
  }
  return false;
}

// Whether a header line reads like the name of a meeting.
bool LooksLikeMeetingName(std::u32string_view n) {
  static constexpr std::u32string_view kWords[] = {
      U"会議", U"委員会", U"本部", U"審議会", U"会合", U"協議会", U"部会",
      U"懇談会", U"研究会", U"検討会", U"分科会", U"議会", U"定例会",
      U"臨時会", U"評議会", U"理事会"};
  if (n.find(U'。') != n.npos || n.size() > 80) return false;
  for (auto w : kWords) {
    if (n.find(w) != n.npos) return true;
  }
  return false;
}

bool IsEndMark(std::u32string_view n) {
  std::u32string core;
  for (char32_t c : n) {
    if (!IsSpace(c) && !IsBullet(c) && c != U'ー') core.push_back(c);
  }
  return core == U"以上";
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
      : src_(src), options_(o) {
    out_.format = format;
  }

  absl::StatusOr<ParsedMinutes> Run();

 private:
  void SplitLines();
  void StartSection(std::u32string_view title);
  void HeaderLine(const Line& line);
  void ChooseTitle();
  void AttendeeLine(const Line& line);
  void AddItem(const Line& line, size_t from, ItemKind kind);
  bool ReportBracket(const Line& line);
  absl::Status OpenRemark(std::u32string label, bool from_heading);
  void CloseRemark();
  void AppendText(const Line& line, size_t from);

  std::u32string_view src_;
  const ParseOptions& options_;
  ParsedMinutes out_;
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
  std::u32string pending_heading_speaker_;
  bool found_marker_ = false;

  bool open_ = false;
  int remark_line_ = 0;  // Line of the open remark's marker.
  Remark remark_;
  std::u32string text_;
  std::vector<int32_t> offsets_;
};

void TextParser::SplitLines() {
  size_t i = 0;
  while (i <= src_.size()) {
    size_t e = i;
    while (e < src_.size() && src_[e] != '\n' && src_[e] != '\r') ++e;
    size_t b = i, t = e;
    while (b < t && IsSpace(src_[b])) ++b;
    while (t > b && IsSpace(src_[t - 1])) --t;
    Line line;
    line.number = static_cast<int>(lines_.size()) + 1;
    line.begin = static_cast<int32_t>(b);
    line.end = static_cast<int32_t>(t);
    line.norm = NormalizeNfkc(src_.substr(b, t - b));
    lines_.push_back(std::move(line));
    if (e >= src_.size()) break;
    i = (src_[e] == '\r' && e + 1 < src_.size() && src_[e + 1] == '\n') ? e + 2
                                                                        : e + 1;
  }
}

void TextParser::StartSection(std::u32string_view title) {
  CloseRemark();
  in_header_ = false;
  agenda_ = ItemKind::kUnspecified;
  std::u32string t = RemoveSpaces(title);
  section_ = EncodeUtf8(t);
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
  if (auto d = FindJapaneseDate(n)) {
    if (out_.date.empty()) out_.date = d->iso;
    if (auto tr = FindTimeRange(n); tr && out_.start_time.empty()) {
      out_.start_time = tr->start;
      out_.end_time = tr->end;
    }
    // A line that is mostly the date is not the title.
    if (n.size() <= d->end - d->begin + 12) return;
  }
  std::u32string t = RemoveSpaces(n);
  if (StartsWith(t, U"場所") || StartsWith(t, U"日時")) return;
  header_lines_.push_back(&line);
}

// The title, from the header lines: the one naming the kind of record
// (議事概要, 会議録) with the kind removed; a kind printed alone takes the
// meeting name next to it; else the first line naming a meeting; else the
// first line, with a warning.
void TextParser::ChooseTitle() {
  if (!out_.title.empty() || header_lines_.empty()) return;
  auto raw_of = [&](const Line* l) {
    std::u32string raw(src_.substr(l->begin, l->end - l->begin));
    for (auto k : kKinds) {
      size_t p = raw.find(k);
      if (p != raw.npos) raw.erase(p, k.size());
    }
    return std::u32string(Trim(raw));
  };
  const Line* chosen = nullptr;
  for (size_t i = 0; i < header_lines_.size() && chosen == nullptr; ++i) {
    const Line* l = header_lines_[i];
    if (!HasKindWord(l->n())) continue;
    if (!raw_of(l).empty()) {
      chosen = l;
      break;
    }
    // The kind alone on its line: the meeting name before or after it.
    for (size_t j : {i - 1, i + 1}) {
      if (j < header_lines_.size() && LooksLikeMeetingName(header_lines_[j]->n())) {
        chosen = header_lines_[j];
        break;
      }
    }
  }
  for (size_t i = 0; i < header_lines_.size() && chosen == nullptr; ++i) {
    if (LooksLikeMeetingName(header_lines_[i]->n())) chosen = header_lines_[i];
  }
  if (chosen == nullptr) {
    for (const Line* l : header_lines_) {
      if (!raw_of(l).empty()) {
        chosen = l;
        out_.warnings.push_back(
            {l->number, "no line names the meeting; the first header line "
                        "was taken as its title"});
        break;
      }
    }
  }
  if (chosen != nullptr) out_.title = EncodeUtf8(raw_of(chosen));
}

void TextParser::AttendeeLine(const Line& line) {
  std::u32string_view n = line.n();
  for (const AttendeeCell& cell : SplitAttendeeLine(n)) {
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

absl::Status TextParser::OpenRemark(std::u32string label, bool from_heading) {
  CloseRemark();
  if (out_.remarks.size() >= options_.max_remarks) {
    return absl::InvalidArgumentError(absl::StrCat(
        "minutes hold more than ", options_.max_remarks, " remarks"));
  }
  open_ = true;
  remark_line_ = line_number_;
  remark_ = Remark();
  remark_.speaker_label = EncodeUtf8(label);
  remark_.from_heading = from_heading;
  remark_.section = section_;
  text_.clear();
  offsets_.clear();
  return absl::OkStatus();
}

void TextParser::CloseRemark() {
  if (!open_) return;
  open_ = false;
  if (text_.empty()) {
    out_.warnings.push_back(
        {remark_line_, absl::StrCat("speaker marker ", remark_.speaker_label,
                                    " has no text; skipped")});
    return;
  }
  remark_.ordinal = static_cast<int>(out_.remarks.size()) + 1;
  remark_.text = EncodeUtf8(text_);
  remark_.text_offsets = std::move(offsets_);
  remark_.span = {remark_.text_offsets.front(),
                  remark_.text_offsets.back() + 1};
  out_.remarks.push_back(std::move(remark_));
  offsets_.clear();
}

void TextParser::AppendText(const Line& line, size_t from) {
  int32_t b = line.At(from);
  if (b >= line.end) return;
  AppendRemarkPiece(src_, b, line.end, text_, offsets_);
}

absl::StatusOr<ParsedMinutes> TextParser::Run() {
  SplitLines();
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
    // A running page header repeating the document's name.
    if (!in_header_ && HasKindWord(n) && n.size() <= 40 &&
        n.find(U'。') == n.npos && n.front() != U'○' && n.front() != U'〇') {
      continue;
    }
    if (auto top = TopHeading(n);
        top && (top->first == top_next_ || (in_header_ && top->first == 1))) {
      top_next_ = top->first + 1;
      sub_next_ = 1;
      StartSection(n.substr(top->second));
      continue;
    }
    if (auto sub = SubHeading(n); sub && sub->first == sub_next_) {
      sub_next_ = sub->first + 1;
      StartSection(n.substr(sub->second));
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
      SplitMarker m = SplitCircleMarker(n.substr(1));
      if (!m.label.empty()) {
        in_header_ = false;
        found_marker_ = true;
        pending_heading_speaker_.clear();
        agenda_ = ItemKind::kUnspecified;
        size_t label_begin = 1;
        while (label_begin < n.size() && IsSpace(n[label_begin])) ++label_begin;
        int32_t lb = line.At(label_begin);
        int32_t le = line.At(label_begin + m.label_end) ;
        RETURN_IF_ERROR(OpenRemark(
            std::u32string(Trim(src_.substr(lb, le - lb))), false));
        if (m.text_begin > 0) AppendText(line, 1 + m.text_begin);
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
        if (m->text_begin < n.size()) AppendText(line, m->text_begin);
        continue;
      }
    }
    if (agenda_ != ItemKind::kUnspecified && !open_) {
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
        if (auto d = FindJapaneseDate(n); d && out_.date.empty()) {
          out_.date = d->iso;
        }
        if (auto tr = FindTimeRange(n); tr && out_.start_time.empty()) {
          out_.start_time = tr->start;
          out_.end_time = tr->end;
        }
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
    if (!open_ && !pending_heading_speaker_.empty()) {
      RETURN_IF_ERROR(OpenRemark(pending_heading_speaker_, true));
      pending_heading_speaker_.clear();
    }
    if (open_) AppendText(line, 0);
    // Otherwise narrative between sections (上記について、…): not a remark.
  }
  CloseRemark();
  ChooseTitle();
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
