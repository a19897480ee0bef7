// String helpers over abseil. Debian's abseil is built with its own
// absl::string_view (not std::string_view), so absl::StrCat and friends do
// not take std::string_view; these thin adapters convert at the call.
#ifndef REMARKGRAPH_COMMON_STRINGS_H_
#define REMARKGRAPH_COMMON_STRINGS_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace remarkgraph {

// A std::string_view as an absl::string_view (same bytes, no copy).
inline absl::string_view Sv(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}
// An absl::string_view as a std::string_view.
inline std::string_view StdSv(absl::string_view text) {
  return std::string_view(text.data(), text.size());
}

namespace strings_internal {
template <typename T>
decltype(auto) ToAlphaNumArg(const T& value) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return Sv(value);
  } else {
    return (value);
  }
}
}  // namespace strings_internal

// absl::StrCat that also takes std::string_view arguments.
template <typename... Args>
std::string StrCat(const Args&... args) {
  return absl::StrCat(strings_internal::ToAlphaNumArg(args)...);
}

}  // namespace remarkgraph

#endif  // REMARKGRAPH_COMMON_STRINGS_H_
