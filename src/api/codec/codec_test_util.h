// Helpers shared by the codec tests.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "api/codec/validation.h"

namespace sy::api::codec {

inline void PrintTo(const FieldError& e, std::ostream* os) {
  *os << "{" << e.path << ": " << e.description << "}";
}

namespace testing_util {

inline FieldError err(std::string path, std::string description) {
  return {std::move(path), std::move(description)};
}

// The validation errors of a refused request (and a test failure if it was not refused so).
template <class T>
std::vector<FieldError> errorsOf(const Decoded<T>& d) {
  EXPECT_FALSE(d.isOk());
  if (d.isOk()) return {};
  EXPECT_EQ(d.error().kind, DecodeError::kValidation) << d.error().description;
  return d.error().validation.errors;
}

// Compares JSON texts structurally, so a test does not depend on member order.
inline void expectJsonEq(std::string_view actual, std::string_view expected) {
  EXPECT_EQ(boost::json::parse(actual), boost::json::parse(expected)) << actual;
}

}  // namespace testing_util
}  // namespace sy::api::codec
