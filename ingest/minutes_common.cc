// Steps every format shares: names of formats and link kinds, the meeting's
// body and id, the remark text builder, and the source digest.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ingest/formats.h"
#include "ingest/ids.h"
#include "ingest/minutes.h"
#include "ingest/text_util.h"
#include "storage/schema.h"

namespace remarkgraph::ingest {

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kGijigaiyo: return "gijigaiyo";
    case Format::kHatsugenYoshi: return "hatsugen-yoshi";
    case Format::kNdl: return "ndl";
    case Format::kRecords: return "records";
    case Format::kKaigiroku: return "kaigiroku";
    case Format::kGijiyoshiNarrative: return "gijiyoshi-narrative";
    case Format::kUnknown: break;
  }
  return "unknown";
}

std::optional<Format> ParseFormat(std::string_view name) {
  if (name.empty() || name == "auto" || name == "unknown") return Format::kUnknown;
  for (Format f : {Format::kGijigaiyo, Format::kHatsugenYoshi, Format::kNdl,
                   Format::kRecords, Format::kKaigiroku,
                   Format::kGijiyoshiNarrative}) {
    if (name == FormatName(f)) return f;
  }
  if (name == "hatsugen_yoshi" || name == "hatsugenyoshi") return Format::kHatsugenYoshi;
  if (name == "jsonl") return Format::kRecords;
  if (name == "gijiyoshi_narrative" || name == "narrative") {
    return Format::kGijiyoshiNarrative;
  }
  return std::nullopt;
}

storage::EdgeKind ToEdgeKind(LinkKind kind) {
  switch (kind) {
    case LinkKind::kReferences: return storage::EdgeKind::kReferences;
    case LinkKind::kAdopts: return storage::EdgeKind::kAdopts;
    case LinkKind::kCites: return storage::EdgeKind::kCites;
    case LinkKind::kRepliesTo: return storage::EdgeKind::kRepliesTo;
    case LinkKind::kRefersTo: return storage::EdgeKind::kRefersTo;
    case LinkKind::kAgreesWith: return storage::EdgeKind::kAgreesWith;
  }
  return storage::EdgeKind::kUnspecified;
}

std::string_view LinkKindName(LinkKind kind) {
  switch (kind) {
    case LinkKind::kReferences: return "references";
    case LinkKind::kAdopts: return "adopts";
    case LinkKind::kCites: return "cites";
    case LinkKind::kRepliesTo: return "replies_to";
    case LinkKind::kRefersTo: return "refers_to";
    case LinkKind::kAgreesWith: return "agrees_with";
  }
  return "unknown";
}

std::string FormatWarning(const ImportWarning& warning) {
  if (warning.line <= 0) return warning.message;
  return absl::StrCat("line ", warning.line, ": ", warning.message);
}

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  int32_t cp = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // A continuation byte: same code point.
    ++cp;
    if (c == '\n' ||
        (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      starts_.push_back(cp);
    }
  }
}

int LineIndex::LineOf(int32_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<int>(it - starts_.begin());
}

int LineOfOffset(std::string_view text, int32_t offset) {
  return LineIndex(text).LineOf(offset);
}

OffsetMap::OffsetMap(std::vector<Break> breaks, size_t size)
    : breaks_(std::move(breaks)), size_(size) {}

void OffsetMap::push_back(int32_t offset) {
  if (breaks_.empty() ||
      offset != breaks_.back().second +
                    (static_cast<int32_t>(size_) - breaks_.back().first)) {
    breaks_.emplace_back(static_cast<int32_t>(size_), offset);
  }
  ++size_;
}

void OffsetMap::Compact() {
  if (breaks_.size() == 1 && breaks_[0] == Break{0, 0}) breaks_.clear();
  breaks_.shrink_to_fit();
}

void OffsetMap::clear() {
  breaks_.clear();
  size_ = 0;
}

int32_t OffsetMap::operator[](size_t i) const {
  if (breaks_.empty()) return static_cast<int32_t>(i);
  // The last run starting at or before i (the first run for a position
  // before it, as a map read back from its breaks may have).
  auto it = std::upper_bound(
      breaks_.begin(), breaks_.end(), static_cast<int32_t>(i),
      [](int32_t p, const Break& b) { return p < b.first; });
  if (it != breaks_.begin()) --it;
  return it->second + (static_cast<int32_t>(i) - it->first);
}

const Item* ParsedMinutes::FindItem(int ordinal) const {
  for (const Item& i : items) {
    if (i.ordinal == ordinal) return &i;
  }
  return nullptr;
}

const Remark* ParsedMinutes::FindRemark(int ordinal) const {
  if (ordinal >= 1 && ordinal <= static_cast<int>(remarks.size()) &&
      remarks[ordinal - 1].ordinal == ordinal) {
    return &remarks[ordinal - 1];
  }
  for (const Remark& r : remarks) {
    if (r.ordinal == ordinal) return &r;
  }
  return nullptr;
}

namespace internal {

void SplitTitle(std::string_view title, std::string& body, int& ordinal) {
  std::u32string t = NormalizeNfkc(DecodeUtf8(title).value_or(U"")).text;
  ordinal = 0;
  std::u32string b = t;
  for (size_t p = t.find(U'第'); p != t.npos; p = t.find(U'第', p + 1)) {
    size_t e = p + 1;
    while (e < t.size() && (IsAsciiDigit(t[e]) ||
                            std::u32string_view(U"〇一二三四五六七八九十百")
                                    .find(t[e]) != std::u32string_view::npos)) {
      ++e;
    }
    if (e == p + 1 || e >= t.size() || (t[e] != U'回' && t[e] != U'号')) continue;
    ordinal = ParseJapaneseNumber(t.substr(p + 1, e - p - 1)).value_or(0);
    b = t.substr(0, p);
    // "令和6年第1回X議会定例会(第2号)": a year before the number is the
    // session's, the body follows.
    std::u32string head = RemoveSpaces(b);
    bool year_only = !head.empty() && head.back() == U'年' &&
                     (FindJapaneseDate(head + U"1月1日").has_value());
    if (Trim(b).empty() || year_only) {
      b = t.substr(e + 1);
      size_t paren = b.find('(');
      if (paren != b.npos && paren > 0) b.resize(paren);
      for (std::u32string_view session : {U"定例会", U"臨時会", U"定例会議"}) {
        std::u32string trimmed(Trim(b));
        if (EndsWith(trimmed, session) && trimmed.size() > session.size()) {
          b = trimmed.substr(0, trimmed.size() - session.size());
        }
      }
    }
    break;
  }
  std::u32string s(Trim(b));
  // "都市景観審議会(2023年度第2回)": a bracket the number was inside of.
  if (size_t open = s.rfind('('); open != s.npos && open > 0 &&
                                  s.find(')', open) == s.npos) {
    s.resize(open);
  }
  while (!s.empty() && (s.back() == '(' || s.back() == U'「' || IsSpace(s.back()))) {
    s.pop_back();
  }
  // "令和3年度…", "2021年度…": the fiscal year is not part of the body.
  size_t nendo = s.find(U"年度");
  if (nendo != s.npos && nendo <= 6) {
    bool numeric = true;
    size_t k = 0;
    for (auto era : {U"令和", U"平成", U"昭和"}) {
      if (StartsWith(s, era)) k = 2;
    }
    for (size_t i = k; i < nendo; ++i) {
      if (!IsAsciiDigit(s[i]) && s[i] != U'元') numeric = false;
    }
    if (numeric && nendo > k) s = s.substr(nendo + 2);
  }
  body = EncodeUtf8(Trim(s));
}

absl::Status FinishMeeting(std::string_view input,
                           const ImportMetadata& metadata,
                           ParsedMinutes& minutes) {
  // Dates and times are stored as given and make the meeting's id, so they
  // must have the stored form: from JSON or from the caller a malformed one
  // is an error; a misprint in text minutes (2月30日) is left out with a
  // warning.
  if (!metadata.date.empty() && !storage::IsValidDate(metadata.date)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metadata date '", metadata.date.substr(0, 32), "' is not a date of the form YYYY-MM-DD"));
  }
  const bool from_text =
      minutes.format == Format::kGijigaiyo || minutes.format == Format::kHatsugenYoshi;
  for (auto [value, valid, what] :
       {std::tuple{&minutes.date, storage::IsValidDate(minutes.date), "date 'YYYY-MM-DD'"},
        std::tuple{&minutes.start_time, storage::IsValidTime(minutes.start_time), "time 'HH:MM'"},
        std::tuple{&minutes.end_time, storage::IsValidTime(minutes.end_time), "time 'HH:MM'"}}) {
    if (value->empty() || valid) continue;
    const std::string problem = absl::StrCat("meeting ", what, " expected, not '",
                                             value->substr(0, 32), "'");
    if (!from_text) return absl::InvalidArgumentError(problem);
    minutes.warnings.push_back({0, absl::StrCat(problem, "; left out")});
    value->clear();
  }
  if (minutes.title.empty()) minutes.title = metadata.title;
  if (minutes.date.empty()) minutes.date = metadata.date;
  // A meeting nobody can name or place in time would be a wrong graph.
  if (minutes.title.empty() && minutes.body.empty() && metadata.body.empty()) {
    return absl::InvalidArgumentError(
        "minutes have no readable title: no header line names the meeting; "
        "give the title in the request's title field");
  }
  if (minutes.date.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "minutes of '", minutes.title.empty() ? minutes.body : minutes.title,
        "' have no readable date; give it in the request's date field "
        "(YYYY-MM-DD)"));
  }
  std::string body;
  int ordinal = 0;
  SplitTitle(minutes.title, body, ordinal);
  if (minutes.title_ordinal == 0) minutes.title_ordinal = ordinal;
  if (!metadata.body.empty()) {
    minutes.body = metadata.body;
  } else if (minutes.body.empty()) {
    minutes.body = body;
  }
  if (minutes.body.empty()) minutes.body = minutes.title;
  minutes.source_digest = Sha256Hex(input);
  if (!metadata.meeting_id.empty()) {
    if (!IsValidId(metadata.meeting_id)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "metadata meeting_id '", metadata.meeting_id,
          "' is not a valid id (1 to 128 bytes, no '/', spaces or controls)"));
    }
    minutes.meeting_id = metadata.meeting_id;
  } else if (minutes.meeting_id.empty()) {
    minutes.meeting_id = MeetingIdFor(minutes.body, minutes.date,
                                      minutes.title_ordinal,
                                      minutes.source_digest);
  }
  return absl::OkStatus();
}

void AppendRemarkPiece(std::u32string_view source, int32_t begin, int32_t end,
                       std::u32string& text, OffsetMap& offsets) {
  if (begin >= end) return;
  if (!text.empty() && EndsParagraph(text.back())) {
    text.push_back('\n');
    offsets.push_back(begin);
  }
  for (int32_t i = begin; i < end; ++i) {
    text.push_back(source[i]);
    offsets.push_back(i);
  }
}

namespace {

constexpr std::array<uint32_t, 64> kK = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

}  // namespace

std::string Sha256Hex(std::string_view data) {
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string msg(data);
  uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back(0);
  for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>(bits >> (i * 8)));
  for (size_t chunk = 0; chunk < msg.size(); chunk += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i) {
      const unsigned char* p =
          reinterpret_cast<const unsigned char*>(msg.data() + chunk + i * 4);
      w[i] = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
             (uint32_t{p[2]} << 8) | uint32_t{p[3]};
    }
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5],
             g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t s1 = Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);
      uint32_t ch = (e & f) ^ (~e & g);
      uint32_t t1 = hh + s1 + ch + kK[i] + w[i];
      uint32_t s0 = Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);
      uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      uint32_t t2 = s0 + maj;
      hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  std::string out;
  for (uint32_t v : h) absl::StrAppendFormat(&out, "%08x", v);
  return out;
}

}  // namespace internal
}  // namespace remarkgraph::ingest
