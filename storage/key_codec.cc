#include "storage/internal/key_codec.h"

namespace remarkgraph::storage::internal {

void AppendU64(std::string* out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

void AppendU16(std::string* out, uint16_t value) {
  out->push_back(static_cast<char>(value >> 8));
  out->push_back(static_cast<char>(value & 0xFF));
}

uint64_t ReadU64(std::string_view in) {
  uint64_t value = 0;
  for (size_t i = 0; i < kIdBytes; ++i) {
    value = (value << 8) | static_cast<unsigned char>(in[i]);
  }
  return value;
}

uint16_t ReadU16(std::string_view in) {
  return static_cast<uint16_t>((static_cast<unsigned char>(in[0]) << 8) |
                               static_cast<unsigned char>(in[1]));
}

std::string IdKey(uint64_t id) {
  std::string key;
  AppendU64(&key, id);
  return key;
}

std::string EdgeKey(uint64_t node, EdgeKind kind, uint64_t neighbor) {
  std::string key = EdgeKindPrefix(node, kind);
  AppendU64(&key, neighbor);
  return key;
}

std::string EdgeKindPrefix(uint64_t node, EdgeKind kind) {
  std::string key = NodePrefix(node);
  AppendU16(&key, static_cast<uint16_t>(kind));
  return key;
}

std::string NodePrefix(uint64_t node) { return IdKey(node); }

std::optional<DecodedEdgeKey> DecodeEdgeKey(std::string_view key) {
  if (key.size() != kEdgeKeyBytes) return std::nullopt;
  return DecodedEdgeKey{
      .node = ReadU64(key),
      .kind = static_cast<EdgeKind>(ReadU16(key.substr(kIdBytes))),
      .neighbor = ReadU64(key.substr(kIdBytes + kKindBytes)),
  };
}

std::string KindIndexPrefix(NodeKind kind) {
  std::string key = "K";
  AppendU16(&key, static_cast<uint16_t>(kind));
  return key;
}

std::string KindIndexKey(NodeKind kind, std::string_view name) {
  std::string key = KindIndexPrefix(kind);
  key.append(name);
  return key;
}

std::string TextPrefix(std::string_view bigram) {
  std::string key;
  key.push_back(static_cast<char>(bigram.size()));
  key.append(bigram);
  return key;
}

std::string TextKey(std::string_view bigram, uint64_t id) {
  std::string key = TextPrefix(bigram);
  AppendU64(&key, id);
  return key;
}

std::string PrefixSuccessor(std::string_view prefix) {
  std::string successor(prefix);
  while (!successor.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(successor.back());
    if (last != 0xFF) {
      ++last;
      return successor;
    }
    successor.pop_back();
  }
  return successor;
}

}  // namespace remarkgraph::storage::internal
