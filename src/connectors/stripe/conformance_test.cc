// Stripe against the connector conformance kit (connectors/testing/).
#include "connectors/stripe/stripe_kit.h"
#include "connectors/testing/conformance_suite.h"

namespace sy::connectors::testing {
static_assert(ConnectorKit<StripeKit>);
INSTANTIATE_TYPED_TEST_SUITE_P(Stripe, ConnectorConformance, StripeKit);
}  // namespace sy::connectors::testing
