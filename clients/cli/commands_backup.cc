// backup: AdminService backups (create, list, verify), and restoring one
// into a new directory with the server stopped.

#include <unistd.h>

#include <iomanip>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "clients/cli/commands.h"
#include "remarkgraph/v1/admin_service.grpc.pb.h"

namespace remarkgraph::cli {
namespace {

void PrintBackup(Session& session, const v1::Backup& backup) {
  if (session.json()) {
    session.PrintJson("backup", backup, /*with_defaults=*/true);
    return;
  }
  session.out() << std::left << std::setw(6) << backup.backup_id() << std::setw(22)
                << backup.create_time() << std::right << std::setw(14) << backup.size_bytes()
                << std::setw(7) << backup.file_count() << std::setw(14)
                << backup.last_change_sequence() << "\n";
}

void PrintHeader(Session& session) {
  if (session.json()) return;
  session.out() << std::left << std::setw(6) << "ID" << std::setw(22) << "CREATED" << std::right
                << std::setw(14) << "BYTES" << std::setw(7) << "FILES" << std::setw(14)
                << "LAST_CHANGE"
                << "\n";
}

// Restoring needs the database directory itself, so it is done by
// remarkgraphd on this machine, not over the wire.
int Restore(const ParsedArgs& args, Session& session, const std::string& which) {
  const std::string backup_dir = args.Get("backup-dir");
  const std::string data_dir = args.Get("data-dir");
  if (backup_dir.empty() || data_dir.empty()) {
    return session.Usage("restore needs --backup-dir and --data-dir (a new directory)");
  }
  const std::string daemon = args.Get("remarkgraphd", "remarkgraphd");
  std::vector<std::string> words = {daemon, "--backup_dir=" + backup_dir,
                                    "--data_dir=" + data_dir, "--restore_backup=" + which};
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  session.out().flush();
  execvp(daemon.c_str(), argv.data());
  session.err() << "error: cannot run '" << daemon << "' (set --remarkgraphd)\n";
  return kExitFailed;
}

int RunBackup(const ParsedArgs& args, Session& session) {
  const std::vector<std::string>& positionals = args.positionals();
  const std::string action = positionals[0];
  auto stub = v1::AdminService::NewStub(session.channel());
  if (action == "create") {
    if (positionals.size() != 1) return session.Usage("create takes no backup id");
    v1::CreateBackupResponse response;
    const grpc::Status status =
        stub->CreateBackup(session.NewContext().get(), v1::CreateBackupRequest(), &response);
    if (!status.ok()) return session.Fail(status);
    PrintHeader(session);
    PrintBackup(session, response.backup());
    return kExitOk;
  }
  if (action == "list") {
    if (positionals.size() != 1) return session.Usage("list takes no backup id");
    v1::ListBackupsResponse response;
    const grpc::Status status =
        stub->ListBackups(session.NewContext().get(), v1::ListBackupsRequest(), &response);
    if (!status.ok()) return session.Fail(status);
    PrintHeader(session);
    for (const v1::Backup& backup : response.backups()) PrintBackup(session, backup);
    return kExitOk;
  }
  if (action != "verify" && action != "restore") {
    return session.Usage("ACTION must be create, list, verify or restore");
  }
  if (positionals.size() != 2) return session.Usage(action + " takes one backup id");
  if (action == "restore") {
    uint32_t id = 0;
    if (positionals[1] != "latest" && (!absl::SimpleAtoi(positionals[1], &id) || id == 0)) {
      return session.Usage("the backup id is a number from 1, or 'latest'");
    }
    return Restore(args, session, positionals[1]);
  }
  v1::VerifyBackupRequest request;
  uint32_t id = 0;
  if (!absl::SimpleAtoi(positionals[1], &id) || id == 0) {
    return session.Usage("the backup id is a number from 1");
  }
  request.set_backup_id(id);
  v1::VerifyBackupResponse response;
  const grpc::Status status = stub->VerifyBackup(session.NewContext().get(), request, &response);
  if (!status.ok()) return session.Fail(status);
  PrintHeader(session);
  PrintBackup(session, response.backup());
  return kExitOk;
}

}  // namespace

Command BackupCommand() {
  return {{.name = "backup",
           .positional_synopsis = "create|list|verify ID|restore ID",
           .summary = "Take, list, verify and restore backups of the database.",
           .description =
               "create, list and verify call the server's AdminService (the\n"
               "admin role when the server checks roles; the server needs\n"
               "--backup_dir). A backup is consistent while writes go on.\n"
               "restore runs remarkgraphd on this machine, with the server\n"
               "stopped, into a new or empty directory, which a server can then\n"
               "be started on.\n\n"
               "examples:\n"
               "  remarkgraph backup create\n"
               "  remarkgraph backup list\n"
               "  remarkgraph backup verify 3\n"
               "  remarkgraph backup restore latest --backup-dir /backups \\\n"
               "      --data-dir data/restored\n",
           .min_positionals = 1,
           .max_positionals = 2,
           .flags = {{"backup-dir", "DIR", "restore: the server's --backup_dir"},
                     {"data-dir", "DIR", "restore: the new database directory"},
                     {"remarkgraphd", "PATH", "restore: the server binary (default: from PATH)"}}},
          RunBackup};
}

}  // namespace remarkgraph::cli
