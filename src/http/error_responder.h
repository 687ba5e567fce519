// How the server renders the errors it produces itself (404, 405, 400, 413, 431, 500, 503), so the
// API layer can use its own envelope. The default is Primer's:
//   {"error":{"errorId":"NotFound","description":"...","diagnosticsId":"<request id>"}}
#pragma once

#include <functional>
#include <string_view>

#include "http/request.h"
#include "http/response.h"

namespace sy::http {

// `request` may be only partly filled (e.g. a 400 for an unparseable request has no path), but its
// requestId is always set. Must not throw; runs on the connection's strand.
using ErrorResponder =
    std::function<Response(unsigned status, std::string_view errorId, std::string_view description,
                           const Request& request)>;

// errorIds the server passes to the responder.
namespace error_ids {
inline constexpr std::string_view kBadRequest = "BadRequest";
inline constexpr std::string_view kNotFound = "NotFound";
inline constexpr std::string_view kMethodNotAllowed = "MethodNotAllowed";
inline constexpr std::string_view kPayloadTooLarge = "PayloadTooLarge";
inline constexpr std::string_view kHeadersTooLarge = "RequestHeaderFieldsTooLarge";
inline constexpr std::string_view kInternal = "InternalServerError";
inline constexpr std::string_view kOverloaded = "ServiceUnavailable";  // too many connections
inline constexpr std::string_view kServiceOverloaded = "ServiceOverloaded";  // request shed
}  // namespace error_ids

Response defaultErrorResponse(unsigned status, std::string_view errorId,
                              std::string_view description, const Request& request);

}  // namespace sy::http
