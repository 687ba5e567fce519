// Maps (method, path) to a handler. Patterns are '/'-separated literal segments and {name} params:
// "/payments/{id}/capture". Matching walks a segment trie (no regex), preferring a literal segment
// over a param at each level and backtracking when the literal branch dead-ends.
//
// Thread safety: add() only before the server starts; match() is const and safe from any thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace sy::http {

// A handler may co_await anything; it runs on its connection's strand. An exception it throws
// becomes a 500 through the server's error responder.
using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers `handler` for `method` on `pattern`. A malformed pattern ("payments", "/a/{}",
  // "/a/{id") or a duplicate (method, pattern) is a wiring bug: throws std::invalid_argument.
  void add(boost::beast::http::verb method, std::string pattern, Handler handler);

  struct Match {
    enum class Outcome { kMatched, kNotFound, kMethodNotAllowed };
    Outcome outcome = Outcome::kNotFound;
    const Handler* handler = nullptr;  // set when kMatched; owned by the router
    std::string_view pattern;          // the matched route's pattern, for logs and metrics
    std::unordered_map<std::string, std::string> params;  // percent-decoded {name} values
    std::string allow;  // for kMethodNotAllowed: the path's methods, "GET, POST"
  };

  // `encodedPath` is the path as received (escapes intact, no query) so that "%2F" inside a
  // param stays part of that param; segments are percent-decoded before comparing.
  // A trailing slash is significant: "/payments/" does not match "/payments".
  Match match(boost::beast::http::verb method, std::string_view encodedPath) const;

 private:
  struct Node;
  struct Search;
  std::unique_ptr<Node> root_;
};

}  // namespace sy::http
