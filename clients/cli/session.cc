#include "clients/cli/session.h"

#include <chrono>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace remarkgraph::cli {
namespace {

// Pages are capped at 1000 results, but remarks carry their full text; leave
// room well above gRPC's 4 MiB default.
constexpr int kMaxReceiveMessageBytes = 64 << 20;
constexpr double kMaxTimeoutSeconds = 24 * 3600;

}  // namespace

absl::StatusOr<GlobalOptions> ReadGlobalOptions(
    const ParsedArgs& args, const EnvironmentLookup& environment) {
  GlobalOptions options;
  absl::StatusOr<ConnectionOptions> connection =
      ReadConnectionOptions(args, environment);
  if (!connection.ok()) return connection.status();
  options.connection = *std::move(connection);
  options.json = args.Has("json");
  if (args.Has("timeout")) {
    double seconds = 0;
    if (!absl::SimpleAtod(args.Get("timeout"), &seconds) || !(seconds > 0) ||
        seconds > kMaxTimeoutSeconds) {
      return absl::InvalidArgumentError(
          absl::StrCat("--timeout wants a number of seconds above 0, not '",
                       args.Get("timeout"), "'"));
    }
    options.timeout = absl::Seconds(seconds);
  }
  return options;
}

int ReportUsageError(const CommandSpec& spec, absl::string_view message,
                     std::ostream& err) {
  err << "remarkgraph " << spec.name << ": " << message << "\n"
      << Synopsis(spec) << "\n"
      << "Run 'remarkgraph " << spec.name << " --help' for details.\n";
  return kExitUsage;
}

std::string StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return absl::StrCat("CODE_", static_cast<int>(code));
  }
}

Session::Session(const CommandSpec& spec, GlobalOptions options,
                 std::ostream& out, std::ostream& err)
    : spec_(spec), options_(std::move(options)), out_(out), err_(err) {}

std::shared_ptr<grpc::Channel> Session::channel() {
  if (channel_ == nullptr) {
    channel_ = MakeChannel(options_.connection, kMaxReceiveMessageBytes);
  }
  return channel_;
}

v1::GraphService::Stub& Session::graph() {
  if (graph_ == nullptr) graph_ = v1::GraphService::NewStub(channel());
  return *graph_;
}

v1::WriteService::Stub& Session::write() {
  if (write_ == nullptr) write_ = v1::WriteService::NewStub(channel());
  return *write_;
}

std::unique_ptr<grpc::ClientContext> Session::NewContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoMicroseconds(options_.timeout));
  return context;
}

int Session::Fail(const grpc::Status& status) {
  out_.flush();  // what came before the failure shows before it
  err_ << "error: " << StatusCodeName(status.error_code()) << ": "
       << status.error_message() << "\n";
  return kExitFailed;
}

int Session::Fail(const absl::Status& status) {
  out_.flush();
  err_ << "error: " << absl::StatusCodeToString(status.code()) << ": "
       << status.message() << "\n";
  return kExitFailed;
}

int Session::Usage(const absl::Status& status) {
  return Usage(status.message());
}

int Session::Usage(absl::string_view message) {
  return ReportUsageError(spec_, message, err_);
}

void WriteJsonLine(std::ostream& out, absl::string_view key,
                   const google::protobuf::Message& message,
                   bool with_defaults) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = with_defaults;
  std::string json;
  // Printing a well-formed message cannot fail; an empty object stands in
  // should it ever.
  if (!google::protobuf::util::MessageToJsonString(message, &json, options)
           .ok()) {
    json = "{}";
  }
  out << "{\"" << key << "\":" << json << "}\n";
}

void Session::PrintJson(absl::string_view key,
                        const google::protobuf::Message& message,
                        bool with_defaults) {
  WriteJsonLine(out_, key, message, with_defaults);
}

}  // namespace remarkgraph::cli
