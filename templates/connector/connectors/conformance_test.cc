// YourProcessor against the connector conformance kit (connectors/testing/).
#include "connectors/testing/conformance_suite.h"
#include "connectors/your_processor/your_processor_kit.h"

namespace sy::connectors::testing {
static_assert(ConnectorKit<YourProcessorKit>);
INSTANTIATE_TYPED_TEST_SUITE_P(YourProcessor, ConnectorConformance, YourProcessorKit);
}  // namespace sy::connectors::testing
