// Byte order of encoded keys equals the logical order of what they encode:
// the property prefix scans rely on.
#include "storage/internal/key_codec.h"

#include <random>
#include <tuple>

#include "gtest/gtest.h"

namespace remarkgraph::storage::internal {
namespace {

uint64_t RandomId(std::mt19937_64& rng) {
  // Mix small ids, ids near byte boundaries and full-range ids.
  switch (rng() % 3) {
    case 0: return rng() % 300;
    case 1: return (uint64_t{1} << (rng() % 64)) + (rng() % 3) - 1;
    default: return rng();
  }
}

TEST(KeyCodecTest, U64RoundTripsAndOrdersLikeIntegers) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const uint64_t a = RandomId(rng), b = RandomId(rng);
    const std::string ka = IdKey(a), kb = IdKey(b);
    ASSERT_EQ(ReadU64(ka), a);
    ASSERT_EQ(ka < kb, a < b) << a << " vs " << b;
    ASSERT_EQ(ka == kb, a == b);
  }
}

TEST(KeyCodecTest, EdgeKeysOrderByNodeThenKindThenNeighbor) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    const auto a = std::make_tuple(RandomId(rng), static_cast<uint16_t>(rng() % 14),
                                   RandomId(rng));
    const auto b = std::make_tuple(RandomId(rng), static_cast<uint16_t>(rng() % 14),
                                   RandomId(rng));
    const std::string ka = EdgeKey(std::get<0>(a), static_cast<EdgeKind>(std::get<1>(a)),
                                   std::get<2>(a));
    const std::string kb = EdgeKey(std::get<0>(b), static_cast<EdgeKind>(std::get<1>(b)),
                                   std::get<2>(b));
    ASSERT_EQ(ka < kb, a < b);
    const auto decoded = DecodeEdgeKey(ka);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->node, std::get<0>(a));
    EXPECT_EQ(static_cast<uint16_t>(decoded->kind), std::get<1>(a));
    EXPECT_EQ(decoded->neighbor, std::get<2>(a));
  }
}

TEST(KeyCodecTest, KindPrefixHoldsItsEdgesOnly) {
  const std::string prefix = EdgeKindPrefix(42, EdgeKind::kReferences);
  const std::string upper = PrefixSuccessor(prefix);
  EXPECT_GE(EdgeKey(42, EdgeKind::kReferences, 0), prefix);
  EXPECT_LT(EdgeKey(42, EdgeKind::kReferences, ~uint64_t{0}), upper);
  EXPECT_GE(EdgeKey(42, EdgeKind::kAdopts, 0), upper);
  EXPECT_LT(EdgeKey(42, EdgeKind::kSpokenBy, ~uint64_t{0}), prefix);
  EXPECT_FALSE(DecodeEdgeKey("short").has_value());
}

TEST(KeyCodecTest, PrefixSuccessorIsTheSmallestGreaterString) {
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\xff\xff", 2)), "");
}

TEST(KeyCodecTest, KindIndexOrdersByKindThenName) {
  EXPECT_LT(KindIndexKey(NodeKind::kMeeting, "meetings/b"),
            KindIndexKey(NodeKind::kItem, "meetings/a/items/1"));
  EXPECT_LT(KindIndexKey(NodeKind::kMeeting, "meetings/a"),
            KindIndexKey(NodeKind::kMeeting, "meetings/b"));
  EXPECT_LT(TextKey("ab", 5), TextKey("ab", 6));
  EXPECT_LT(TextKey("ab", ~uint64_t{0}), TextKey("ac", 0));
}

}  // namespace
}  // namespace remarkgraph::storage::internal
