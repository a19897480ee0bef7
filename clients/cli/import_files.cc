#include "clients/cli/import_files.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace remarkgraph::cli {
namespace {

namespace fs = std::filesystem;

bool IsMinutesFile(const fs::path& path) {
  const std::string ext = absl::AsciiStrToLower(path.extension().string());
  return ext == ".txt" || ext == ".json" || ext == ".jsonl" || ext == ".ndjson";
}

bool IsHidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

std::string Mib(uint64_t bytes) {
  return absl::StrFormat("%.1f MiB", static_cast<double>(bytes) / (1 << 20));
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

absl::StatusOr<std::vector<ImportFile>> CollectImportFiles(
    const std::vector<std::string>& paths) {
  std::vector<ImportFile> files;
  for (const std::string& path : paths) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      return absl::NotFoundError(absl::StrCat(path, ": no such file or folder"));
    }
    if (fs::is_regular_file(status)) {
      files.push_back({path, fs::file_size(path, error)});
      continue;
    }
    if (!fs::is_directory(status)) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": is neither a file nor a folder of minutes"));
    }
    std::vector<ImportFile> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied,
                                        error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (IsHidden(it->path())) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && IsMinutesFile(it->path())) {
        found.push_back({it->path().string(), it->file_size()});
      }
    }
    if (error) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": cannot be read as a folder: ", error.message()));
    }
    if (found.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": is a folder with no minutes files in it (.txt, .json, .jsonl, .ndjson)"));
    }
    std::sort(found.begin(), found.end(),
              [](const ImportFile& a, const ImportFile& b) { return a.path < b.path; });
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

absl::Duration ImportTimeout(uint64_t bytes, bool timeout_given, absl::Duration timeout) {
  if (timeout_given) return timeout;
  const uint64_t mib = bytes >> 20;
  return absl::Minutes(10) + absl::Minutes(mib > 4 ? mib - 4 : 0);
}

ImportProgress::ImportProgress(Mode mode, std::ostream& out, int files, uint64_t total_bytes)
    : mode_(mode), out_(out), files_(files), total_bytes_(total_bytes) {}

std::string ImportProgress::Bar() const {
  constexpr int kWidth = 20;
  const double done =
      total_bytes_ == 0 ? 0 : static_cast<double>(bytes_done_) / static_cast<double>(total_bytes_);
  const int filled = std::clamp(static_cast<int>(done * kWidth), 0, kWidth);
  return absl::StrCat("[", std::string(filled, '#'), std::string(kWidth - filled, '.'), "]");
}

void ImportProgress::Start(const ImportFile& file) {
  current_ = file;
  ++index_;
  if (mode_ == Mode::kJson) {
    out_ << "{\"progress\":{\"file\":" << JsonString(file.path) << ",\"index\":" << index_
         << ",\"files\":" << files_ << ",\"bytes\":" << file.bytes
         << ",\"state\":\"started\"}}\n"
         << std::flush;
  } else if (mode_ == Mode::kTerminal) {
    Tick(absl::ZeroDuration());
  }
}

void ImportProgress::Tick(absl::Duration elapsed) {
  if (mode_ != Mode::kTerminal) return;
  out_ << "\r\x1b[K" << Bar() << " " << index_ << "/" << files_ << " " << current_.path << " ("
       << Mib(current_.bytes) << ") importing "
       << absl::StrFormat("%.0f s", absl::ToDoubleSeconds(elapsed)) << std::flush;
}

void ImportProgress::Finish(absl::Duration elapsed, const std::string& outcome) {
  bytes_done_ += current_.bytes;
  const double seconds = absl::ToDoubleSeconds(elapsed);
  if (mode_ == Mode::kJson) {
    out_ << "{\"progress\":{\"file\":" << JsonString(current_.path) << ",\"index\":" << index_
         << ",\"files\":" << files_ << ",\"bytes\":" << current_.bytes << ",\"state\":"
         << JsonString(outcome) << ",\"seconds\":" << absl::StrFormat("%.3f", seconds)
         << "}}\n"
         << std::flush;
  } else if (mode_ == Mode::kTerminal) {
    out_ << "\r\x1b[K" << Bar() << " " << index_ << "/" << files_ << " " << current_.path
         << " (" << Mib(current_.bytes) << ") " << outcome << " in "
         << absl::StrFormat("%.1f s", seconds) << "\n"
         << std::flush;
  }
}

}  // namespace remarkgraph::cli
