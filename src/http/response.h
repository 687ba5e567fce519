// The response a handler returns; the server adds framing headers and X-Request-Id.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sy::http {

struct Response {
  unsigned status = 200;
  std::string body;
  std::string contentType = "application/json";  // omitted from the wire when empty
  // Extra headers, sent as given (the server adds Content-Length and X-Request-Id).
  std::vector<std::pair<std::string, std::string>> headers;
  // Close the connection without writing anything: lets processor emulators inject a "dropped
  // connection after the request arrived" fault. Everything else above is ignored.
  bool dropConnection = false;

  static Response json(unsigned status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static Response drop() {
    Response r;
    r.dropConnection = true;
    return r;
  }
};

}  // namespace sy::http
