// How nodes, edges and query statistics read in the human output.

#ifndef REMARKGRAPH_CLIENTS_CLI_FORMAT_H_
#define REMARKGRAPH_CLIENTS_CLI_FORMAT_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/strings/string_view.h"
#include "remarkgraph/v1/graph_service.pb.h"
#include "remarkgraph/v1/resources.pb.h"

namespace remarkgraph::cli {

// The node's title; for an untitled remark, "SPEAKER: TEXT".
std::string DisplayTitle(const v1::Node& node);

// Every field of a node, one per line, the resource name first:
//
//   meetings/cshq-31
//     kind:        MEETING
//     title:       ネットワーク安全保障推進本部 第31回会合
//     date:        2024-06-04
std::string NodeDetail(const v1::Node& node);

// The first stance other than unspecified among `edges`, or STANCE_UNSPECIFIED.
v1::Stance FirstStance(
    const google::protobuf::RepeatedPtrField<v1::Edge>& edges);

// "1 node", "2 nodes": `count` and `noun`, plural by adding "s".
std::string Count(int64_t count, absl::string_view noun);

// "visited 12 nodes, scanned 40 edges, 1.3 ms", plus
// "; truncated (MAX_NODES)" when the answer was cut.
std::string StatsLine(const v1::QueryStats& stats);

// `text` as a JSON string literal, quotes included.
std::string JsonString(absl::string_view text);

// True if `text` is a calendar date written `YYYY-MM-DD`.
bool IsIsoDate(absl::string_view text);

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_FORMAT_H_
