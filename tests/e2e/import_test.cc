// ImportService over loopback: minutes in, links with evidence out; the
// export round trip; import order; bad input that must store nothing.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "remarkgraph/v1/import_service.grpc.pb.h"
#include "tests/e2e/e2e_fixture.h"

namespace remarkgraph::e2e {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path ExamplesDir() { return RG_EXAMPLES_DIR; }

// The seed minutes, when the shared folder is beside the project.
std::vector<std::filesystem::path> SeedFiles() {
  std::vector<std::filesystem::path> files;
  const char* shared = std::getenv("RG_SHARED_DIR");
  if (shared == nullptr) return files;
  const std::filesystem::path seeds = std::filesystem::path(shared) / "seeds";
  if (!std::filesystem::is_directory(seeds)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(seeds)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class ImportTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    StartServer();
    import_ = v1::ImportService::NewStub(channel_);
  }

  grpc::Status Import(const std::string& content, v1::ImportMinutesResponse* response,
                      v1::MinutesFormat format = v1::MINUTES_FORMAT_UNSPECIFIED) {
    v1::ImportMinutesRequest request;
    request.set_content(content);
    request.set_format(format);
    request.set_source_name("test");
    return import_->ImportMinutes(Context().get(), request, response);
  }

  // The export as sorted lines: comparable across servers (names, not ids).
  std::vector<std::string> Export() {
    auto context = Context();
    auto reader = import_->ExportGraph(context.get(), v1::ExportGraphRequest());
    v1::ExportGraphResponse record;
    std::vector<std::string> lines;
    while (reader->Read(&record)) {
      record.clear_sequence();  // where each server's history stands
      if (record.has_node() || record.has_edge()) lines.push_back(record.ShortDebugString());
    }
    EXPECT_TRUE(reader->Finish().ok());
    std::sort(lines.begin(), lines.end());
    return lines;
  }

  std::unique_ptr<v1::ImportService::Stub> import_;
};

TEST_F(ImportTest, ImportsMinutesWithLinksAndEvidence) {
  v1::ImportMinutesResponse response;
  const grpc::Status status =
      Import(ReadFile(ExamplesDir() / "minutes/bousai-hq-5.gijigaiyo.txt"), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.format(), v1::MINUTES_FORMAT_GIJIGAIYO);
  ASSERT_EQ(response.meetings_size(), 1);
  const v1::ImportedMeeting& meeting = response.meetings(0);
  EXPECT_EQ(meeting.items(), 3);
  EXPECT_GE(meeting.remarks(), 6);
  EXPECT_GT(response.nodes_written(), 0);
  int adopts = 0;
  for (const v1::Edge& link : meeting.links()) {
    ASSERT_FALSE(link.evidence().empty()) << link.ShortDebugString();
    EXPECT_FALSE(link.evidence(0).quote().empty());
    EXPECT_FALSE(link.evidence(0).rule().empty());
    if (link.kind() == v1::EDGE_KIND_ADOPTS) ++adopts;
  }
  EXPECT_EQ(adopts, 2);  // both decisions put to the vote

  // The adopted decision's dossier holds the remarks that spoke to it.
  v1::ListNodesRequest items;
  items.set_kind(v1::NODE_KIND_ITEM);
  items.set_meeting(meeting.meeting());
  v1::ListNodesResponse listed;
  ASSERT_TRUE(graph_->ListNodes(Context().get(), items, &listed).ok());
  std::string decision;
  for (const v1::Node& item : listed.nodes()) {
    if (item.item().item_kind() == v1::ITEM_KIND_DECISION && item.item().ordinal() == 1) {
      decision = item.name();
      EXPECT_EQ(item.item().outcome(), v1::ITEM_OUTCOME_ADOPTED);
    }
  }
  ASSERT_FALSE(decision.empty());
  v1::GetDossierRequest dossier_request;
  dossier_request.set_name(decision);
  v1::GetDossierResponse dossier;
  ASSERT_TRUE(graph_->GetDossier(Context().get(), dossier_request, &dossier).ok());
  EXPECT_GE(dossier.total_remarks(), 3);
}

TEST_F(ImportTest, ReimportReplacesAndNeverDuplicates) {
  const std::string minutes = ReadFile(ExamplesDir() / "minutes/chiiki-kotsu-2.hatsugen-yoshi.txt");
  v1::ImportMinutesResponse response;
  ASSERT_TRUE(Import(minutes, &response).ok());
  const std::vector<std::string> first = Export();
  ASSERT_TRUE(Import(minutes, &response).ok());
  EXPECT_EQ(Export(), first);
}

TEST_F(ImportTest, ExportImportsBackIntoAnEqualGraph) {
  v1::ImportMinutesResponse response;
  for (const char* file : {"minutes/bousai-hq-5.gijigaiyo.txt",
                           "minutes/chiiki-kotsu-2.hatsugen-yoshi.txt"}) {
    ASSERT_TRUE(Import(ReadFile(ExamplesDir() / file), &response).ok()) << file;
  }
  const std::vector<std::string> exported = Export();
  ASSERT_GT(exported.size(), 50u);

  // Into a fresh server, through the write API, in export order.
  auto context = Context();
  auto reader = import_->ExportGraph(context.get(), v1::ExportGraphRequest());
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;
  v1::ExportGraphResponse record;
  while (reader->Read(&record)) {
    if (record.has_node()) nodes.push_back(record.node());
    if (record.has_edge()) edges.push_back(record.edge());
  }
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_TRUE(server_->Shutdown(absl::Seconds(2)).ok());
  server_.reset();
  options_.data_dir = dir_.Sub("second");
  StartServer();
  import_ = v1::ImportService::NewStub(channel_);
  ASSERT_TRUE(Upsert(nodes, edges).ok());
  EXPECT_EQ(Export(), exported);
}

TEST_F(ImportTest, SeedMinutesLinkAcrossMeetingsInEitherOrder) {
  const std::vector<std::filesystem::path> seeds = SeedFiles();
  if (seeds.size() < 2) GTEST_SKIP() << "the seed minutes are not beside the project";
  v1::ImportMinutesResponse response;
  for (const auto& seed : seeds) {
    const grpc::Status status = Import(ReadFile(seed), &response);
    ASSERT_TRUE(status.ok()) << seed << ": " << status.error_message();
  }
  const std::vector<std::string> forward = Export();

  ASSERT_TRUE(server_->Shutdown(absl::Seconds(2)).ok());
  server_.reset();
  options_.data_dir = dir_.Sub("reverse");
  StartServer();
  import_ = v1::ImportService::NewStub(channel_);
  for (auto seed = seeds.rbegin(); seed != seeds.rend(); ++seed) {
    ASSERT_TRUE(Import(ReadFile(*seed), &response).ok()) << *seed;
  }
  EXPECT_EQ(Export(), forward);
  // And a cross-meeting link is there: some remark of one meeting
  // references a matter whose items belong to the other.
  int cross = 0;
  for (const std::string& line : forward) {
    if (line.find("EDGE_KIND_REFERENCES") != std::string::npos &&
        line.find("target: \"matters/") != std::string::npos) {
      ++cross;
    }
  }
  EXPECT_GE(cross, 1);
}

TEST_F(ImportTest, BulkImportReportsEachMinutesInOrder) {
  auto context = Context();
  v1::BulkImportMinutesResponse response;
  auto writer = import_->BulkImportMinutes(context.get(), &response);
  for (const std::string& content :
       {ReadFile(ExamplesDir() / "minutes/bousai-hq-5.gijigaiyo.txt"), std::string("\x01\x02"),
        ReadFile(ExamplesDir() / "minutes/chiiki-kotsu-2.hatsugen-yoshi.txt")}) {
    v1::BulkImportMinutesRequest request;
    request.mutable_minutes()->set_content(content);
    ASSERT_TRUE(writer->Write(request));
  }
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(response.imported(), 2);
  EXPECT_EQ(response.rejected(), 1);
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.results(1).code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_FALSE(response.results(1).error().empty());
}

TEST_F(ImportTest, BadInputGetsAClearErrorAndStoresNothing) {
  v1::ImportMinutesResponse response;
  ASSERT_TRUE(Import(ReadFile(ExamplesDir() / "minutes/bousai-hq-5.gijigaiyo.txt"), &response).ok());
  const std::vector<std::string> before = Export();

  std::mt19937 rng(3);
  std::string garbage(4096, '\0');
  for (char& c : garbage) c = static_cast<char>(rng());
  const std::string record_json =
      R"({"meetingRecord": [{"issueID": "1", "nameOfMeeting": "委員会", "date": "2024-01-01", "speechRecord": [)";
  struct Case {
    std::string what;
    std::string content;
    grpc::StatusCode code;
    std::string names;
  };
  const Case cases[] = {
      {"empty file", "", grpc::StatusCode::INVALID_ARGUMENT, "content"},
      {"binary garbage", garbage, grpc::StatusCode::INVALID_ARGUMENT, "content"},
      {"50 MB file", std::string(50 << 20, 'a'), grpc::StatusCode::RESOURCE_EXHAUSTED, ""},
      {"truncated JSON", record_json, grpc::StatusCode::INVALID_ARGUMENT, "JSON"},
      {"plain prose, no format", "This is a letter about nothing in particular.\n",
       grpc::StatusCode::INVALID_ARGUMENT, "format"},
  };
  for (const Case& c : cases) {
    const grpc::Status status = Import(c.content, &response);
    EXPECT_EQ(status.error_code(), c.code) << c.what << ": " << status.error_message();
    EXPECT_NE(status.error_message().find(c.names), std::string::npos)
        << c.what << ": '" << status.error_message() << "'";
    EXPECT_EQ(Export(), before) << c.what << " changed the graph";
  }
}

TEST_F(ImportTest, MinutesWithoutSpeakerMarkersAreReportedNotGuessed) {
  const std::string minutes =
      "防災連絡会議 第１回 議事概要\n\n１ 日時\n\n令和６年４月１日（月） １０時００分～１１時００分\n\n"
      "２ 議事概要\n\n出席者からは、計画の見直しを急ぐべきとの意見が多かった。\n";
  v1::ImportMinutesResponse response;
  const grpc::Status status = Import(minutes, &response);
  // The meeting is real and is stored; the missing markers are a warning,
  // and no remark is invented for text that no speaker was printed for.
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.meetings_size(), 1);
  ASSERT_FALSE(response.meetings(0).warnings().empty());
  EXPECT_NE(response.meetings(0).warnings(0).find("speaker"), std::string::npos)
      << response.meetings(0).warnings(0);
  EXPECT_EQ(response.meetings(0).remarks(), 0);
}

}  // namespace
}  // namespace remarkgraph::e2e
