#include "common/error_details.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "common/strings.h"

namespace remarkgraph {
namespace {

// Payload type URLs: private to this file, never sent to clients as such.
constexpr char kFieldPayload[] = "remarkgraph.io/error/field";
constexpr char kResourceTypePayload[] = "remarkgraph.io/error/resource_type";
constexpr char kResourceNamePayload[] = "remarkgraph.io/error/resource_name";
constexpr char kReasonPayload[] = "remarkgraph.io/error/reason";
constexpr char kNotRetryablePayload[] = "remarkgraph.io/error/not_retryable";

std::optional<std::string> Payload(const absl::Status& status, std::string_view type) {
  const auto value = status.GetPayload(Sv(type));  // An absl::optional
  if (!value) return std::nullopt;
  return std::string(*value);
}

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The length of a field path at the start of `text` followed by ": ", or 0.
// A path is names joined by '.', each followed by any number of subscripts
// `[3]` or `["key"]` (a quoted key may hold any character but an unescaped quote).
size_t LeadingFieldPath(std::string_view text) {
  size_t i = 0;
  while (true) {
    if (i >= text.size() || !IsNameStart(text[i])) return 0;
    while (i < text.size() && IsNameChar(text[i])) ++i;
    while (i < text.size() && text[i] == '[') {
      ++i;
      if (i < text.size() && text[i] == '"') {
        for (++i; i < text.size() && text[i] != '"'; ++i) {
          if (text[i] == '\\') ++i;
        }
        if (i >= text.size()) return 0;
        ++i;
      } else {
        const size_t digits = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        if (i == digits) return 0;
      }
      if (i >= text.size() || text[i] != ']') return 0;
      ++i;
    }
    if (i < text.size() && text[i] == '.') {
      ++i;
      continue;
    }
    return text.substr(i).starts_with(": ") ? i : 0;
  }
}

}  // namespace

absl::Status InvalidFieldError(std::string_view field, std::string_view description) {
  absl::Status status = absl::InvalidArgumentError(StrCat(field, ": ", description));
  status.SetPayload(kFieldPayload, absl::Cord(Sv(field)));
  return status;
}

absl::Status NotFoundResourceError(std::string_view type, std::string_view name,
                                   std::string_view field) {
  absl::Status status = absl::NotFoundError(StrCat(type, " \"", name, "\" not found"));
  status.SetPayload(kResourceTypePayload, absl::Cord(Sv(type)));
  status.SetPayload(kResourceNamePayload, absl::Cord(Sv(name)));
  if (!field.empty()) status.SetPayload(kFieldPayload, absl::Cord(Sv(field)));
  return status;
}

absl::Status InField(const absl::Status& status, std::string_view field) {
  if (status.ok()) return status;
  absl::Status out = status;
  if (status.code() != absl::StatusCode::kNotFound) {
    out = absl::Status(status.code(), StrCat(field, ": ", status.message()));
    status.ForEachPayload([&](absl::string_view type, const absl::Cord& value) {
      out.SetPayload(type, value);
    });
  }
  const std::optional<std::string> inner = Payload(status, kFieldPayload);
  out.SetPayload(kFieldPayload,
                 absl::Cord(inner ? StrCat(field, ".", *inner) : std::string(field)));
  return out;
}

absl::Status WithReason(absl::Status status, std::string_view reason) {
  if (!status.ok()) status.SetPayload(kReasonPayload, absl::Cord(Sv(reason)));
  return status;
}

absl::Status NotRetryable(absl::Status status) {
  if (!status.ok()) status.SetPayload(kNotRetryablePayload, absl::Cord());
  return status;
}

bool IsNotRetryable(const absl::Status& status) {
  return status.GetPayload(kNotRetryablePayload).has_value();
}

std::optional<std::string> ErrorField(const absl::Status& status) {
  if (std::optional<std::string> field = Payload(status, kFieldPayload)) return field;
  if (status.code() != absl::StatusCode::kInvalidArgument) return std::nullopt;
  const std::string_view message = StdSv(status.message());
  const size_t length = LeadingFieldPath(message);
  if (length == 0) return std::nullopt;
  return std::string(message.substr(0, length));
}

std::optional<ErrorResource> ErrorResourceOf(const absl::Status& status) {
  std::optional<std::string> type = Payload(status, kResourceTypePayload);
  std::optional<std::string> name = Payload(status, kResourceNamePayload);
  if (!type || !name) return std::nullopt;
  return ErrorResource{.type = std::move(*type), .name = std::move(*name)};
}

std::string ErrorReason(const absl::Status& status) {
  if (std::optional<std::string> reason = Payload(status, kReasonPayload)) return *reason;
  if (std::optional<ErrorResource> resource = ErrorResourceOf(status)) {
    return StrCat(absl::AsciiStrToUpper(resource->type), "_NOT_FOUND");
  }
  if (status.code() == absl::StatusCode::kInvalidArgument && ErrorField(status)) {
    return "INVALID_FIELD";
  }
  return absl::AsciiStrToUpper(absl::StatusCodeToString(status.code()));
}

}  // namespace remarkgraph
