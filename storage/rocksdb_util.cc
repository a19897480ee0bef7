#include "storage/internal/rocksdb_util.h"

#include <string>

#include "absl/strings/numbers.h"
#include "common/strings.h"
#include "storage/internal/key_codec.h"

namespace remarkgraph::storage::internal {

absl::Status ToStatus(const rocksdb::Status& status, std::string_view doing) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = StrCat(doing, ": ", status.ToString());
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsBusy() || status.IsTryAgain() || status.IsTimedOut()) {
    return absl::UnavailableError(message);
  }
  if (status.IsInvalidArgument() || status.IsNotSupported()) {
    return absl::FailedPreconditionError(message);
  }
  return absl::InternalError(message);
}

absl::StatusOr<Counters> LoadCounters(rocksdb::DB* db, const Handles& handles,
                                      int version) {
  rocksdb::ColumnFamilyHandle* meta = handles.at(ColumnFamily::kMeta);
  std::string value;
  rocksdb::Status s =
      db->Get(rocksdb::ReadOptions(), meta, kMetaSchemaVersion, &value);
  if (s.IsNotFound()) {
    s = db->Put(rocksdb::WriteOptions(), meta, kMetaSchemaVersion,
                StrCat(version));
    if (!s.ok()) return ToStatus(s, "writing the schema version");
  } else if (!s.ok()) {
    return ToStatus(s, "reading the schema version");
  } else {
    int stored = 0;
    if (!absl::SimpleAtoi(value, &stored)) {
      return absl::DataLossError("the schema version does not parse");
    }
    if (stored > version) {
      return absl::FailedPreconditionError(StrCat(
          "the database has schema version ", stored,
          "; this build reads up to ", version, ": upgrade remarkgraph"));
    }
  }
  Counters counters;
  auto read = [&](std::string_view key, auto* out) -> absl::Status {
    std::string bytes;
    const rocksdb::Status rs = db->Get(rocksdb::ReadOptions(), meta, key, &bytes);
    if (rs.IsNotFound()) return absl::OkStatus();
    if (!rs.ok()) return ToStatus(rs, "reading counters");
    if (bytes.size() != kIdBytes) return absl::DataLossError("bad counter");
    *out = static_cast<std::remove_pointer_t<decltype(out)>>(ReadU64(bytes));
    return absl::OkStatus();
  };
  for (absl::Status status :
       {read(kMetaNextId, &counters.next_id),
        read(kMetaNextSequence, &counters.next_sequence),
        read(kMetaNodeCount, &counters.nodes),
        read(kMetaEdgeCount, &counters.edges)}) {
    if (!status.ok()) return status;
  }
  return counters;
}

}  // namespace remarkgraph::storage::internal
