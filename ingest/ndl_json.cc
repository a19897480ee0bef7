#include "ingest/formats.h"
namespace remarkgraph::ingest::internal {
absl::StatusOr<std::vector<ParsedMinutes>> ParseNdlJson(std::string_view, const ParseOptions&) {
  return absl::UnimplementedError("ndl");
}
}
