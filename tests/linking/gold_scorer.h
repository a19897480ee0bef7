// Scores parsed and linked minutes against the hand-made gold of the shared
// folder (gold/seed-links.json; its README gives the rules): remark recall,
// speaker accuracy, link precision/recall/F1 with optional links excluded
// from both sides and at_least_one_of groups, stance and section accuracy;
// where the gold gives them, header fields, attendees (a list of names, or a
// count) and items with kind and outcome.
#ifndef REMARKGRAPH_TESTS_LINKING_GOLD_SCORER_H_
#define REMARKGRAPH_TESTS_LINKING_GOLD_SCORER_H_

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ingest/minutes.h"

namespace remarkgraph::ingest::testing {

struct Score {
  // Header fields the gold gives (title, body, date, times, place), and how
  // many came out right.
  int header_total = 0, header_right = 0;
  // Attendees: gold names found, names found that the gold does not list.
  int attendees = 0, attendees_found = 0, attendees_extra = 0;
  // Items found by title with the gold's kind and outcome.
  int items = 0, items_right = 0;
  int remarks = 0, remarks_found = 0, speakers_right = 0;
  int tp = 0, fp = 0, fn = 0;
  int stance_total = 0, stance_right = 0;
  int section_total = 0, section_right = 0;
  std::vector<std::string> details;  // Misses and false positives.

  double Precision() const { return tp + fp == 0 ? 1.0 : double(tp) / (tp + fp); }
  double Recall() const { return tp + fn == 0 ? 1.0 : double(tp) / (tp + fn); }
  double F1() const {
    double p = Precision(), r = Recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
  void Add(const Score& o);
};

// `all` maps every gold meeting key to its parsed minutes (for links to
// other meetings' matters); `gold_meeting` is one entry of `root["meetings"]`.
Score ScoreMeeting(const nlohmann::json& root, const nlohmann::json& gold_meeting,
                   const std::map<std::string, const ParsedMinutes*>& all);

// A table of the scores, one row per meeting and a total.
std::string FormatTable(const std::vector<std::pair<std::string, Score>>& rows);

}  // namespace remarkgraph::ingest::testing

#endif  // REMARKGRAPH_TESTS_LINKING_GOLD_SCORER_H_
