// The structured form of one meeting's minutes, as the parsers produce it and
// the linker completes it: the meeting, its attendees, agenda items, remarks
// and the links between them, each link with its evidence.
//
// Offsets are Unicode code points into `ParsedMinutes::source_text`: the
// imported text itself for the text formats, and for the JSON formats the
// meeting's speeches joined by blank lines (see docs/import.md).
//
// Plain values: copyable, no I/O, not thread-safe to mutate concurrently.
#ifndef REMARKGRAPH_INGEST_MINUTES_H_
#define REMARKGRAPH_INGEST_MINUTES_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/schema.h"

namespace remarkgraph::ingest {

// Formats the importer reads. Names (FormatName) are those stored in a
// meeting's source_format.
enum class Format {
  kUnknown = 0,
  kGijigaiyo = 1,      // 議事概要 / 議事要旨: ○-markers, attendee list.
  kHatsugenYoshi = 2,  // 発言要旨: `委員：` markers, numbered sections.
  kNdl = 3,            // National Diet Library minutes API JSON.
  kRecords = 4,        // The project's own JSON Lines records.
  kKaigiroku = 5,      // 会議録 / 議事録 / 速記録: verbatim, ○議長(山田太郎君).
  kGijiyoshiNarrative = 6,  // 議事要旨 / 開催状況 told as narrative: 「…」旨の発言.
};
// "gijigaiyo", "hatsugen-yoshi", "ndl", "records", "kaigiroku",
// "gijiyoshi-narrative".
std::string_view FormatName(Format format);
std::optional<Format> ParseFormat(std::string_view name);  // Also "auto" -> kUnknown.

// A half-open range [begin, end) of code points in the source text.
struct Span {
  int32_t begin = 0;
  int32_t end = 0;
};

// Numbering matches remarkgraph.v1.ItemKind / ItemOutcome.
enum class ItemKind : uint32_t { kUnspecified = 0, kDecision = 1, kReport = 2, kDiscussion = 3 };
enum class Outcome : uint32_t { kUnspecified = 0, kAdopted = 1, kRejected = 2, kDeferred = 3 };

struct Attendee {
  std::string name;   // As printed, with its inner space: "加藤 勝信".
  std::string title;  // As printed: "内閣官房長官".
  std::string reading;  // Kana reading where the source gives one.
  Span span;
};

struct Item {
  int ordinal = 0;  // From 1, in order of appearance.
  ItemKind kind = ItemKind::kUnspecified;
  std::string title;      // As printed, without bullets.
  std::string presenter;  // Who presented a report (事務局, 特別委員); may be empty.
  std::string verb;       // How it was presented (説明, 講演, 報告); may be empty.
  Outcome outcome = Outcome::kUnspecified;
  std::string matter_id;  // Set by the linker: the matter the item is about.
  std::string matter_title;
  Span span;
};

// The source offset of each code point of a remark's text, kept as runs:
// a remark's text is mostly contiguous source text, so only the positions
// where the offsets stop following each other (page breaks joined, a '\n'
// joining paragraphs) take memory, not 4 bytes per code point. Reads as a
// sequence of offsets, one per code point of the text.
class OffsetMap {
 public:
  // (text position, source offset) where a run starts; positions increase.
  using Break = std::pair<int32_t, int32_t>;

  OffsetMap() = default;
  // A map of `size` code points from its breaks (as breaks() gives them).
  OffsetMap(std::vector<Break> breaks, size_t size);

  // Appends the source offset of the next code point.
  void push_back(int32_t offset);
  void clear();
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The source offset of code point `i` (i < size()); O(log breaks).
  int32_t operator[](size_t i) const;
  int32_t front() const { return (*this)[0]; }
  int32_t back() const { return (*this)[size_ - 1]; }
  const std::vector<Break>& breaks() const { return breaks_; }
  // Gives back the spare capacity of the runs, and the one run of a map
  // where each code point maps to its own position (none reads the same).
  void Compact();

  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = int32_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const int32_t*;
    using reference = int32_t;
    const_iterator(const OffsetMap* map, size_t i) : map_(map), i_(i) {}
    int32_t operator*() const { return (*map_)[i_]; }
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const const_iterator& o) const { return i_ != o.i_; }
    bool operator==(const const_iterator& o) const { return i_ == o.i_; }

   private:
    const OffsetMap* map_;
    size_t i_;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

 private:
  std::vector<Break> breaks_;
  size_t size_ = 0;
};

struct Remark {
  int ordinal = 0;            // From 1, in order of appearance.
  std::string speaker_label;  // The marker as printed: 後藤本部員, 委員, 本部長.
  std::string person;         // The attendee it resolves to ("前田 雅英"), or empty.
  std::string role;           // The role part of the label (本部員, 委員長), or empty.
  std::string section;        // The agenda section it was spoken in (討議).
  bool from_heading = false;  // A section opening such as 委員長挨拶.
  std::string text;           // Page breaks joined; paragraphs separated by '\n'.
  // For each code point of `text`, its offset in the source text (a '\n'
  // that joins paragraphs maps to the start of the next paragraph).
  OffsetMap text_offsets;
  Span span;  // From the first to the last code point of the body.
};

enum class LinkKind {
  kReferences,  // remark -> item, or remark -> matter (another meeting's).
  kAdopts,      // remark -> item.
  kCites,       // remark -> document.
  kRepliesTo,   // remark -> remark.
  kRefersTo,    // remark -> remark.
  kAgreesWith,  // remark -> remark.
};
storage::EdgeKind ToEdgeKind(LinkKind kind);
std::string_view LinkKindName(LinkKind kind);  // "references", "replies_to", ...

enum class TargetType { kItem, kRemark, kDocument, kMatter };

// Why a link exists: one passage of the source.
struct Evidence {
  Span span;           // Of the quoted words in the source text.
  std::string quote;   // The quoted words, as in the source.
  std::string rule;    // The rule that fired: "title", "short-form", "count", ...
  float confidence = 0;
  std::string section;  // Normalised section of the item's material (Ⅲ－１).
};

struct Link {
  int remark = 0;  // Ordinal of the source remark.
  LinkKind kind = LinkKind::kReferences;
  TargetType target_type = TargetType::kItem;
  // Item or remark ordinal as decimal, a document id (資料4-2) or a matter id.
  std::string target;
  storage::Stance stance = storage::Stance::kUnspecified;
  std::vector<Evidence> evidence;  // At least one.
};

// A link whose source remark belongs to a meeting imported earlier; found
// when this meeting brings a matter that the earlier remark names.
struct ExternalLink {
  std::string remark_name;  // meetings/{m}/remarks/{n}
  std::string meeting_name;  // meetings/{m}: the source of the evidence.
  LinkKind kind = LinkKind::kReferences;
  std::string matter_id;
  Evidence evidence;
};

// Something the parser or linker could not be sure of; the import went on.
struct ImportWarning {
  int line = 0;  // 1-based line of the source it is about; 0 if none.
  std::string message;
};
// "line 12: message", or the message alone when the line is 0.
std::string FormatWarning(const ImportWarning& warning);

// The 1-based line of code point `offset` in UTF-8 `text` (lines end at '\n',
// '\r\n' or a lone '\r'). Offsets past the end count the last line.
// Linear in the text: for many look-ups, use LineIndex.
int LineOfOffset(std::string_view text, int32_t offset);

// Line starts of a text, for many LineOfOffset look-ups in O(log n) each.
// Keeps no reference to the text.
class LineIndex {
 public:
  explicit LineIndex(std::string_view utf8_text);
  int LineOf(int32_t offset) const;  // As LineOfOffset.

 private:
  std::vector<int32_t> starts_;  // Code point offset of each line's start.
};

struct ParsedMinutes {
  Format format = Format::kUnknown;
  std::string meeting_id;  // Deterministic: body + date (+ ordinal in title).
  std::string body;        // The council or headquarters that met.
  std::string title;       // Without 議事概要 / 発言要旨.
  int title_ordinal = 0;   // 第31回 -> 31; 0 if none.
  std::string date;        // YYYY-MM-DD, or empty.
  std::string start_time;  // HH:MM, or empty.
  std::string end_time;
  std::string place;
  std::string source_digest;  // SHA-256 of the input bytes, hex.
  std::string source_text;    // What spans point into (UTF-8).

  std::vector<Attendee> attendees;
  std::vector<Item> items;
  std::vector<Remark> remarks;
  std::vector<std::string> stage_directions;  // (「異議なし」と声あり)
  std::vector<Link> links;
  std::vector<ExternalLink> external_links;
  // Problems that did not stop the import: misprinted titles, unresolved
  // speakers, lines that looked like markers but were not. Each names the
  // source line it is about.
  std::vector<ImportWarning> warnings;
  // False when the source asked for its own links only (records format).
  bool autolink = true;

  const Item* FindItem(int ordinal) const;
  const Remark* FindRemark(int ordinal) const;
};

}  // namespace remarkgraph::ingest

#endif  // REMARKGRAPH_INGEST_MINUTES_H_
