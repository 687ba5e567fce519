// Checkout.com against the connector conformance kit (connectors/testing/).
#include "connectors/checkoutcom/checkoutcom_kit.h"
#include "connectors/testing/conformance_suite.h"

namespace sy::connectors::testing {
static_assert(ConnectorKit<CheckoutComKit>);
INSTANTIATE_TYPED_TEST_SUITE_P(CheckoutCom, ConnectorConformance, CheckoutComKit);
}  // namespace sy::connectors::testing
