// Remark -> remark links: secretariat answers, remarks that name an earlier
// speaker (宮澤本部員のコメント, 審議官からお話があった), group references
// (有識者本部員の先生方から…言及), and the chair's 今御指摘いただいた点.
#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "ingest/link_internal.h"
#include "ingest/speaker_labels.h"

namespace remarkgraph::ingest::internal {
namespace {

constexpr std::u32string_view kSpeechWords[] = {
    U"お話", U"話が", U"言及", U"触れ", U"御指摘", U"ご指摘", U"指摘",
    U"おっしゃ", U"御発言", U"発言", U"コメント", U"述べ", U"御意見",
    U"ご意見", U"御説明", U"ご説明", U"御提案", U"ご提案", U"提案"};
constexpr std::u32string_view kAgreeWords[] = {U"賛同", U"賛成", U"同感",
                                               U"同意", U"共感"};
constexpr std::u32string_view kGroupWords[] = {U"の先生方", U"の皆様",
                                               U"の皆さん", U"の方々", U"先生方"};
// Roles that many people share; named alone they point at nobody.
constexpr std::u32string_view kSharedRoles[] = {U"委員", U"本部員", U"構成員",
                                                U"有識者", U"特別委員"};

// Those who answer members' questions in Diet committees, like a
// secretariat in a council.
bool IsAnswererRole(std::u32string_view role) {
  return EndsWith(role, U"大臣") || EndsWith(role, U"政務官") ||
         role.find(U"政府参考人") != role.npos ||
         role.find(U"政府特別補佐人") != role.npos ||
         role.find(U"長官代理者") != role.npos;
}

struct Speaker {
  std::u32string label;    // NFKC, no spaces, parenthetical removed.
  std::u32string role;
  std::u32string surname;  // Of the resolved person, if any.
  bool secretariat = false;
  bool official = false;  // Answers members' questions (IsOfficialRole).
  bool heading = false;
};

// Officials who answer members' questions in assemblies and committees
// (市長, 教育長, 財務局長, 総務部長, 市民課長, 参事官, 審議官, 室長, 政府参考人,
// 説明員) and
// in the Diet (大臣, 政務官). A headquarters' 本部長 chairs; it is no official.
bool IsOfficialRole(std::u32string_view role) {
  if (IsAnswererRole(role)) return true;
  if (EndsWith(role, U"本部長")) return false;
  for (std::u32string_view title : {U"局長", U"部長", U"課長", U"参事官", U"審議官",
                                    U"室長", U"説明員", U"市長", U"町長", U"村長",
                                    U"区長", U"知事", U"教育長", U"館長", U"所長",
                                    U"次長", U"管理者"}) {
    if (EndsWith(role, title)) return true;
  }
  return false;
}

// Whether any sentence of the remark asks something.
bool AsksSomething(const RemarkView& view) {
  for (const auto& [b, e] : view.sentences()) {
    if (IsQuestionSentence(view.n().substr(b, e - b))) return true;
  }
  return false;
}

// The chair only giving the floor (谷川財務局長。): a few words, one sentence.
bool GivesTheFloor(const Speaker& speaker, const RemarkView& view) {
  return IsChairRole(speaker.role) && view.n().size() <= 20 && view.sentences().size() == 1;
}

bool IsSharedRole(std::u32string_view role) {
  for (auto r : kSharedRoles) {
    if (role == r) return true;
  }
  return false;
}

// A past-tense speech word after `from` in the same sentence: returns its
// position, or npos. Past: a た within a few characters of the word.
size_t SpeechVerbAfter(std::u32string_view sent, size_t from, size_t limit) {
  size_t best = sent.npos;
  for (auto w : kSpeechWords) {
    size_t p = sent.find(w, from);
    if (p == sent.npos || p - from > limit) continue;
    std::u32string_view tail = sent.substr(p + w.size(), 10);
    if (tail.find(U'た') == tail.npos) continue;
    best = std::min(best, p);
  }
  return best;
}

bool HasAgreement(std::u32string_view s) {
  for (auto w : kAgreeWords) {
    if (s.find(w) != s.npos) return true;
  }
  return false;
}

// Kanji runs of 2+ and katakana runs of 3+: the content words of a passage.
std::vector<std::u32string> ContentTerms(std::u32string_view s) {
  std::vector<std::u32string> out;
  for (const auto& run : ScriptRuns(s)) {
    bool kanji = IsKanji(run.front()), kata = IsKatakana(run.front());
    if ((kanji && run.size() >= 2) || (kata && run.size() >= 3)) {
      if (std::find(out.begin(), out.end(), run) == out.end()) out.push_back(run);
    }
  }
  return out;
}


std::u32string Compact(const std::string& s) {
  std::u32string n = RemoveSpaces(NormalizeNfkc(DecodeUtf8(s).value_or(U"")).text);
  if (!n.empty() && n.back() == ')') {
    size_t open = n.rfind('(');
    if (open != n.npos && open > 0) n.resize(open);
  }
  return n;
}

}  // namespace

absl::Status LinkRemarks(const std::vector<RemarkView>& views, const ParsedMinutes& minutes,
                         LinkSet& links, const Interrupt& interrupt) {
  InterruptPoller poller(interrupt);
  std::vector<Speaker> speakers;
  speakers.reserve(minutes.remarks.size());
  for (const Remark& r : minutes.remarks) {
    Speaker s;
    s.label = Compact(r.speaker_label);
    s.role = NormalizeNfkc(DecodeUtf8(r.role).value_or(U"")).text;
    if (s.role.empty()) s.role = RoleOf(s.label);
    s.surname = NormalizeNfkc(Surname(DecodeUtf8(r.person).value_or(U""))).text;
    s.secretariat = IsSecretariatLabel(DecodeUtf8(r.speaker_label).value_or(U"")) ||
                    (minutes.format == Format::kNdl && IsAnswererRole(s.role));
    s.official = !s.secretariat && IsOfficialRole(s.role);
    s.heading = r.from_heading;
    speakers.push_back(std::move(s));
  }
  std::map<std::u32string, size_t> latest;  // Label -> its latest remark.
  for (size_t r = 0; r < views.size(); ++r) {
    if (absl::Status stop = poller.Poll(); !stop.ok()) return stop;
    if (r > 0) latest[speakers[r - 1].label] = r - 1;
    const RemarkView& v = views[r];
    const Speaker& me = speakers[r];
    std::u32string_view n = v.n();
    // 1. A secretariat answer replies to the last remark that was not one.
    if (me.secretariat && !me.heading) {
      for (size_t q = r; q-- > 0;) {
        if (speakers[q].heading) break;
        if (speakers[q].secretariat) continue;
        const auto& first = v.sentences().front();
        links.Add(v.ordinal(), LinkKind::kRepliesTo, TargetType::kRemark,
                  absl::StrCat(views[q].ordinal()),
                  v.MakeEvidence(first.first, first.second, "secretariat-answer",
                                 0.8f));
        break;
      }
    }
    // An official's answer replies to the member's question just before
    // it (other officials answering it, and the chair giving the floor,
    // between them).
    if (me.official && !me.heading) {
      // At most a few answers back: a long run of officials asks nothing.
      constexpr int kMaxLookBack = 16;
      int looked = 0;
      for (size_t q = r; q-- > 0 && looked++ < kMaxLookBack;) {
        const Speaker& asker = speakers[q];
        if (asker.heading || asker.secretariat) break;
        if (asker.official || GivesTheFloor(asker, views[q])) continue;
        if (IsChairRole(asker.role) || !AsksSomething(views[q])) break;
        const auto& first = v.sentences().front();
        links.Add(v.ordinal(), LinkKind::kRepliesTo, TargetType::kRemark,
                  absl::StrCat(views[q].ordinal()),
                  v.MakeEvidence(first.first, first.second, "official-answer", 0.7f));
        break;
      }
    }
    for (const auto& [sb, se] : v.sentences()) {
      std::u32string_view sent = n.substr(sb, se - sb);
      // 2. An earlier speaker named by label, surname or single-person role;
      // the speaker's latest remark is meant.
      std::set<size_t> named;
      for (const auto& [label, q] : latest) {
        const Speaker& other = speakers[q];
        if (other.label == me.label) continue;
        std::vector<std::u32string> names = {other.label};
        if (!other.surname.empty()) {
          for (auto h : {U"本部員", U"委員", U"先生", U"氏", U"さん", U"大臣"}) {
            names.push_back(other.surname + h);
          }
          if (!other.role.empty()) names.push_back(other.surname + other.role);
        } else if (!IsSharedRole(other.role) && !other.role.empty()) {
          names.push_back(other.role);
        }
        for (const auto& name : names) {
          if (name.size() < 2) continue;
          size_t p = sent.find(name);
          if (p == sent.npos) continue;
          size_t e = p + name.size();
          if (p > 0 && IsKanji(sent[p - 1]) && IsKanji(name.front())) continue;
          if (e < sent.size() && IsKanji(sent[e])) continue;
          size_t verb = SpeechVerbAfter(sent, e, 60);
          // 杉山委員の御意見に賛成です: the remark itself, named by its
          // speaker and a noun of speech, in any tense.
          if (verb == sent.npos && sent.substr(e, 1) == U"の") {
            for (auto noun : {U"御意見", U"ご意見", U"御発言", U"ご発言", U"御指摘",
                              U"ご指摘", U"御提案", U"ご提案", U"意見", U"発言",
                              U"指摘", U"提案", U"お話"}) {
              if (sent.substr(e + 1, std::u32string_view(noun).size()) == noun) {
                verb = e + 1;
                break;
              }
            }
          }
          if (verb == sent.npos) continue;
          bool agree = HasAgreement(sent.substr(e));
          if (!named.insert(q).second) break;
          links.Add(v.ordinal(),
                    agree ? LinkKind::kAgreesWith : LinkKind::kRefersTo,
                    TargetType::kRemark, absl::StrCat(views[q].ordinal()),
                    v.MakeEvidence(sb + p, sb + verb, agree ? "agrees-with-named"
                                                           : "names-speaker",
                                   0.8f));
          break;
        }
      }
      // 3. A group of speakers (有識者本部員の先生方から…言及いただいた): the
      // members whose remarks share most content words with the passage.
      for (auto g : kGroupWords) {
        size_t gp = sent.find(g);
        if (gp == sent.npos) continue;
        size_t rb = gp;
        while (rb > 0 && IsKanji(sent[rb - 1])) --rb;
        std::u32string group(sent.substr(rb, gp - rb));
        std::u32string role = RoleOf(group);
        size_t after = gp + g.size();
        if (sent.substr(after, 2) != U"から") continue;
        after += 2;
        if (after < sent.size() && sent[after] == U'も') ++after;
        size_t verb = SpeechVerbAfter(sent, after, 80);
        if (verb == sent.npos || role.empty()) continue;
        std::vector<std::u32string> terms =
            ContentTerms(sent.substr(after, verb - after));
        int best = 1;
        std::vector<size_t> chosen;
        for (size_t q = 0; q < r; ++q) {
          if (speakers[q].role != role) continue;
          int score = 0;
          for (const auto& t : terms) score += views[q].n().find(t) != std::u32string::npos;
          if (score > best) {
            best = score;
            chosen = {q};
          } else if (score == best && !chosen.empty()) {
            chosen.push_back(q);
          }
        }
        for (size_t q : chosen) {
          links.Add(v.ordinal(), LinkKind::kRefersTo, TargetType::kRemark,
                    absl::StrCat(views[q].ordinal()),
                    v.MakeEvidence(sb + rb, sb + verb, "group-reference", 0.4f));
        }
        break;
      }
      // 4. The chair's 今御指摘いただいた点: the member who just spoke.
      if (!me.secretariat) {
        for (auto w : {U"今御指摘", U"今ご指摘", U"先ほど御指摘", U"先ほどご指摘",
                       U"ただ今御指摘", U"ただいま御指摘"}) {
          size_t p = sent.find(w);
          if (p == sent.npos) continue;
          for (size_t q = r; q-- > 0;) {
            if (speakers[q].secretariat || speakers[q].label == me.label) continue;
            if (speakers[q].heading) break;
            links.Add(v.ordinal(), LinkKind::kRefersTo, TargetType::kRemark,
                      absl::StrCat(views[q].ordinal()),
                      v.MakeEvidence(sb + p, sb + p + std::u32string_view(w).size(),
                                     "deictic-remark", 0.6f));
            break;
          }
          break;
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace remarkgraph::ingest::internal
