// Opaque page tokens: a position in a listing, bound to the request it was
// issued for.
#ifndef REMARKGRAPH_QUERY_INTERNAL_PAGE_TOKEN_H_
#define REMARKGRAPH_QUERY_INTERNAL_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace remarkgraph::query::internal {

// A token for `position` in the listing `kind` (such as "dossier") of the
// request identified by `scope` (such as the subject's name). Web-safe
// base64, stable across server restarts. It is a checksum, not a signature:
// it stops accidents and casual edits (a changed position, a token reused
// with another request), not a determined forger, who gains nothing but a
// different page of data they may read anyway.
std::string EncodePageToken(std::string_view kind, std::string_view scope,
                            uint64_t position);

// The position in `token`. INVALID_ARGUMENT if it is not a token issued by
// EncodePageToken for the same `kind` and `scope`.
absl::StatusOr<uint64_t> DecodePageToken(std::string_view token,
                                         std::string_view kind,
                                         std::string_view scope);

// 64-bit FNV-1a: a stable fingerprint (absl::Hash is seeded per process).
uint64_t Fingerprint(std::string_view data, uint64_t seed = 0);

}  // namespace remarkgraph::query::internal

#endif  // REMARKGRAPH_QUERY_INTERNAL_PAGE_TOKEN_H_
