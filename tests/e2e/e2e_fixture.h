// A real remarkgraph server on a loopback port with a fresh database, and
// stubs to call it, for end-to-end tests.
#ifndef REMARKGRAPH_TESTS_E2E_E2E_FIXTURE_H_
#define REMARKGRAPH_TESTS_E2E_E2E_FIXTURE_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "remarkgraph/v1/graph_service.grpc.pb.h"
#include "remarkgraph/v1/write_service.grpc.pb.h"
#include "service/server.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph::e2e {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Options for the server under test; tests may adjust before Start().
  service::ServerOptions options_;
  void StartServer();

  // A client context with a 10 s deadline.
  static std::unique_ptr<grpc::ClientContext> Context();

  // Writes a small graph through the API: a body, two meetings, a matter,
  // items, people, remarks, and the edges between them (see e2e_fixture.cc).
  void WriteSampleGraph();

  // Every node and edge, listed through the API, as text: compares the
  // stored graph before and after a rejected request.
  std::string GraphDump();

  v1::Node MakeNode(const std::string& name, const std::string& title = "");
  v1::Edge MakeEdge(const std::string& source, v1::EdgeKind kind,
                    const std::string& target, v1::Stance stance = v1::STANCE_UNSPECIFIED);
  grpc::Status Upsert(const std::vector<v1::Node>& nodes,
                      const std::vector<v1::Edge>& edges);

  testing::ScopedTempDir dir_;
  std::unique_ptr<service::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::GraphService::Stub> graph_;
  std::unique_ptr<v1::WriteService::Stub> write_;
};

}  // namespace remarkgraph::e2e

#endif  // REMARKGRAPH_TESTS_E2E_E2E_FIXTURE_H_
