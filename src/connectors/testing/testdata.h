// The recorded wire bodies a connector's offline tests read: testdata/<name> beside the test file
// that asks (found through the caller's source location, so tests run from any directory the
// build's relative __FILE__ paths allow: the build directory).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <source_location>
#include <sstream>
#include <string>
#include <string_view>

namespace sy::connectors::testing {

inline std::string testdata(std::string_view name,
                            std::source_location caller = std::source_location::current()) {
  auto path = std::filesystem::path(caller.file_name()).parent_path() / "testdata" / name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace sy::connectors::testing
