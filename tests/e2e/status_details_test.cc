// The conversion at the API edge: an absl::Status with its attached facts
// becomes a grpc::Status whose google.rpc.Status details (AIP-193) a client
// can decode. The end-to-end tests (errors_test.cc) check the same over the
// wire for every bad request; this covers the codes they cannot provoke on
// demand (ABORTED, RESOURCE_EXHAUSTED) and the field paths of messages.
#include <optional>

#include "common/error_details.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/rpc_util.h"

namespace remarkgraph::service {
namespace {

template <typename T>
std::optional<T> Detail(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return std::nullopt;
  for (const google::protobuf::Any& any : details.details()) {
    T detail;
    if (any.UnpackTo(&detail)) return detail;
  }
  return std::nullopt;
}

std::string ViolatedField(const absl::Status& status) {
  const auto bad_request = Detail<google::rpc::BadRequest>(ToGrpcStatus(status));
  if (!bad_request || bad_request->field_violations_size() != 1) return "<none>";
  return bad_request->field_violations(0).field();
}

TEST(StatusDetailsTest, OkHasNoDetails) {
  const grpc::Status status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(status.ok());
  EXPECT_TRUE(status.error_details().empty());
}

TEST(StatusDetailsTest, InvalidArgumentNamesTheFieldOfTheMessage) {
  EXPECT_EQ(ViolatedField(absl::InvalidArgumentError("steps[1].edge_kinds[0]: unknown kind 9")),
            "steps[1].edge_kinds[0]");
  EXPECT_EQ(ViolatedField(absl::InvalidArgumentError(
                "nodes[0].properties[\"a]: b\"]: longer than 65536 bytes")),
            "nodes[0].properties[\"a]: b\"]");
  EXPECT_EQ(ViolatedField(InvalidFieldError("budget.max_depth", "at most 16")),
            "budget.max_depth");
  // Not a field path: no BadRequest, but still an ErrorInfo.
  const absl::Status vague = absl::InvalidArgumentError("the request does not parse");
  EXPECT_EQ(ViolatedField(vague), "<none>");
  const auto info = Detail<google::rpc::ErrorInfo>(ToGrpcStatus(vague));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "INVALID_ARGUMENT");
  EXPECT_EQ(info->domain(), "remarkgraph.io");
}

TEST(StatusDetailsTest, FieldOfABatchOperationPrefixesTheInnerField) {
  const absl::Status status = InField(InvalidFieldError("source", "is required"), "edges[3]");
  EXPECT_EQ(status.message(), "edges[3]: source: is required");
  EXPECT_EQ(ViolatedField(status), "edges[3].source");
  // NOT_FOUND keeps its one wording; the field goes to the ErrorInfo.
  const grpc::Status missing = ToGrpcStatus(InField(NodeNotFoundError("people/x"), "names[1]"));
  EXPECT_EQ(missing.error_message(), "node \"people/x\" not found");
  const auto info = Detail<google::rpc::ErrorInfo>(missing);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("field"), "names[1]");
  EXPECT_EQ(info->reason(), "NODE_NOT_FOUND");
}

TEST(StatusDetailsTest, NotFoundNamesTheResource) {
  const grpc::Status status = ToGrpcStatus(NotFoundResourceError("backup", "7"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "backup \"7\" not found");
  const auto resource = Detail<google::rpc::ResourceInfo>(status);
  ASSERT_TRUE(resource.has_value());
  EXPECT_EQ(resource->resource_type(), "backup");
  EXPECT_EQ(resource->resource_name(), "7");
  EXPECT_EQ(Detail<google::rpc::ErrorInfo>(status)->reason(), "BACKUP_NOT_FOUND");
}

TEST(StatusDetailsTest, AbortedAndExhaustedSayWhenToRetry) {
  const grpc::Status aborted =
      ToGrpcStatus(WithReason(absl::AbortedError("the graph changed"), "CONCURRENT_CHANGE"));
  const auto retry = Detail<google::rpc::RetryInfo>(aborted);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 0);
  EXPECT_EQ(retry->retry_delay().nanos(), 200'000'000);
  EXPECT_EQ(Detail<google::rpc::ErrorInfo>(aborted)->reason(), "CONCURRENT_CHANGE");

  const grpc::Status exhausted = ToGrpcStatus(absl::ResourceExhaustedError("too busy"));
  const auto later = Detail<google::rpc::RetryInfo>(exhausted);
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(later->retry_delay().seconds(), 1);
  EXPECT_EQ(Detail<google::rpc::ErrorInfo>(exhausted)->reason(), "RESOURCE_EXHAUSTED");
  // Other codes carry no RetryInfo.
  EXPECT_FALSE(Detail<google::rpc::RetryInfo>(ToGrpcStatus(absl::InternalError("x"))));
}

}  // namespace
}  // namespace remarkgraph::service
