#include "ingest/parse.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/formats.h"
#include "ingest/names.h"
#include "ingest/speaker_labels.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest {
namespace {

using internal::DecodeUtf8;

std::string_view SkipBomAndSpace(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' ||
                             text[i] == '\n' || text[i] == '\r')) {
    ++i;
  }
  return text.substr(i);
}

// The first `limit` non-blank lines, NFKC, spaces removed.
std::vector<std::u32string> HeadLines(std::string_view text, int limit) {
  std::vector<std::u32string> out;
  size_t i = 0;
  while (i < text.size() && static_cast<int>(out.size()) < limit) {
    size_t e = text.find('\n', i);
    if (e == text.npos) e = text.size();
    std::string_view line = text.substr(i, std::min<size_t>(e - i, 4096));
    std::u32string n = internal::RemoveSpaces(
        internal::NormalizeNfkc(DecodeUtf8(line).value_or(U"")).text);
    if (!n.empty()) out.push_back(std::move(n));
    i = e + 1;
  }
  return out;
}

// How the first lines of a text mark speakers and tell remarks.
struct Structure {
  int circle_markers = 0;     // ○label lines.
  // ○議長(山田太郎君), ○山田君, ◆委員(浜田修), 【X大臣】 alone or before the
  // words, 山田君:.
  int verbatim_markers = 0;
  // 井上委員: or 議長: before a sentence, or (石井会長) before the words.
  int colon_role_markers = 0;
  int narrative_phrases = 0;  // 旨の発言があった, 報告があった.
  int numbered_dai = 0;       // 第1 日時, 第2 出席者.
};

Structure ScanStructure(std::string_view text) {
  Structure st;
  std::vector<std::u32string> lines = HeadLines(text.substr(0, 1 << 16), 600);
  for (const std::u32string& l : lines) {
    if (l.empty()) continue;
    char32_t f = l.front();
    std::u32string_view label(l);
    if (internal::IsSpeakerMark(f)) {
      label = std::u32string_view(l).substr(1, 24);
      if (f == U'○' || f == U'〇' || f == U'◯') ++st.circle_markers;
      size_t kun = label.find(U"君");
      size_t paren = label.find('(');
      size_t close = label.find(')');
      if (kun != label.npos) {
        if ((paren != label.npos && paren < kun) || kun + 1 == label.size() ||
            kun < 8) {
          ++st.verbatim_markers;
        }
      } else if (paren != label.npos && paren > 0 && close != label.npos &&
                 paren < close &&
                 internal::IsRoleLabel(label.substr(0, paren)) &&
                 internal::LooksLikePersonName(
                     label.substr(paren + 1, close - paren - 1))) {
        // 会議録 systems' ◆委員(浜田修), ◎部長(小池哲也), ○委員長(沢村幸一).
        ++st.verbatim_markers;
      }
    } else if (size_t close = l.find(')');
               f == '(' && close != l.npos && close >= 3 && close <= 16 &&
               close + 2 < l.size() && !internal::IsAsciiDigit(l[1]) &&
               internal::IsRoleLabel(std::u32string_view(l).substr(1, close - 1))) {
      ++st.colon_role_markers;  // (石井会長) ただいまから…
    } else if (f == U'【') {
      // 【茂木IT担当大臣】 alone, or 【原田部会長】 before the words.
      size_t close = l.find(U'】');
      if (close != l.npos && close >= 2 && close <= 30 &&
          internal::IsRoleLabel(std::u32string_view(l).substr(1, close - 1))) {
        ++st.verbatim_markers;
      }
    } else if (size_t colon = l.find(':'); colon != l.npos && colon >= 2 && colon <= 16) {
      std::u32string_view before = std::u32string_view(l).substr(0, colon);
      while (!before.empty() && (before.front() == U'・' || before.front() == '-')) {
        before.remove_prefix(1);  // ・北村委員:
      }
      if (internal::EndsWith(before, U"君") || internal::EndsWith(before, U"君)")) {
        ++st.verbatim_markers;
      } else if (internal::IsRoleLabel(before) &&
                 l.find(U'。', colon) != l.npos) {
        ++st.colon_role_markers;
      }
    }
    // Told remarks: 「…」旨の発言, との意見, について報告があった.
    static constexpr std::u32string_view kVerbs[] = {
        U"発言", U"意見", U"説明", U"回答", U"質問", U"報告", U"答弁", U"指摘", U"要望"};
    for (std::u32string_view lead : {U"旨の", U"旨", U"との"}) {
      for (size_t q = l.find(lead); q != l.npos; q = l.find(lead, q + 1)) {
        std::u32string_view after = std::u32string_view(l).substr(q + lead.size());
        for (auto v : kVerbs) {
          if (internal::StartsWith(after, v)) {
            ++st.narrative_phrases;
            break;
          }
        }
      }
    }
    for (std::u32string_view p : {U"報告があった", U"説明があった", U"説明があり",
                                  U"報告があり", U"依頼があった", U"主な意見",
                                  U"主な発言"}) {
      for (size_t q = l.find(p); q != l.npos; q = l.find(p, q + 1)) ++st.narrative_phrases;
    }
    if (l.size() >= 3 && l[0] == U'第' && internal::IsAsciiDigit(l[1])) ++st.numbered_dai;
  }
  return st;
}

}  // namespace

Format DetectFormat(std::string_view text) {
  std::string_view t = SkipBomAndSpace(text);
  if (t.empty()) return Format::kUnknown;
  if (t[0] == '{' || t[0] == '[') {
    // JSON Lines records carry a "type" on their first line; NDL responses
    // are one document with speechRecord or meetingRecord.
    std::string_view first = t.substr(0, t.find('\n'));
    auto line = nlohmann::json::parse(first, nullptr, false);
    if (!line.is_discarded() && line.is_object() && line.contains("type") &&
        t.find('\n') != t.npos) {
      return Format::kRecords;
    }
    if (!line.is_discarded() && line.is_object() && line.contains("type") &&
        !line.contains("speechRecord") && !line.contains("meetingRecord")) {
      return Format::kRecords;
    }
    std::string_view head = t.substr(0, 1 << 16);
    if (head.find("\"speechRecord\"") != head.npos ||
        head.find("\"meetingRecord\"") != head.npos ||
        head.find("\"numberOfRecords\"") != head.npos) {
      return Format::kNdl;
    }
    return Format::kUnknown;
  }
  // Text: the kind named in the header, and the structure of the first
  // lines (how speakers are marked, how remarks are told).
  std::vector<std::u32string> head = HeadLines(t, 12);
  bool gijigaiyo = false, hatsugen = false, verbatim_kind = false,
       narrative_kind = false;
  for (const auto& l : head) {
    if (l.find(U"発言要旨") != l.npos || l.find(U"発言要録") != l.npos) hatsugen = true;
    if (l.find(U"議事概要") != l.npos || l.find(U"議事要旨") != l.npos ||
        l.find(U"議事録") != l.npos) {
      gijigaiyo = true;
    }
    if (l.find(U"会議録") != l.npos || l.find(U"速記録") != l.npos ||
        (internal::EndsWith(l, U"記録") && l.size() <= 40 &&
         (l.find(U"委員会") != l.npos || l.find(U"会議") != l.npos))) {
      verbatim_kind = true;  // Also 建設委員会記録, 本会議記録.
    }
    if (l.find(U"開催状況") != l.npos || l.find(U"議事要旨") != l.npos) {
      narrative_kind = true;
    }
  }
  Structure st = ScanStructure(t);
  if (hatsugen) return Format::kHatsugenYoshi;
  if (st.verbatim_markers >= 2) return Format::kKaigiroku;
  if (verbatim_kind && st.circle_markers >= 2) return Format::kKaigiroku;
  // 井上委員：… / 議長：… lines in a record of what was said.
  if ((verbatim_kind || gijigaiyo) && st.circle_markers < 2 &&
      st.colon_role_markers >= 3 && st.narrative_phrases < 2) {
    return Format::kKaigiroku;
  }
  if (st.narrative_phrases >= 2 && st.circle_markers < 2 &&
      (narrative_kind || gijigaiyo || st.numbered_dai >= 2)) {
    return Format::kGijiyoshiNarrative;
  }
  if (gijigaiyo) return Format::kGijigaiyo;
  return Format::kUnknown;
}

absl::StatusOr<std::vector<ParsedMinutes>> ParseAllMinutes(
    std::string_view text, Format format, const ImportMetadata& metadata,
    const ParseOptions& options) {
  if (SkipBomAndSpace(text).empty()) {
    return absl::InvalidArgumentError("empty input: no minutes to import");
  }
  if (text.size() > options.max_input_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "input of ", text.size(), " bytes exceeds the limit of ",
        options.max_input_bytes, " bytes"));
  }
  // Refuse binary data before anything else looks at it.
  ASSIGN_OR_RETURN(std::u32string decoded, DecodeUtf8(text));
  if (format == Format::kUnknown) format = DetectFormat(text);
  std::vector<ParsedMinutes> all;
  switch (format) {
    case Format::kUnknown:
      return absl::InvalidArgumentError(
          "unknown minutes format: expected 議事概要 or 発言要旨 (with ○ or "
          "委員： markers), verbatim 会議録 (○議長(山田太郎君) markers), "
          "narrative 議事要旨 (「…」旨の発言があった), NDL minutes API JSON, or "
          "JSON Lines records; name the format to force one");
    case Format::kGijigaiyo:
    case Format::kHatsugenYoshi: {
      if (decoded.size() && decoded[0] == 0xFEFF) decoded[0] = ' ';
      ASSIGN_OR_RETURN(ParsedMinutes m,
                       internal::ParseTextMinutes(decoded, format, options));
      all.push_back(std::move(m));
      break;
    }
    case Format::kKaigiroku: {
      if (decoded.size() && decoded[0] == 0xFEFF) decoded[0] = ' ';
      ASSIGN_OR_RETURN(ParsedMinutes m, internal::ParseKaigiroku(decoded, options));
      all.push_back(std::move(m));
      break;
    }
    case Format::kGijiyoshiNarrative: {
      if (decoded.size() && decoded[0] == 0xFEFF) decoded[0] = ' ';
      ASSIGN_OR_RETURN(ParsedMinutes m, internal::ParseNarrative(decoded, options));
      all.push_back(std::move(m));
      break;
    }
    case Format::kNdl: {
      ASSIGN_OR_RETURN(all, internal::ParseNdlJson(text, options));
      break;
    }
    case Format::kRecords: {
      ASSIGN_OR_RETURN(all, internal::ParseRecordLines(text, options));
      break;
    }
  }
  for (ParsedMinutes& m : all) {
    std::string_view digest_input =
        all.size() == 1 && (format == Format::kGijigaiyo ||
                            format == Format::kHatsugenYoshi ||
                            format == Format::kKaigiroku ||
                            format == Format::kGijiyoshiNarrative)
            ? text
            : std::string_view(m.source_text);
    RETURN_IF_ERROR(internal::FinishMeeting(digest_input, metadata, m));
  }
  return all;
}

absl::StatusOr<ParsedMinutes> ParseMinutes(std::string_view text, Format format,
                                           const ImportMetadata& metadata,
                                           const ParseOptions& options) {
  ASSIGN_OR_RETURN(std::vector<ParsedMinutes> all,
                   ParseAllMinutes(text, format, metadata, options));
  if (all.empty()) {
    return absl::InvalidArgumentError("input holds no meeting");
  }
  if (all.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "input holds ", all.size(),
        " meetings; import them with ParseAllMinutes"));
  }
  return std::move(all.front());
}

}  // namespace remarkgraph::ingest
