#include "clients/cli/paging.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/format.h"

namespace remarkgraph::cli {

// The server lowers larger sizes to its ceiling; the flag stays in int32.
constexpr int kMaxPageSizeFlag = 1'000'000;

std::vector<FlagSpec> PageFlagSpecs(absl::string_view noun) {
  return {
      {"page-size", "N",
       absl::StrCat("most ", noun,
                    " per page (server default 50, at most 1000)")},
      {"page-token", "TOKEN", "continue from a previous page"},
      {"all", "", "fetch every page, to the end"},
  };
}

absl::StatusOr<PageFlags> ReadPageFlags(const ParsedArgs& args) {
  PageFlags flags;
  if (args.Has("page-size")) {
    absl::StatusOr<int> size =
        ParseIntFlag("page-size", args.Get("page-size"), 1, kMaxPageSizeFlag);
    if (!size.ok()) return size.status();
    flags.page_size = *size;
  }
  flags.page_token = args.Get("page-token");
  flags.all = args.Has("all");
  return flags;
}

absl::Status ReadDateFlags(const ParsedArgs& args, std::string* start_date,
                           std::string* end_date) {
  for (const auto& [flag, target] :
       {std::pair{"from", start_date}, std::pair{"to", end_date}}) {
    const std::string value = args.Get(flag);
    if (!value.empty() && !IsIsoDate(value)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--", flag, " wants a date YYYY-MM-DD, not '", value, "'"));
    }
    *target = value;
  }
  return absl::OkStatus();
}

int FetchPages(Session& session, const PageFlags& flags,
               absl::FunctionRef<grpc::Status(const std::string& page_token,
                                              std::string* next_page_token)>
                   fetch,
               absl::FunctionRef<void(bool failed)> finish) {
  std::string token = flags.page_token;
  while (true) {
    std::string next;
    const grpc::Status status = fetch(token, &next);
    if (!status.ok()) {
      finish(/*failed=*/true);
      return session.Fail(status);
    }
    if (next.empty()) {
      finish(/*failed=*/false);
      return kExitOk;
    }
    if (!flags.all) {
      finish(/*failed=*/false);
      if (session.json()) {
        session.out() << "{\"nextPageToken\":" << JsonString(next) << "}\n";
      } else {
        session.out().flush();
        session.err() << "more results: add --page-token " << next
                      << " (or --all)\n";
      }
      return kExitOk;
    }
    // A server that hands back the token it was given would loop forever.
    if (next == token) {
      finish(/*failed=*/true);
      return session.Fail(grpc::Status(grpc::StatusCode::INTERNAL,
                                       "server repeated page token " + next));
    }
    token = std::move(next);
  }
}

}  // namespace remarkgraph::cli
