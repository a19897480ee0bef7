#include "ingest/linker.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/ids.h"
#include "ingest/link_internal.h"
#include "ingest/matter_period.h"

namespace remarkgraph::ingest {
namespace internal {

namespace {
constexpr size_t kByteMarkEvery = 64;  // Code points between byte marks.
}  // namespace

RemarkView::RemarkView(int ordinal, std::string text,
                       std::vector<OffsetMap::Break> breaks)
    : ordinal_(ordinal), owned_(std::move(text)) {
  std::u32string decoded = DecodeUtf8(owned_).value_or(U"");
  offsets_ = OffsetMap(std::move(breaks), decoded.size());
  Init(std::move(decoded));
}

RemarkView::RemarkView(const Remark& remark)
    : ordinal_(remark.ordinal),
      viewed_(remark.text.data()),
      viewed_size_(remark.text.size()),
      offsets_(remark.text_offsets) {
  Init(DecodeUtf8(remark.text).value_or(U""));
}

void RemarkView::Init(std::u32string decoded) {
  text_size_ = decoded.size();
  if (text_size_ == 0) {
    owned_.clear();  // Not UTF-8 (or empty): quotes nothing, as it reads.
    viewed_ = nullptr;
  }
  const std::string_view utf8 = text();
  byte_marks_.reserve(text_size_ / kByteMarkEvery + 1);
  for (size_t b = 0, cp = 0; b < utf8.size(); ++b) {
    if ((static_cast<unsigned char>(utf8[b]) & 0xC0) == 0x80) continue;
    if (cp % kByteMarkEvery == 0) byte_marks_.push_back(static_cast<uint32_t>(b));
    ++cp;
  }
  NormalizedText norm = NormalizeNfkc(decoded);
  decoded = std::u32string();
  for (int32_t o : norm.origin) origin_.push_back(o);
  origin_.Compact();
  n_ = std::move(norm.text);
  n_.shrink_to_fit();
  std::u32string_view n = n_;
  size_t begin = 0;
  int depth = 0;
  for (size_t i = 0; i < n.size(); ++i) {
    char32_t c = n[i];
    if (c == U'「' || c == U'『') ++depth;
    if ((c == U'」' || c == U'』') && depth > 0) --depth;
    bool end = c == '\n' || (depth == 0 && IsSentenceEnd(c));
    if (end) {
      size_t e = c == '\n' ? i : i + 1;
      if (e > begin) sentences_.push_back({begin, e});
      begin = i + 1;
    }
  }
  if (begin < n.size()) sentences_.push_back({begin, n.size()});
  if (sentences_.empty()) sentences_.push_back({0, n.size()});
}

size_t RemarkView::ByteOf(size_t i) const {
  const std::string_view utf8 = text();
  if (i >= text_size_) return utf8.size();
  size_t b = byte_marks_[i / kByteMarkEvery];
  for (size_t k = i % kByteMarkEvery; k > 0; --k) {
    do {
      ++b;
    } while (b < utf8.size() && (static_cast<unsigned char>(utf8[b]) & 0xC0) == 0x80);
  }
  return b;
}

int32_t RemarkView::OriginEnd(size_t ne) const {
  if (ne == 0) return origin_.empty() ? 0 : origin_[0];
  // The end of the input segment that produced code point ne - 1: the origin
  // of the first following code point that came from a later segment.
  const int32_t last = origin_[ne - 1];
  for (size_t k = ne; k < origin_.size(); ++k) {
    if (origin_[k] != last) return origin_[k];
  }
  return origin_.back();
}

size_t RemarkView::SentenceOf(size_t pos) const {
  // The first sentence ending after pos (ends increase).
  auto it = std::upper_bound(
      sentences_.begin(), sentences_.end(), pos,
      [](size_t p, const std::pair<size_t, size_t>& s) { return p < s.second; });
  if (it == sentences_.end()) return sentences_.size() - 1;
  return static_cast<size_t>(it - sentences_.begin());
}

Evidence RemarkView::MakeEvidence(size_t b, size_t e, std::string rule,
                                  float confidence, std::string section) const {
  Evidence ev;
  size_t ob = OriginBegin(std::min(b, n_.size()));
  size_t oe = e > b ? static_cast<size_t>(OriginEnd(e)) : ob;
  ob = std::min(ob, text_size_);
  oe = std::min(std::max(oe, ob), text_size_);
  auto at = [&](size_t i) -> int32_t {
    if (offsets_.empty()) return static_cast<int32_t>(i);
    if (i < offsets_.size()) return offsets_[i];
    return offsets_.back() + 1;
  };
  ev.span.begin = at(ob);
  ev.span.end = oe > ob ? at(oe - 1) + 1 : ev.span.begin;
  // Newlines joined in from paragraph breaks are quoted as they stand.
  const size_t byte_begin = ByteOf(ob);
  ev.quote = std::string(text().substr(byte_begin, ByteOf(oe) - byte_begin));
  ev.rule = std::move(rule);
  ev.confidence = confidence;
  ev.section = std::move(section);
  return ev;
}

namespace {
int StancePriority(storage::Stance s) {
  switch (s) {
    case storage::Stance::kOppose: return 4;
    case storage::Stance::kConcern: return 3;
    case storage::Stance::kSupport: return 2;
    case storage::Stance::kQuestion: return 1;
    default: return 0;
  }
}
}  // namespace

void LinkSet::Add(int remark, LinkKind kind, TargetType type,
                  const std::string& target, Evidence evidence,
                  storage::Stance stance) {
  Key key{remark, static_cast<int>(kind), static_cast<int>(type), target};
  auto [it, inserted] = links_.try_emplace(key);
  Link& link = it->second;
  if (inserted) {
    link.remark = remark;
    link.kind = kind;
    link.target_type = type;
    link.target = target;
  }
  // An edge keeps the first kMaxEvidencePerEdge passages (their stance still
  // counts), so that a remark naming an item thousands of times costs a
  // bounded check per mention, not a scan of every earlier one.
  const bool full =
      link.evidence.size() >= static_cast<size_t>(storage::kMaxEvidencePerEdge);
  for (size_t i = 0; i < link.evidence.size() && !full; ++i) {
    const Evidence& e = link.evidence[i];
    if (e.span.begin == evidence.span.begin && e.span.end == evidence.span.end &&
        e.rule == evidence.rule) {
      return;
    }
  }
  if (!full) link.evidence.push_back(std::move(evidence));
  if (StancePriority(stance) > StancePriority(link.stance)) link.stance = stance;
}

bool LinkSet::Has(int remark, LinkKind kind, TargetType type,
                  const std::string& target) const {
  return links_.count(Key{remark, static_cast<int>(kind), static_cast<int>(type),
                          target}) > 0;
}

void LinkSet::Remove(int remark, LinkKind kind, TargetType type,
                     const std::string& target) {
  links_.erase(Key{remark, static_cast<int>(kind), static_cast<int>(type), target});
}

std::vector<Link> LinkSet::Take() {
  std::vector<Link> out;
  out.reserve(links_.size());
  for (auto& [key, link] : links_) out.push_back(std::move(link));
  links_.clear();
  return out;
}

std::vector<Evidence> FindMatterMentions(const RemarkView& view,
                                         std::u32string_view title) {
  std::vector<Evidence> out;
  if (title.size() < 6) return out;  // Too short to name a matter alone.
  std::u32string_view n = view.n();
  for (size_t p = n.find(title);
       p != n.npos && out.size() < static_cast<size_t>(storage::kMaxEvidencePerEdge);
       p = n.find(title, p + 1)) {
    size_t e = p + title.size();
    if (e < n.size() && IsKanji(title.back()) && IsKanji(n[e])) continue;
    if (p > 0 && IsKanji(title.front()) && IsKanji(n[p - 1])) continue;
    out.push_back(view.MakeEvidence(p, e, "matter-title", 0.7f));
  }
  return out;
}

}  // namespace internal

namespace {

// Agenda entries every meeting has (その他, 報告事項, 意見交換): they name no
// matter, and one shared node would join every meeting that lists them.
bool IsGenericItemTitle(std::u32string_view core) {
  std::u32string t = internal::RemoveSpaces(core);
  if (t.size() < 2) return true;
  static constexpr std::u32string_view kGeneric[] = {
      U"その他", U"報告", U"報告事項", U"議事", U"議題", U"開会", U"閉会",
      U"挨拶", U"あいさつ", U"開会挨拶", U"閉会挨拶", U"意見交換", U"質疑応答",
      U"自由討議", U"討議", U"連絡事項", U"諸報告", U"事務連絡", U"今後の予定",
      U"今後のスケジュール", U"協議事項", U"審議事項", U"決定事項", U"一般質問",
      U"市政に対する一般質問", U"会議録署名議員の指名", U"会期の決定", U"諸般の報告",
      U"行政報告", U"議長の報告", U"委員長報告"};
  for (auto g : kGeneric) {
    if (t == g) return true;
  }
  return false;
}

}  // namespace

std::string MatterTitleFor(std::string_view title) {
  using namespace internal;
  std::u32string core = CoreTitle(NormalizeNfkc(DecodeUtf8(title).value_or(U"")).text);
  // 日程第1 is a place in one day's agenda, not part of what is discussed.
  if (StartsWith(core, U"日程第")) {
    size_t k = 3;
    while (k < core.size() && IsAsciiDigit(core[k])) ++k;
    if (k > 3) {
      if (k < core.size() && core[k] == U'号') ++k;
      core = std::u32string(Trim(std::u32string_view(core).substr(k)));
    }
  }
  return EncodeUtf8(core);
}

std::string MatterIdForTitle(std::string_view title) {
  return SlugId(MatterTitleFor(title));
}

absl::Status LinkMinutes(ParsedMinutes& minutes, const LinkContext& context,
                         const Interrupt& interrupt) {
  using namespace internal;
  for (Item& item : minutes.items) {
    item.matter_title = MatterTitleFor(item.title);
    if (IsGenericItemTitle(DecodeUtf8(item.matter_title).value_or(U""))) {
      item.matter_title.clear();
      item.matter_id.clear();
      continue;
    }
    item.matter_id = MatterIdAt(item.matter_title, minutes.date);
  }
  LinkSet links;
  // Links the source states itself (records) are kept as they are.
  for (Link& l : minutes.links) {
    // So are the votes a parser read from the chair's declarations.
    bool explicit_link = !l.evidence.empty() && (l.evidence[0].rule == "explicit" ||
                                                 l.evidence[0].rule == "vote");
    if (!explicit_link) continue;
    for (Evidence& e : l.evidence) {
      links.Add(l.remark, l.kind, l.target_type, l.target, e, l.stance);
    }
  }
  if (!minutes.autolink) {
    minutes.links = links.Take();
    minutes.external_links.clear();
    return absl::OkStatus();
  }
  std::vector<RemarkView> views;
  views.reserve(minutes.remarks.size());
  InterruptPoller poller(interrupt);
  for (const Remark& r : minutes.remarks) {
    RETURN_IF_ERROR(poller.Poll());
    views.emplace_back(r);
  }
  if (interrupt) RETURN_IF_ERROR(interrupt());
  RETURN_IF_ERROR(LinkItems(views, minutes, links, interrupt));
  if (interrupt) RETURN_IF_ERROR(interrupt());
  RETURN_IF_ERROR(LinkRemarks(views, minutes, links, interrupt));
  if (interrupt) RETURN_IF_ERROR(interrupt());
  // A remark pair keeps one kind: agreement, then reply, then reference.
  std::vector<Link> all = links.Take();
  std::set<std::pair<int, std::string>> stronger;  // (remark, target remark)
  for (const Link& o : all) {
    if (o.target_type == TargetType::kRemark &&
        (o.kind == LinkKind::kRepliesTo || o.kind == LinkKind::kAgreesWith)) {
      stronger.emplace(o.remark, o.target);
    }
  }
  std::vector<Link> kept;
  for (Link& l : all) {
    if (l.target_type == TargetType::kRemark && l.kind == LinkKind::kRefersTo &&
        stronger.count({l.remark, l.target}) > 0) {
      continue;
    }
    kept.push_back(std::move(l));
  }
  // Matters of other meetings named in this one.
  std::set<std::string> own;
  for (const Item& i : minutes.items) own.insert(i.matter_id);
  if (context.matters != nullptr) {
    for (const KnownMatter& m : context.matters->Matters()) {
      if (own.count(m.id) > 0) continue;
      // 次期X of another year is another matter.
      if (IsTimeRelativeTitle(m.title) && !minutes.date.empty() &&
          MatterIdAt(m.title, minutes.date) != m.id) {
        continue;
      }
      std::u32string title = NormalizeNfkc(DecodeUtf8(m.title).value_or(U"")).text;
      for (const RemarkView& v : views) {
        RETURN_IF_ERROR(poller.Poll());
        std::vector<Evidence> evs = FindMatterMentions(v, title);
        if (evs.empty()) continue;
        Link link;
        link.remark = v.ordinal();
        link.kind = LinkKind::kReferences;
        link.target_type = TargetType::kMatter;
        link.target = m.id;
        link.evidence = std::move(evs);
        kept.push_back(std::move(link));
      }
    }
  }
  minutes.links = std::move(kept);
  // Remarks of other meetings that name this meeting's matters.
  minutes.external_links.clear();
  if (interrupt) RETURN_IF_ERROR(interrupt());
  return LinkExternal(minutes, context, interrupt);
}

absl::Status LinkExternal(ParsedMinutes& minutes, const LinkContext& context,
                          const Interrupt& interrupt) {
  using namespace internal;
  const std::string meeting_name = storage::MeetingName(minutes.meeting_id);
  if (context.corpus != nullptr) {
    std::set<std::string> done;
    for (const Item& item : minutes.items) {
      if (item.matter_id.empty() || !done.insert(item.matter_id).second) continue;
      if (interrupt) RETURN_IF_ERROR(interrupt());
      std::u32string title =
          NormalizeNfkc(DecodeUtf8(item.matter_title).value_or(U"")).text;
      if (title.size() < 6) continue;
      const bool relative = IsTimeRelativeTitle(item.matter_title);
      RETURN_IF_ERROR(context.corpus->ForEachCandidate(
          item.matter_title, meeting_name, [&](const StoredRemark& stored) {
            if (relative && !stored.meeting_date.empty() &&
                MatterIdAt(item.matter_title, stored.meeting_date) != item.matter_id) {
              return;  // Said of another year's 次期X.
            }
            RemarkView view(0, stored.text, stored.offset_map);
            for (Evidence& ev : FindMatterMentions(view, title)) {
              ExternalLink link;
              link.remark_name = stored.name;
              link.meeting_name = stored.meeting_name;
              link.kind = LinkKind::kReferences;
              link.matter_id = item.matter_id;
              link.evidence = std::move(ev);
              minutes.external_links.push_back(std::move(link));
            }
          }));
    }
  }
  return absl::OkStatus();
}

}  // namespace remarkgraph::ingest
