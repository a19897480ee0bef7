// Flags and the call loop shared by the listing subcommands.

#ifndef REMARKGRAPH_CLIENTS_CLI_PAGING_H_
#define REMARKGRAPH_CLIENTS_CLI_PAGING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/cli/args.h"
#include "clients/cli/session.h"
#include "grpcpp/support/status.h"

namespace remarkgraph::cli {

struct PageFlags {
  // 0 lets the server choose.
  int32_t page_size = 0;
  std::string page_token;
  // Follow next_page_token to the last page.
  bool all = false;
};

// --page-size, --page-token and --all; `noun` names what is paged ("nodes").
std::vector<FlagSpec> PageFlagSpecs(absl::string_view noun);

// Reads the flags of PageFlagSpecs(); INVALID_ARGUMENT for a bad page size.
absl::StatusOr<PageFlags> ReadPageFlags(const ParsedArgs& args);

// Reads --from and --to (`YYYY-MM-DD`); INVALID_ARGUMENT for another form.
absl::Status ReadDateFlags(const ParsedArgs& args, std::string* start_date,
                           std::string* end_date);

// Calls `fetch(page_token, &next_page_token)` for the first page and, with
// --all, for each following page, stopping at the first failed call. Then
// calls `finish(failed)`, which prints what the pages gathered, and after it
// reports the failure, or, when a next page is left unfetched, says how to
// get it: a {"nextPageToken":...} line with --json, a hint on stderr
// otherwise. Returns the exit code.
int FetchPages(Session& session, const PageFlags& flags,
               absl::FunctionRef<grpc::Status(const std::string& page_token,
                                              std::string* next_page_token)>
                   fetch,
               absl::FunctionRef<void(bool failed)> finish);

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_PAGING_H_
