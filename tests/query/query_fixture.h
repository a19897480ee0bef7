// Shared fixtures of the query tests: a real RocksDB store in a fresh
// temporary directory, and a small council graph whose shape the tests
// reason about.
#ifndef REMARKGRAPH_TESTS_QUERY_QUERY_FIXTURE_H_
#define REMARKGRAPH_TESTS_QUERY_QUERY_FIXTURE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "query/query_engine.h"
#include "storage/graph_store.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph::query::testing {

// A remark of the council graph, as the tests build and reason about it.
struct RemarkSpec {
  std::string meeting;  // Meeting id.
  std::string id;
  int ordinal = 0;
  std::string person;  // Person name, or empty.
  std::string label;
  std::string text;

  std::string name() const { return storage::RemarkName(meeting, id); }
};

// A REFERENCES or ADOPTS edge of the council graph.
struct LinkSpec {
  std::string remark;  // Remark name.
  EdgeKind kind = EdgeKind::kReferences;
  std::string target;
  Stance stance = Stance::kUnspecified;
};

// The council graph:
//   bodies/council; meetings m1 (2024-01-10), m2 (2024-02-15), m3
//   (2024-03-20), each HELD_BY the council, each with item 1 (HAS_ITEM);
//   matters/strategy, which items m1/1 and m3/1 are ABOUT; people sato and
//   suzuki, who ATTENDED meetings; the remarks of CouncilRemarks(), each
//   IN_MEETING its meeting and SPOKEN_BY its person; the links of
//   CouncilLinks(); and a REPLIES_TO cycle m1/r2 -> m1/r1 -> m1/r3 -> m1/r2.
//   topics/isolated has no edges.
const std::vector<RemarkSpec>& CouncilRemarks();
const std::vector<LinkSpec>& CouncilLinks();
storage::Mutation CouncilMutation();

NodeRecord MakeNode(const std::string& name, const std::string& title = "");
NodeRecord MakeMeeting(const std::string& id, const std::string& date);
NodeRecord MakeRemark(const RemarkSpec& spec);
EdgeRecord WithStance(Stance stance);

// The store options of the query tests: the in-memory adjacency is on,
// unless the environment sets RG_QUERY_ADJACENCY=off (CTest runs every
// query test both ways, so that both edge paths give the same answers).
storage::StoreOptions QueryStoreOptions();

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Applies `mutation`, failing the test on error.
  void Apply(const storage::Mutation& mutation);
  void BuildCouncil() { Apply(CouncilMutation()); }

  NodeId Id(const std::string& name);
  std::string NameOf(NodeId id);

  // A traversal's hits and stats, on a fresh snapshot.
  struct Walked {
    std::vector<TraversalHit> hits;
    Stats stats;
  };
  absl::StatusOr<Walked> Walk(const TraverseSpec& spec,
                              const Budget& budget = {});

  std::unique_ptr<storage::GraphSnapshot> Snapshot() {
    return store_->Snapshot();
  }

  remarkgraph::testing::ScopedTempDir dir_;
  std::unique_ptr<storage::GraphStore> store_;
  QueryEngine engine_;
};

}  // namespace remarkgraph::query::testing

#endif  // REMARKGRAPH_TESTS_QUERY_QUERY_FIXTURE_H_
