#include "ingest/attendee_lines.h"

#include <optional>
#include <utility>

#include "ingest/names.h"
#include "ingest/speaker_labels.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

// Words that make a token a title wherever they stand in it.
constexpr std::u32string_view kTitleWords[] = {
    U"大学",   U"会社",   U"株式",   U"法人",   U"協会",   U"連合",
    U"組合",   U"センター", U"機構", U"財団",   U"研究",   U"新聞",
    U"銀行",   U"学校",   U"委員会", U"審議会", U"議会",   U"本部",
    U"政府",   U"事務局", U"弁護士", U"税理士", U"会計士", U"博士",
    U"教授",   U"理事",   U"代表",   U"大臣",   U"長官",   U"知事",
    U"議員",   U"担当",   U"顧問",   U"参与",   U"主任",   U"主査",
    U"主幹",   U"審議官", U"参事官", U"政務官", U"代理",   U"代行",
    U"補佐",   U"局長",   U"部長",   U"課長",   U"室長",   U"所長",
    U"会長",   U"社長",   U"院長",   U"学長",   U"校長",   U"次長",
    U"市長",   U"町長",   U"村長",   U"議長",   U"座長",   U"委員",
    U"オブザーバー", U"アドバイザー", U"ジャーナリスト", U"コンサルタント"};
// Endings that make a token of three or more characters a title: an
// organisation (総務部, 環境省) or an office.
constexpr std::u32string_view kTitleEnds[] = {
    U"部", U"課", U"室", U"局", U"省", U"庁", U"院", U"所", U"県",
    U"市", U"町", U"村", U"都", U"府", U"党", U"長", U"官", U"員",
    U"者", U"監", U"役", U"表", U"頭", U"席", U"人", U"師", U"士"};
// Roles that can be glued in front of a surname (財務局長谷川).
constexpr std::u32string_view kGluedRoles[] = {
    U"副委員長", U"委員長", U"副議長", U"議長", U"副会長", U"会長", U"局長",
    U"部長",     U"課長",   U"室長",   U"次長", U"所長",   U"審議官",
    U"参事官",   U"副大臣", U"大臣",   U"政務官", U"長官", U"知事",
    U"副市長",   U"市長",   U"委員",   U"理事", U"教授",   U"参与"};
constexpr std::u32string_view kHonorifics[] = {U"君", U"氏", U"さん", U"様",
                                               U"殿", U"先生"};

bool EndsWithHonorific(std::u32string_view t) {
  for (auto h : kHonorifics) {
    if (t.size() > h.size() && EndsWith(t, h)) return true;
  }
  return false;
}

bool AllNameChars(std::u32string_view s) {
  for (char32_t c : s) {
    if (!IsKanji(c) && !IsHiragana(c) && !IsKatakana(c)) return false;
  }
  return !s.empty();
}

struct Token {
  std::u32string text;
  size_t begin = 0;
  size_t end = 0;
  bool title = false;
};

std::vector<Token> Tokens(std::u32string_view line) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsSpace(line[i])) ++i;
    size_t b = i;
    while (i < line.size() && !IsSpace(line[i])) ++i;
    if (i > b) out.push_back({std::u32string(line.substr(b, i - b)), b, i, false});
  }
  return out;
}

// "財務局長谷川" -> ("財務局長", "谷川") when a role ends one to three name
// characters before the token's end.
std::optional<std::pair<std::u32string, std::u32string>> SplitGluedRole(
    std::u32string_view t) {
  for (size_t rest = 1; rest <= 3 && rest + 2 <= t.size(); ++rest) {
    std::u32string_view head = t.substr(0, t.size() - rest);
    std::u32string_view tail = t.substr(t.size() - rest);
    if (!AllNameChars(tail) || IsTitleToken(tail)) continue;
    for (auto r : kGluedRoles) {
      if (EndsWith(head, r)) {
        return std::make_pair(std::u32string(head), std::u32string(tail));
      }
    }
  }
  return std::nullopt;
}

// Drops a leading bullet, number (1 , ２．) or "出席者：" label.
std::u32string_view StripLead(std::u32string_view line) {
  size_t colon = line.find_first_of(U":：");
  if (colon != line.npos && colon < 12) {
    std::u32string_view head = RemoveSpaces(line.substr(0, colon)).size() <= 8
                                   ? line.substr(0, colon)
                                   : std::u32string_view();
    if (!head.empty() && !AllNameChars(RemoveSpaces(head))) head = {};
    if (!head.empty() && (head.find(U"出席") != head.npos ||
                          head.find(U"委員") != head.npos ||
                          head.find(U"者") != head.npos ||
                          head.find(U"事務局") != head.npos)) {
      line = line.substr(colon + 1);
    }
  }
  size_t i = 0;
  while (i < line.size() &&
         (IsSpace(line[i]) || IsAsciiDigit(line[i]) || line[i] == U'・' ||
          line[i] == '.' || line[i] == U'．' || line[i] == U'番' ||
          line[i] == '-' || line[i] == U'◎' || line[i] == U'●')) {
    ++i;
  }
  return Trim(line.substr(i));
}

AttendeeCell MakeCell(std::u32string_view name, std::u32string_view title,
                      size_t begin, size_t end) {
  AttendeeCell c;
  c.name = CleanPersonName(name);
  c.title = RemoveSpaces(title);
  c.begin = begin;
  c.end = end;
  return c;
}

// One part of a list sentence: "日向委員長", "くり林", "後藤副委員長".
std::optional<AttendeeCell> ListPart(std::u32string_view part,
                                     std::u32string_view shared_title,
                                     size_t begin) {
  std::u32string p = RemoveSpaces(part);
  // 同課長補佐, 同局長: the same office's other post, never a name.
  if (StartsWith(p, U"同") && IsRoleLabel(p.substr(1))) return std::nullopt;
  std::u32string title(shared_title);
  // "生涯学習課長 小林": the title first, then the name, a space between.
  std::u32string_view trimmed = Trim(part);
  size_t space = 0;
  while (space < trimmed.size() && !IsSpace(trimmed[space])) ++space;
  if (space < trimmed.size()) {
    std::u32string first(trimmed.substr(0, space));
    std::u32string rest = RemoveSpaces(trimmed.substr(space));
    if (IsTitleToken(first) && !IsTitleToken(rest) &&
        LooksLikePersonName(StripHonorific(rest))) {
      return MakeCell(rest, first, begin, begin + part.size());
    }
  }
  if (IsRoleLabel(p) && RoleOf(p) != p) {
    std::u32string role = RoleOf(p);
    if (role != U"君" && role != U"氏") title = role;
    p.resize(p.size() - role.size());
    // "村上交通政策局長": the office before the role is the title's too;
    // the family name, two characters in most, comes first.
    if (p.size() > 3 && AllNameChars(p)) {
      title = p.substr(2) + title;
      p.resize(2);
    }
  }
  if (!LooksLikePersonName(StripHonorific(p))) return std::nullopt;
  return MakeCell(p, title, begin, begin + part.size());
}

// 北島、木村、安藤各委員 / 日向委員長、くり林、…の各委員（後藤副委員長は欠席）.
std::vector<AttendeeCell> SplitListSentence(std::u32string_view line) {
  std::vector<AttendeeCell> out;
  std::u32string s(line);
  // Parentheticals: absentees, or notes.
  std::vector<std::pair<std::u32string, size_t>> absent_parts;
  for (size_t open = s.find('('); open != s.npos; open = s.find('(')) {
    size_t close = s.find(')', open);
    if (close == s.npos) close = s.size() - 1;
    std::u32string inner = s.substr(open + 1, close - open - 1);
    size_t ha = inner.find(U"は欠席");
    if (ha == inner.npos) ha = inner.find(U"欠席");
    if (ha != inner.npos) absent_parts.emplace_back(inner.substr(0, ha), open + 1);
    s.replace(open, close - open + 1, std::u32string(close - open + 1, ' '));
  }
  std::u32string body(Trim(s));
  while (!body.empty() && (body.back() == U'。' || IsSpace(body.back()))) {
    body.pop_back();
  }
  for (std::u32string_view tail : {U"が出席", U"出席"}) {
    if (EndsWith(body, tail)) body.resize(body.size() - tail.size());
  }
  std::u32string shared;
  size_t kaku = body.rfind(U'各');
  if (kaku != body.npos && body.size() - kaku <= 6) {
    shared = std::u32string(Trim(std::u32string_view(body).substr(kaku + 1)));
    if (shared == U"氏" || shared == U"位") shared.clear();
    body.resize(kaku);
    if (EndsWith(body, U"の")) body.pop_back();
  }
  auto split = [&](std::u32string_view text, size_t offset, bool absent) {
    size_t b = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      if (i < text.size() && text[i] != U'、' && text[i] != U'，' &&
          text[i] != ',' && text[i] != U'・') {
        continue;
      }
      std::u32string_view part = Trim(text.substr(b, i - b));
      if (!part.empty()) {
        if (auto c = ListPart(part, shared, offset + b)) {
          c->absent = absent;
          out.push_back(std::move(*c));
        }
      }
      b = i + 1;
    }
  };
  split(body, 0, false);
  for (const auto& [text, offset] : absent_parts) split(text, offset, true);
  return out;
}

}  // namespace

bool IsTitleToken(std::u32string_view t) {
  if (t.empty()) return false;
  if (EndsWithHonorific(t)) return false;
  for (char32_t c : t) {
    if (IsAsciiDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      return true;
    }
  }
  for (auto w : kTitleWords) {
    if (t.find(w) != t.npos) return true;
  }
  if (t.size() >= 3) {
    for (auto e : kTitleEnds) {
      if (EndsWith(t, e)) return true;
    }
  }
  return t.size() > 6 && !AllNameChars(t.substr(0, 1));
}

std::vector<AttendeeCell> SplitAttendeeLine(std::u32string_view raw) {
  std::u32string_view line = StripLead(Trim(raw));
  size_t lead = line.empty() ? 0 : line.data() - raw.data();
  std::vector<AttendeeCell> out;
  if (line.empty()) return out;
  char32_t first = line.front();
  if (first == '(' || first == U'【' || first == '<' || first == U'〈' ||
      first == U'[' || first == U'［' || first == U'〔' || first == U'《') {
    return out;  // A group heading: （有識者委員）, [別紙].
  }
  std::u32string compact = RemoveSpaces(line);
  const bool list = line.find_first_of(U"、，,") != line.npos;
  // 出席委員(7名) is a heading; 青木、井上、上田(3名) a list with its count.
  // A table's header row: 氏名 所属, 役職 氏名.
  if (StartsWith(compact, U"氏名") || EndsWith(compact, U"氏名")) return out;
  if (compact.find(U"別紙") != compact.npos || compact == U"以上" ||
      (!list && (EndsWith(compact, U"名)") || EndsWith(compact, U"名")))) {
    return out;
  }
  if (line.find_first_of(U"、，,") != line.npos) {
    out = SplitListSentence(line);
    for (AttendeeCell& c : out) {
      c.begin += lead;
      c.end += lead;
    }
    return out;
  }
  std::vector<Token> tokens = Tokens(line);
  // A name spaced one character at a time: "山 田 太 郎".
  std::vector<Token> merged;
  for (size_t i = 0; i < tokens.size();) {
    // One character each; the last may carry the honorific ("郎君").
    auto single = [&](const Token& t) {
      std::u32string_view core = t.text;
      if (EndsWithHonorific(core)) core = core.substr(0, 1);
      return core.size() == 1 && AllNameChars(core) && !IsTitleToken(core) &&
             (core.size() == t.text.size() || EndsWith(t.text, U"君") ||
              t.text.size() <= 3);
    };
    size_t j = i;
    while (j < tokens.size() && single(tokens[j])) {
      ++j;
      if (tokens[j - 1].text.size() > 1) break;  // The honorific ends it.
    }
    if (j - i >= 3) {
      Token t{U"", tokens[i].begin, tokens[j - 1].end, false};
      for (size_t k = i; k < j; ++k) t.text += tokens[k].text;
      merged.push_back(std::move(t));
      i = j;
    } else {
      merged.push_back(std::move(tokens[i]));
      ++i;
    }
  }
  tokens = std::move(merged);
  // Glued roles become a title token then a name token.
  std::vector<Token> split;
  for (size_t i = 0; i < tokens.size(); ++i) {
    Token& t = tokens[i];
    t.title = IsTitleToken(t.text);
    bool given_follows = i + 1 < tokens.size() && !IsTitleToken(tokens[i + 1].text);
    if (t.title && given_follows && !IsRoleLabel(t.text)) {
      if (auto g = SplitGluedRole(t.text)) {
        size_t cut = t.begin + g->first.size();
        split.push_back({g->first, t.begin, cut, true});
        split.push_back({g->second, cut, t.end, false});
        continue;
      }
    }
    split.push_back(std::move(t));
  }
  tokens = std::move(split);
  for (Token& t : tokens) {
    // Seat numbers between the cells: "1番 山田太郎君 2番 佐藤花子君".
    size_t digits = 0;
    while (digits < t.text.size() && IsAsciiDigit(t.text[digits])) ++digits;
    std::u32string_view after = std::u32string_view(t.text).substr(digits);
    if (digits > 0 && (after.empty() || after == U"番" || after == U"." ||
                       after == U"号")) {
      t.text.clear();
      continue;
    }
    if (RemoveSpaces(t.text).find(U"欠席") != std::u32string::npos) {
      if (!out.empty()) out.back().absent = true;
      t.text.clear();
    }
  }
  bool title_first = tokens[0].title;
  size_t i = 0;
  while (i < tokens.size()) {
    if (tokens[i].text.empty()) {
      ++i;
      continue;
    }
    std::u32string title, name;
    size_t begin = tokens[i].begin, end = tokens[i].end;
    auto take_title = [&] {
      while (i < tokens.size() && tokens[i].title) {
        title += tokens[i].text;
        end = tokens[i].end;
        ++i;
      }
    };
    auto take_name = [&] {
      int n = 0;
      while (i < tokens.size() && !tokens[i].title && !tokens[i].text.empty() &&
             n < 2) {
        if (!name.empty()) name.push_back(U' ');
        name += tokens[i].text;
        end = tokens[i].end;
        ++i;
        ++n;
        if (EndsWithHonorific(name)) break;  // "彰君" ends the name.
      }
    };
    if (title_first) {
      take_title();
      take_name();
    } else {
      take_name();
      take_title();
      // An unknown title after a full name: "佐藤 花子 作家".
      if (title.empty() && i < tokens.size() && !tokens[i].text.empty() &&
          name.find(U' ') != name.npos && !EndsWithHonorific(name) &&
          (i + 1 == tokens.size() || !tokens[i + 1].title)) {
        title = tokens[i].text;
        end = tokens[i].end;
        ++i;
      }
    }
    if (name.empty()) {
      // A title with nobody: part of the previous cell's title ("東都大学
      // 教授" split in two).
      if (!out.empty() && !title.empty()) out.back().title += title;
      if (title.empty()) ++i;
      continue;
    }
    if (!LooksLikePersonName(StripHonorific(name))) continue;
    out.push_back(MakeCell(name, title, lead + begin, lead + end));
  }
  return out;
}

}  // namespace remarkgraph::ingest::internal
