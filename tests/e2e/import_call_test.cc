// ImportMinutes as a service call under load: responses that stay small
// however many links an import makes, evidence capped so that an export
// loads back, the client's deadline honoured, bulk results by index, and an
// import that races a delete retrying or answering ABORTED.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <iostream>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "remarkgraph/v1/import_service.grpc.pb.h"
#include "service/import_servicer.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/minutes_builder.h"

namespace remarkgraph::e2e {
namespace {

constexpr char kPlan[] = "河川情報共有基盤の整備方針（案）";

// Many remarks, each naming the decision and a document: two links each.
std::string ManyRemarks(int count) {
  std::vector<InventedRemark> remarks;
  for (int i = 0; i < count; ++i) {
    remarks.push_back({i % 2 ? "高田本部員" : "村上本部員",
                       "整備方針（案）に賛成する。資料３－１の工程表も重要である。"});
  }
  return InventedGijigaiyo("河川防災協議会 第３回会合", "令和５年１１月１４日（火）", {kPlan},
                           remarks);
}

class ImportCallTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    StartServer();
    import_ = v1::ImportService::NewStub(channel_);
  }

  grpc::Status Import(const std::string& content, v1::ImportMinutesResponse* response,
                      std::chrono::milliseconds deadline = std::chrono::seconds(60)) {
    v1::ImportMinutesRequest request;
    request.set_content(content);
    request.set_source_name("test");
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    return import_->ImportMinutes(&context, request, response);
  }

  // Nodes and edges of the whole graph, through ExportGraph.
  void ExportAll(std::vector<v1::Node>& nodes, std::vector<v1::Edge>& edges) {
    grpc::ClientContext context;
    auto reader = import_->ExportGraph(&context, v1::ExportGraphRequest());
    v1::ExportGraphResponse record;
    while (reader->Read(&record)) {
      if (record.has_node()) nodes.push_back(record.node());
      if (record.has_edge()) edges.push_back(record.edge());
    }
    ASSERT_TRUE(reader->Finish().ok());
  }

  // Stored edges of the kinds the linker makes.
  int CountLinks() {
    std::vector<v1::Node> nodes;
    std::vector<v1::Edge> edges;
    ExportAll(nodes, edges);
    int n = 0;
    for (const v1::Edge& e : edges) {
      switch (e.kind()) {
        case v1::EDGE_KIND_REFERENCES:
        case v1::EDGE_KIND_ADOPTS:
        case v1::EDGE_KIND_CITES:
        case v1::EDGE_KIND_REPLIES_TO:
        case v1::EDGE_KIND_REFERS_TO:
        case v1::EDGE_KIND_AGREES_WITH:
          ++n;
          break;
        default:
          break;
      }
    }
    return n;
  }

  std::unique_ptr<v1::ImportService::Stub> import_;
};

TEST_F(ImportCallTest, CommittedImportWithManyLinksAnswersSmall) {
  constexpr int kRemarks = 12000;  // ~5 MiB of links with evidence.
  const std::string minutes = ManyRemarks(kRemarks);
  v1::ImportMinutesResponse response;
  const grpc::Status status = Import(minutes, &response);
  // Before, the response listed every link and passed the 4 MiB limit the
  // client accepts after the import had been stored.
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.meetings_size(), 1);
  const v1::ImportedMeeting& meeting = response.meetings(0);
  EXPECT_EQ(meeting.remarks(), kRemarks);
  EXPECT_GE(meeting.link_count(), 2 * kRemarks);
  EXPECT_LT(meeting.links_size(), meeting.link_count());
  EXPECT_GT(meeting.links_size(), 0);
  EXPECT_TRUE(response.truncated());
  EXPECT_LT(response.ByteSizeLong(), size_t{2} << 20);
  // Every link is stored all the same.
  EXPECT_EQ(CountLinks(), meeting.link_count());
  // The report says what was found.
  EXPECT_EQ(meeting.report().remarks(), kRemarks);
  EXPECT_EQ(meeting.report().items(), 1);
  EXPECT_EQ(meeting.report().attendees(), 3);
  EXPECT_EQ(meeting.report().date(), "2023-11-14");
  EXPECT_EQ(meeting.report().speakers_resolved(), kRemarks);
}

TEST_F(ImportCallTest, EvidenceIsCappedSoTheExportLoadsBack) {
  // One remark naming the decision and a document thousands of times.
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "整備方針（案）と資料２について賛成する。";
  const std::string minutes = InventedGijigaiyo(
      "河川防災協議会 第４回会合", "令和５年１２月１日（金）", {kPlan}, {{"高田本部員", many}});
  v1::ImportMinutesResponse response;
  ASSERT_TRUE(Import(minutes, &response).ok());
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;
  ExportAll(nodes, edges);
  int full = 0;
  for (const v1::Edge& e : edges) {
    EXPECT_LE(e.evidence_size(), 64) << e.source() << " -> " << e.target();
    full += e.evidence_size() == 64;
  }
  EXPECT_GE(full, 2);  // The item and the document.
  // Into a fresh server through UpsertNodes / UpsertEdges, as export wrote it.
  ASSERT_TRUE(server_->Shutdown(absl::Seconds(2)).ok());
  server_.reset();
  options_.data_dir = dir_.Sub("copy");
  StartServer();
  const grpc::Status copied = Upsert(nodes, edges);
  EXPECT_TRUE(copied.ok()) << copied.error_message();
}

TEST_F(ImportCallTest, PassedDeadlineStoresNothing) {
  const std::string minutes = ManyRemarks(30000);  // 3 MiB: seconds of work.
  v1::ImportMinutesResponse response;
  const grpc::Status status = Import(minutes, &response, std::chrono::milliseconds(300));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  // Imports run one at a time: this one starts when the first has given up.
  const std::string small = InventedGijigaiyo("河川防災協議会 第１回会合", "令和５年４月３日（月）",
                                              {kPlan}, {{"高田本部員", "整備方針（案）に賛成する。"}});
  ASSERT_TRUE(Import(small, &response).ok());
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;
  ExportAll(nodes, edges);
  for (const v1::Node& n : nodes) {
    EXPECT_EQ(n.name().find("2023-11-14"), std::string::npos)
        << n.name() << " was stored after the deadline";
  }
}

// A server that takes requests of up to 16 MiB, with an import budget of
// `budget_mb` MiB.
class LargeImportTest : public ServerTest {
 protected:
  void Start(int budget_mb) {
    options_.max_message_bytes = 16 << 20;
    options_.import_memory_bytes = static_cast<size_t>(budget_mb) << 20;
    StartServer();
    import_ = v1::ImportService::NewStub(channel_);
  }
  void SetUp() override {
    ServerTest::SetUp();
    Start(2048);
  }

  grpc::Status Import(const std::string& content, v1::ImportMinutesResponse* response,
                      bool dry_run = false,
                      std::chrono::milliseconds deadline = std::chrono::seconds(60)) {
    v1::ImportMinutesRequest request;
    request.set_content(content);
    request.set_dry_run(dry_run);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    return import_->ImportMinutes(&context, request, response);
  }

  // Nodes and edges stored, through ExportGraph.
  int CountExported() {
    grpc::ClientContext context;
    auto reader = import_->ExportGraph(&context, v1::ExportGraphRequest());
    v1::ExportGraphResponse record;
    int records = 0;
    // The first message may carry only the export's sequence.
    while (reader->Read(&record)) {
      if (record.record_case() != v1::ExportGraphResponse::RECORD_NOT_SET) ++records;
    }
    EXPECT_TRUE(reader->Finish().ok());
    return records;
  }

  std::unique_ptr<v1::ImportService::Stub> import_;
};

TEST_F(LargeImportTest, TenMiBWithAShortDeadlineStopsInsideParsingAndStoresNothing) {
  const std::string minutes = ManyRemarks(100000);  // About 10 MiB.
  ASSERT_GT(minutes.size(), 10u << 20);
  const auto start = std::chrono::steady_clock::now();
  v1::ImportMinutesResponse response;
  const grpc::Status status =
      Import(minutes, &response, false, std::chrono::milliseconds(100));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_EQ(CountExported(), 0);
  // Imports run one at a time: the next one is done once the server has
  // given the first up. How soon is printed (bench/ measures speed).
  const std::string small = InventedGijigaiyo("河川防災協議会 第１回会合", "令和５年４月３日（月）",
                                              {kPlan}, {{"高田本部員", "整備方針（案）に賛成する。"}});
  ASSERT_TRUE(Import(small, &response).ok());
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  std::cout << minutes.size() << " bytes with a 100 ms deadline: the server was free again after "
            << elapsed.count() << " ms\n";
}

// The same with a budget of 64 MiB.
class ImportBudgetTest : public LargeImportTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    Start(64);
  }
};

TEST_F(ImportBudgetTest, AnImportOverTheBudgetIsRefusedUpFrontAndStoresNothing) {
  const std::string minutes = ManyRemarks(30000);  // 3 MiB.
  v1::ImportMinutesResponse response;
  for (const bool dry_run : {false, true}) {
    const grpc::Status status = Import(minutes, &response, dry_run);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << dry_run << ": " << status.error_message();
    // The message names the input's size and the limit.
    EXPECT_NE(status.error_message().find(std::to_string(minutes.size()) + " bytes"),
              std::string::npos)
        << status.error_message();
    EXPECT_NE(status.error_message().find("64 MiB"), std::string::npos) << status.error_message();
    EXPECT_NE(status.error_message().find("--import_memory_mb"), std::string::npos);
  }
  EXPECT_EQ(CountExported(), 0);
  // Within the budget, the same server imports.
  EXPECT_TRUE(Import(ManyRemarks(100), &response).ok());
  EXPECT_GT(CountExported(), 0);
}

TEST_F(ImportCallTest, BulkReportsEveryMessageByIndexWithinTheLimit) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  v1::BulkImportMinutesResponse response;
  auto writer = import_->BulkImportMinutes(&context, &response);
  const std::vector<std::string> contents = {
      ManyRemarks(2500), "not minutes at all\n", std::string("\xff\xfe", 2),
      InventedGijigaiyo("河川防災協議会 第５回会合", "令和６年１月９日（火）", {kPlan},
                        {{"村上本部員", "整備方針（案）に賛成する。"}}),
      ManyRemarks(2500)};
  for (size_t i = 0; i < contents.size(); ++i) {
    v1::BulkImportMinutesRequest request;
    request.mutable_minutes()->set_content(contents[i]);
    request.mutable_minutes()->set_source_name("file-" + std::to_string(i));
    ASSERT_TRUE(writer->Write(request));
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 5);
  EXPECT_EQ(response.imported(), 3);
  EXPECT_EQ(response.rejected(), 2);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(response.results(i).index(), i);
    EXPECT_EQ(response.results(i).source_name(), "file-" + std::to_string(i));
  }
  EXPECT_EQ(response.results(1).code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_NE(response.results(1).error().find("format"), std::string::npos);
  EXPECT_EQ(response.results(2).code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(response.results(3).code(), 0);
  EXPECT_EQ(response.results(3).response().meetings(0).report().remarks(), 1);
  EXPECT_GE(response.results(4).response().meetings(0).link_count(), 5000);
  EXPECT_LT(response.ByteSizeLong(), size_t{2} << 20);
}

TEST_F(ImportCallTest, BulkLoadStoresWhatAnImportStoresAndSearchFindsIt) {
  // Remarks found by SearchRemarks, over every page.
  auto search_count = [&](const std::string& query) {
    v1::SearchRemarksRequest request;
    request.set_query(query);
    request.set_page_size(1000);
    int hits = 0;
    for (int pages = 0; pages < 100; ++pages) {
      v1::SearchRemarksResponse response;
      const grpc::Status status = graph_->SearchRemarks(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      hits += response.hits_size();
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return hits;
  };
  auto bulk_import = [&](const std::string& content) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    v1::BulkImportMinutesResponse response;
    auto writer = import_->BulkImportMinutes(&context, &response);
    v1::BulkImportMinutesRequest request;
    request.mutable_minutes()->set_content(content);
    request.mutable_minutes()->set_bulk(true);
    EXPECT_TRUE(writer->Write(request));
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.imported(), 1) << (response.results_size() > 0
                                              ? response.results(0).error()
                                              : std::string("no result"));
    return response;
  };
  const v1::BulkImportMinutesResponse first = bulk_import(ManyRemarks(300));
  ASSERT_EQ(first.results_size(), 1);
  const int links = first.results(0).response().meetings(0).link_count();
  EXPECT_GE(links, 600);
  EXPECT_EQ(CountLinks(), links);
  EXPECT_EQ(search_count("工程表"), 300);
  // Loaded again, in bulk, the minutes replace what was stored: the old
  // remarks' postings are gone, the new ones found.
  const v1::BulkImportMinutesResponse second = bulk_import(ManyRemarks(200));
  ASSERT_EQ(second.results_size(), 1);
  EXPECT_EQ(search_count("工程表"), 200);
  EXPECT_EQ(CountLinks(), second.results(0).response().meetings(0).link_count());
  // An ordinary import over it reads the same index.
  v1::ImportMinutesResponse response;
  ASSERT_TRUE(Import(ManyRemarks(100), &response).ok());
  EXPECT_EQ(search_count("工程表"), 100);
}

TEST_F(ImportCallTest, ConcurrentDeletesNeverFailAnImportWithAnotherMeetingsNode) {
  // Meeting A's remarks name a plan that meeting B decides; each import of
  // B links A's remarks to the plan while A's remarks are being deleted.
  std::vector<InventedRemark> early;
  for (int i = 0; i < 40; ++i) {
    early.push_back({"高田本部員", "河川情報共有基盤の整備方針の検討を急ぐべきである。"});
  }
  const std::string a = InventedGijigaiyo("河川防災協議会 第１回会合", "令和５年４月３日（月）",
                                          {"流域治水の推進計画（案）"}, early);
  const std::string b = InventedGijigaiyo("河川防災協議会 第２回会合", "令和５年７月３日（月）",
                                          {kPlan}, {{"村上本部員", "整備方針（案）に賛成する。"}});
  std::atomic<bool> stop{false};
  for (int round = 0; round < 6; ++round) {
    v1::ImportMinutesResponse response;
    ASSERT_TRUE(Import(a, &response).ok());
    const std::string meeting_a = response.meetings(0).meeting();
    std::thread deleter([&] {
      for (int i = 1; i <= 40 && !stop; ++i) {
        v1::DeleteNodesRequest request;
        request.add_names(meeting_a + "/remarks/" + std::to_string(i));
        request.set_allow_missing(true);
        v1::DeleteNodesResponse deleted;
        write_->DeleteNodes(Context().get(), request, &deleted);
      }
    });
    const grpc::Status status = Import(b, &response);
    deleter.join();
    EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ABORTED)
        << status.error_code() << ": " << status.error_message();
  }
}

// The retry itself, made deterministic: a delete lands between linking and
// the write.
class ImportRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::OpenGraphStore(dir_.Sub("db"), {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    servicer_ = std::make_unique<service::ImportServicer>(store_.get());
    std::vector<InventedRemark> early;
    for (int i = 0; i < 5; ++i) {
      early.push_back({"高田本部員", "河川情報共有基盤の整備方針の検討を急ぐべきである。"});
    }
    v1::ImportMinutesRequest request;
    request.set_content(InventedGijigaiyo("河川防災協議会 第１回会合", "令和５年４月３日（月）",
                                          {"流域治水の推進計画（案）"}, early));
    v1::ImportMinutesResponse response;
    ASSERT_TRUE(servicer_->Import(request, &response).ok());
    meeting_a_ = response.meetings(0).meeting();
    later_.set_content(InventedGijigaiyo("河川防災協議会 第２回会合", "令和５年７月３日（月）",
                                         {kPlan},
                                         {{"村上本部員", "整備方針（案）に賛成する。"}}));
  }

  void DeleteRemark(int ordinal) {
    storage::Mutation mutation;
    mutation.DeleteNode(meeting_a_ + "/remarks/" + std::to_string(ordinal), true);
    ASSERT_TRUE(store_->Apply(mutation).ok());
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<storage::GraphStore> store_;
  std::unique_ptr<service::ImportServicer> servicer_;
  std::string meeting_a_;
  v1::ImportMinutesRequest later_;
};

TEST_F(ImportRaceTest, ADeleteBeforeTheWriteIsRetried) {
  int calls = 0;
  servicer_->SetBeforeWriteForTest([&] {
    if (calls++ == 0) DeleteRemark(1);
  });
  v1::ImportMinutesResponse response;
  const absl::Status status = servicer_->Import(later_, &response);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(calls, 2);
  // The links of the remarks still there were made; none to the deleted one.
  int external = 0;
  for (const v1::Edge& link : response.meetings(0).links()) {
    if (link.source().rfind(meeting_a_ + "/", 0) == 0) ++external;
    EXPECT_NE(link.source(), meeting_a_ + "/remarks/1");
  }
  EXPECT_EQ(external, 4);
}

TEST_F(ImportRaceTest, ADeleteAtEveryAttemptIsAbortedAndStoresNothing) {
  int calls = 0;
  servicer_->SetBeforeWriteForTest([&] { DeleteRemark(++calls); });
  v1::ImportMinutesResponse response;
  const absl::Status status = servicer_->Import(later_, &response);
  EXPECT_TRUE(absl::IsAborted(status)) << status;
  EXPECT_EQ(calls, service::ImportServicer::kImportAttempts);
  EXPECT_NE(status.message().find("retry"), std::string::npos) << status;
  // Only the first meeting is stored.
  auto snapshot = store_->Snapshot();
  std::vector<std::string> meetings;
  ASSERT_TRUE(snapshot
                  ->ScanKind(storage::NodeKind::kMeeting, "",
                             [&](std::string_view name, storage::NodeId) {
                               meetings.emplace_back(name);
                               return true;
                             })
                  .ok());
  EXPECT_EQ(meetings, std::vector<std::string>{meeting_a_});
}

}  // namespace
}  // namespace remarkgraph::e2e
