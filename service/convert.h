// Conversion between the wire messages (remarkgraph.v1) and the storage
// records. The wire API and the on-disk format evolve separately; this is
// the one place that knows both.
#ifndef REMARKGRAPH_SERVICE_CONVERT_H_
#define REMARKGRAPH_SERVICE_CONVERT_H_

#include <string>
#include <string_view>

#include "query/query_engine.h"
#include "remarkgraph/v1/resources.pb.h"
#include "storage/records.pb.h"

namespace remarkgraph::service {

// A wire node as a storage record. The caller has validated it.
storage::NodeRecord ToRecord(const v1::Node& node);
// A storage record as a wire node; typed details set for its kind.
v1::Node ToWire(const storage::NodeRecord& record);

storage::EdgeRecord ToRecord(const v1::Edge& edge);
// A stored edge on the wire, given its endpoints' names.
v1::Edge ToWire(const storage::EdgeRecord& record, storage::EdgeKind kind,
                const std::string& source, const std::string& target);

// Appends to `out` the encoding of the v1.Edge that ToWire(record, kind,
// source, target) makes, without making it: the same fields, parsed alike.
void AppendEncodedEdge(const storage::EdgeRecord& record, storage::EdgeKind kind,
                       std::string_view source, std::string_view target, std::string* out);

v1::QueryStats ToWire(const query::Stats& stats);
// Applies a wire budget over `base` (zero fields keep base's value).
query::Budget FromWire(const v1::QueryBudget& budget, query::Budget base);

query::Direction FromWire(v1::Direction direction, query::Direction unset);

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_CONVERT_H_
