// Scores the importer and linker on the two real seed minutes of the shared
// folder against the hand-made gold, and checks that the cross-meeting link
// comes out the same whichever meeting is imported first. The seeds are read
// at run time from $RG_SHARED_DIR; without it the test is skipped.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "ingest/linker.h"
#include "ingest/matter_catalog.h"
#include "ingest/parse.h"
#include "ingest/text_util.h"
#include "storage/schema.h"
#include "tests/linking/gold_scorer.h"

namespace remarkgraph::ingest {
namespace {

using testing::Score;

// Floors just under what the linker achieves; raise them as it improves.
constexpr double kMinRemarkRecall = 1.0;
constexpr double kMinSpeakerAccuracy = 1.0;
constexpr double kMinLinkF1 = 0.97;
constexpr double kMinStanceAccuracy = 0.9;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class SeedLinksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dir = std::getenv("RG_SHARED_DIR");
    if (dir == nullptr || *dir == '\0') {
      GTEST_SKIP() << "RG_SHARED_DIR is not set: no seed minutes to score";
    }
    shared_ = dir;
    std::string gold_text = ReadFile(shared_ + "/gold/seed-links.json");
    if (gold_text.empty()) GTEST_SKIP() << "no gold/seed-links.json under " << shared_;
    gold_ = nlohmann::json::parse(gold_text);
  }

  // Parses every gold meeting's source; checks the detected format.
  std::map<std::string, ParsedMinutes> ParseAll() {
    std::map<std::string, ParsedMinutes> out;
    for (const auto& gm : gold_["meetings"]) {
      std::string text = ReadFile(shared_ + "/seeds/" + std::string(gm["source"]));
      auto parsed = ParseMinutes(text);
      EXPECT_TRUE(parsed.ok()) << gm["source"] << ": " << parsed.status();
      if (!parsed.ok()) continue;
      EXPECT_EQ(FormatName(parsed->format), std::string(gm["format"]));
      out[gm["key"]] = *std::move(parsed);
    }
    return out;
  }

  static void AddToCatalog(const ParsedMinutes& m, InMemoryMatterCatalog& c) {
    for (const Item& i : m.items) {
      c.Add({i.matter_id, i.matter_title, {storage::MeetingName(m.meeting_id)}});
    }
  }

  static void AddToCorpus(const ParsedMinutes& m, InMemoryRemarkCorpus& c) {
    for (const Remark& r : m.remarks) c.Add(ToStoredRemark(m, r));
  }

  std::string shared_;
  nlohmann::json gold_;
};

TEST_F(SeedLinksTest, ScoresAgainstGold) {
  std::map<std::string, ParsedMinutes> parsed = ParseAll();
  ASSERT_EQ(parsed.size(), gold_["meetings"].size());
  // Link in gold order, each meeting seeing the matters of all the others
  // (as if they had been imported before it).
  for (auto& [key, m] : parsed) {
    InMemoryMatterCatalog catalog;
    for (auto& [other_key, other] : parsed) {
      if (other_key == key) continue;
      ParsedMinutes copy = other;
      ASSERT_TRUE(LinkMinutes(copy).ok());
      AddToCatalog(copy, catalog);
    }
    LinkContext context;
    context.matters = &catalog;
    ASSERT_TRUE(LinkMinutes(m, context).ok());
  }
  std::map<std::string, const ParsedMinutes*> all;
  for (auto& [key, m] : parsed) all[key] = &m;
  std::vector<std::pair<std::string, Score>> rows;
  Score total;
  for (const auto& gm : gold_["meetings"]) {
    Score s = testing::ScoreMeeting(gold_, gm, all);
    for (const auto& d : s.details) std::cout << "  " << gm["key"] << ": " << d << "\n";
    for (const auto& w : all.at(gm["key"])->warnings) {
      std::cout << "  " << gm["key"] << " warning: " << FormatWarning(w) << "\n";
    }
    total.Add(s);
    rows.emplace_back(gm["key"], s);
  }
  rows.emplace_back("total", total);
  // Every piece of evidence quotes the source where its span points (page
  // breaks inside a quote aside).
  for (const auto& [key, m] : parsed) {
    std::u32string source = internal::DecodeUtf8(m.source_text).value();
    auto squash = [](std::u32string_view s) {
      std::u32string out;
      for (char32_t c : s) {
        if (c != ' ' && c != '\n' && c != U'\u3000') out.push_back(c);
      }
      return out;
    };
    for (const Link& l : m.links) {
      for (const Evidence& e : l.evidence) {
        ASSERT_LE(e.span.end, static_cast<int32_t>(source.size()));
        EXPECT_EQ(squash(std::u32string_view(source).substr(e.span.begin, e.span.end - e.span.begin)),
                  squash(internal::DecodeUtf8(e.quote).value()))
            << key << " R" << l.remark << " " << e.rule;
      }
    }
  }
  if (std::getenv("RG_LINK_DUMP") != nullptr) {
    for (const auto& [key, m] : parsed) {
      for (const Link& l : m.links) {
        std::cout << key << " R" << l.remark << " -" << LinkKindName(l.kind) << "-> "
                  << l.target << " " << storage::StanceName(l.stance);
        for (const Evidence& e : l.evidence) {
          std::cout << " [" << e.rule << " " << e.confidence << " '" << e.quote << "'"
                    << (e.section.empty() ? "" : " §" + e.section) << " " << e.span.begin
                    << "-" << e.span.end << "]";
        }
        std::cout << "\n";
      }
    }
  }
  std::cout << testing::FormatTable(rows);
  EXPECT_GE(double(total.remarks_found) / total.remarks, kMinRemarkRecall);
  EXPECT_GE(double(total.speakers_right) / total.remarks, kMinSpeakerAccuracy);
  EXPECT_GE(total.F1(), kMinLinkF1);
  EXPECT_GE(total.stance_total == 0 ? 1.0 : double(total.stance_right) / total.stance_total,
            kMinStanceAccuracy);
}

// The police meeting names the headquarters' strategy before it is adopted:
// the edge must be the same whichever minutes are imported first.
TEST_F(SeedLinksTest, CrossMeetingLinkIndependentOfImportOrder) {
  std::map<std::string, ParsedMinutes> parsed = ParseAll();
  ASSERT_EQ(parsed.size(), 2u);
  auto it = parsed.begin();
  ParsedMinutes a1 = it->second, b1 = std::next(it)->second;
  ParsedMinutes a2 = a1, b2 = b1;
  // Order 1: a, then b (b sees a's matters and a's remarks).
  ASSERT_TRUE(LinkMinutes(a1).ok());
  InMemoryMatterCatalog cat_a;
  InMemoryRemarkCorpus corpus_a;
  AddToCatalog(a1, cat_a);
  AddToCorpus(a1, corpus_a);
  ASSERT_TRUE(LinkMinutes(b1, {&cat_a, &corpus_a}).ok());
  // Order 2: b, then a.
  ASSERT_TRUE(LinkMinutes(b2).ok());
  InMemoryMatterCatalog cat_b;
  InMemoryRemarkCorpus corpus_b;
  AddToCatalog(b2, cat_b);
  AddToCorpus(b2, corpus_b);
  ASSERT_TRUE(LinkMinutes(a2, {&cat_b, &corpus_b}).ok());
  // Collect (remark name, matter, span, quote) from both orders.
  using Edge = std::tuple<std::string, std::string, int, int, std::string>;
  auto collect = [](const ParsedMinutes& first, const ParsedMinutes& second) {
    std::set<Edge> edges;
    for (const ParsedMinutes* m : {&first, &second}) {
      for (const Link& l : m->links) {
        if (l.target_type != TargetType::kMatter) continue;
        for (const Evidence& e : l.evidence) {
          edges.insert({storage::RemarkName(m->meeting_id, absl::StrCat(l.remark)),
                        l.target, e.span.begin, e.span.end, e.quote});
        }
      }
      for (const ExternalLink& x : m->external_links) {
        edges.insert({x.remark_name, x.matter_id, x.evidence.span.begin,
                      x.evidence.span.end, x.evidence.quote});
      }
    }
    return edges;
  };
  std::set<Edge> order1 = collect(a1, b1), order2 = collect(a2, b2);
  EXPECT_FALSE(order1.empty());
  EXPECT_EQ(order1, order2);
  for (const auto& e : order1) {
    std::cout << std::get<0>(e) << " -> matters/" << std::get<1>(e) << " ["
              << std::get<2>(e) << "," << std::get<3>(e) << ") " << std::get<4>(e)
              << "\n";
  }
}

}  // namespace
}  // namespace remarkgraph::ingest
