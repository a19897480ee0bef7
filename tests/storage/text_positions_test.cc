// Text postings with positions: the helpers that encode them and match a
// phrase, and ScanTextMatches, which confirms phrases from the index
// without reading the remarks (with the read cache on and off).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/graph_store.h"
#include "storage/internal/text_index.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph::storage {
namespace {

using internal::BigramsWithPositions;
using internal::DecodePositions;
using internal::EncodePositions;
using internal::FirstPhraseMatch;
using internal::PhraseBigrams;

TEST(TextPositionsTest, BigramsCarryCodePointPositions) {
  // "あいあい う": あい at 0 and 2, いあ at 1; the space breaks pairs.
  const auto bigrams = BigramsWithPositions("あいあい う");
  ASSERT_EQ(bigrams.size(), 2u);
  EXPECT_EQ(bigrams[0].bigram, "あい");
  EXPECT_EQ(bigrams[0].positions, (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(bigrams[1].bigram, "いあ");
  EXPECT_EQ(bigrams[1].positions, (std::vector<uint32_t>{1}));
  // The same bigrams as the index always had.
  std::vector<std::string> names;
  for (const auto& b : BigramsWithPositions("防災 計画の計画")) {
    names.push_back(b.bigram);
  }
  EXPECT_EQ(names, internal::DistinctBigrams("防災 計画の計画"));
}

TEST(TextPositionsTest, PositionsRoundTripAndBadValuesDecodeEmpty) {
  const std::vector<uint32_t> positions = {0, 1, 127, 128, 300000, UINT32_MAX};
  EXPECT_EQ(DecodePositions(EncodePositions(positions)), positions);
  EXPECT_TRUE(DecodePositions("").empty());
  EXPECT_TRUE(DecodePositions("\x80").empty());  // Cut in a varint.
  EXPECT_TRUE(DecodePositions("\xff\xff\xff\xff\xff\x01").empty());
}

TEST(TextPositionsTest, PhraseBigramsKeepQueryOrderAndRefuseSpaces) {
  const auto phrase = PhraseBigrams("abab");
  ASSERT_EQ(phrase.size(), 3u);
  EXPECT_EQ(phrase[0].bigram, "ab");
  EXPECT_EQ(phrase[1].bigram, "ba");
  EXPECT_EQ(phrase[2].bigram, "ab");
  EXPECT_EQ(phrase[2].offset, 2u);
  EXPECT_TRUE(PhraseBigrams("ab cd").empty());
  EXPECT_TRUE(PhraseBigrams("a").empty());
}

TEST(TextPositionsTest, FirstPhraseMatchNeedsConsecutivePositions) {
  const auto phrase = PhraseBigrams("abc");  // ab at 0, bc at 1.
  const std::vector<uint32_t> ab = {0, 5, 9};
  const std::vector<uint32_t> bc = {3, 10};
  EXPECT_EQ(FirstPhraseMatch(phrase, {ab, bc}), 9u);
  const std::vector<uint32_t> bc_apart = {3, 7};
  EXPECT_EQ(FirstPhraseMatch(phrase, {ab, bc_apart}), std::nullopt);
}

NodeRecord Remark(int i, const std::string& text) {
  NodeRecord record;
  record.set_name(absl::StrCat("meetings/m/remarks/r", i));
  record.set_text(text);
  return record;
}

class TextMatchesTest : public ::testing::TestWithParam<size_t> {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.read_cache_bytes = GetParam();
    auto store = OpenGraphStore(dir_.Sub("db"), options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  void Put(const std::vector<std::string>& texts) {
    Mutation m;
    NodeRecord meeting;
    meeting.set_name("meetings/m");
    m.UpsertNode(meeting);
    for (size_t i = 0; i < texts.size(); ++i) {
      m.UpsertNode(Remark(static_cast<int>(i), texts[i]));
    }
    ASSERT_TRUE(store_->Apply(m).ok());
  }

  // (remark ordinal, position or -1) of every match.
  std::vector<std::pair<std::string, int64_t>> Matches(const std::string& query,
                                                       NodeId after = kNoNode) {
    auto snapshot = store_->Snapshot();
    std::vector<std::pair<std::string, int64_t>> out;
    absl::Status status = snapshot->ScanTextMatches(
        NormalizeForSearch(query), after, [&](const TextMatch& match) {
          auto node = snapshot->GetNode(match.id);
          EXPECT_TRUE(node.ok() && node->has_value());
          out.emplace_back((*node)->name().substr(std::string("meetings/m/remarks/").size()),
                           match.position ? int64_t{*match.position} : -1);
          return true;
        });
    EXPECT_TRUE(status.ok()) << status;
    return out;
  }

  remarkgraph::testing::ScopedTempDir dir_;
  std::unique_ptr<GraphStore> store_;
};

TEST_P(TextMatchesTest, OnlyRemarksHoldingThePhraseAreVisited) {
  Put({"住民サービスの向上",              // r0: the phrase at 0.
       "サービス住民の声",                // r1: lacks 民サ, not even a candidate.
       "住民とサービス、住民サービス",  // r2: bigrams apart, then the phrase at 8.
       "ｻｰﾋﾞｽ住民サービス"});  // r3: folds to サービス住民サービス, the phrase at 4.
  const auto found = Matches("住民サービス");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0], (std::pair<std::string, int64_t>{"r0", 0}));
  EXPECT_EQ(found[1], (std::pair<std::string, int64_t>{"r2", 8}));
  EXPECT_EQ(found[2], (std::pair<std::string, int64_t>{"r3", 4}));
  // A remark that holds every bigram of the phrase, but apart, is a
  // candidate and never a match.
  Put({"住民の声", "民サ住民ービスサー"});  // r1 now holds each bigram apart.
  const auto apart = Matches("住民サービス");
  for (const auto& [name, position] : apart) EXPECT_NE(name, "r1");
  std::vector<NodeId> candidates;
  auto snapshot = store_->Snapshot();
  ASSERT_TRUE(snapshot
                  ->ScanTextCandidates(NormalizeForSearch("住民サービス"), kNoNode,
                                       [&](NodeId id) {
                                         candidates.push_back(id);
                                         return true;
                                       })
                  .ok());
  EXPECT_EQ(candidates.size(), apart.size() + 1);  // r1 is only a candidate.
}

TEST_P(TextMatchesTest, RepeatedBigramsAndResumingAfterAnId) {
  Put({"ああああ", "あああ", "ああいああ"});
  const auto found = Matches("ああああ");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], (std::pair<std::string, int64_t>{"r0", 0}));
  const auto three = Matches("あああ");
  ASSERT_EQ(three.size(), 2u);
  auto snapshot = store_->Snapshot();
  const NodeId first = **snapshot->Resolve("meetings/m/remarks/r0");
  const auto rest = Matches("あああ", first);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].first, "r1");
}

TEST_P(TextMatchesTest, QueriesWithSpacesComeUnconfirmed) {
  Put({"予算 確保", "予算確保"});
  const auto found = Matches("予算 確保");
  ASSERT_EQ(found.size(), 2u);  // Candidates: the caller confirms.
  EXPECT_EQ(found[0].second, -1);
  EXPECT_EQ(found[1].second, -1);
}

TEST_P(TextMatchesTest, ChangedTextMovesThePositions) {
  Put({"防災計画"});
  auto before = store_->Snapshot();
  Put({"新しい防災計画"});
  const auto found = Matches("防災計画");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].second, 3);
  // The older snapshot still sees the old position.
  std::vector<int64_t> old_positions;
  ASSERT_TRUE(before
                  ->ScanTextMatches(NormalizeForSearch("防災計画"), kNoNode,
                                    [&](const TextMatch& match) {
                                      old_positions.push_back(*match.position);
                                      return true;
                                    })
                  .ok());
  EXPECT_EQ(old_positions, (std::vector<int64_t>{0}));
}

INSTANTIATE_TEST_SUITE_P(ReadCache, TextMatchesTest,
                         ::testing::Values(size_t{256} << 20, size_t{0}),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                           return info.param == 0 ? std::string("CacheOff")
                                                  : std::string("CacheOn");
                         });

}  // namespace
}  // namespace remarkgraph::storage
