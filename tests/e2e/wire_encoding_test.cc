// Responses assembled from encoded parts parse as the same messages built
// with the generated accessors, and encoded nodes are shared only for the
// very record they were made from.
#include "service/wire_encoding.h"

#include <memory>
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "remarkgraph/v1/graph_service.pb.h"
#include "service/convert.h"

namespace remarkgraph::service {
namespace {

using google::protobuf::util::MessageDifferencer;
using storage::NodeKind;
using storage::NodeRecord;

// A record of each kind with every field the kind carries set.
std::vector<NodeRecord> RecordsOfEveryKind() {
  std::vector<NodeRecord> out;
  NodeRecord meeting;
  meeting.set_kind(static_cast<uint32_t>(NodeKind::kMeeting));
  meeting.set_name("meetings/m1");
  meeting.set_title("第3回 委員会");
  meeting.set_date("2024-05-01");
  meeting.set_start_time("10:00");
  meeting.set_end_time("12:00");
  meeting.set_place("Room 1");
  meeting.set_source_format("giji_gaiyo");
  meeting.set_source_digest("abc");
  (*meeting.mutable_properties())["k"] = "v";
  (*meeting.mutable_properties())["other"] = "w";
  out.push_back(meeting);
  NodeRecord item;
  item.set_kind(static_cast<uint32_t>(NodeKind::kItem));
  item.set_name("meetings/m1/items/d1");
  item.set_item_kind(1);
  item.set_outcome(2);
  item.set_ordinal(3);
  out.push_back(item);
  NodeRecord remark;
  remark.set_kind(static_cast<uint32_t>(NodeKind::kRemark));
  remark.set_name("meetings/m1/remarks/r1");
  remark.set_ordinal(7);
  remark.set_speaker_label("委員長");
  remark.set_text(std::string(300, 'x') + "住民サービス");
  remark.set_span_begin(10);
  remark.set_span_end(400);
  out.push_back(remark);
  NodeRecord person;
  person.set_kind(static_cast<uint32_t>(NodeKind::kPerson));
  person.set_name("people/山田太郎");
  person.set_reading("やまだたろう");
  person.add_titles("委員長");
  person.add_titles("教授");
  out.push_back(person);
  return out;
}

TEST(WireNodeCacheTest, EncodingParsesAsTheConvertedNode) {
  WireNodeCache cache(1 << 20);
  storage::NodeId id = 1;
  for (const NodeRecord& record : RecordsOfEveryKind()) {
    const auto shared = std::make_shared<const NodeRecord>(record);
    v1::Node parsed;
    ASSERT_TRUE(parsed.ParseFromString(*cache.Encoded(id++, shared)));
    EXPECT_TRUE(MessageDifferencer::Equals(parsed, ToWire(record))) << parsed.DebugString();
  }
}

TEST(WireNodeCacheTest, SharedOnlyForTheSameRecordObject) {
  WireNodeCache cache(1 << 20);
  auto first = std::make_shared<const NodeRecord>(RecordsOfEveryKind()[2]);
  const auto bytes = cache.Encoded(5, first);
  EXPECT_EQ(cache.Encoded(5, first), bytes);  // The same encoding, not a copy.
  EXPECT_EQ(cache.encoded(), 1);
  EXPECT_EQ(cache.reused(), 1);

  // The node changed: the store hands out another record object.
  NodeRecord changed = *first;
  changed.set_text("a new text");
  auto second = std::make_shared<const NodeRecord>(changed);
  v1::Node parsed;
  ASSERT_TRUE(parsed.ParseFromString(*cache.Encoded(5, second)));
  EXPECT_EQ(parsed.remark().text(), "a new text");
  EXPECT_EQ(cache.encoded(), 2);

  // The record object gone, an equal-looking new one is encoded afresh.
  second.reset();
  first.reset();
  auto third = std::make_shared<const NodeRecord>(changed);
  cache.Encoded(5, third);
  EXPECT_EQ(cache.encoded(), 3);
  EXPECT_EQ(cache.reused(), 1);
}

TEST(WireNodeCacheTest, KeepsNothingWithoutBudgetAndStaysWithinIt) {
  WireNodeCache none(0);
  auto record = std::make_shared<const NodeRecord>(RecordsOfEveryKind()[2]);
  none.Encoded(1, record);
  none.Encoded(1, record);
  EXPECT_EQ(none.reused(), 0);

  // 16 shards of 16 KiB: a few hundred of 2,000 remarks of ~700 bytes
  // (encoding and record) fit, and every answer is still right.
  WireNodeCache small(256 << 10);
  std::vector<std::shared_ptr<const NodeRecord>> records;
  for (int i = 0; i < 2000; ++i) {
    NodeRecord r = RecordsOfEveryKind()[2];
    r.set_ordinal(i);
    records.push_back(std::make_shared<const NodeRecord>(r));
  }
  // Asked twice in a row, a node is nearly always kept from the first time.
  for (int i = 0; i < 2000; ++i) {
    for (int twice = 0; twice < 2; ++twice) {
      v1::Node parsed;
      ASSERT_TRUE(parsed.ParseFromString(*small.Encoded(i, records[i])));
      ASSERT_EQ(parsed.remark().ordinal(), i);
    }
  }
  EXPECT_GT(small.reused(), 1500);
  // Asked again in order, most are gone: the budget holds far fewer.
  const int64_t reused_before = small.reused();
  for (int i = 0; i < 2000; ++i) {
    v1::Node parsed;
    ASSERT_TRUE(parsed.ParseFromString(*small.Encoded(i, records[i])));
    ASSERT_EQ(parsed.remark().ordinal(), i);
  }
  EXPECT_LT(small.reused() - reused_before, 1000);
}

TEST(WireEncodingTest, EncodedEdgesParseAsTheConvertedEdge) {
  std::vector<storage::EdgeRecord> records(4);
  // records[0]: nothing set.
  records[1].set_stance(2);
  storage::EvidenceRecord* full = records[1].add_evidence();
  full->set_source("meetings/m1");
  full->set_span_begin(120);
  full->set_span_end(135);
  full->set_quote("先ほどの議案に賛成します");
  full->set_rule("title");
  full->set_confidence(0.875f);
  full->set_section("Ⅲ－１");
  records[1].add_evidence()->set_rule("deictic");  // Empty span, confidence 0.
  (*records[1].mutable_properties())["note"] = "checked";
  (*records[1].mutable_properties())["empty"] = "";
  storage::EvidenceRecord* odd = records[2].add_evidence();
  odd->set_span_begin(-1);  // Negative numbers take ten bytes.
  odd->set_confidence(-0.0f);
  odd->set_quote(std::string(300, 'q'));  // A length of two bytes.
  records[3].set_stance(1);
  for (int i = 0; i < 20; ++i) records[3].add_evidence()->set_confidence(i / 20.0f);

  for (const storage::EdgeRecord& record : records) {
    std::string bytes;
    AppendEncodedEdge(record, storage::EdgeKind::kReferences, "meetings/m1/remarks/r1",
                      "", &bytes);
    v1::Edge parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    const v1::Edge expected =
        ToWire(record, storage::EdgeKind::kReferences, "meetings/m1/remarks/r1", "");
    EXPECT_TRUE(MessageDifferencer::Equals(parsed, expected))
        << parsed.ShortDebugString() << "\n" << expected.ShortDebugString();
    EXPECT_EQ(bytes.size(), expected.ByteSizeLong());
  }
}

TEST(WireEncodingTest, EncodedFieldsParseAsTheFieldsSetThroughAccessors) {
  const std::vector<NodeRecord> records = RecordsOfEveryKind();
  WireNodeCache cache(1 << 20);

  // A search answer: known fields beside encoded repeated hits.
  v1::SearchRemarksResponse expected_search;
  v1::SearchRemarksResponse encoded_search;
  encoded_search.set_next_page_token("token");
  expected_search.set_next_page_token("token");
  for (int i = 0; i < 3; ++i) {
    const auto shared = std::make_shared<const NodeRecord>(records[2]);
    v1::SearchHit* hit = expected_search.add_hits();
    *hit->mutable_remark() = ToWire(*shared);
    hit->set_snippet(i == 1 ? "" : "…住民サービス…");
    std::string bytes;
    AppendField(v1::SearchHit::kRemarkFieldNumber, *cache.Encoded(i, shared), &bytes);
    AppendStringField(v1::SearchHit::kSnippetFieldNumber, hit->snippet(), &bytes);
    AddEncodedField(encoded_search, v1::SearchRemarksResponse::kHitsFieldNumber,
                    std::move(bytes));
  }
  EXPECT_EQ(encoded_search.ByteSizeLong(), expected_search.ByteSizeLong());
  v1::SearchRemarksResponse parsed_search;
  ASSERT_TRUE(parsed_search.ParseFromString(encoded_search.SerializeAsString()));
  EXPECT_TRUE(MessageDifferencer::Equals(parsed_search, expected_search))
      << parsed_search.ShortDebugString();

  // A batch of traversal hits, nested two levels deep.
  v1::TraverseResponse expected_batch;
  std::string hits;
  for (int depth = 0; depth < 3; ++depth) {
    const auto shared = std::make_shared<const NodeRecord>(records[depth]);
    v1::TraversalHit* hit = expected_batch.mutable_hits()->add_hits();
    *hit->mutable_node() = ToWire(*shared);
    hit->set_depth(depth);
    std::string bytes;
    AppendField(v1::TraversalHit::kNodeFieldNumber, *cache.Encoded(10 + depth, shared), &bytes);
    AppendVarintField(v1::TraversalHit::kDepthFieldNumber, depth, &bytes);
    if (depth > 0) {
      storage::EdgeRecord edge;
      edge.set_stance(1);
      storage::EvidenceRecord* evidence = edge.add_evidence();
      evidence->set_quote("賛成です");
      evidence->set_confidence(0.75);
      *hit->mutable_via() = ToWire(edge, storage::EdgeKind::kReferences, "a", "b");
      AppendField(v1::TraversalHit::kViaFieldNumber, hit->via().SerializeAsString(), &bytes);
    }
    AppendField(v1::TraversalHits::kHitsFieldNumber, bytes, &hits);
  }
  v1::TraverseResponse encoded_batch;
  AddEncodedField(encoded_batch, v1::TraverseResponse::kHitsFieldNumber, hits);
  v1::TraverseResponse parsed_batch;
  ASSERT_TRUE(parsed_batch.ParseFromString(encoded_batch.SerializeAsString()));
  EXPECT_TRUE(MessageDifferencer::Equals(parsed_batch, expected_batch))
      << parsed_batch.ShortDebugString();
  EXPECT_EQ(FieldSize(v1::TraverseResponse::kHitsFieldNumber, hits.size()),
            encoded_batch.ByteSizeLong());
}

}  // namespace
}  // namespace remarkgraph::service
