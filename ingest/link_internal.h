// Pieces of the linker shared by its files. Internal to ingest/.
#ifndef REMARKGRAPH_INGEST_LINK_INTERNAL_H_
#define REMARKGRAPH_INGEST_LINK_INTERNAL_H_

#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "ingest/interrupt.h"
#include "ingest/minutes.h"
#include "ingest/text_util.h"
#include "ingest/title_forms.h"

namespace remarkgraph::ingest::internal {

// A remark's text in NFKC with its sentences, mapping back to the source.
// A linker holds one per remark of a meeting at once, so it keeps the NFKC
// text and little else: the original text stays UTF-8 (the remark's own,
// not copied), and both maps back (NFKC to text, text to source) are runs.
class RemarkView {
 public:
  // Keeps its own copy of UTF-8 `text`; `breaks` map its code points to
  // source offsets (OffsetMap::breaks()); none: each to its own position.
  RemarkView(int ordinal, std::string text, std::vector<OffsetMap::Break> breaks);
  // Points into `remark.text`, which must outlive the view, unchanged.
  explicit RemarkView(const Remark& remark);

  int ordinal() const { return ordinal_; }
  std::u32string_view n() const { return n_; }
  // Sentences as [begin, end) of n(), split after 。！？ and at newlines.
  const std::vector<std::pair<size_t, size_t>>& sentences() const {
    return sentences_;
  }
  size_t SentenceOf(size_t pos) const;
  // Evidence for n()[b, e): source span and the quoted original words.
  Evidence MakeEvidence(size_t b, size_t e, std::string rule, float confidence,
                        std::string section = "") const;

 private:
  // Normalises `decoded` (the code points of text()) and splits sentences.
  void Init(std::u32string decoded);
  std::string_view text() const {
    return viewed_ != nullptr ? std::string_view(viewed_, viewed_size_) : owned_;
  }
  // The byte offset in text() of code point `i` (i <= text_size_).
  size_t ByteOf(size_t i) const;
  // The input position NFKC code point `i` came from, and the end of the
  // input behind NFKC [.., e) (as NormalizedText's origin and OriginEnd).
  int32_t OriginBegin(size_t i) const { return origin_[i]; }
  int32_t OriginEnd(size_t e) const;

  int ordinal_;
  std::string owned_;               // The text, when not viewed.
  const char* viewed_ = nullptr;    // Else the remark's text.
  size_t viewed_size_ = 0;
  size_t text_size_ = 0;            // In code points; 0 if not valid UTF-8.
  std::vector<uint32_t> byte_marks_;  // Byte offset of every 64th code point.
  OffsetMap offsets_;
  std::u32string n_;  // NFKC.
  OffsetMap origin_;  // Per code point of n_, plus one: its text position.
  std::vector<std::pair<size_t, size_t>> sentences_;
};

// Links keyed by (remark, kind, target type, target), merging evidence.
class LinkSet {
 public:
  void Add(int remark, LinkKind kind, TargetType type, const std::string& target,
           Evidence evidence, storage::Stance stance = storage::Stance::kUnspecified);
  bool Has(int remark, LinkKind kind, TargetType type,
           const std::string& target) const;
  void Remove(int remark, LinkKind kind, TargetType type,
              const std::string& target);
  std::vector<Link> Take();

 private:
  using Key = std::tuple<int, int, int, std::string>;
  std::map<Key, Link> links_;
};

// A place where a remark names an item.
struct Mention {
  int item = 0;
  size_t begin = 0, end = 0;  // In RemarkView::n().
  std::string rule;
  float confidence = 0;
  bool material = false;
};

// Every item mention in the remark: forms, partial chunks, counts, deictics.
std::vector<Mention> FindItemMentions(const RemarkView& view,
                                      const std::vector<ItemForms>& forms,
                                      const std::vector<Item>& items);

// Whether an NFKC sentence asks something: ends in か, 伺いたい,
// 教えていただきたい, or holds a question mark.
bool IsQuestionSentence(std::u32string_view sentence);

// The stance of sentence `s` (and the next one when it names no item).
storage::Stance SentenceStance(const RemarkView& view, size_t sentence,
                               bool next_names_item);

// Links remarks to items, documents and sections; decides adoptions.
// Polls `interrupt` every few hundred remarks and ends with its error.
absl::Status LinkItems(const std::vector<RemarkView>& views, ParsedMinutes& minutes,
                       LinkSet& links, const Interrupt& interrupt);

// Links remarks to earlier remarks (replies, named references, agreement).
// Polls `interrupt` as LinkItems does.
absl::Status LinkRemarks(const std::vector<RemarkView>& views, const ParsedMinutes& minutes,
                         LinkSet& links, const Interrupt& interrupt);

// Where `view` names the matter titled `title` (NFKC core title); the
// evidence is the same whichever meeting is imported first. At most
// storage::kMaxEvidencePerEdge passages, the first ones.
std::vector<Evidence> FindMatterMentions(const RemarkView& view,
                                         std::u32string_view title);

}  // namespace remarkgraph::ingest::internal

#endif  // REMARKGRAPH_INGEST_LINK_INTERNAL_H_
