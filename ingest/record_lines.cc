#include "ingest/formats.h"
namespace remarkgraph::ingest::internal {
absl::StatusOr<std::vector<ParsedMinutes>> ParseRecordLines(std::string_view, const ParseOptions&) {
  return absl::UnimplementedError("records");
}
}
