// An import's response: per meeting its counts, quality report and first
// links, and for a dry run the graph it would write. Everything is built
// before the write and within a byte budget, so a committed import can
// never fail afterwards for a response over the message limit.
//
// Thread safety: plain functions over their arguments.
#ifndef REMARKGRAPH_SERVICE_IMPORT_REPORT_H_
#define REMARKGRAPH_SERVICE_IMPORT_REPORT_H_

#include <cstddef>

#include "ingest/importer.h"
#include "ingest/minutes.h"
#include "remarkgraph/v1/import_service.pb.h"

namespace remarkgraph::service {

// Bytes of links, warnings and planned records one response carries at
// most; the default gRPC client accepts 4 MiB.
inline constexpr size_t kImportResponseBudget = 1 << 20;
// Warnings listed per meeting; warning_count has them all.
inline constexpr int kMaxReportedWarnings = 100;

// What was found in `minutes`: header, counts, the first warnings.
v1::QualityReport BuildQualityReport(const ingest::ParsedMinutes& minutes);

// Fills `response` from `imported`: meetings with counts, reports and the
// first links, and with `planned` the nodes and edges of the mutation.
// Records are added while they fit in `budget` bytes, which is reduced by
// what they take; `response->truncated()` says when some were left out.
void FillImportResponse(const ingest::ImportResult& imported, bool planned,
                        size_t& budget, v1::ImportMinutesResponse* response);

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_IMPORT_REPORT_H_
