// Turning errors into Primer-format HTTP responses: Status values from the engine and store, and
// decode errors from the codecs.
#pragma once

#include <string_view>

#include "api/codec/validation.h"
#include "common/status.h"
#include "http/request.h"
#include "http/response.h"

namespace sy::api {

// The HTTP status a Status maps to (its reason refines the code: MissingPaymentFields -> 422...).
unsigned httpStatusOf(const Status& s);
// The Primer errorId for a Status: its reason when set, else a generic id for its code.
std::string_view errorIdOf(const Status& s);

// {"error": {...}} with diagnosticsId = the request id. Internal errors get a generic description.
http::Response errorResponse(const Status& s, std::string_view requestId,
                             std::string_view paymentId = {}, std::string_view paymentStatus = {});
http::Response errorResponse(unsigned status, std::string_view errorId, std::string_view description,
                             std::string_view requestId);
http::Response decodeErrorResponse(const codec::DecodeError& e, std::string_view requestId);

// The server's own errors (404, 405, 413...) in the same envelope.
http::Response serverErrorResponder(unsigned status, std::string_view errorId,
                                    std::string_view description, const http::Request& request);

}  // namespace sy::api
