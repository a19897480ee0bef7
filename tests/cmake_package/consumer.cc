// Calls a remarkgraph server through the installed stubs: asks for a node
// that does not exist and expects NOT_FOUND naming it.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <iostream>

#include "remarkgraph/v1/graph_service.grpc.pb.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer HOST:PORT\n";
    return 2;
  }
  auto stub = remarkgraph::v1::GraphService::NewStub(
      grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials()));
  remarkgraph::v1::GetNodeRequest request;
  request.set_name("people/nobody");
  remarkgraph::v1::GetNodeResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  const grpc::Status status = stub->GetNode(&context, request, &response);
  std::cout << "GetNode: code " << status.error_code() << ": " << status.error_message() << "\n";
  const bool named = status.error_message().find("people/nobody") != std::string::npos;
  return status.error_code() == grpc::StatusCode::NOT_FOUND && named ? 0 : 1;
}
