// AuthFiles without a server: what a reading puts in force, what it refuses,
// and that a refused content is reported once, not at every reading. (The
// server with its watching thread: security_test.cc.)
#include "service/auth_files.h"

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph::service {
namespace {

using ::testing::HasSubstr;

class AuthFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.policy_file = dir_.Sub("policy.json");
    options_.tokens_file = dir_.Sub("tokens");
    options_.reload_interval = absl::InfiniteDuration();  // Readings by hand only.
    Write(options_.policy_file, R"({"writer": ["importer"]})");
    Write(options_.tokens_file, Sha256Hex("t1") + " importer\n");
  }

  static void Write(const std::string& path, const std::string& text) {
    std::ofstream(path + ".next") << text;
    std::filesystem::rename(path + ".next", path);
  }

  static double FigureOf(const AuthFiles& files, const std::string& name) {
    for (const storage::EngineFigure& figure : files.Figures()) {
      if (figure.name == name) return figure.value;
    }
    return -1;
  }

  testing::ScopedTempDir dir_;
  AuthFileOptions options_;
};

TEST_F(AuthFilesTest, ChangedFilesArePutInForceTogether) {
  absl::StatusOr<std::unique_ptr<AuthFiles>> files = AuthFiles::Open(options_);
  ASSERT_TRUE(files.ok()) << files.status();
  const std::shared_ptr<const AuthRules> first = (*files)->Current();
  EXPECT_EQ(first->policy.RoleOf("importer"), Role::kWriter);
  EXPECT_EQ(first->tokens->IdentityOf("t1"), "importer");

  EXPECT_TRUE((*files)->ReloadIfChanged().ok());  // Nothing changed.
  EXPECT_EQ((*files)->Current(), first);
  EXPECT_EQ(FigureOf(**files, "auth_reloads"), 0);

  Write(options_.policy_file, R"({"admin": ["importer"]})");
  Write(options_.tokens_file, Sha256Hex("t2") + " importer\n");
  EXPECT_TRUE((*files)->ReloadIfChanged().ok());
  const std::shared_ptr<const AuthRules> second = (*files)->Current();
  EXPECT_EQ(second->policy.RoleOf("importer"), Role::kAdmin);
  EXPECT_EQ(second->tokens->IdentityOf("t1"), std::nullopt);
  EXPECT_EQ(second->tokens->IdentityOf("t2"), "importer");
  // A caller holding the old rules keeps them whole.
  EXPECT_EQ(first->policy.RoleOf("importer"), Role::kWriter);
  EXPECT_EQ(FigureOf(**files, "auth_reloads"), 1);
  EXPECT_EQ(FigureOf(**files, "auth_files_in_force"), 1);
}

TEST_F(AuthFilesTest, ABadFileKeepsTheRulesInForceAndIsReportedOnce) {
  absl::StatusOr<std::unique_ptr<AuthFiles>> files = AuthFiles::Open(options_);
  ASSERT_TRUE(files.ok()) << files.status();
  const std::shared_ptr<const AuthRules> good = (*files)->Current();

  // A good policy with a bad tokens file: neither is taken.
  Write(options_.policy_file, R"({"reader": ["importer"]})");
  Write(options_.tokens_file, "not a token line\n");
  const absl::Status refused = (*files)->ReloadIfChanged();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()),
              HasSubstr("tokens file '" + options_.tokens_file + "': line 1"));
  EXPECT_EQ((*files)->Current(), good);
  EXPECT_EQ(FigureOf(**files, "auth_reload_failures"), 1);
  EXPECT_EQ(FigureOf(**files, "auth_files_in_force"), 0);
  // The same contents again: not tried, not counted again.
  EXPECT_TRUE((*files)->ReloadIfChanged().ok());
  EXPECT_EQ(FigureOf(**files, "auth_reload_failures"), 1);

  std::filesystem::remove(options_.tokens_file);
  EXPECT_EQ((*files)->ReloadIfChanged().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE((*files)->ReloadIfChanged().ok());
  EXPECT_EQ(FigureOf(**files, "auth_reload_failures"), 2);
  EXPECT_EQ((*files)->Current(), good);

  Write(options_.tokens_file, Sha256Hex("t1") + " importer\n");
  EXPECT_TRUE((*files)->ReloadIfChanged().ok());
  EXPECT_EQ((*files)->Current()->policy.RoleOf("importer"), Role::kReader);
  EXPECT_EQ(FigureOf(**files, "auth_files_in_force"), 1);
}

TEST_F(AuthFilesTest, OpenNamesTheFileThatFails) {
  Write(options_.policy_file, R"({"superuser": ["x"]})");
  absl::StatusOr<std::unique_ptr<AuthFiles>> bad_role = AuthFiles::Open(options_);
  ASSERT_FALSE(bad_role.ok());
  EXPECT_THAT(std::string(bad_role.status().message()),
              HasSubstr("policy file '" + options_.policy_file + "': 'superuser' is not a role"));

  Write(options_.policy_file, R"({"reader": ["*"]})");
  options_.jwks_file = dir_.Sub("missing-jwks.json");
  absl::StatusOr<std::unique_ptr<AuthFiles>> missing = AuthFiles::Open(options_);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("missing-jwks.json"));
}

}  // namespace
}  // namespace remarkgraph::service
