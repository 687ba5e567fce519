#include "http/router.h"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <stdexcept>

namespace sy::http {

namespace http = boost::beast::http;

struct Router::Node {
  struct Route {
    http::verb method;
    Handler handler;
    std::string pattern;
    std::vector<std::string> paramNames;  // in path order; names may differ between routes
  };
  // Few children per level in a REST API: a linear scan beats hashing here.
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> literals;
  std::unique_ptr<Node> param;
  std::vector<Route> routes;

  Node* literalChild(std::string_view segment) const {
    for (const auto& [text, child] : literals) {
      if (text == segment) return child.get();
    }
    return nullptr;
  }
};

namespace {

using Segments = boost::container::small_vector<std::string_view, 8>;

// Splits "/a/b" into {"a", "b"}; "/" into {}; "/a/" into {"a", ""}.
bool splitPath(std::string_view path, Segments& out) {
  if (path.empty() || path.front() != '/') return false;
  if (path.size() == 1) return true;
  path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes one path segment; a malformed escape is kept literally (it cannot match a
// route literal, and the server rejects such targets before routing anyway).
std::string percentDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      int hi = hexValue(in[i + 1]), lo = hexValue(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

std::string_view trimBraces(std::string_view segment) {
  return segment.substr(1, segment.size() - 2);
}

bool isParamSegment(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

struct Router::Search {
  http::verb method;
  const Segments& segments;
  boost::container::small_vector<size_t, 8> paramIndexes;  // which segments the params took
  // Nodes whose path matched but not the method: their methods make up the 405's Allow.
  boost::container::small_vector<const Node*, 2> pathMatches;

  const Node::Route* run(const Node& node, size_t depth) {
    if (depth == segments.size()) {
      if (node.routes.empty()) return nullptr;
      for (const auto& route : node.routes) {
        if (route.method == method) return &route;
      }
      pathMatches.push_back(&node);
      return nullptr;
    }
    if (const Node* literal = node.literalChild(segments[depth])) {
      if (auto* found = run(*literal, depth + 1)) return found;
    }
    if (node.param && !segments[depth].empty()) {
      paramIndexes.push_back(depth);
      if (auto* found = run(*node.param, depth + 1)) return found;
      paramIndexes.pop_back();
    }
    return nullptr;
  }
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::add(http::verb method, std::string pattern, Handler handler) {
  Segments segments;
  if (!splitPath(pattern, segments)) {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  Node* node = root_.get();
  std::vector<std::string> paramNames;
  for (std::string_view segment : segments) {
    if (segment.find_first_of("{}") != std::string_view::npos) {
      if (!isParamSegment(segment) || segment.size() == 2 ||
          trimBraces(segment).find_first_of("{}") != std::string_view::npos) {
        throw std::invalid_argument("malformed param segment in route pattern: " + pattern);
      }
      paramNames.emplace_back(trimBraces(segment));
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
      continue;
    }
    Node* child = node->literalChild(segment);
    if (!child) {
      node->literals.emplace_back(std::string(segment), std::make_unique<Node>());
      child = node->literals.back().second.get();
    }
    node = child;
  }
  for (const auto& route : node->routes) {
    if (route.method == method) {
      throw std::invalid_argument("duplicate route: " + std::string(http::to_string(method)) + " " +
                                  pattern);
    }
  }
  node->routes.push_back(
      Node::Route{method, std::move(handler), std::move(pattern), std::move(paramNames)});
}

Router::Match Router::match(http::verb method, std::string_view encodedPath) const {
  Match result;
  Segments raw;
  if (!splitPath(encodedPath, raw)) return result;

  // Decoded copies only for segments that carry escapes; the common case allocates nothing.
  boost::container::small_vector<std::string, 2> decodedStorage;
  decodedStorage.reserve(raw.size());  // no reallocation, so views below stay valid
  Segments segments;
  for (std::string_view segment : raw) {
    if (segment.find('%') == std::string_view::npos) {
      segments.push_back(segment);
    } else {
      decodedStorage.push_back(percentDecode(segment));
      segments.push_back(decodedStorage.back());
    }
  }

  Search search{method, segments, {}, {}};
  if (const Node::Route* route = search.run(*root_, 0)) {
    result.outcome = Match::Outcome::kMatched;
    result.handler = &route->handler;
    result.pattern = route->pattern;
    for (size_t i = 0; i < route->paramNames.size(); ++i) {
      result.params.emplace(route->paramNames[i], segments[search.paramIndexes[i]]);
    }
    return result;
  }
  if (!search.pathMatches.empty()) {
    result.outcome = Match::Outcome::kMethodNotAllowed;
    std::vector<http::verb> methods;
    for (const Node* node : search.pathMatches) {
      for (const auto& route : node->routes) {
        if (std::find(methods.begin(), methods.end(), route.method) == methods.end()) {
          methods.push_back(route.method);
        }
      }
    }
    std::sort(methods.begin(), methods.end());
    for (http::verb m : methods) {
      if (!result.allow.empty()) result.allow += ", ";
      result.allow += http::to_string(m);
    }
  }
  return result;
}

}  // namespace sy::http
