// Health, reflection, restarts, and a graceful stop of the real binary.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "grpc/health/v1/health.grpc.pb.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "tests/e2e/e2e_fixture.h"

namespace remarkgraph::e2e {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

class LifecycleTest : public ServerTest {};

TEST_F(LifecycleTest, HealthIsServingForTheServerAndEachService) {
  StartServer();
  auto health = Health::NewStub(channel_);
  for (const char* service : {"", "remarkgraph.v1.GraphService", "remarkgraph.v1.WriteService"}) {
    HealthCheckRequest request;
    request.set_service(service);
    HealthCheckResponse response;
    const grpc::Status status = health->Check(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << service << ": " << status.error_message();
    EXPECT_EQ(response.status(), HealthCheckResponse::SERVING) << service;
  }
}

TEST_F(LifecycleTest, ReflectionListsTheServices) {
  StartServer();
  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(channel_);
  auto context = Context();
  auto stream = reflection->ServerReflectionInfo(context.get());
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::set<std::string> services;
  for (const auto& s : response.list_services_response().service()) services.insert(s.name());
  EXPECT_TRUE(services.contains("remarkgraph.v1.GraphService"));
  EXPECT_TRUE(services.contains("remarkgraph.v1.WriteService"));
  EXPECT_TRUE(services.contains("grpc.health.v1.Health"));
  EXPECT_TRUE(stream->Finish().ok());
}

// The v1 protocol (served by the project, service/reflection_v1.h) lists
// the services and describes them, the health service included.
TEST_F(LifecycleTest, ReflectionV1DescribesEveryServiceWithHealth) {
  namespace reflection = grpc::reflection::v1;
  StartServer();
  auto stub = reflection::ServerReflection::NewStub(channel_);
  auto context = Context();
  auto stream = stub->ServerReflectionInfo(context.get());
  auto ask = [&](const std::function<void(reflection::ServerReflectionRequest&)>& fill) {
    reflection::ServerReflectionRequest request;
    fill(request);
    reflection::ServerReflectionResponse response;
    EXPECT_TRUE(stream->Write(request));
    EXPECT_TRUE(stream->Read(&response));
    return response;
  };
  const auto listed = ask([](auto& r) { r.set_list_services(""); });
  std::set<std::string> services;
  for (const auto& s : listed.list_services_response().service()) services.insert(s.name());
  for (const char* name : {"remarkgraph.v1.GraphService", "remarkgraph.v1.WriteService",
                           "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                           "grpc.reflection.v1alpha.ServerReflection"}) {
    EXPECT_TRUE(services.contains(name)) << name;
  }
  // The file of each symbol comes first, then the files it imports.
  for (const auto& [symbol, file] :
       {std::pair{"grpc.health.v1.Health", "grpc/health/v1/health.proto"},
        std::pair{"remarkgraph.v1.GraphService", "remarkgraph/v1/graph_service.proto"},
        std::pair{"remarkgraph.v1.Node", "remarkgraph/v1/resources.proto"}}) {
    const auto response = ask([&](auto& r) { r.set_file_containing_symbol(symbol); });
    ASSERT_GE(response.file_descriptor_response().file_descriptor_proto_size(), 1) << symbol;
    google::protobuf::FileDescriptorProto proto;
    ASSERT_TRUE(
        proto.ParseFromString(response.file_descriptor_response().file_descriptor_proto(0)));
    EXPECT_EQ(proto.name(), file);
  }
  const auto missing = ask([](auto& r) { r.set_file_containing_symbol("no.such.Thing"); });
  EXPECT_EQ(missing.error_response().error_code(), static_cast<int>(grpc::StatusCode::NOT_FOUND));
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(LifecycleTest, DataSurvivesARestart) {
  StartServer();
  WriteSampleGraph();
  const std::string before = GraphDump();
  ASSERT_TRUE(server_->Shutdown(absl::Seconds(2)).ok());
  server_.reset();
  StartServer();
  EXPECT_EQ(GraphDump(), before);
}

// The remarkgraphd binary: $REMARKGRAPHD, else the one the build made.
std::string DaemonPath() {
  if (const char* from_env = std::getenv("REMARKGRAPHD")) return from_env;
#ifdef REMARKGRAPHD_PATH
  return REMARKGRAPHD_PATH;
#else
  return "";
#endif
}

TEST_F(LifecycleTest, SigtermDrainsAndClosesTheDatabaseCleanly) {
  const std::string daemon = DaemonPath();
  if (daemon.empty() || !std::filesystem::exists(daemon)) {
    GTEST_SKIP() << "the remarkgraphd binary was not found (set REMARKGRAPHD)";
  }
  // Pick a free port by binding an in-process server briefly.
  StartServer();
  const int port = server_->port();
  ASSERT_TRUE(server_->Shutdown(absl::Seconds(1)).ok());
  server_.reset();

  const std::string data_dir = dir_.Sub("daemon-db");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string listen = "--listen=127.0.0.1:" + std::to_string(port);
    const std::string data = "--data_dir=" + data_dir;
    execl(daemon.c_str(), daemon.c_str(), listen.c_str(), data.c_str(), nullptr);
    _exit(127);
  }
  channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                 grpc::InsecureChannelCredentials());
  ASSERT_TRUE(channel_->WaitForConnected(std::chrono::system_clock::now() +
                                         std::chrono::seconds(20)));
  graph_ = v1::GraphService::NewStub(channel_);
  write_ = v1::WriteService::NewStub(channel_);
  WriteSampleGraph();
  const std::string before = GraphDump();

  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  // Everything written before the stop is there after it.
  options_.data_dir = data_dir;
  StartServer();
  EXPECT_EQ(GraphDump(), before);
}

TEST_F(LifecycleTest, ASecondServerOnTheSameDatabaseIsRefused) {
  StartServer();
  service::ServerOptions second = options_;
  auto refused = service::Server::Start(second);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
}

}  // namespace
}  // namespace remarkgraph::e2e
