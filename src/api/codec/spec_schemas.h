// The request-body schemas of the Primer v2.4 contract as validator tables (see schema.h), one per
// request the merchant API accepts. Where Switchyard is stricter or wider than the spec, the
// definition in spec_schemas.cc says so next to the field.
#pragma once

#include "api/codec/schema.h"

namespace sy::api::codec::spec {

extern const schema::Node kClientSessionAPIRequest;
// PATCH /client-session: every member but clientToken may be null (clear it); customer and order
// members may be null too (they are merged one level deep).
extern const schema::Node kClientSessionUpdateAPIRequest;
extern const schema::Node kPaymentCreationAPIRequest;
extern const schema::Node kPaymentCaptureAPIRequest;
extern const schema::Node kPaymentCancelAPIRequest;
extern const schema::Node kPaymentRefundAPIRequest;
extern const schema::Node kPaymentResumeAPIRequest;
extern const schema::Node kPaymentAuthorizationAPIRequest;
// POST /checkout/tokenize (Switchyard): types and presence only; card rules are in card_rules.h.
extern const schema::Node kTokenizeAPIRequest;
// POST /payment-instruments/{token}/vault: {"customerId"} (1-255 characters).
extern const schema::Node kVaultPaymentMethodAPIRequest;
// POST /workflows/{id}/simulate (Switchyard): the range of past payments or hypothetical ones.
extern const schema::Node kWorkflowSimulationRequest;

}  // namespace sy::api::codec::spec
