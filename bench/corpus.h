// A deterministic corpus of realistic shape for the benchmarks: bodies that
// meet in series over years, agenda items (decisions and reports) about
// matters, about 30 remarks a meeting by people who speak in many meetings,
// REFERENCES whose targets follow a Zipf law (so a few decisions are
// supernodes), REPLIES_TO chains, citations of documents and mentions of
// topics. The same options always give the same corpus, byte for byte, so
// that every engine loads the same data and the query seeds agree.
#ifndef REMARKGRAPH_BENCH_CORPUS_H_
#define REMARKGRAPH_BENCH_CORPUS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/schema.h"

namespace remarkgraph::bench {

struct CorpusOptions {
  int64_t remarks = 100'000;
  uint64_t seed = 20240601;
};

// "XS" (a smoke test), "S" (100k remarks), "M" (1M remarks) or "L" (10M
// remarks); anything else is treated as a remark count.
CorpusOptions CorpusForSize(std::string_view size);

// One generated node. Ids are dense, from 1, in generation order; the SQL
// and Kùzu loads use the same ids.
struct GenNode {
  int64_t id = 0;
  storage::NodeKind kind = storage::NodeKind::kUnspecified;
  std::string name;
  std::string title;
  std::string date;  // Meetings.
  int32_t ordinal = 0;  // Items and remarks.
  uint32_t item_kind = 0;  // Items: 1 decision, 2 report.
  uint32_t outcome = 0;
  std::string speaker_label;  // Remarks.
  std::string text;           // Remarks.
};

struct GenEdge {
  int64_t source = 0;
  storage::EdgeKind kind = storage::EdgeKind::kUnspecified;
  int64_t target = 0;
  uint32_t stance = 0;  // REFERENCES only.
};

// Receives the corpus. Every node arrives before the first edge that
// touches it; Flush marks the end of one meeting (a natural import unit).
class CorpusSink {
 public:
  virtual ~CorpusSink() = default;
  virtual void Node(const GenNode& node) = 0;
  virtual void Edge(const GenEdge& edge) = 0;
  virtual void EndOfMeeting() {}
};

// The query seeds the benchmarks use, chosen from the generated shape so
// that the same kind of query is asked at every size.
struct CorpusManifest {
  int64_t nodes = 0;
  int64_t edges = 0;
  int64_t remarks = 0;
  std::vector<int64_t> nodes_by_kind;  // Indexed by NodeKind.
  std::vector<int64_t> edges_by_kind;  // Indexed by EdgeKind.
  // A remark, for get-by-name.
  std::string remark;
  // A meeting, for "edges of one kind" (its IN_MEETING in-edges).
  std::string meeting;
  // The decision whose reference count is nearest 1,000, and its count.
  std::string dossier_item;
  int64_t dossier_refs = 0;
  // The most referenced decision, and its count.
  std::string supernode;
  int64_t supernode_refs = 0;
  // A person with about 200 remarks (2 hops: remarks -> items), and one
  // whose 3-hop neighbourhood through reports (other remarks on the
  // reports they referred to) holds about 2,000 remarks.
  std::string person_2hop;
  int64_t person_2hop_remarks = 0;
  std::string person_3hop;
  int64_t person_3hop_remarks = 0;
  // Two people of different bodies who never attended the same meeting.
  std::string path_from, path_to;
  // A word of middling frequency in remark texts.
  std::string search_word;
  // Whether to time the unrestricted 3 hops (person_2hop's remarks -> every
  // item they reference -> other remarks on those), which reach a large
  // share of the corpus: only for small corpora.
  bool three_hop_all = false;

  std::string ToJson() const;
};

// Generates the corpus into `sink` and returns the manifest. Memory: the
// node names and a few counters per node.
CorpusManifest GenerateCorpus(const CorpusOptions& options, CorpusSink& sink);

}  // namespace remarkgraph::bench

#endif  // REMARKGRAPH_BENCH_CORPUS_H_
