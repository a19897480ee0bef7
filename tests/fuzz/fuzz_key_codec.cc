// Fuzz target for the storage key codec. Any bytes given to DecodeEdgeKey
// either decode to a key that re-encodes to the same bytes or are refused;
// two values split from the input keep their order, and prefixes of one
// never cover keys of the other (what the prefix scans rely on).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "storage/internal/key_codec.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace remarkgraph::storage::internal;  // NOLINT: one module's codec.
using remarkgraph::storage::EdgeKind;
using remarkgraph::storage::NodeKind;

using remarkgraph::fuzz::Check;

uint64_t U64At(std::string_view bytes, size_t at) {
  std::string padded(bytes.substr(std::min(at, bytes.size())));
  padded.resize(8, '\0');
  return ReadU64(padded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  const auto decoded = DecodeEdgeKey(bytes);
  Check(decoded.has_value() == (bytes.size() == kEdgeKeyBytes),
        "edge keys are exactly the edge key size");
  if (decoded) {
    Check(EdgeKey(decoded->node, decoded->kind, decoded->neighbor) == bytes,
          "a decoded edge key re-encodes to the same bytes");
    Check(std::string_view(EdgeKey(decoded->node, decoded->kind, decoded->neighbor))
              .starts_with(EdgeKindPrefix(decoded->node, decoded->kind)),
          "an edge key starts with its kind prefix");
  }

  // Two values from the input: a | b split at the first 0xFF.
  const size_t cut = bytes.find('\xff');
  const std::string_view a = bytes.substr(0, cut);
  const std::string_view b = cut == std::string_view::npos ? "" : bytes.substr(cut + 1);

  const uint64_t x = U64At(a, 0), y = U64At(b, 0);
  Check((IdKey(x) < IdKey(y)) == (x < y), "id keys order like their ids");
  const auto kx = static_cast<EdgeKind>(U64At(a, 8) % 16), ky = static_cast<EdgeKind>(U64At(b, 8) % 16);
  Check((EdgeKey(x, kx, y) < EdgeKey(y, ky, x)) ==
            (std::make_tuple(x, static_cast<int>(kx), y) < std::make_tuple(y, static_cast<int>(ky), x)),
        "edge keys order by node, kind, neighbor");

  const auto kind = static_cast<NodeKind>(bytes.empty() ? 1 : bytes[0] % 9);
  Check((KindIndexKey(kind, a) < KindIndexKey(kind, b)) == (a < b),
        "kind index keys order like names");
  Check(std::string_view(KindIndexKey(kind, a)).starts_with(KindIndexPrefix(kind)),
        "a kind index key starts with its kind prefix");

  // Bigrams are at most two code points: 8 bytes.
  const std::string_view bigram_a = a.substr(0, 8), bigram_b = b.substr(0, 8);
  Check(std::string_view(TextKey(bigram_a, x)).starts_with(TextPrefix(bigram_a)),
        "a posting starts with its bigram prefix");
  if (bigram_a != bigram_b) {
    Check(!std::string_view(TextKey(bigram_b, y)).starts_with(TextPrefix(bigram_a)),
          "a bigram's prefix covers no other bigram's postings");
  }

  const std::string successor = PrefixSuccessor(a);
  if (a.find_first_not_of('\xff') == std::string_view::npos) {
    Check(successor.empty(), "an all-0xFF prefix has no successor");
  } else {
    Check(successor > a && !std::string_view(successor).starts_with(a),
          "the successor is past the prefix");
    Check(std::string(a) + std::string(16, '\xff') < successor,
          "the successor is past every key with the prefix");
    Check(b.starts_with(a) || b < a || b >= successor,
          "nothing lies between a prefix's keys and its successor");
  }
  return 0;
}
