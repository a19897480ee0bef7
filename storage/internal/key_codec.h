// Key layout of the RocksDB column families. Integers are fixed-width
// big-endian, so byte order equals numeric order and prefix scans come out
// sorted. See docs/storage.md for the full layout.
#ifndef REMARKGRAPH_STORAGE_INTERNAL_KEY_CODEC_H_
#define REMARKGRAPH_STORAGE_INTERNAL_KEY_CODEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/schema.h"

namespace remarkgraph::storage::internal {

inline constexpr size_t kIdBytes = 8;
inline constexpr size_t kKindBytes = 2;
// node(8) kind(2) neighbor(8).
inline constexpr size_t kEdgeKeyBytes = kIdBytes + kKindBytes + kIdBytes;

void AppendU64(std::string* out, uint64_t value);
void AppendU16(std::string* out, uint16_t value);
// Reads a big-endian integer from the first bytes of `in` (which must be
// long enough).
uint64_t ReadU64(std::string_view in);
uint16_t ReadU16(std::string_view in);

// `nodes` and `log`: id(8) / sequence(8).
std::string IdKey(uint64_t id);

// `out` / `in`: node(8) kind(2) neighbor(8), and its prefixes.
std::string EdgeKey(uint64_t node, EdgeKind kind, uint64_t neighbor);
std::string EdgeKindPrefix(uint64_t node, EdgeKind kind);
std::string NodePrefix(uint64_t node);

struct DecodedEdgeKey {
  uint64_t node;
  EdgeKind kind;
  uint64_t neighbor;
};
// nullopt if `key` is not an edge key.
std::optional<DecodedEdgeKey> DecodeEdgeKey(std::string_view key);

// `index`: 'K' kind(2) name -> id. Lists a kind in resource-name order.
std::string KindIndexPrefix(NodeKind kind);
std::string KindIndexKey(NodeKind kind, std::string_view name);

// `text`: len(1) bigram id(8). A posting per distinct bigram of a remark.
std::string TextPrefix(std::string_view bigram);
std::string TextKey(std::string_view bigram, uint64_t id);

// The smallest string greater than every string with prefix `prefix`
// (empty if there is none: the prefix is all 0xFF).
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace remarkgraph::storage::internal

#endif  // REMARKGRAPH_STORAGE_INTERNAL_KEY_CODEC_H_
