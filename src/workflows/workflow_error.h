// One problem found in a workflow document, located by JSONPath ("$.steps[2].routes[1]
// .conditions[0].operator"), in the shape of the API's validation errors (api/codec/validation.h
// FieldError: path + description) so the API can return them as `validationErrors` unchanged.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/json_path.h"

namespace sy::workflows {

struct WorkflowError {
  std::string path;
  std::string description;

  bool operator==(const WorkflowError&) const = default;
};

using WorkflowErrors = std::vector<WorkflowError>;

// A JSONPath under construction; cheap to copy and extend: `path.key("steps").index(2)`.
class JsonPath {
 public:
  JsonPath() : text_("$") {}
  JsonPath key(std::string_view name) const {
    JsonPath p = *this;
    appendJsonPathKey(p.text_, name);
    return p;
  }
  JsonPath index(size_t i) const {
    JsonPath p = *this;
    appendJsonPathIndex(p.text_, i);
    return p;
  }
  const std::string& str() const { return text_; }

 private:
  std::string text_;
};

inline void addError(WorkflowErrors& errors, const JsonPath& path, std::string description) {
  errors.push_back({path.str(), std::move(description)});
}

}  // namespace sy::workflows

namespace sy::workflows {

// A value, or every problem that prevented it (never just the first). Shaped like sy::Result.
template <class T>
class [[nodiscard]] Checked {
 public:
  Checked(T value) : v_(std::move(value)) {}                 // NOLINT: implicit by design
  Checked(WorkflowErrors errors) : v_(std::move(errors)) {}  // NOLINT: implicit by design

  bool isOk() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return isOk(); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const WorkflowErrors& errors() const { return std::get<WorkflowErrors>(v_); }

 private:
  std::variant<T, WorkflowErrors> v_;
};

}  // namespace sy::workflows
