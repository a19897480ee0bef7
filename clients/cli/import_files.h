// What `remarkgraph import` reads: the files named, and the minutes files
// inside the folders named (recursively), and how it shows its progress.
//
// Thread safety: ImportProgress is used from one thread at a time; the
// functions are pure.
#ifndef REMARKGRAPH_CLIENTS_CLI_IMPORT_FILES_H_
#define REMARKGRAPH_CLIENTS_CLI_IMPORT_FILES_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace remarkgraph::cli {

// A file to import and its size in bytes.
struct ImportFile {
  std::string path;
  uint64_t bytes = 0;
};

// The files of `paths`, in order: a file as named (any extension); a folder
// as its files ending in .txt, .json, .jsonl or .ndjson, found recursively,
// sorted by path, hidden files and folders left out. NOT_FOUND naming the
// path for one that does not exist; INVALID_ARGUMENT for a folder holding
// no minutes files, or a path that is neither file nor folder.
absl::StatusOr<std::vector<ImportFile>> CollectImportFiles(
    const std::vector<std::string>& paths);

// The deadline of one import call: --timeout when given, else long enough
// for the file's size (10 minutes, and a minute more per MiB past 4 MiB).
absl::Duration ImportTimeout(uint64_t bytes, bool timeout_given, absl::Duration timeout);

// Progress of a run over several files. On a terminal: one line per file,
// redrawn in place while the server works (a bar of the files done, the
// file, its size and the seconds so far) and left as the file's outcome. In
// JSON mode: a {"progress": {...}} line when each file starts and ends.
// Otherwise nothing.
class ImportProgress {
 public:
  enum class Mode { kNone, kTerminal, kJson };
  ImportProgress(Mode mode, std::ostream& out, int files, uint64_t total_bytes);

  void Start(const ImportFile& file);
  // Redraws the current line (terminal mode); `elapsed` since Start.
  void Tick(absl::Duration elapsed);
  // `outcome` is "done", "dry-run" or the error code's name.
  void Finish(absl::Duration elapsed, const std::string& outcome);

 private:
  std::string Bar() const;
  Mode mode_;
  std::ostream& out_;
  int files_;
  uint64_t total_bytes_;
  int index_ = 0;  // Files started.
  uint64_t bytes_done_ = 0;
  ImportFile current_;
};

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_IMPORT_FILES_H_
