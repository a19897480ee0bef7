// The words by which a remark can name an agenda item, derived from the
// item's title alone (never from the remarks): the title itself, its core
// (without 等について and （案）), short forms (次期戦略（案）, 戦略（案）,
// 本戦略), abbreviations of its head phrase (オリパラ, 東京大会), the
// presenter's material (事務局説明資料), and the distinctive chunks used for
// partial matches. Internal to ingest/. All text is NFKC.
#ifndef REMARKGRAPH_INGEST_TITLE_FORMS_H_
#define REMARKGRAPH_INGEST_TITLE_FORMS_H_

#include <string>
#include <vector>

#include "ingest/minutes.h"

namespace remarkgraph::ingest::internal {

struct SurfaceForm {
  std::u32string text;
  std::string rule;
  float confidence = 0;
  // Reject a match preceded by a kanji (本戦略 inside 日本戦略).
  bool left_boundary = false;
  // Mark the item's material: sections (Ⅲ－１) may follow.
  bool material = false;
};

struct ItemForms {
  int item = 0;  // Ordinal.
  ItemKind kind = ItemKind::kUnspecified;
  std::u32string core;  // The matter's title.
  std::vector<SurfaceForm> forms;
  // Distinctive chunks (4+ code points) for partial matches; two in one
  // sentence name the item.
  std::vector<std::u32string> chunks;
  // Keys of the agenda numbers the title opens with (議案45 for
  // 議案第45号; see FindItemNumbers), so that a number inside a list of
  // numbers (議案第45号及び第46号) names the item too.
  std::vector<std::u32string> numbers;
};

// The core of an NFKC title: without trailing について/等/（案）/（結果報告）.
std::u32string CoreTitle(std::u32string_view title);

// Whether the title is a draft (（案）).
bool IsDraftTitle(std::u32string_view title);

// Runs of one script (kanji, katakana with ・ inside, other), in order.
std::vector<std::u32string> ScriptRuns(std::u32string_view text);

// オリンピック・パラリンピック -> オリパラ: the first two code points of
// each katakana word of a ・ compound; empty if `text` is not one.
std::u32string NakaguroAbbreviation(std::u32string_view text);

// Builds the forms of every item of a meeting. Forms that two items share
// are dropped from both (they name neither).
std::vector<ItemForms> BuildItemForms(const std::vector<Item>& items);

}  // namespace remarkgraph::ingest::internal

#endif  // REMARKGRAPH_INGEST_TITLE_FORMS_H_
