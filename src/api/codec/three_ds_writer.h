// The 3-D Secure members of a payment response (docs/three_d_secure.md): `requiredAction`
// (PaymentRequiredActionAPISchema) while the customer must complete a challenge, and
// `paymentMethod.threeDSecureAuthentication` (ThreeDSecureAuthenticationAPISchema).
#pragma once

#include <string>

#include "api/codec/json_writer.h"
#include "domain/payment.h"

namespace sy::api::codec {

// The client token of a pending challenge: base64 of the JSON
//   {"type":"3DS_CHALLENGE","paymentId":...,"challengeUrl":...,"resumeToken":...}
// which the checkout reads to show the challenge, then hands resumeToken back to resume.
std::string challengeClientToken(const domain::Payment& p, const domain::PendingChallenge& c);

// True when `p` waits for the customer's challenge (the response then has requiredAction).
bool awaitsChallenge(const domain::Payment& p);

// "requiredAction": {...} when awaitsChallenge(p).
void writeRequiredAction(JsonWriter& w, const domain::Payment& p);
// "threeDSecureAuthentication": {...} inside paymentMethod: the result, or CHALLENGE while the
// customer has one open; omitted (the spec's default NOT_PERFORMED) when 3-D Secure never ran.
void writeThreeDsAuthentication(JsonWriter& w, const domain::Payment& p);

}  // namespace sy::api::codec
