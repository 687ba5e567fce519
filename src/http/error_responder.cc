#include "http/error_responder.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace sy::http {

Response defaultErrorResponse(unsigned status, std::string_view errorId,
                              std::string_view description, const Request& request) {
  boost::json::object error;
  error["errorId"] = errorId;
  error["description"] = description;
  error["diagnosticsId"] = request.requestId;
  boost::json::object envelope;
  envelope["error"] = std::move(error);
  return Response::json(status, boost::json::serialize(envelope));
}

}  // namespace sy::http
