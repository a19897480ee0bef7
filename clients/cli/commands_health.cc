// health: the standard gRPC health check.

#include <string>

#include "clients/cli/commands.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace remarkgraph::cli {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

int RunHealth(const ParsedArgs& args, Session& session) {
  HealthCheckRequest request;
  request.set_service(args.Get("service"));
  HealthCheckResponse response;
  std::unique_ptr<Health::Stub> stub = Health::NewStub(session.channel());
  const grpc::Status status =
      stub->Check(session.NewContext().get(), request, &response);
  if (!status.ok()) return session.Fail(status);
  if (session.json()) {
    session.PrintJson("health", response, /*with_defaults=*/true);
  } else {
    session.out() << HealthCheckResponse::ServingStatus_Name(response.status())
                  << "\n";
  }
  return response.status() == HealthCheckResponse::SERVING ? kExitOk
                                                           : kExitFailed;
}

}  // namespace

Command HealthCommand() {
  return {{.name = "health",
           .positional_synopsis = "",
           .summary = "Ask the server whether it is serving (grpc.health.v1).",
           .description =
               "Prints SERVING, NOT_SERVING or UNKNOWN. Exits 0 only when\n"
               "serving, so it suits readiness checks in scripts.\n\n"
               "example:\n"
               "  remarkgraph health --server localhost:50051 --timeout 2\n",
           .min_positionals = 0,
           .max_positionals = 0,
           .flags = {{"service", "NAME",
                      "a service name, such as remarkgraph.v1.GraphService "
                      "(default: the whole server)"}}},
          RunHealth};
}

}  // namespace remarkgraph::cli
