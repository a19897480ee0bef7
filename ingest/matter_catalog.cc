#include "ingest/matter_catalog.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/minutes.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest {

void InMemoryMatterCatalog::Add(KnownMatter matter) {
  for (KnownMatter& m : matters_) {
    if (m.id == matter.id) {
      for (auto& name : matter.meeting_names) m.meeting_names.push_back(name);
      return;
    }
  }
  matters_.push_back(std::move(matter));
}

void InMemoryRemarkCorpus::Add(StoredRemark remark) {
  remarks_.push_back(std::move(remark));
}

absl::Status InMemoryRemarkCorpus::ForEachCandidate(
    std::string_view phrase, std::string_view exclude_meeting,
    absl::FunctionRef<void(const StoredRemark&)> visit) {
  std::string needle = internal::NfkcUtf8(phrase);
  for (const StoredRemark& r : remarks_) {
    if (r.meeting_name == exclude_meeting) continue;
    if (internal::NfkcUtf8(r.text).find(needle) != std::string::npos) visit(r);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<InMemoryMatterCatalog>> LoadMatterCatalog(
    storage::GraphSnapshot& snapshot) {
  auto catalog = std::make_unique<InMemoryMatterCatalog>();
  std::vector<std::pair<std::string, storage::NodeId>> matters;
  RETURN_IF_ERROR(snapshot.ScanKind(
      storage::NodeKind::kMatter, "",
      [&](std::string_view name, storage::NodeId id) {
        matters.emplace_back(std::string(name), id);
        return true;
      }));
  for (const auto& [name, id] : matters) {
    ASSIGN_OR_RETURN(auto node, snapshot.GetNode(id));
    if (!node.has_value()) continue;
    KnownMatter m;
    m.id = name.substr(name.find('/') + 1);
    m.title = node->title();
    std::vector<storage::NodeId> items;
    RETURN_IF_ERROR(snapshot
                        .ScanEdges(id, storage::EdgeDirection::kIncoming,
                                   storage::EdgeKind::kAbout, std::nullopt,
                                   [&](const storage::EdgeEntry& e) {
                                     items.push_back(e.neighbor);
                                     return true;
                                   })
                        .status());
    ASSIGN_OR_RETURN(auto records, snapshot.GetNodes(items));
    for (const auto& r : records) {
      if (r.has_value()) m.meeting_names.push_back(storage::MeetingOf(r->name()));
    }
    catalog->Add(std::move(m));
  }
  return catalog;
}

namespace {

class SnapshotCorpus : public RemarkCorpus {
 public:
  explicit SnapshotCorpus(storage::GraphSnapshot& snapshot) : snapshot_(snapshot) {}

  absl::Status ForEachCandidate(
      std::string_view phrase, std::string_view exclude_meeting,
      absl::FunctionRef<void(const StoredRemark&)> visit) override {
    std::string query = storage::NormalizeForSearch(phrase);
    std::vector<storage::NodeId> ids;
    RETURN_IF_ERROR(snapshot_.ScanTextCandidates(
        query, storage::kNoNode, [&](storage::NodeId id) {
          ids.push_back(id);
          return true;
        }));
    ASSIGN_OR_RETURN(auto nodes, snapshot_.GetNodes(ids));
    for (const auto& node : nodes) {
      if (!node.has_value()) continue;
      std::string meeting = storage::MeetingOf(node->name());
      if (meeting == exclude_meeting) continue;
      if (storage::NormalizeForSearch(node->text()).find(query) ==
          std::string::npos) {
        continue;
      }
      StoredRemark r;
      r.name = node->name();
      ASSIGN_OR_RETURN(r.meeting_date, MeetingDate(meeting));
      r.meeting_name = meeting;
      r.text = node->text();
      auto it = node->properties().find("offset_map");
      if (it != node->properties().end()) r.offset_map = DecodeOffsetMap(it->second);
      visit(r);
    }
    return absl::OkStatus();
  }

 private:
  // The date of a stored meeting, remembered per meeting.
  absl::StatusOr<std::string> MeetingDate(const std::string& meeting) {
    auto known = dates_.find(meeting);
    if (known != dates_.end()) return known->second;
    std::string date;
    ASSIGN_OR_RETURN(const std::optional<storage::NodeId> id, snapshot_.Resolve(meeting));
    if (id.has_value()) {
      ASSIGN_OR_RETURN(const auto node, snapshot_.GetNode(*id));
      if (node.has_value()) date = node->date();
    }
    dates_.emplace(meeting, date);
    return date;
  }

  storage::GraphSnapshot& snapshot_;
  std::map<std::string, std::string> dates_;
};

}  // namespace

std::unique_ptr<RemarkCorpus> SnapshotRemarkCorpus(
    storage::GraphSnapshot& snapshot) {
  return std::make_unique<SnapshotCorpus>(snapshot);
}

std::string EncodeOffsetMap(const std::vector<std::pair<int32_t, int32_t>>& m) {
  std::string out;
  for (const auto& [t, s] : m) {
    if (!out.empty()) out.push_back(',');
    absl::StrAppend(&out, t, ":", s);
  }
  return out;
}

std::vector<std::pair<int32_t, int32_t>> DecodeOffsetMap(std::string_view s) {
  std::vector<std::pair<int32_t, int32_t>> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t comma = s.find(',', i);
    if (comma == s.npos) comma = s.size();
    std::string_view part = s.substr(i, comma - i);
    size_t colon = part.find(':');
    int32_t t = 0, o = 0;
    if (colon != part.npos &&
        absl::SimpleAtoi(absl::string_view(part.data(), colon), &t) &&
        absl::SimpleAtoi(absl::string_view(part.data() + colon + 1,
                                           part.size() - colon - 1),
                         &o)) {
      out.emplace_back(t, o);
    }
    i = comma + 1;
  }
  return out;
}

StoredRemark ToStoredRemark(const ParsedMinutes& minutes, const Remark& remark) {
  StoredRemark stored;
  stored.name = storage::RemarkName(minutes.meeting_id, absl::StrCat(remark.ordinal));
  stored.meeting_name = storage::MeetingName(minutes.meeting_id);
  stored.meeting_date = minutes.date;
  stored.text = remark.text;
  stored.offset_map = remark.text_offsets.breaks();
  return stored;
}

}  // namespace remarkgraph::ingest
