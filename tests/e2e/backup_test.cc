// Backups through AdminService while writes go on, their listing and
// verification, and restored databases served by a new server.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "gmock/gmock.h"
#include "remarkgraph/v1/admin_service.grpc.pb.h"
#include "storage/backup.h"
#include "tests/e2e/e2e_fixture.h"

namespace remarkgraph::e2e {
namespace {

using ::testing::HasSubstr;

class BackupTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    options_.backup_dir = dir_.Sub("backups");
  }

  void StartServer() {
    ServerTest::StartServer();
    admin_ = v1::AdminService::NewStub(channel_);
  }

  // Stops the server and serves the database restored from backup `id`.
  void ServeRestored(uint32_t id, const std::string& name) {
    ASSERT_TRUE(server_->Shutdown(absl::Seconds(2)).ok());
    server_.reset();
    const std::string restored = dir_.Sub(name);
    ASSERT_TRUE(storage::RestoreBackup(options_.backup_dir, id, restored).ok());
    options_.data_dir = restored;
    StartServer();
  }

  v1::Backup CreateBackup() {
    v1::CreateBackupResponse response;
    const grpc::Status status =
        admin_->CreateBackup(Context().get(), v1::CreateBackupRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.backup();
  }

  // Answers a client would compare: the whole graph, and a dossier.
  std::string Answers() {
    v1::GetDossierRequest request;
    request.set_name("matters/next-strategy");
    v1::GetDossierResponse dossier;
    EXPECT_TRUE(graph_->GetDossier(Context().get(), request, &dossier).ok());
    dossier.mutable_stats()->clear_elapsed_micros();
    return GraphDump() + dossier.ShortDebugString();
  }

  bool Exists(const std::string& name) {
    v1::GetNodeRequest request;
    request.set_name(name);
    v1::GetNodeResponse response;
    return graph_->GetNode(Context().get(), request, &response).ok();
  }

  std::unique_ptr<v1::AdminService::Stub> admin_;
};

TEST_F(BackupTest, ABackupTakenDuringWritesRestoresToAConsistentState) {
  StartServer();
  WriteSampleGraph();
  // A writer adds topics/w-1, w-2, ... one call each while the backup runs.
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 1; !stop.load(); ++i) {
      if (!Upsert({MakeNode("topics/w-" + std::to_string(i))}, {}).ok()) break;
      written = i;
    }
  });
  while (written.load() < 20) std::this_thread::yield();
  const v1::Backup during = CreateBackup();
  stop = true;
  writer.join();
  EXPECT_EQ(during.backup_id(), 1u);
  EXPECT_GT(during.last_change_sequence(), 0u);

  ServeRestored(1, "restored-during");
  // Everything before the backup, and of the writes a gapless prefix.
  EXPECT_TRUE(Exists("meetings/c-2/remarks/1"));
  int present = 0;
  while (Exists("topics/w-" + std::to_string(present + 1))) ++present;
  EXPECT_GE(present, 20);
  EXPECT_LE(present, written.load());
  for (int i = present + 2; i <= written.load(); ++i) {
    EXPECT_FALSE(Exists("topics/w-" + std::to_string(i))) << "a gap before w-" << i;
  }
}

TEST_F(BackupTest, ARestoredDatabaseAnswersIdentically) {
  StartServer();
  WriteSampleGraph();
  const v1::Backup first = CreateBackup();
  ASSERT_TRUE(Upsert({MakeNode("topics/after-first")}, {}).ok());
  const v1::Backup second = CreateBackup();
  const std::string answers = Answers();
  ASSERT_TRUE(Upsert({MakeNode("topics/after-second")}, {}).ok());

  v1::ListBackupsResponse list;
  ASSERT_TRUE(admin_->ListBackups(Context().get(), v1::ListBackupsRequest(), &list).ok());
  ASSERT_EQ(list.backups_size(), 2);
  EXPECT_EQ(list.backups(0).backup_id(), first.backup_id());
  EXPECT_EQ(list.backups(1).backup_id(), second.backup_id());
  EXPECT_LT(list.backups(0).last_change_sequence(), list.backups(1).last_change_sequence());
  EXPECT_GT(list.backups(1).size_bytes(), 0);
  EXPECT_THAT(list.backups(1).create_time(), ::testing::EndsWith("Z"));

  v1::VerifyBackupRequest verify;
  verify.set_backup_id(second.backup_id());
  v1::VerifyBackupResponse verified;
  ASSERT_TRUE(admin_->VerifyBackup(Context().get(), verify, &verified).ok());
  EXPECT_EQ(verified.backup().backup_id(), second.backup_id());
  verify.set_backup_id(99);
  EXPECT_EQ(admin_->VerifyBackup(Context().get(), verify, &verified).error_code(),
            grpc::StatusCode::NOT_FOUND);

  ServeRestored(second.backup_id(), "restored-second");
  EXPECT_EQ(Answers(), answers);
  EXPECT_FALSE(Exists("topics/after-second"));
}

TEST_F(BackupTest, ADamagedBackupFailsVerification) {
  StartServer();
  WriteSampleGraph();
  const v1::Backup backup = CreateBackup();
  // Damage one of its table files.
  bool damaged = false;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(options_.backup_dir)) {
    if (entry.path().extension() == ".sst") {
      std::ofstream(entry.path(), std::ios::app) << "garbage";
      damaged = true;
      break;
    }
  }
  ASSERT_TRUE(damaged);
  v1::VerifyBackupRequest verify;
  verify.set_backup_id(backup.backup_id());
  v1::VerifyBackupResponse verified;
  const grpc::Status status = admin_->VerifyBackup(Context().get(), verify, &verified);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
}

TEST_F(BackupTest, RestoreRefusesADirectoryInUseAndBackupsNeedADirectory) {
  StartServer();
  WriteSampleGraph();
  CreateBackup();
  const absl::Status over = storage::RestoreBackup(options_.backup_dir, 1, options_.data_dir);
  EXPECT_EQ(over.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(over.message()), HasSubstr("not empty"));
  EXPECT_EQ(storage::RestoreBackup(options_.backup_dir, 7, dir_.Sub("new")).code(),
            absl::StatusCode::kNotFound);

  ASSERT_TRUE(server_->Shutdown(absl::Seconds(2)).ok());
  server_.reset();
  options_.backup_dir.clear();
  options_.data_dir = dir_.Sub("db2");
  StartServer();
  v1::CreateBackupResponse response;
  const grpc::Status status =
      admin_->CreateBackup(Context().get(), v1::CreateBackupRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("--backup_dir"));
}

}  // namespace
}  // namespace remarkgraph::e2e
