#include "clients/cli/upsert_input.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace remarkgraph::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ReadUpsertInputTest, ReadsNodesAndEdgesSkippingBlankLines) {
  std::istringstream in(
      "\xEF\xBB\xBF{\"node\": {\"name\": \"bodies/cshq\", \"title\": "
      "\"本部\"}}\n"
      "\n"
      "{\"node\": {\"name\": \"meetings/m1\", \"meeting\": {\"date\": "
      "\"2024-06-04\"}}}\r\n"
      "{\"edge\": {\"source\": \"meetings/m1\", \"target\": \"bodies/cshq\", "
      "\"kind\": \"EDGE_KIND_HELD_BY\"}}\n");
  UpsertInput input;
  std::vector<std::string> errors;
  ASSERT_TRUE(ReadUpsertInput(in, &input, &errors)) << errors[0];
  ASSERT_EQ(input.nodes.size(), 2u);
  EXPECT_EQ(input.nodes[0].title(), "本部");
  EXPECT_EQ(input.nodes[1].meeting().date(), "2024-06-04");
  ASSERT_EQ(input.edges.size(), 1u);
  EXPECT_EQ(input.edges[0].kind(), v1::EDGE_KIND_HELD_BY);
}

TEST(ReadUpsertInputTest, ReportsEveryBadLineByNumber) {
  std::istringstream in(
      "{\"node\": {\"name\": \"bodies/a\"}}\n"
      "{\"node\": {\"name\": \"bodies/b\"\n"
      "{\"node\": {\"name\": \"x\"}, \"edge\": {\"source\": \"a\"}}\n"
      "{\"node\": {\"title\": \"no name\"}}\n"
      "{\"edge\": {\"source\": \"a\", \"target\": \"b\"}}\n"
      "{\"node\": {\"name\": \"bodies/c\", \"colour\": \"red\"}}\n"
      "[]\n");
  UpsertInput input;
  std::vector<std::string> errors;
  EXPECT_FALSE(ReadUpsertInput(in, &input, &errors));
  ASSERT_EQ(errors.size(), 6u);
  EXPECT_THAT(errors[0], HasSubstr("line 2: "));
  EXPECT_THAT(errors[1], HasSubstr("line 3: want exactly one"));
  EXPECT_THAT(errors[2], HasSubstr("line 4: node.name is required"));
  EXPECT_THAT(errors[3], HasSubstr("line 5: edge.kind is required"));
  EXPECT_THAT(errors[4], HasSubstr("line 6: "));
  EXPECT_THAT(errors[5], HasSubstr("line 7: "));
}

TEST(ReadUpsertInputTest, CapsTheNumberOfErrors) {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "nonsense\n";
  std::istringstream in(text);
  UpsertInput input;
  std::vector<std::string> errors;
  EXPECT_FALSE(ReadUpsertInput(in, &input, &errors, /*max_errors=*/5));
  ASSERT_EQ(errors.size(), 6u);
  EXPECT_EQ(errors.back(), "... and 25 more bad lines");
}

TEST(ReadUpsertInputTest, LaterDuplicatesReplaceEarlierOnes) {
  std::istringstream in(
      "{\"node\": {\"name\": \"bodies/a\", \"title\": \"old\"}}\n"
      "{\"node\": {\"name\": \"bodies/b\"}}\n"
      "{\"node\": {\"name\": \"bodies/a\", \"title\": \"new\"}}\n");
  UpsertInput input;
  std::vector<std::string> errors;
  ASSERT_TRUE(ReadUpsertInput(in, &input, &errors));
  ASSERT_EQ(input.nodes.size(), 2u);
  EXPECT_EQ(input.nodes[0].title(), "new");
  EXPECT_THAT(input.node_lines, ElementsAre(3, 2));
  EXPECT_EQ(input.replaced_duplicates, 1);
}

TEST(LineOfErrorTest, MapsTheRequestIndexToTheInputLine) {
  const std::vector<int> lines = {1, 2, 5, 9};
  EXPECT_EQ(LineOfError("nodes[1].name: bad", "nodes", 0, lines), 2);
  EXPECT_EQ(LineOfError("edges[0]: edge source 'x' does not exist", "edges", 3,
                        lines),
            9);
  EXPECT_EQ(LineOfError("nodes[7].name: bad", "nodes", 0, lines), 0);
  EXPECT_EQ(LineOfError("something else", "nodes", 0, lines), 0);
  EXPECT_EQ(LineOfError("nodes[x]", "nodes", 0, lines), 0);
}

TEST(BatchesTest, SplitsByCountAndBytes) {
  std::vector<v1::Node> nodes(2500);
  for (size_t i = 0; i < nodes.size(); ++i) {
    nodes[i].set_name(absl::StrCat("bodies/b", i));
  }
  std::vector<v1::UpsertNodesRequest> batches =
      NodeBatches(nodes, BatchLimits());
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].nodes_size(), 1000);
  EXPECT_EQ(batches[2].nodes_size(), 500);
  EXPECT_EQ(batches[2].nodes(499).name(), "bodies/b2499");

  BatchLimits small;
  small.max_bytes = 100;
  std::vector<v1::Node> big(3);
  for (v1::Node& node : big) node.set_title(std::string(80, 'x'));
  EXPECT_EQ(NodeBatches(big, small).size(), 3u);
  EXPECT_TRUE(EdgeBatches({}, small).empty());
}

}  // namespace
}  // namespace remarkgraph::cli
