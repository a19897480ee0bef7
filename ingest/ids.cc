#include "ingest/ids.h"

#include "absl/strings/str_cat.h"
#include "ingest/formats.h"
#include "ingest/names.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest {

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  auto decoded = internal::DecodeUtf8(id);
  if (!decoded.ok()) return false;
  for (char32_t c : *decoded) {
    if (c == '/' || c < 0x20 || c == 0x7F || internal::IsSpace(c) || c == '\n' ||
        (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029) {
      return false;
    }
  }
  return true;
}

std::string SlugId(std::string_view text, size_t max_bytes) {
  std::u32string n = internal::NormalizeNfkc(
                         internal::DecodeUtf8(text).value_or(U"")).text;
  std::u32string out;
  for (char32_t c : n) {
    if (internal::IsSpace(c) || c == '\n') continue;
    if (c == '/' || c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) c = '-';
    out.push_back(c);
  }
  std::string utf8 = internal::EncodeUtf8(out);
  if (utf8.size() <= max_bytes) return utf8;
  std::string hash = internal::Sha256Hex(utf8).substr(0, 8);
  std::string cut;
  for (char32_t c : out) {
    std::string one = internal::EncodeUtf8(std::u32string(1, c));
    if (cut.size() + one.size() + hash.size() + 1 > max_bytes) break;
    cut += one;
  }
  return absl::StrCat(cut, "~", hash);
}

std::string MeetingIdFor(std::string_view body, std::string_view date,
                         int ordinal, std::string_view digest) {
  std::string suffix = absl::StrCat(
      "-", date.empty() ? std::string(digest.substr(0, 12)) : std::string(date),
      ordinal > 0 ? absl::StrCat("-", ordinal) : "");
  std::string b = SlugId(body, 120 - suffix.size());
  if (b.empty()) b = "meeting";
  return absl::StrCat(b, suffix);
}

std::string BodyIdFor(std::string_view body) {
  std::string id = SlugId(body);
  return id.empty() ? "unknown" : id;
}

std::string PersonIdFor(std::string_view name) {
  // One person whatever the printing: 髙橋/高橋, 山田太郎君/山田 太郎.
  std::u32string n =
      internal::NormalizeNfkc(internal::DecodeUtf8(name).value_or(U"")).text;
  return SlugId(internal::EncodeUtf8(internal::PersonKey(n)));
}

std::string DocumentIdFor(std::string_view document) { return SlugId(document); }

}  // namespace remarkgraph::ingest
