// Scores every text format on the project's own invented fixtures
// (tests/ingest/fixtures) against their hand-made gold
// (tests/linking/fixtures-gold.json, the shape of the seed gold plus header
// fields, attendees and item outcomes), prints the table, and holds each
// format to its floors. Also checks what must never happen whatever the
// score: a Person that is a list, a role or a name with its honorific, a
// speaker resolved to someone not in the meeting.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ingest/linker.h"
#include "ingest/names.h"
#include "ingest/parse.h"
#include "ingest/text_util.h"
#include "tests/linking/gold_scorer.h"

namespace remarkgraph::ingest {
namespace {

using testing::Score;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kFixtures = RG_SOURCE_DIR "/tests/ingest/fixtures/";

TEST(FixtureLinks, EveryFormatScoresAgainstItsGold) {
  std::string gold_text = ReadFile(RG_SOURCE_DIR "/tests/linking/fixtures-gold.json");
  ASSERT_FALSE(gold_text.empty());
  nlohmann::json gold = nlohmann::json::parse(gold_text);
  std::map<std::string, ParsedMinutes> parsed;
  for (const auto& gm : gold["meetings"]) {
    std::string text = ReadFile(kFixtures + std::string(gm["source"]));
    ASSERT_FALSE(text.empty()) << gm["source"];
    auto m = ParseMinutes(text);
    ASSERT_TRUE(m.ok()) << gm["source"] << ": " << m.status();
    EXPECT_EQ(FormatName(m->format), std::string(gm["format"])) << gm["source"];
    ASSERT_TRUE(LinkMinutes(*m).ok());
    parsed[gm["key"]] = *std::move(m);
  }
  std::map<std::string, const ParsedMinutes*> all;
  for (auto& [key, m] : parsed) all[key] = &m;
  std::vector<std::pair<std::string, Score>> rows;
  std::map<std::string, Score> by_format;
  Score total;
  for (const auto& gm : gold["meetings"]) {
    const std::string key = gm["key"];
    Score s = testing::ScoreMeeting(gold, gm, all);
    for (const auto& d : s.details) std::cout << "  " << key << ": " << d << "\n";
    for (const auto& w : all.at(key)->warnings) {
      std::cout << "  " << key << " warning: " << FormatWarning(w) << "\n";
    }
    rows.emplace_back(key, s);
    by_format[gm["format"]].Add(s);
    total.Add(s);
    // Floors for each meeting, from its gold.
    const nlohmann::json& floor = gm["floors"];
    EXPECT_EQ(s.header_right, s.header_total) << key;
    EXPECT_GE(s.remarks_found, floor.value("remarks", s.remarks)) << key;
    EXPECT_GE(s.speakers_right, floor.value("speakers", s.remarks)) << key;
    EXPECT_GE(s.attendees_found, floor.value("attendees", s.attendees)) << key;
    EXPECT_LE(s.attendees_extra, floor.value("attendees_extra", 0)) << key;
    EXPECT_GE(s.items_right, floor.value("items", s.items)) << key;
    EXPECT_GE(s.F1(), floor.value("link_f1", 1.0)) << key;
  }
  for (const auto& [format, s] : by_format) rows.emplace_back("format " + format, s);
  rows.emplace_back("total", total);
  std::cout << testing::FormatTable(rows);
}

TEST(FixtureLinks, NoPersonIsAListARoleOrAnHonorific) {
  std::string gold_text = ReadFile(RG_SOURCE_DIR "/tests/linking/fixtures-gold.json");
  nlohmann::json gold = nlohmann::json::parse(gold_text);
  for (const auto& gm : gold["meetings"]) {
    auto m = ParseMinutes(ReadFile(kFixtures + std::string(gm["source"])));
    ASSERT_TRUE(m.ok()) << m.status();
    std::set<std::string> names;
    for (const Attendee& a : m->attendees) {
      std::u32string n = internal::NormalizeNfkc(internal::DecodeUtf8(a.name).value()).text;
      EXPECT_TRUE(internal::LooksLikePersonName(n)) << gm["key"] << ": " << a.name;
      EXPECT_EQ(internal::StripHonorific(n), internal::Trim(n)) << gm["key"] << ": " << a.name;
      names.insert(a.name);
    }
    for (const Remark& r : m->remarks) {
      if (!r.person.empty()) {
        EXPECT_TRUE(names.count(r.person)) << gm["key"] << ": " << r.person;
      }
    }
  }
}

// An agenda entry every meeting has (その他, 意見交換, 日程第1 会議録署名議員
// の指名) names no matter: a shared
// matters/その他 node would join every meeting that lists one.
TEST(FixtureLinks, GenericAgendaEntriesNameNoMatter) {
  std::string gold_text = ReadFile(RG_SOURCE_DIR "/tests/linking/fixtures-gold.json");
  nlohmann::json gold = nlohmann::json::parse(gold_text);
  int generic = 0;
  for (const auto& gm : gold["meetings"]) {
    auto m = ParseMinutes(ReadFile(kFixtures + std::string(gm["source"])));
    ASSERT_TRUE(m.ok()) << m.status();
    ASSERT_TRUE(LinkMinutes(*m).ok());
    for (const Item& i : m->items) {
      // As printed; 日程第N names a place in the day's agenda only.
      const std::string core = MatterTitleFor(i.title);
      if (core != "その他" && core != "意見交換" && core != "会議録署名議員の指名" &&
          core != "一般質問") {
        EXPECT_FALSE(i.matter_id.empty()) << gm["key"] << ": " << i.title;
        continue;
      }
      ++generic;
      EXPECT_TRUE(i.matter_id.empty()) << gm["key"] << ": " << i.matter_id;
    }
  }
  EXPECT_GE(generic, 5);  // その他 twice, 意見交換, 会議録署名議員の指名, 一般質問.
}

}  // namespace
}  // namespace remarkgraph::ingest
