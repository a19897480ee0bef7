#include "storage/schema.h"

#include <vector>

#include "gtest/gtest.h"

namespace remarkgraph::storage {
namespace {

TEST(SchemaTest, ParsesEveryResourceNamePattern) {
  struct Case {
    const char* name;
    NodeKind kind;
    const char* id;
    const char* meeting;
  } cases[] = {
      {"bodies/cyber-hq", NodeKind::kBody, "cyber-hq", ""},
      {"meetings/m-1", NodeKind::kMeeting, "m-1", ""},
      {"meetings/m-1/items/d2", NodeKind::kItem, "d2", "m-1"},
      {"meetings/m-1/remarks/7", NodeKind::kRemark, "7", "m-1"},
      {"matters/次期戦略", NodeKind::kMatter, "次期戦略", ""},
      {"people/山田太郎", NodeKind::kPerson, "山田太郎", ""},
      {"documents/資料4-2", NodeKind::kDocument, "資料4-2", ""},
      {"topics/ransomware", NodeKind::kTopic, "ransomware", ""},
  };
  for (const Case& c : cases) {
    const auto parsed = ParseResourceName(c.name, "name");
    ASSERT_TRUE(parsed.ok()) << c.name << ": " << parsed.status();
    EXPECT_EQ(parsed->kind, c.kind) << c.name;
    EXPECT_EQ(parsed->id, c.id);
    EXPECT_EQ(parsed->meeting_id, c.meeting);
  }
}

TEST(SchemaTest, RejectsMalformedNamesNamingTheField) {
  for (const std::string& bad : std::vector<std::string>
       {"", "meetings", "meetings/", "/meetings/x", "meetings/x/", "widgets/x",
        "meetings/x/items", "meetings/x/votes/1", "people/a b", "people/a\tb",
        "people/" + std::string(129, 'x'), std::string("people/\xff\xfe", 9),
        std::string("people/a\0b", 9), "bodies/x/y"}) {
    const auto parsed = ParseResourceName(bad, "nodes[2].name");
    ASSERT_FALSE(parsed.ok()) << "accepted '" << bad << "'";
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(parsed.status().message().find("nodes[2].name"),
              std::string_view::npos)
        << parsed.status();
  }
}

TEST(SchemaTest, EdgeKindsConstrainTheirEndpoints) {
  EXPECT_TRUE(EdgeFits(EdgeKind::kReferences, NodeKind::kRemark, NodeKind::kItem));
  EXPECT_TRUE(EdgeFits(EdgeKind::kReferences, NodeKind::kRemark, NodeKind::kMatter));
  EXPECT_FALSE(EdgeFits(EdgeKind::kReferences, NodeKind::kItem, NodeKind::kRemark));
  EXPECT_FALSE(EdgeFits(EdgeKind::kUnspecified, NodeKind::kRemark, NodeKind::kItem));
  EXPECT_EQ(EdgeSignature(EdgeKind::kReferences), "REMARK -> ITEM|MATTER");
}

TEST(SchemaTest, KindNamesParseInEveryCommonSpelling) {
  EXPECT_EQ(ParseNodeKind("meeting"), NodeKind::kMeeting);
  EXPECT_EQ(ParseNodeKind("NODE_KIND_REMARK"), NodeKind::kRemark);
  EXPECT_EQ(ParseEdgeKind("references"), EdgeKind::kReferences);
  EXPECT_EQ(ParseEdgeKind("EDGE_KIND_REPLIES_TO"), EdgeKind::kRepliesTo);
  EXPECT_EQ(ParseStance("support"), Stance::kSupport);
  EXPECT_FALSE(ParseNodeKind("widget").has_value());
  EXPECT_FALSE(ParseNodeKind("NODE_KIND_UNSPECIFIED").has_value());
  EXPECT_EQ(MeetingOf("meetings/m/remarks/3"), "meetings/m");
  EXPECT_EQ(MeetingOf("meetings/m"), "meetings/m");
  EXPECT_EQ(MeetingOf("people/x"), "");
}

}  // namespace
}  // namespace remarkgraph::storage
