// What every subcommand shares: the global options, the connection to the
// server, the output streams and the conventions for errors and exit codes.

#ifndef REMARKGRAPH_CLIENTS_CLI_SESSION_H_
#define REMARKGRAPH_CLIENTS_CLI_SESSION_H_

#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/cli/args.h"
#include "clients/cli/connection.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "remarkgraph/v1/graph_service.grpc.pb.h"
#include "remarkgraph/v1/write_service.grpc.pb.h"

namespace remarkgraph::cli {

// Process exit codes.
inline constexpr int kExitOk = 0;
// A call failed (or, for `health`, the server is not serving).
inline constexpr int kExitFailed = 1;
// The command line was wrong; nothing was sent.
inline constexpr int kExitUsage = 2;

struct GlobalOptions {
  ConnectionOptions connection;
  bool json = false;
  absl::Duration timeout = absl::Seconds(10);
  // The terminal's width when stdout is one, else 0; tables fit in it.
  int line_width = 0;
};

// Reads the global flags out of parsed arguments; `environment` supplies
// the variables that stand in for absent connection flags
// (ReadConnectionOptions). Fails with INVALID_ARGUMENT for a bad --timeout
// or connection flag.
absl::StatusOr<GlobalOptions> ReadGlobalOptions(
    const ParsedArgs& args, const EnvironmentLookup& environment);

// Prints `remarkgraph CMD: message`, the synopsis and a pointer to --help
// to `err`; returns kExitUsage.
int ReportUsageError(const CommandSpec& spec, absl::string_view message,
                     std::ostream& err);

// "INVALID_ARGUMENT" for grpc::StatusCode::INVALID_ARGUMENT, and so on.
std::string StatusCodeName(grpc::StatusCode code);

// Writes one line of machine output, {"KEY":MESSAGE-AS-JSON}, to `out`: proto
// JSON (lowerCamelCase names; fields at their default value left out unless
// `with_defaults`).
void WriteJsonLine(std::ostream& out, absl::string_view key,
                   const google::protobuf::Message& message,
                   bool with_defaults = false);

// One run of one subcommand. The channel is created on first use. Not
// thread-safe.
class Session {
 public:
  Session(const CommandSpec& spec, GlobalOptions options, std::ostream& out,
          std::ostream& err);

  bool json() const { return options_.json; }
  absl::Duration timeout() const { return options_.timeout; }
  int line_width() const { return options_.line_width; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }

  std::shared_ptr<grpc::Channel> channel();
  v1::GraphService::Stub& graph();
  v1::WriteService::Stub& write();

  // A context for one call, with the deadline now + --timeout.
  std::unique_ptr<grpc::ClientContext> NewContext() const;

  // Prints `error: CODE: message` to stderr; returns kExitFailed.
  int Fail(const grpc::Status& status);
  // The same for a failure found by the tool itself (bad input on stdin).
  int Fail(const absl::Status& status);

  // ReportUsageError() for this subcommand, on stderr.
  int Usage(const absl::Status& status);
  int Usage(absl::string_view message);

  // WriteJsonLine() to the session's output.
  void PrintJson(absl::string_view key,
                 const google::protobuf::Message& message,
                 bool with_defaults = false);

 private:
  const CommandSpec& spec_;
  GlobalOptions options_;
  std::ostream& out_;
  std::ostream& err_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::GraphService::Stub> graph_;
  std::unique_ptr<v1::WriteService::Stub> write_;
};

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_SESSION_H_
