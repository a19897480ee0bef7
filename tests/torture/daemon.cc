#include "tests/torture/daemon.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"

namespace remarkgraph::torture {
namespace {

std::string ReadFrom(const std::string& path, int64_t offset) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(offset);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int64_t FileSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return in ? static_cast<int64_t>(in.tellg()) : 0;
}

std::string Tail(const std::string& text, size_t bytes = 2000) {
  return text.size() <= bytes ? text : text.substr(text.size() - bytes);
}

}  // namespace

Daemon::Daemon(std::string binary, std::string data_dir, std::vector<std::string> flags,
               std::string log_path)
    : binary_(std::move(binary)),
      data_dir_(std::move(data_dir)),
      log_path_(std::move(log_path)),
      flags_(std::move(flags)) {}

Daemon::~Daemon() {
  Kill(SIGKILL);
  Wait();
}

absl::Status Daemon::Spawn() {
  if (pid_ > 0) return absl::FailedPreconditionError("the daemon is already running");
  log_offset_ = FileSize(log_path_);
  port_ = 0;
  exit_status_ = -1;
  std::vector<std::string> args = {binary_, "--listen=127.0.0.1:0", "--data_dir=" + data_dir_};
  args.insert(args.end(), flags_.begin(), flags_.end());
  const int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return absl::InternalError(absl::StrCat("cannot open ", log_path_));
  const pid_t pid = fork();
  if (pid < 0) {
    close(log_fd);
    return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  }
  if (pid == 0) {
    dup2(log_fd, STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(binary_.c_str(), argv.data());
    _exit(127);
  }
  close(log_fd);
  pid_ = pid;
  return absl::OkStatus();
}

const std::regex& ServingLine() {
  static const std::regex kServing(R"(remarkgraphd serving on \S+ \(port (\d+)\))");
  return kServing;
}

bool Daemon::Served() const {
  return std::regex_search(ReadFrom(log_path_, log_offset_), ServingLine());
}

absl::Status Daemon::WaitServing(absl::Duration timeout) {
  const std::regex& kServing = ServingLine();
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    const std::string log = ReadFrom(log_path_, log_offset_);
    std::smatch match;
    if (std::regex_search(log, match, kServing)) {
      port_ = std::stoi(match[1]);
      return absl::OkStatus();
    }
    if (!Alive()) {
      return absl::UnavailableError(absl::StrCat("remarkgraphd ended (",
                                                 DescribeWaitStatus(exit_status_),
                                                 ") before serving; its log:\n", Tail(log)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return absl::UnavailableError(absl::StrCat("remarkgraphd did not serve within ",
                                             absl::FormatDuration(timeout), "; its log:\n",
                                             Tail(ReadFrom(log_path_, log_offset_))));
}

absl::Status Daemon::Start(absl::Duration timeout) {
  if (absl::Status spawned = Spawn(); !spawned.ok()) return spawned;
  return WaitServing(timeout);
}

void Daemon::Kill(int signal) {
  if (pid_ > 0) ::kill(pid_, signal);
}

int Daemon::Wait() {
  if (pid_ <= 0) return exit_status_;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  exit_status_ = status;
  return status;
}

bool Daemon::Alive() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    pid_ = -1;
    exit_status_ = status;
    return false;
  }
  return true;
}

int64_t Daemon::RssKb() const {
  if (pid_ <= 0) return 0;
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atoll(line.c_str() + 6);
  }
  return 0;
}

int CountSanitizerReports(const std::string& log_path) {
  std::ifstream in(log_path);
  std::string line;
  int reports = 0;
  for (; std::getline(in, line);) {
    if (line.find("ERROR: AddressSanitizer") != std::string::npos ||
        line.find("ERROR: LeakSanitizer") != std::string::npos ||
        line.find("WARNING: ThreadSanitizer") != std::string::npos ||
        line.find("runtime error:") != std::string::npos) {
      ++reports;
    }
  }
  return reports;
}

std::string DescribeWaitStatus(int status) {
  if (status < 0) return "not run";
  if (WIFEXITED(status)) return absl::StrCat("exit ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return absl::StrCat("signal ", WTERMSIG(status), " (", strsignal(WTERMSIG(status)), ")");
  }
  return absl::StrCat("status ", status);
}

}  // namespace remarkgraph::torture
