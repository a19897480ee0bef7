#include "ingest/text_lines.h"

#include <initializer_list>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ingest/formats.h"

namespace remarkgraph::ingest::internal {
namespace {

// Words that name the kind of record in a title (removed from it).
constexpr std::u32string_view kKinds[] = {
    U"議事概要", U"議事要旨", U"発言要旨", U"議事録", U"会議録",
    U"速記録",   U"開催状況", U"会議概要"};

bool ContainsAny(std::u32string_view s,
                 std::initializer_list<std::u32string_view> words) {
  for (auto w : words) {
    if (s.find(w) != s.npos) return true;
  }
  return false;
}

}  // namespace

// The part a heading opens (〇出席委員, ○議事日程, 日時), from its first
// words (NFKC, spaces removed); nullopt if the words are not a heading.
std::optional<MinutesPart> HeadingPart(std::u32string_view t) {
  if (t.empty() || t.size() > 40) return std::nullopt;
  if (ContainsAny(t, {U"欠席"})) return MinutesPart::kAbsent;
  if (StartsWith(t, U"出席") ||
      ContainsAny(t, {U"出席委員", U"出席議員", U"出席者", U"説明のため",
                      U"説明員", U"事務局職員", U"職務のため", U"出席した"})) {
    return MinutesPart::kAttendees;
  }
  if (ContainsAny(t, {U"議事日程", U"付した事件", U"付議事件", U"審査した案件",
                      U"付議案件", U"審査案件", U"本日の案件"}) ||
      t == U"議題" || t == U"案件" || t == U"議事" || StartsWith(t, U"議題:")) {
    return MinutesPart::kItems;
  }
  if (StartsWith(t, U"日時") || StartsWith(t, U"開会日時") ||
      StartsWith(t, U"開催日時") || StartsWith(t, U"年月日")) {
    return MinutesPart::kDate;
  }
  if (StartsWith(t, U"場所") || StartsWith(t, U"会場") ||
      StartsWith(t, U"開催場所")) {
    return MinutesPart::kPlace;
  }
  // The body's own heading: 3 内容, 5 議事概要, 審議経過.
  for (std::u32string_view w : {U"内容", U"会議内容", U"審議内容", U"議事内容",
                                U"議事概要", U"会議概要", U"議事の概要", U"審議経過",
                                U"審議の経過", U"会議経過", U"概要"}) {
    if (t == w) return MinutesPart::kOther;
  }
  if (ContainsAny(t, {U"会議録署名", U"署名議員", U"議事の経過", U"会議の経過",
                      U"会議に付した", U"開会", U"閉会", U"散会", U"開議",
                      U"休憩", U"再開"})) {
    return MinutesPart::kOther;
  }
  return std::nullopt;
}

std::u32string_view ValueAfterHeadingWord(std::u32string_view heading) {
  std::u32string_view v = Trim(heading);
  size_t word = 0;
  while (word < v.size() && !IsSpace(v[word]) && v[word] != ':') ++word;
  v.remove_prefix(word);
  while (!v.empty() && (IsSpace(v.front()) || v.front() == ':')) v.remove_prefix(1);
  return Trim(v);
}

absl::StatusOr<std::vector<Line>> SplitLines(std::u32string_view src,
                                             const Interrupt& interrupt) {
  std::vector<Line> lines;
  // Every line at its place at once: no regrowth copying them all.
  size_t breaks = 0;
  for (size_t k = 0; k < src.size(); ++k) {
    breaks += src[k] == '\n' || (src[k] == '\r' && (k + 1 >= src.size() || src[k + 1] != '\n'));
  }
  lines.reserve(breaks + 1);
  InterruptPoller poller(interrupt, 1024);
  size_t i = 0;
  while (i <= src.size()) {
    if (absl::Status stop = poller.Poll(); !stop.ok()) return stop;
    size_t e = i;
    while (e < src.size() && src[e] != '\n' && src[e] != '\r') ++e;
    size_t b = i, t = e;
    while (b < t && IsSpace(src[b])) ++b;
    while (t > b && IsSpace(src[t - 1])) --t;
    Line line;
    line.number = static_cast<int>(lines.size()) + 1;
    line.begin = static_cast<int32_t>(b);
    line.end = static_cast<int32_t>(t);
    NormalizedText norm = NormalizeNfkc(src.substr(b, t - b));
    for (int32_t o : norm.origin) line.origin.push_back(o);
    line.origin.Compact();
    line.nfkc = std::move(norm.text);
    line.nfkc.shrink_to_fit();
    lines.push_back(std::move(line));
    if (e >= src.size()) break;
    i = (src[e] == '\r' && e + 1 < src.size() && src[e + 1] == '\n') ? e + 2
                                                                        : e + 1;
  }
  return lines;
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

// 建設水道委員会記録, 本会議記録: a record named by a trailing 記録.
bool EndsWithRecordKind(std::u32string_view n) {
  return n.size() <= 40 && EndsWith(n, U"記録") && !EndsWith(n, U"速記録") &&
         (n.find(U"委員会") != n.npos || n.find(U"会議") != n.npos);
}

bool HasKindWord(std::u32string_view n) {
  for (auto k : kKinds) {
    if (n.find(k) != n.npos) return true;
  }
  return EndsWithRecordKind(RemoveSpaces(n));
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

bool IsStageDirection(std::u32string_view n) {
  if (n.size() < 3) return false;
  char32_t f = n.front(), b = n.back();
  bool paren = (f == '(' && b == ')') || (f == '[' && b == ']');
  bool kikkou = f == U'〔' && b == U'〕';  // Used for nothing else.
  if (!paren && !kikkou) return false;
  if (kikkou) return true;
  static constexpr std::u32string_view kWords[] = {
      U"声あり", U"声有り", U"」の声", U"拍手", U"呼ぶ者", U"退室", U"退席", U"入室",
      U"着席",   U"休憩",   U"中断", U"再開",   U"速記", U"発言する者",
      U"起立",   U"挙手",   U"散会", U"閉会",   U"開会", U"議場", U"離席"};
  for (auto w : kWords) {
    if (n.find(w) != std::u32string_view::npos) return true;
  }
  // A bare time: (14:00), (午後2時).
  std::u32string inner(Trim(n.substr(1, n.size() - 2)));
  return inner.size() <= 10 && FindTimeRange(inner).has_value() &&
         inner.find(U'。') == inner.npos;
}

// The title, from the header lines: the one naming the kind of record
// (議事概要, 会議録) with the kind removed; a kind printed alone takes the
// meeting name next to it; else the first line naming a meeting; else the
// first line, with a warning.
std::string ChooseTitle(std::u32string_view src,
                        const std::vector<const Line*>& header,
                        std::vector<ImportWarning>& warnings) {
  if (header.empty()) return "";
  auto raw_of = [&](const Line* l) {
    std::u32string raw(src.substr(l->begin, l->end - l->begin));
    bool kind = false;
    for (auto k : kKinds) {
      size_t p = raw.find(k);
      if (p != raw.npos) {
        raw.erase(p, k.size());
        kind = true;
      }
    }
    if (!kind && EndsWithRecordKind(RemoveSpaces(l->n()))) {
      std::u32string_view t = Trim(raw);
      raw = std::u32string(t.substr(0, t.size() - 2));  // Ends with 記録.
    }
    return std::u32string(Trim(raw));
  };
  const Line* chosen = nullptr;
  for (size_t i = 0; i < header.size() && chosen == nullptr; ++i) {
    const Line* l = header[i];
    if (!HasKindWord(l->n())) continue;
    if (!raw_of(l).empty()) {
      chosen = l;
      break;
    }
    // The kind alone on its line: the meeting name before or after it.
    for (size_t j : {i - 1, i + 1}) {
      if (j < header.size() && LooksLikeMeetingName(header[j]->n())) {
        chosen = header[j];
        break;
      }
    }
  }
  for (size_t i = 0; i < header.size() && chosen == nullptr; ++i) {
    if (LooksLikeMeetingName(header[i]->n())) chosen = header[i];
  }
  if (chosen == nullptr) {
    for (const Line* l : header) {
      if (!raw_of(l).empty()) {
        chosen = l;
        warnings.push_back(
            {l->number, "no line names the meeting; the first header line "
                        "was taken as its title"});
        break;
      }
    }
  }
  return chosen == nullptr ? "" : EncodeUtf8(raw_of(chosen));
}

bool ReadDateLine(std::u32string_view n, ParsedMinutes& out) {
  std::optional<FoundDate> d = FindJapaneseDate(n);
  if (d && out.date.empty()) out.date = d->iso;
  if (auto tr = FindTimeRange(n); tr && out.start_time.empty()) {
    out.start_time = tr->start;
    out.end_time = tr->end;
  }
  return d && n.size() <= d->end - d->begin + 12;
}

absl::Status RemarkBuilder::Open(std::u32string_view label, bool from_heading,
                                 std::string section, int line) {
  Close();
  if (absl::Status stop = poller_.Poll(); !stop.ok()) return stop;
  if (out_.remarks.size() >= options_.max_remarks) {
    return absl::InvalidArgumentError(absl::StrCat(
        "minutes hold more than ", options_.max_remarks, " remarks"));
  }
  open_ = true;
  line_ = line;
  remark_ = Remark();
  remark_.speaker_label = EncodeUtf8(label);
  remark_.from_heading = from_heading;
  remark_.section = std::move(section);
  text_.clear();
  offsets_.clear();
  return absl::OkStatus();
}

void RemarkBuilder::Close() {
  if (!open_) return;
  open_ = false;
  if (text_.empty()) {
    out_.warnings.push_back(
        {line_, absl::StrCat("speaker marker ", remark_.speaker_label,
                             " has no text; skipped")});
    return;
  }
  remark_.ordinal = static_cast<int>(out_.remarks.size()) + 1;
  remark_.text = EncodeUtf8(text_);
  remark_.text_offsets = std::move(offsets_);
  remark_.span = {remark_.text_offsets.front(), remark_.text_offsets.back() + 1};
  out_.remarks.push_back(std::move(remark_));
  offsets_.clear();
}

void RemarkBuilder::Append(const Line& line, size_t from) {
  int32_t b = line.At(from);
  if (b >= line.end) return;
  AppendRange(b, line.end);
}

void RemarkBuilder::AppendRange(int32_t begin, int32_t end) {
  if (begin >= end) return;
  AppendRemarkPiece(src_, begin, end, text_, offsets_);
}

}  // namespace remarkgraph::ingest::internal
