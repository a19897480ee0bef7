#include "service/reflection_v1.h"

#include <set>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"

namespace remarkgraph::service {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;
using grpc::reflection::v1::ServerReflectionRequest;
using grpc::reflection::v1::ServerReflectionResponse;

void SetError(grpc::StatusCode code, const std::string& message,
              ServerReflectionResponse* response) {
  response->mutable_error_response()->set_error_code(static_cast<int32_t>(code));
  response->mutable_error_response()->set_error_message(message);
}

// Adds `file` and the files it imports, but those the client was sent
// before on this stream (`sent`): it already holds them.
void AddFile(const FileDescriptor* file, std::set<std::string>* sent,
             ServerReflectionResponse* response) {
  std::vector<const FileDescriptor*> pending = {file};
  bool first = true;
  while (!pending.empty()) {
    const FileDescriptor* next = pending.back();
    pending.pop_back();
    // The asked-for file goes out even if sent before: it is the answer.
    if (!sent->insert(next->name()).second && !first) continue;
    first = false;
    google::protobuf::FileDescriptorProto proto;
    next->CopyTo(&proto);
    proto.SerializeToString(
        response->mutable_file_descriptor_response()->add_file_descriptor_proto());
    for (int i = 0; i < next->dependency_count(); ++i) pending.push_back(next->dependency(i));
  }
}

}  // namespace

grpc::Status ReflectionV1::ServerReflectionInfo(
    grpc::ServerContext* /*context*/,
    grpc::ServerReaderWriter<ServerReflectionResponse, ServerReflectionRequest>* stream) {
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  std::set<std::string> sent;
  ServerReflectionRequest request;
  while (stream->Read(&request)) {
    ServerReflectionResponse response;
    response.set_valid_host(request.host());
    *response.mutable_original_request() = request;
    switch (request.message_request_case()) {
      case ServerReflectionRequest::kFileByFilename: {
        const FileDescriptor* file = pool->FindFileByName(request.file_by_filename());
        if (file == nullptr) {
          SetError(grpc::StatusCode::NOT_FOUND,
                   "file \"" + request.file_by_filename() + "\" not found", &response);
        } else {
          AddFile(file, &sent, &response);
        }
        break;
      }
      case ServerReflectionRequest::kFileContainingSymbol: {
        const FileDescriptor* file =
            pool->FindFileContainingSymbol(request.file_containing_symbol());
        if (file == nullptr) {
          SetError(grpc::StatusCode::NOT_FOUND,
                   "symbol \"" + request.file_containing_symbol() + "\" not found", &response);
        } else {
          AddFile(file, &sent, &response);
        }
        break;
      }
      case ServerReflectionRequest::kFileContainingExtension: {
        const auto& asked = request.file_containing_extension();
        const google::protobuf::Descriptor* type =
            pool->FindMessageTypeByName(asked.containing_type());
        const google::protobuf::FieldDescriptor* extension =
            type == nullptr ? nullptr
                            : pool->FindExtensionByNumber(type, asked.extension_number());
        if (extension == nullptr) {
          SetError(grpc::StatusCode::NOT_FOUND, "extension not found", &response);
        } else {
          AddFile(extension->file(), &sent, &response);
        }
        break;
      }
      case ServerReflectionRequest::kAllExtensionNumbersOfType: {
        const google::protobuf::Descriptor* type =
            pool->FindMessageTypeByName(request.all_extension_numbers_of_type());
        if (type == nullptr) {
          SetError(grpc::StatusCode::NOT_FOUND,
                   "type \"" + request.all_extension_numbers_of_type() + "\" not found",
                   &response);
          break;
        }
        std::vector<const google::protobuf::FieldDescriptor*> extensions;
        pool->FindAllExtensions(type, &extensions);
        auto* numbers = response.mutable_all_extension_numbers_response();
        numbers->set_base_type_name(type->full_name());
        for (const auto* extension : extensions) numbers->add_extension_number(extension->number());
        break;
      }
      case ServerReflectionRequest::kListServices:
        for (const std::string& name : services_) {
          response.mutable_list_services_response()->add_service()->set_name(name);
        }
        break;
      default:
        SetError(grpc::StatusCode::UNIMPLEMENTED, "unknown reflection request", &response);
    }
    if (!stream->Write(response)) break;
  }
  return grpc::Status::OK;
}

}  // namespace remarkgraph::service
