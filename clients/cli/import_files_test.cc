#include "clients/cli/import_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace remarkgraph::cli {
namespace {

namespace fs = std::filesystem;

class CollectImportFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("rg_import_files_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(root_ / "minutes/2023/.drafts");
    fs::create_directories(root_ / "empty/sub");
    Write("minutes/b.txt", "bb");
    Write("minutes/2023/a.json", "a");
    Write("minutes/2023/notes.pdf", "pdf");
    Write("minutes/2023/.drafts/c.txt", "hidden");
    Write("minutes/.d.txt", "hidden");
    Write("single.dat", "xyz");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(root_ / name) << text;
  }
  std::string P(const std::string& name) { return (root_ / name).string(); }
  fs::path root_;
};

TEST_F(CollectImportFilesTest, FoldersRecurseToMinutesFilesSortedWithoutHiddenOnes) {
  auto files = CollectImportFiles({P("single.dat"), P("minutes")});
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].path, P("single.dat"));  // A named file, whatever its extension.
  EXPECT_EQ((*files)[0].bytes, 3u);
  EXPECT_EQ((*files)[1].path, P("minutes/2023/a.json"));
  EXPECT_EQ((*files)[2].path, P("minutes/b.txt"));
  EXPECT_EQ((*files)[2].bytes, 2u);
}

TEST_F(CollectImportFilesTest, MissingPathsAndEmptyFoldersAreNamed) {
  auto missing = CollectImportFiles({P("minutes"), P("nope")});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("nope"), std::string::npos);
  auto empty = CollectImportFiles({P("empty")});
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("no minutes files"), std::string::npos);
}

TEST(ImportTimeoutTest, GrowsWithTheFileUnlessGiven) {
  EXPECT_EQ(ImportTimeout(1000, false, absl::Seconds(10)), absl::Minutes(10));
  EXPECT_EQ(ImportTimeout(uint64_t{12} << 20, false, absl::Seconds(10)), absl::Minutes(18));
  EXPECT_EQ(ImportTimeout(uint64_t{12} << 20, true, absl::Seconds(5)), absl::Seconds(5));
}

TEST(ImportProgressTest, JsonLinesAroundEachFile) {
  std::ostringstream out;
  ImportProgress progress(ImportProgress::Mode::kJson, out, 2, 30);
  progress.Start({"a \"q\".txt", 10});
  progress.Tick(absl::Seconds(1));  // Nothing in JSON mode.
  progress.Finish(absl::Milliseconds(1500), "done");
  EXPECT_EQ(out.str(),
            "{\"progress\":{\"file\":\"a \\\"q\\\".txt\",\"index\":1,\"files\":2,\"bytes\":10,"
            "\"state\":\"started\"}}\n"
            "{\"progress\":{\"file\":\"a \\\"q\\\".txt\",\"index\":1,\"files\":2,\"bytes\":10,"
            "\"state\":\"done\",\"seconds\":1.500}}\n");
}

TEST(ImportProgressTest, TerminalLineIsRedrawnThenLeftWithTheOutcome) {
  std::ostringstream out;
  ImportProgress progress(ImportProgress::Mode::kTerminal, out, 2, 20);
  progress.Start({"a.txt", 10});
  progress.Tick(absl::Seconds(3));
  progress.Finish(absl::Seconds(4), "done");
  progress.Start({"b.txt", 10});
  progress.Finish(absl::Seconds(1), "INVALID_ARGUMENT");
  const std::string text = out.str();
  EXPECT_NE(text.find("\r\x1b[K[....................] 1/2 a.txt (0.0 MiB) importing 3 s"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[##########..........] 1/2 a.txt (0.0 MiB) done in 4.0 s\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[####################] 2/2 b.txt (0.0 MiB) INVALID_ARGUMENT in 1.0 s\n"),
            std::string::npos)
      << text;
}

TEST(ImportProgressTest, NoneWritesNothing) {
  std::ostringstream out;
  ImportProgress progress(ImportProgress::Mode::kNone, out, 1, 1);
  progress.Start({"a.txt", 1});
  progress.Finish(absl::Seconds(1), "done");
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace remarkgraph::cli
