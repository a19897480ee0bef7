#include "storage/internal/bulk_postings.h"

#include <algorithm>
#include <map>

#include "common/status_macros.h"
#include "common/strings.h"
#include "rocksdb/sst_file_writer.h"
#include "storage/internal/key_codec.h"
#include "storage/internal/rocksdb_util.h"
#include "storage/internal/text_index.h"

namespace remarkgraph::storage::internal {
namespace {

// The bigram's bytes (at most 8: two code points of UTF-8), big-endian, so
// that for bigrams of one length numeric order is byte order.
uint64_t PackBigram(std::string_view bigram) {
  uint64_t packed = 0;
  for (size_t i = 0; i < 8; ++i) {
    packed = (packed << 8) | (i < bigram.size() ? static_cast<unsigned char>(bigram[i]) : 0);
  }
  return packed;
}

// Bytes of a packed bigram: UTF-8 of real text holds no zero byte.
size_t PackedSize(uint64_t packed) {
  size_t size = 8;
  while (size > 0 && (packed & 0xFF) == 0) {
    packed >>= 8;
    --size;
  }
  return size;
}

void AppendVarint(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

constexpr std::string_view kNotePrefix = "remarkgraph.bulk-postings:";

// The log-data records of a batch.
class LogDataReader final : public rocksdb::WriteBatch::Handler {
 public:
  void LogData(const rocksdb::Slice& blob) override { blobs.push_back(blob.ToString()); }
  rocksdb::Status PutCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t, const rocksdb::Slice&) override {
    return rocksdb::Status::OK();
  }
  rocksdb::Status SingleDeleteCF(uint32_t, const rocksdb::Slice&) override {
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteRangeCF(uint32_t, const rocksdb::Slice&,
                                const rocksdb::Slice&) override {
    return rocksdb::Status::OK();
  }
  rocksdb::Status MergeCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return rocksdb::Status::OK();
  }
  std::vector<std::string> blobs;
};

// The final state of each node a batch writes: its record, or nullopt when
// the batch deletes it last.
class NodeWrites final : public rocksdb::WriteBatch::Handler {
 public:
  explicit NodeWrites(uint32_t nodes_family) : nodes_family_(nodes_family) {}
  rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    if (family == nodes_family_ && key.size() == kIdBytes) {
      last[ReadU64(key.ToStringView())] = value.ToString();
    }
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    if (family == nodes_family_ && key.size() == kIdBytes) {
      last[ReadU64(key.ToStringView())] = std::nullopt;
    }
    return rocksdb::Status::OK();
  }
  rocksdb::Status SingleDeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    return DeleteCF(family, key);
  }
  rocksdb::Status MergeCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteRangeCF(uint32_t, const rocksdb::Slice&,
                                const rocksdb::Slice&) override {
    return rocksdb::Status::OK();
  }
  void LogData(const rocksdb::Slice&) override {}
  std::map<NodeId, std::optional<std::string>> last;

 private:
  const uint32_t nodes_family_;
};

uint64_t ReadVarint(const char*& p) {
  uint64_t value = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(*p++);
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
}

}  // namespace

void PostingTable::Push(NodeId id, std::string_view bigram) {
  entries_.push_back({PackBigram(bigram), static_cast<uint32_t>(id - first_id_),
                      static_cast<uint32_t>(values_.size())});
}

void PostingTable::Add(NodeId id, std::string_view bigram, std::string_view positions) {
  if (bigram.size() > 8) return;  // Cannot happen for two code points.
  Push(id, bigram);
  AppendVarint(&values_, positions.size() + 1);
  values_.append(positions);
}

void PostingTable::Remove(NodeId id, std::string_view bigram) {
  if (bigram.size() > 8) return;
  Push(id, bigram);
  AppendVarint(&values_, 0);
}

void PostingTable::AddText(NodeId id, std::string_view normalized) {
  for (const BigramPositions& entry : BigramsWithPositions(normalized)) {
    Add(id, entry.bigram, EncodePositions(entry.positions));
  }
}

absl::StatusOr<size_t> PostingTable::Write(const rocksdb::Options& options,
                                           const std::string& path) {
  // Key order of the text family is bigram length, bigram bytes, node id.
  // Sorted by packed bigram (byte order within one length), node, then
  // the order of adding, so that a key's last word comes last; written out
  // one bigram length after the other.
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    if (a.bigram != b.bigram) return a.bigram < b.bigram;
    if (a.node != b.node) return a.node < b.node;
    return a.value_at < b.value_at;
  });
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options);
  bool open = false;
  size_t written = 0;
  char bigram[8];
  for (size_t size = 1; size <= 8; ++size) {
    for (size_t i = 0; i < entries_.size(); ++i) {
      const Entry& entry = entries_[i];
      if (PackedSize(entry.bigram) != size) continue;
      if (i + 1 < entries_.size() && entries_[i + 1].bigram == entry.bigram &&
          entries_[i + 1].node == entry.node) {
        continue;  // A later word on the same key.
      }
      const char* p = values_.data() + entry.value_at;
      const uint64_t stored = ReadVarint(p);
      if (stored == 0) continue;  // Removed: nothing older holds the key.
      if (!open) {
        RETURN_IF_ERROR(ToStatus(writer.Open(path), "opening a bulk posting table"));
        open = true;
      }
      for (size_t k = 0; k < size; ++k) {
        bigram[k] = static_cast<char>(entry.bigram >> (56 - 8 * k));
      }
      const std::string key = TextKey(std::string_view(bigram, size), first_id_ + entry.node);
      RETURN_IF_ERROR(ToStatus(writer.Put(key, rocksdb::Slice(p, stored - 1)),
                               "writing a bulk posting table"));
      ++written;
    }
  }
  // Swapped out: assigning {} would keep the capacity.
  std::vector<Entry>().swap(entries_);
  std::string().swap(values_);
  if (open) RETURN_IF_ERROR(ToStatus(writer.Finish(), "finishing a bulk posting table"));
  return written;
}

std::string BulkPostingsLogData(const BulkPostings& note) {
  return StrCat(kNotePrefix, note.SerializeAsString());
}

bool IsBulkPostingsLogData(std::string_view blob) {
  return blob.substr(0, kNotePrefix.size()) == kNotePrefix;
}

std::optional<BulkPostings> FindBulkPostings(const rocksdb::WriteBatch& batch) {
  LogDataReader reader;
  if (!batch.Iterate(&reader).ok()) return std::nullopt;
  for (const std::string& blob : reader.blobs) {
    if (!IsBulkPostingsLogData(blob)) continue;
    BulkPostings note;
    const std::string_view body = std::string_view(blob).substr(kNotePrefix.size());
    if (!note.ParseFromArray(body.data(), static_cast<int>(body.size()))) return std::nullopt;
    return note;
  }
  return std::nullopt;
}

bool IsBulkPostingsGap(const rocksdb::WriteBatch& batch, uint64_t expected, uint64_t sequence) {
  const std::optional<BulkPostings> note = FindBulkPostings(batch);
  return note.has_value() && note->gap_begin() <= expected && expected < sequence;
}

absl::Status CollectBulkPostings(const Handles& handles, const rocksdb::WriteBatch& batch,
                                 const BulkPostings& note, PostingTable* table) {
  NodeWrites writes(handles.at(ColumnFamily::kNodes)->GetID());
  RETURN_IF_ERROR(ToStatus(batch.Iterate(&writes), "reading a replicated bulk write"));
  for (const auto& [id, value] : writes.last) {
    if (!value.has_value() || id < note.first_id() || id >= note.end_id() ||
        !table->Accepts(id)) {
      continue;
    }
    NodeRecord record;
    if (!record.ParseFromString(*value)) {
      return absl::DataLossError(StrCat("node ", id, " of a replicated bulk write does not parse"));
    }
    if (!record.text().empty()) table->AddText(id, NormalizeForSearch(record.text()));
  }
  return absl::OkStatus();
}

}  // namespace remarkgraph::storage::internal
