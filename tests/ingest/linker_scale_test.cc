// The linker's cost grows with the size of the minutes, not with its square:
// a remark that names an item, a document and 本案 tens of thousands of
// times links in about the time it takes to read it, and every link keeps
// at most kMaxEvidencePerEdge passages (what UpsertEdges accepts back).
#include <gtest/gtest.h>

#include <time.h>

#include <chrono>
#include <string>

#include "ingest/linker.h"
#include "ingest/parse.h"
#include "tests/ingest/fixtures.h"

namespace remarkgraph::ingest {
namespace {

const Link* Find(const ParsedMinutes& m, int remark, LinkKind kind,
                 const std::string& target) {
  for (const Link& l : m.links) {
    if (l.remark == remark && l.kind == kind && l.target == target) return &l;
  }
  return nullptr;
}

// The 議事概要 fixture with `repeats` sentences, each naming decision 1,
// 資料3-1 and 本案, added to the first member's remark.
std::string MinutesWithManyReferences(int repeats) {
  std::string text = testing::kGijigaiyo;
  const std::string marker = "○高田本部員\n\n";
  const size_t at = text.find(marker);
  EXPECT_NE(at, std::string::npos);
  std::string many;
  for (int i = 0; i < repeats; ++i) many += "次期計画（案）と資料３－１の本案に賛成する。";
  text.insert(at + marker.size(), many);
  return text;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

TEST(LinkerScale, TensOfThousandsOfReferencesInOneRemark) {
  constexpr int kRepeats = 40000;
  const std::string text = MinutesWithManyReferences(kRepeats);
  const auto start = std::chrono::steady_clock::now();
  auto minutes = ParseMinutes(text);
  ASSERT_TRUE(minutes.ok()) << minutes.status();
  ASSERT_TRUE(LinkMinutes(*minutes).ok());
  const double seconds = Seconds(start);

  // Every mention was seen (the stance of the sentences is there) but each
  // link keeps the first passages only.
  const Link* item = Find(*minutes, 2, LinkKind::kReferences, "1");
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->stance, storage::Stance::kSupport);
  EXPECT_EQ(item->evidence.size(), static_cast<size_t>(storage::kMaxEvidencePerEdge));
  const Link* cites = Find(*minutes, 2, LinkKind::kCites, "資料3-1");
  ASSERT_NE(cites, nullptr);
  EXPECT_EQ(cites->evidence.size(), static_cast<size_t>(storage::kMaxEvidencePerEdge));
  // The passages kept are the first ones, in order.
  EXPECT_LT(item->evidence.front().span.begin, item->evidence.back().span.begin);
  for (const Link& l : minutes->links) {
    EXPECT_LE(l.evidence.size(), static_cast<size_t>(storage::kMaxEvidencePerEdge));
  }
  // Linear work on ~1 MB of text is well under a second on one core; the
  // quadratic scans this replaced took many minutes. The bound is generous
  // so that a loaded test machine does not fail it.
  EXPECT_LT(seconds, 60.0) << kRepeats << " references took " << seconds << " s";
  std::cerr << kRepeats << " references parsed and linked in " << seconds << " s\n";
}

// The CPU time of the calling thread, in seconds: unlike the wall clock, it
// does not grow when other processes take the cores.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// Doubling the references roughly doubles the work: compared within one test
// by the thread's CPU time, so that a busy machine does not skew the ratio.
TEST(LinkerScale, CostGrowsLinearly) {
  auto time_of = [](int repeats) {
    const std::string text = MinutesWithManyReferences(repeats);
    const double start = ThreadCpuSeconds();
    auto minutes = ParseMinutes(text);
    EXPECT_TRUE(minutes.ok());
    if (minutes.ok()) {
      EXPECT_TRUE(LinkMinutes(*minutes).ok());
    }
    return ThreadCpuSeconds() - start;
  };
  time_of(2000);  // Warm up.
  const double small = time_of(5000);
  const double large = time_of(40000);
  // 8x the input: linear is ~8x; quadratic would be ~64x. 24x leaves room
  // for noise on a busy machine.
  EXPECT_LT(large, 24 * small + 0.5) << "5000: " << small << " s, 40000: " << large << " s";
}

}  // namespace
}  // namespace remarkgraph::ingest
