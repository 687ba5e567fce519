// Square against the connector conformance kit (connectors/testing/).
#include "connectors/testing/conformance_suite.h"
#include "connectors/square/square_kit.h"

namespace sy::connectors::testing {
static_assert(ConnectorKit<SquareKit>);
INSTANTIATE_TYPED_TEST_SUITE_P(Square, ConnectorConformance, SquareKit);
}  // namespace sy::connectors::testing
