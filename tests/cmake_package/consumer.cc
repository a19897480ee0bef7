// Calls a remarkgraph server through the installed stubs, as a C++ service
// would: a channel with the package's service config (retries) and a
// receive limit as large as the server's, a deadline on every call, the
// listing paged to its end, and a NOT_FOUND told apart by its code.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "remarkgraph/v1/graph_service.grpc.pb.h"

namespace {

std::shared_ptr<grpc::Channel> Connect(const std::string& target) {
  std::ifstream file(REMARKGRAPH_SERVICE_CONFIG);
  const std::string service_config{std::istreambuf_iterator<char>(file), {}};
  grpc::ChannelArguments arguments;
  arguments.SetServiceConfigJSON(service_config);
  arguments.SetMaxReceiveMessageSize(16 << 20);  // remarkgraphd's default --max_message_mb.
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), arguments);
}

std::unique_ptr<grpc::ClientContext> WithDeadline() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer HOST:PORT\n";
    return 2;
  }
  auto graph = remarkgraph::v1::GraphService::NewStub(Connect(argv[1]));

  // Every person, page by page: a page may hold fewer than page_size
  // nodes; only an empty next_page_token ends the listing.
  remarkgraph::v1::ListNodesRequest list;
  list.set_kind(remarkgraph::v1::NODE_KIND_PERSON);
  list.set_page_size(100);
  int people = 0;
  do {
    remarkgraph::v1::ListNodesResponse page;
    const grpc::Status status = graph->ListNodes(WithDeadline().get(), list, &page);
    if (!status.ok()) {
      std::cerr << "ListNodes: " << status.error_code() << " " << status.error_message() << "\n";
      return 1;
    }
    people += page.nodes_size();
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  std::cout << "people: " << people << "\n";

  remarkgraph::v1::GetNodeRequest request;
  request.set_name("people/nobody");
  remarkgraph::v1::GetNodeResponse response;
  const grpc::Status status = graph->GetNode(WithDeadline().get(), request, &response);
  std::cout << "GetNode: code " << status.error_code() << ": " << status.error_message() << "\n";
  // status.error_details() holds the serialized google.rpc.Status (docs/api.md#errors).
  const bool named = status.error_message() == "node \"people/nobody\" not found";
  return status.error_code() == grpc::StatusCode::NOT_FOUND && named &&
                 !status.error_details().empty()
             ? 0
             : 1;
}
