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
class RemarkView {
 public:
  // `offset_of(i)` gives the source offset of code point i of `text`.
  RemarkView(int ordinal, std::u32string text, std::vector<int32_t> offsets);
  explicit RemarkView(const Remark& remark);

  int ordinal() const { return ordinal_; }
  std::u32string_view n() const { return norm_.text; }
  // Sentences as [begin, end) of n(), split after 。！？ and at newlines.
  const std::vector<std::pair<size_t, size_t>>& sentences() const {
    return sentences_;
  }
  size_t SentenceOf(size_t pos) const;
  // Evidence for n()[b, e): source span and the quoted original words.
  Evidence MakeEvidence(size_t b, size_t e, std::string rule, float confidence,
                        std::string section = "") const;

 private:
  int ordinal_;
  std::u32string text_;
  std::vector<int32_t> offsets_;
  NormalizedText norm_;
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
