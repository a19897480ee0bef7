#include "clients/cli/upsert_input.h"

#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/cli/upsert_line.pb.h"
#include "google/protobuf/util/json_util.h"

namespace remarkgraph::cli {
namespace {

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The JSON parser's messages may run over three lines: the complaint, the
// input around the fault, and a caret under it. Puts them on one.
std::string OneLineError(absl::string_view message) {
  std::vector<absl::string_view> lines =
      absl::StrSplit(message, '\n', absl::SkipWhitespace());
  if (lines.empty()) return "invalid JSON";
  std::string out(absl::StripAsciiWhitespace(lines[0]));
  if (lines.size() > 1 && lines.back().find('^') != absl::string_view::npos) {
    lines.pop_back();
  }
  if (lines.size() > 1) {
    absl::StrAppend(&out, " (near: ", absl::StripAsciiWhitespace(lines[1]),
                    ")");
  }
  return out;
}

// What is wrong with a parsed line, or "" if nothing.
std::string CheckLine(const UpsertLine& line) {
  if (line.has_node() == line.has_edge()) {
    return "want exactly one of {\"node\": ...} or {\"edge\": ...}";
  }
  if (line.has_node()) {
    if (line.node().name().empty()) return "node.name is required";
    return "";
  }
  const v1::Edge& edge = line.edge();
  if (edge.source().empty()) return "edge.source is required";
  if (edge.target().empty()) return "edge.target is required";
  if (edge.kind() == v1::EDGE_KIND_UNSPECIFIED) return "edge.kind is required";
  return "";
}

// Adds `item`, read from line `line`, under `key`, replacing an earlier one
// with the same key in place. Returns true if it replaced one.
template <typename T>
bool AddOrReplace(const std::string& key, T item, int line,
                  std::vector<T>* items, std::vector<int>* lines,
                  std::unordered_map<std::string, size_t>* index) {
  auto [it, inserted] = index->try_emplace(key, items->size());
  if (inserted) {
    items->push_back(std::move(item));
    lines->push_back(line);
    return false;
  }
  (*items)[it->second] = std::move(item);
  (*lines)[it->second] = line;
  return true;
}

template <typename Request, typename Item>
std::vector<Request> Batches(
    const std::vector<Item>& items, size_t max_count, size_t max_bytes,
    google::protobuf::RepeatedPtrField<Item>* (Request::*mutable_items)()) {
  std::vector<Request> batches;
  size_t bytes = 0;
  for (const Item& item : items) {
    // Each repeated element costs its size plus a tag and a length prefix.
    const size_t item_bytes = item.ByteSizeLong() + 6;
    if (batches.empty() ||
        static_cast<size_t>((batches.back().*mutable_items)()->size()) >=
            max_count ||
        (bytes + item_bytes > max_bytes && bytes > 0)) {
      batches.emplace_back();
      bytes = 0;
    }
    *(batches.back().*mutable_items)()->Add() = item;
    bytes += item_bytes;
  }
  return batches;
}

}  // namespace

bool ReadUpsertInput(std::istream& in, UpsertInput* input,
                     std::vector<std::string>* errors, size_t max_errors) {
  std::unordered_map<std::string, size_t> node_index;
  std::unordered_map<std::string, size_t> edge_index;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  size_t bad_lines = 0;
  std::string text;
  for (int number = 1; std::getline(in, text); ++number) {
    absl::string_view line = text;
    if (number == 1 && line.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
      line.remove_prefix(kUtf8Bom.size());
    }
    line = absl::StripAsciiWhitespace(line);  // also a CR before the LF
    if (line.empty()) continue;
    UpsertLine parsed;
    std::string problem;
    if (const auto status = google::protobuf::util::JsonStringToMessage(
            std::string(line), &parsed, options);
        !status.ok()) {
      // protobuf's StringPiece is not absl::string_view in this release.
      problem = OneLineError(
          absl::string_view(status.message().data(), status.message().size()));
    } else {
      problem = CheckLine(parsed);
    }
    if (!problem.empty()) {
      if (++bad_lines <= max_errors) {
        errors->push_back(absl::StrCat("line ", number, ": ", problem));
      }
      continue;
    }
    if (bad_lines > 0) continue;  // only errors matter from here on
    bool replaced = false;
    if (parsed.has_node()) {
      const std::string key = parsed.node().name();
      replaced = AddOrReplace(key, std::move(*parsed.mutable_node()), number,
                              &input->nodes, &input->node_lines, &node_index);
    } else {
      const v1::Edge& edge = parsed.edge();
      const std::string key =
          absl::StrCat(edge.source(), "\n", edge.kind(), "\n", edge.target());
      replaced = AddOrReplace(key, std::move(*parsed.mutable_edge()), number,
                              &input->edges, &input->edge_lines, &edge_index);
    }
    input->replaced_duplicates += replaced;
  }
  if (bad_lines > max_errors) {
    errors->push_back(
        absl::StrCat("... and ", bad_lines - max_errors, " more bad lines"));
  }
  return bad_lines == 0;
}

int LineOfError(absl::string_view message, absl::string_view field,
                size_t offset, const std::vector<int>& lines) {
  const std::string prefix = absl::StrCat(field, "[");
  const size_t at = message.find(prefix);
  if (at == absl::string_view::npos) return 0;
  const size_t begin = at + prefix.size();
  const size_t end = message.find(']', begin);
  size_t index = 0;
  if (end == absl::string_view::npos ||
      !absl::SimpleAtoi(message.substr(begin, end - begin), &index) ||
      offset + index >= lines.size()) {
    return 0;
  }
  return lines[offset + index];
}

std::vector<v1::UpsertNodesRequest> NodeBatches(
    const std::vector<v1::Node>& nodes, const BatchLimits& limits) {
  return Batches<v1::UpsertNodesRequest>(
      nodes, limits.max_nodes, limits.max_bytes,
      &v1::UpsertNodesRequest::mutable_nodes);
}

std::vector<v1::UpsertEdgesRequest> EdgeBatches(
    const std::vector<v1::Edge>& edges, const BatchLimits& limits) {
  return Batches<v1::UpsertEdgesRequest>(
      edges, limits.max_edges, limits.max_bytes,
      &v1::UpsertEdgesRequest::mutable_edges);
}

}  // namespace remarkgraph::cli
