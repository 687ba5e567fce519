#include "common/ids.h"

#include <gtest/gtest.h>

namespace sy {
namespace {

TEST(Ids, UuidV4HasTheRfc4122ShapeAndVersion) {
  const std::string id = uuidV4();
  EXPECT_TRUE(isUuidShaped(id));
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(uuidV4(), id);
}

TEST(Ids, UuidShapeAcceptsEitherCaseAndRejectsAnythingElse) {
  EXPECT_TRUE(isUuidShaped("493cde19-04f2-4913-b00b-71af806f4374"));
  EXPECT_TRUE(isUuidShaped("493CDE19-04F2-4913-B00B-71AF806F4374"));
  EXPECT_FALSE(isUuidShaped(""));
  EXPECT_FALSE(isUuidShaped("493cde19-04f2-4913-b00b-71af806f437"));    // short
  EXPECT_FALSE(isUuidShaped("493cde19-04f2-4913-b00b-71af806f43744"));  // long
  EXPECT_FALSE(isUuidShaped("493cde19x04f2-4913-b00b-71af806f4374"));   // separator
  EXPECT_FALSE(isUuidShaped("493cde19-04f2-4913-b00b-71af806f437g"));   // not hex
  EXPECT_FALSE(isUuidShaped("../../3ds/areq/0000-0000-0000-00000000"));
}

}  // namespace
}  // namespace sy
