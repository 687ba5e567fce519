// Adyen against the connector conformance kit (connectors/testing/).
#include "connectors/adyen/adyen_kit.h"
#include "connectors/testing/conformance_suite.h"

namespace sy::connectors::testing {
static_assert(ConnectorKit<AdyenKit>);
INSTANTIATE_TYPED_TEST_SUITE_P(Adyen, ConnectorConformance, AdyenKit);
}  // namespace sy::connectors::testing
