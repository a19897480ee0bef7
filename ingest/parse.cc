#include "ingest/parse.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/formats.h"
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
  std::vector<std::u32string> head = HeadLines(t, 12);
  bool gijigaiyo = false, hatsugen = false, markers = false;
  for (const auto& l : head) {
    if (l.find(U"発言要旨") != l.npos || l.find(U"発言要録") != l.npos) hatsugen = true;
    if (l.find(U"議事概要") != l.npos || l.find(U"議事要旨") != l.npos ||
        l.find(U"議事録") != l.npos) {
      gijigaiyo = true;
    }
  }
  (void)markers;
  if (hatsugen) return Format::kHatsugenYoshi;
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
          "unknown minutes format: expected 議事概要 or 発言要旨 in the "
          "header, NDL minutes API JSON, or JSON Lines records; name the "
          "format to force one");
    case Format::kGijigaiyo:
    case Format::kHatsugenYoshi: {
      if (decoded.size() && decoded[0] == 0xFEFF) decoded[0] = ' ';
      ASSIGN_OR_RETURN(ParsedMinutes m,
                       internal::ParseTextMinutes(decoded, format, options));
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
                            format == Format::kHatsugenYoshi)
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
