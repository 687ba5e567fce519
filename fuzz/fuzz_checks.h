// What every fuzz target in fuzz/ shares: a check that stops the run (libFuzzer saves the input as
// a crash) and the contract of a Primer-format error body.
#pragma once

#include <boost/json.hpp>
#include <string_view>

namespace sy::fuzz {

// Not assert(): the fuzz build may define NDEBUG, and a failed property must always be a crash.
inline void require(bool condition) {
  if (!condition) __builtin_trap();
}

// `text` parses as one JSON value; returns it (null when it does not parse, after failing).
inline boost::json::value requireJson(std::string_view text) {
  boost::json::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  require(!ec);
  return v;
}

// A JSONPath as the codecs write them: "$", then members and indices.
inline void requireJsonPath(std::string_view path) {
  require(!path.empty() && path[0] == '$');
  require(path.size() == 1 || path[1] == '.' || path[1] == '[');
}

// `{"error": {"errorId": <errorId>, "description": "...", "diagnosticsId": ..., ...}}`, and each of
// its validationErrors names a model and has errors with a JSONPath and a description.
inline void requirePrimerError(std::string_view body, std::string_view errorId) {
  boost::json::value v = requireJson(body);
  const boost::json::object* top = v.if_object();
  require(top && top->contains("error"));
  const boost::json::object* e = top->at("error").if_object();
  require(e != nullptr);
  const boost::json::string* id = e->contains("errorId") ? e->at("errorId").if_string() : nullptr;
  require(id && *id == errorId);
  const boost::json::string* d =
      e->contains("description") ? e->at("description").if_string() : nullptr;
  require(d && !d->empty());
  if (!e->contains("validationErrors")) return;
  const boost::json::array* list = e->at("validationErrors").if_array();
  require(list && !list->empty());
  for (const boost::json::value& model : *list) {
    const boost::json::object& m = model.as_object();
    require(!m.at("model").as_string().empty());
    const boost::json::array& errors = m.at("errors").as_array();
    require(!errors.empty());
    for (const boost::json::value& fe : errors) {
      requireJsonPath(fe.at("path").as_string());
      require(!fe.at("description").as_string().empty());
    }
  }
}

}  // namespace sy::fuzz
