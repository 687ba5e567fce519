#include "api/error_response.h"

#include "api/codec/error_writer.h"

namespace sy::api {

unsigned httpStatusOf(const Status& s) {
  const std::string& r = s.reason();
  if (r == "MissingPaymentFields" || r == "RequestValidationError") return 422;
  if (r == "IdempotencyKeyInUse" || r == "PaymentOperationInProgress" ||
      r == "ConcurrentModification")
    return 409;
  switch (s.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kResourceExhausted: return 503;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kDeadlineExceeded: return 504;
    case StatusCode::kInternal: return 500;
    case StatusCode::kUnimplemented: return 501;
  }
  return 500;
}

std::string_view errorIdOf(const Status& s) {
  if (s.reason() == "MissingPaymentFields") return "RequestValidationError";
  if (!s.reason().empty()) return s.reason();
  switch (s.code()) {
    case StatusCode::kInvalidArgument: return "BadRequest";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kAlreadyExists: return "Conflict";
    case StatusCode::kFailedPrecondition: return "InvalidPaymentStatus";
    case StatusCode::kUnauthenticated: return "Unauthorized";
    case StatusCode::kPermissionDenied: return "Forbidden";
    case StatusCode::kResourceExhausted:
    case StatusCode::kUnavailable: return "ServiceUnavailable";
    case StatusCode::kDeadlineExceeded: return "GatewayTimeout";
    case StatusCode::kUnimplemented: return "NotImplemented";
    default: return "InternalServerError";
  }
}

http::Response errorResponse(const Status& s, std::string_view requestId,
                             std::string_view paymentId, std::string_view paymentStatus) {
  unsigned status = httpStatusOf(s);
  // Internal messages may name files, tables or states of the machine: never shown to callers.
  std::string_view description =
      status >= 500 && s.code() == StatusCode::kInternal
          ? std::string_view("An internal error occurred; quote the diagnosticsId to support")
          : std::string_view(s.message());
  // 503s: the store's own messages name its internals; say what the caller should do instead.
  // A retry under the same idempotency key is safe: it replays or resumes what was recorded.
  if (status == 503) {
    if (s.reason() == "StoreUnavailable")
      description = "The database is temporarily unavailable; retry shortly with the same "
                    "X-Idempotency-Key";
    else if (s.reason() == "ServiceOverloaded")
      description = "The server is overloaded; retry after the Retry-After delay";
    else if (s.code() != StatusCode::kResourceExhausted)
      description = "The service is temporarily unavailable; retry shortly";
  }
  auto r = http::Response::json(status, codec::writeError(errorIdOf(s), description, requestId,
                                                           nullptr, paymentId, paymentStatus));
  if (status == 503 || (status == 409 && s.reason() != "IdempotencyKeyAlreadyExists"))
    r.headers.emplace_back("Retry-After", "1");
  return r;
}

http::Response errorResponse(unsigned status, std::string_view errorId, std::string_view description,
                             std::string_view requestId) {
  return http::Response::json(status, codec::writeError(errorId, description, requestId));
}

http::Response decodeErrorResponse(const codec::DecodeError& e, std::string_view requestId) {
  return http::Response::json(codec::httpStatusFor(e.kind), codec::writeDecodeError(e, requestId));
}

http::Response serverErrorResponder(unsigned status, std::string_view errorId,
                                    std::string_view description, const http::Request& request) {
  return errorResponse(status, errorId, description, request.requestId);
}

}  // namespace sy::api
