// Limits of a response: a page stops before the server's largest message
// and hands out a token for the rest, and a dossier pages through every
// remark its totals count, however many.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/e2e/e2e_fixture.h"

namespace remarkgraph::e2e {
namespace {

constexpr char kItem[] = "meetings/big-0/items/d1";

class LimitsTest : public ServerTest {
 protected:
  // Three meetings and an item of the first.
  void WriteMeetings() {
    std::vector<v1::Node> nodes;
    for (int m = 0; m < 3; ++m) {
      v1::Node meeting = MakeNode("meetings/big-" + std::to_string(m), "Meeting");
      meeting.mutable_meeting()->set_date("2024-0" + std::to_string(m + 1) + "-15");
      nodes.push_back(meeting);
    }
    nodes.push_back(MakeNode(kItem, "A much discussed decision"));
    ASSERT_TRUE(Upsert(nodes, {}).ok());
  }

  // `count` remarks spread over the three meetings, each referencing kItem
  // with stance i % 3 + 1; the text of each `text_bytes` long.
  void WriteRemarks(int count, size_t text_bytes) {
    std::vector<v1::Node> nodes;
    std::vector<v1::Edge> edges;
    for (int i = 0; i < count; ++i) {
      const std::string name =
          "meetings/big-" + std::to_string(i % 3) + "/remarks/r" + std::to_string(i);
      v1::Node remark = MakeNode(name);
      remark.mutable_remark()->set_ordinal(i / 3 + 1);
      std::string text = "needle remark " + std::to_string(i) + " ";
      text.resize(std::max(text.size(), text_bytes), 'x');
      remark.mutable_remark()->set_text(text);
      nodes.push_back(remark);
      edges.push_back(MakeEdge(name, v1::EDGE_KIND_REFERENCES, kItem,
                               static_cast<v1::Stance>(i % 3 + 1)));
      // Requests stay well under the server's message size too.
      if (nodes.size() == 1000 || nodes.size() * text_bytes > (256u << 10)) {
        ASSERT_TRUE(Upsert(nodes, {}).ok());
        nodes.clear();
      }
      if (edges.size() == 10000) {
        ASSERT_TRUE(Upsert({}, edges).ok());
        edges.clear();
      }
    }
    ASSERT_TRUE(Upsert(nodes, edges).ok());
  }

  // Every page of the dossier of kItem: the remark names in order, and the
  // first page's totals.
  struct DossierPages {
    std::vector<std::string> remarks;
    v1::GetDossierResponse first;
    int pages = 0;
  };
  DossierPages PageDossier(int page_size) {
    DossierPages out;
    v1::GetDossierRequest request;
    request.set_name(kItem);
    request.set_page_size(page_size);
    do {
      v1::GetDossierResponse response;
      const grpc::Status status = graph_->GetDossier(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      EXPECT_LE(response.ByteSizeLong(), static_cast<size_t>(options_.max_message_bytes));
      if (out.pages++ == 0) out.first = response;
      for (const v1::DossierMeeting& meeting : response.meetings()) {
        for (const v1::DossierRemark& remark : meeting.remarks()) {
          out.remarks.push_back(remark.remark().name());
        }
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return out;
  }
};

TEST_F(LimitsTest, DossierPagesThroughMoreThanTenThousandRemarks) {
  constexpr int kRemarks = 12'000;  // Past the default max_nodes (10,000).
  StartServer();
  WriteMeetings();
  WriteRemarks(kRemarks, 0);
  const DossierPages pages = PageDossier(1000);
  EXPECT_EQ(pages.first.total_remarks(), kRemarks);
  EXPECT_EQ(pages.first.total_meetings(), 3);
  EXPECT_FALSE(pages.first.stats().truncated());
  int64_t by_stance = 0;
  for (const v1::StanceCount& count : pages.first.stances()) {
    EXPECT_EQ(count.count(), kRemarks / 3) << count.stance();
    by_stance += count.count();
  }
  EXPECT_EQ(by_stance, kRemarks);
  ASSERT_EQ(pages.remarks.size(), static_cast<size_t>(kRemarks));
  EXPECT_EQ(std::set<std::string>(pages.remarks.begin(), pages.remarks.end()).size(),
            static_cast<size_t>(kRemarks));
}

TEST_F(LimitsTest, PagesOfLargeRecordsStopBeforeTheMessageSize) {
  options_.max_message_bytes = 1 << 20;
  StartServer();
  WriteMeetings();
  // 24 remarks of 200 KiB: about 4.7 MiB, so at least five pages of 1 MiB.
  constexpr int kRemarks = 24;
  WriteRemarks(kRemarks, 200 << 10);
  const size_t max_bytes = static_cast<size_t>(options_.max_message_bytes);

  SCOPED_TRACE("GetDossier");
  const DossierPages dossier = PageDossier(1000);
  EXPECT_GE(dossier.pages, 5);
  EXPECT_EQ(dossier.first.total_remarks(), kRemarks);
  EXPECT_EQ(dossier.remarks.size(), static_cast<size_t>(kRemarks));

  SCOPED_TRACE("SearchRemarks");
  {
    v1::SearchRemarksRequest request;
    request.set_query("needle remark");
    request.set_page_size(1000);
    std::set<std::string> found;
    int pages = 0;
    do {
      v1::SearchRemarksResponse response;
      const grpc::Status status = graph_->SearchRemarks(Context().get(), request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
      EXPECT_LE(response.ByteSizeLong(), max_bytes);
      ++pages;
      for (const v1::SearchHit& hit : response.hits()) found.insert(hit.remark().name());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    EXPECT_GE(pages, 5);
    EXPECT_EQ(found.size(), static_cast<size_t>(kRemarks));
  }

  SCOPED_TRACE("ListNodes");
  {
    v1::ListNodesRequest request;
    request.set_kind(v1::NODE_KIND_REMARK);
    request.set_page_size(1000);
    std::set<std::string> found;
    int pages = 0;
    do {
      v1::ListNodesResponse response;
      const grpc::Status status = graph_->ListNodes(Context().get(), request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
      EXPECT_LE(response.ByteSizeLong(), max_bytes);
      ++pages;
      for (const v1::Node& node : response.nodes()) found.insert(node.name());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    EXPECT_GE(pages, 5);
    EXPECT_EQ(found.size(), static_cast<size_t>(kRemarks));
  }

  SCOPED_TRACE("BatchGetNodes");
  {
    v1::BatchGetNodesRequest request;
    for (int i = 0; i < kRemarks; ++i) {
      request.add_names("meetings/big-" + std::to_string(i % 3) + "/remarks/r" +
                        std::to_string(i));
    }
    v1::BatchGetNodesResponse response;
    const grpc::Status status = graph_->BatchGetNodes(Context().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    google::rpc::Status details;
    ASSERT_TRUE(details.ParseFromString(status.error_details()));
    google::rpc::ErrorInfo info;
    ASSERT_GE(details.details_size(), 1);
    ASSERT_TRUE(details.details(0).UnpackTo(&info));
    EXPECT_EQ(info.reason(), "RESPONSE_TOO_LARGE");
    EXPECT_EQ(info.metadata().at("field"), "names");
  }
}

TEST_F(LimitsTest, EdgesWithLargePropertiesArePagedByBytes) {
  options_.max_message_bytes = 1 << 20;
  StartServer();
  WriteMeetings();
  // 40 people each ATTENDED the meeting, each edge with a 60 KiB property:
  // about 2.4 MiB of edges into one meeting.
  constexpr int kPeople = 40;
  for (int i = 0; i < kPeople; ++i) {
    const std::string person = "people/p" + std::to_string(i);
    v1::Edge edge = MakeEdge(person, v1::EDGE_KIND_ATTENDED, "meetings/big-0");
    (*edge.mutable_properties())["note"] = std::string(60 << 10, 'n');
    ASSERT_TRUE(Upsert({MakeNode(person)}, {edge}).ok());
  }
  v1::ListEdgesRequest request;
  request.set_name("meetings/big-0");
  request.set_direction(v1::DIRECTION_INCOMING);
  request.add_kinds(v1::EDGE_KIND_ATTENDED);
  request.set_page_size(1000);
  std::set<std::string> sources;
  int pages = 0;
  do {
    v1::ListEdgesResponse response;
    const grpc::Status status = graph_->ListEdges(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(response.ByteSizeLong(), static_cast<size_t>(options_.max_message_bytes));
    ++pages;
    for (const v1::Edge& edge : response.edges()) sources.insert(edge.source());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_GE(pages, 3);
  EXPECT_EQ(sources.size(), static_cast<size_t>(kPeople));
}

// What a raw HTTP/2 client (curl) gets back for one unary call.
struct RawReply {
  std::string headers;  // Response headers, as curl prints them.
  std::string body;     // The gRPC length-prefixed message(s).
};

// Calls `method` with `request` through curl over plain HTTP/2, offering
// `accept_encoding` (nothing when empty). Empty headers when curl failed.
RawReply CallWithCurl(const std::string& dir, int port, const std::string& method,
                      const google::protobuf::Message& request,
                      const std::string& accept_encoding) {
  const std::string payload = request.SerializeAsString();
  std::string framed(5, '\0');  // Uncompressed flag, then the big-endian length.
  for (int i = 0; i < 4; ++i) framed[1 + i] = static_cast<char>(payload.size() >> (24 - 8 * i));
  framed += payload;
  const std::string in = dir + "/request.bin", out = dir + "/body.bin", headers = dir + "/h.txt";
  std::ofstream(in, std::ios::binary) << framed;
  const std::string command =
      "curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' " +
      (accept_encoding.empty() ? std::string()
                               : "-H 'grpc-accept-encoding: " + accept_encoding + "' ") +
      "--data-binary @" + in + " -D " + headers + " -o " + out + " http://127.0.0.1:" +
      std::to_string(port) + method;
  RawReply reply;
  if (std::system(command.c_str()) != 0) return reply;
  std::ifstream h(headers, std::ios::binary), b(out, std::ios::binary);
  reply.headers.assign(std::istreambuf_iterator<char>(h), {});
  reply.body.assign(std::istreambuf_iterator<char>(b), {});
  return reply;
}

TEST_F(LimitsTest, LargeResponsesGoCompressedToClientsThatAcceptIt) {
  if (std::system("curl --version 2>/dev/null | grep -q HTTP2") != 0) {
    GTEST_SKIP() << "curl with HTTP/2 is not installed (scripts/install-deps installs it)";
  }
  StartServer();  // Responses from 64 KiB on are compressed (the default).
  WriteMeetings();
  WriteRemarks(40, 4 << 10);  // About 160 KiB of remarks.
  const std::string dir = dir_.Sub("curl");
  std::filesystem::create_directories(dir);
  v1::ListNodesRequest list;
  list.set_kind(v1::NODE_KIND_REMARK);
  list.set_page_size(1000);
  const std::string method = "/remarkgraph.v1.GraphService/ListNodes";

  const RawReply gzip = CallWithCurl(dir, server_->port(), method, list, "gzip");
  ASSERT_FALSE(gzip.headers.empty()) << "curl failed";
  EXPECT_NE(gzip.headers.find("grpc-encoding: gzip"), std::string::npos) << gzip.headers;
  ASSERT_GE(gzip.body.size(), 5u);
  EXPECT_EQ(gzip.body[0], 1) << "the message is not flagged compressed";
  EXPECT_LT(gzip.body.size(), 40u << 10) << "4 KiB of 'x' per remark compresses well";

  // A client that accepts no compression gets the plain message.
  const RawReply plain = CallWithCurl(dir, server_->port(), method, list, "");
  ASSERT_GE(plain.body.size(), 5u);
  EXPECT_EQ(plain.headers.find("grpc-encoding: gzip"), std::string::npos) << plain.headers;
  EXPECT_EQ(plain.body[0], 0);
  EXPECT_GT(plain.body.size(), 160u << 10);

  // A small response is not worth compressing.
  v1::GetNodeRequest get;
  get.set_name(kItem);
  const RawReply small =
      CallWithCurl(dir, server_->port(), "/remarkgraph.v1.GraphService/GetNode", get, "gzip");
  ASSERT_GE(small.body.size(), 5u);
  EXPECT_EQ(small.body[0], 0);
}

}  // namespace
}  // namespace remarkgraph::e2e
