// The test processor against the connector conformance kit (connectors/testing/).
#include "connectors/test_processor/test_processor_kit.h"
#include "connectors/testing/conformance_suite.h"

namespace sy::connectors::testing {
static_assert(ConnectorKit<TestProcessorKit>);
INSTANTIATE_TYPED_TEST_SUITE_P(TestProcessor, ConnectorConformance, TestProcessorKit);
}  // namespace sy::connectors::testing
