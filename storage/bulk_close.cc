#include "storage/internal/bulk_close.h"

#include <filesystem>
#include <memory>
#include <system_error>

#include "common/status_macros.h"
#include "common/strings.h"
#include "rocksdb/iterator.h"
#include "rocksdb/sst_file_reader.h"
#include "storage/internal/bulk_postings.h"
#include "storage/internal/key_codec.h"

namespace remarkgraph::storage::internal {

std::string KeptPostingTablePath(std::string_view db_dir) {
  return StrCat(db_dir, "/bulk-postings.kept");
}

absl::Status KeepPostingTable(const std::string& path, const std::string& kept) {
  std::error_code error;
  std::filesystem::remove(kept, error);
  if (error) {
    return absl::InternalError(
        StrCat("removing an old bulk posting table '", kept, "': ", error.message()));
  }
  std::filesystem::create_hard_link(path, kept, error);
  if (!error) return absl::OkStatus();
  error.clear();
  std::filesystem::copy_file(path, kept, error);
  if (error) {
    return absl::InternalError(
        StrCat("keeping the bulk posting table at '", kept, "': ", error.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<size_t> CloseBulkWrite(
    const Handles& handles, const BulkPostings& note, const rocksdb::Options& text_options,
    const std::string& kept, absl::FunctionRef<absl::Status(rocksdb::WriteBatch*)> write) {
  rocksdb::ColumnFamilyHandle* meta = handles.at(ColumnFamily::kMeta);
  rocksdb::ColumnFamilyHandle* text = handles.at(ColumnFamily::kText);
  rocksdb::WriteBatch batch;
  RETURN_IF_ERROR(ToStatus(batch.PutLogData(BulkPostingsLogData(note)), "closing a bulk write"));
  size_t deleted = 0;
  std::error_code error;
  if (std::filesystem::exists(kept, error)) {
    rocksdb::SstFileReader reader(text_options);
    RETURN_IF_ERROR(ToStatus(reader.Open(kept), "reading a bulk write's kept postings"));
    std::unique_ptr<rocksdb::Iterator> it(reader.NewIterator(rocksdb::ReadOptions()));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string_view key = it->key().ToStringView();
      if (key.size() <= kIdBytes) continue;
      const NodeId id = ReadU64(key.substr(key.size() - kIdBytes));
      if (id < note.first_id() || id >= note.end_id()) continue;  // Never another's.
      if (batch.Count() >= kClosingDeletionsPerWrite) {
        RETURN_IF_ERROR(write(&batch));
        batch.Clear();
      }
      RETURN_IF_ERROR(ToStatus(batch.Delete(text, it->key()), "closing a bulk write"));
      ++deleted;
    }
    RETURN_IF_ERROR(ToStatus(it->status(), "reading a bulk write's kept postings"));
  }
  RETURN_IF_ERROR(ToStatus(batch.Delete(meta, kMetaBulkPending), "closing a bulk write"));
  RETURN_IF_ERROR(write(&batch));
  return deleted;
}

}  // namespace remarkgraph::storage::internal
