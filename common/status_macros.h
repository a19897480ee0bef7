// Small status helpers. Debian's abseil (20220623) ships no status macros.
#ifndef REMARKGRAPH_COMMON_STATUS_MACROS_H_
#define REMARKGRAPH_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define RG_CONCAT_INNER_(a, b) a##b
#define RG_CONCAT_(a, b) RG_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (an absl::Status) is not OK.
#define RETURN_IF_ERROR(expr)                   \
  do {                                          \
    ::absl::Status rg_status_ = (expr);         \
    if (!rg_status_.ok()) return rg_status_;    \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, StatusOrExpr())`: assigns the value or returns
// the error from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr) \
  RG_ASSIGN_OR_RETURN_IMPL_(RG_CONCAT_(rg_statusor_, __LINE__), lhs, expr)

#define RG_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                              \
  if (!statusor.ok()) return statusor.status();        \
  lhs = std::move(statusor).value()

#endif  // REMARKGRAPH_COMMON_STATUS_MACROS_H_
