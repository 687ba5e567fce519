// Status and Result<T>: errors as values. No exceptions cross a module boundary on the request path.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sy {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // the caller sent something malformed (-> 400/422)
  kNotFound,            // object absent or not the caller's (-> 404)
  kAlreadyExists,       // uniqueness violated (-> 409)
  kFailedPrecondition,  // illegal state transition (-> 400)
  kUnauthenticated,     // missing/bad credentials (-> 401)
  kPermissionDenied,    // authenticated, but not allowed (-> 403)
  kResourceExhausted,   // limits, overload (-> 413/429/503)
  kUnavailable,         // a dependency is down; retry may help (-> 503)
  kDeadlineExceeded,    // timed out; outcome may be unknown
  kInternal,            // a bug or corrupted state (-> 500)
  kUnimplemented,       // the operation is not supported by this component (-> 501)
};

const char* statusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  // `reason` is a stable machine-readable id ("InvalidPaymentStatus") the API turns into errorId.
  Status(StatusCode code, std::string message, std::string reason)
      : code_(code), message_(std::move(message)), reason_(std::move(reason)) {}
  static Status ok() { return Status(); }

  bool isOk() const { return code_ == StatusCode::kOk; }
  explicit operator bool() const { return isOk(); }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& reason() const { return reason_; }
  std::string toString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string reason_;
};

inline Status invalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status notFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status alreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status failedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status internalError(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status deadlineExceeded(std::string m) {
  return {StatusCode::kDeadlineExceeded, std::move(m)};
}
inline Status unauthenticated(std::string m) {
  return {StatusCode::kUnauthenticated, std::move(m)};
}
inline Status unimplemented(std::string m) { return {StatusCode::kUnimplemented, std::move(m)}; }

// Result<T> holds a T or a non-OK Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).isOk()); }  // NOLINT

  bool isOk() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return isOk(); }
  const Status& status() const {
    static const Status kOk;
    return isOk() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace sy

// Propagates a non-OK Status from an expression returning Status.
#define SY_RETURN_IF_ERROR(expr)            \
  do {                                      \
    ::sy::Status sy_status_ = (expr);       \
    if (!sy_status_.isOk()) return sy_status_; \
  } while (0)

// The same, inside a coroutine.
#define SY_CO_RETURN_IF_ERROR(expr)             \
  do {                                          \
    ::sy::Status sy_status_ = (expr);           \
    if (!sy_status_.isOk()) co_return sy_status_; \
  } while (0)
