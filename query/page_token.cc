#include "query/internal/page_token.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/strings.h"

namespace remarkgraph::query::internal {
namespace {

// The token layout: "v1.<position>.<checksum hex>", base64 encoded.
constexpr std::string_view kVersion = "v1";

uint64_t Checksum(std::string_view kind, std::string_view scope,
                  uint64_t position) {
  uint64_t h = Fingerprint(kind, 0x72656d61726b6772ULL);  // "remarkgr"
  h = Fingerprint(scope, h);
  return Fingerprint(absl::StrCat(position), h);
}

absl::Status BadToken() {
  return absl::InvalidArgumentError(
      "page_token: not a token issued for this request");
}

}  // namespace

uint64_t Fingerprint(std::string_view data, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  // A length terminator keeps ("ab","c") and ("a","bc") apart when chained.
  h ^= data.size();
  h *= 0x100000001b3ULL;
  return h;
}

std::string EncodePageToken(std::string_view kind, std::string_view scope,
                            uint64_t position) {
  const std::string raw =
      StrCat(kVersion, ".", position, ".",
             absl::Hex(Checksum(kind, scope, position), absl::kZeroPad16));
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<uint64_t> DecodePageToken(std::string_view token,
                                         std::string_view kind,
                                         std::string_view scope) {
  std::string raw;
  if (token.size() > 128 || !absl::WebSafeBase64Unescape(Sv(token), &raw)) {
    return BadToken();
  }
  std::vector<absl::string_view> parts = absl::StrSplit(raw, '.');
  if (parts.size() != 3 || parts[0] != Sv(kVersion) || parts[2].size() != 16) {
    return BadToken();
  }
  uint64_t position = 0;
  uint64_t checksum = 0;
  if (!absl::SimpleAtoi(parts[1], &position) ||
      !absl::SimpleHexAtoi(parts[2], &checksum) ||
      checksum != Checksum(kind, scope, position) ||
      absl::StrCat(position) != parts[1]) {
    return BadToken();
  }
  return position;
}

}  // namespace remarkgraph::query::internal
