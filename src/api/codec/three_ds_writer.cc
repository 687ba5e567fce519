#include "api/codec/three_ds_writer.h"

#include <boost/json.hpp>

#include "common/crypto.h"

namespace sy::api::codec {
namespace json = boost::json;

std::string challengeClientToken(const domain::Payment& p, const domain::PendingChallenge& c) {
  json::object o{{"type", "3DS_CHALLENGE"},
                 {"paymentId", p.id},
                 {"challengeUrl", c.challengeUrl},
                 {"resumeToken", c.resumeToken}};
  return crypto::base64Encode(json::serialize(o));
}

bool awaitsChallenge(const domain::Payment& p) {
  if (!p.threeDs.challenge || p.status != domain::PaymentStatus::kPending) return false;
  const domain::Transaction* sale = domain::activeSale(p);
  return sale && sale->id == p.threeDs.challenge->transactionId &&
         sale->outcome == domain::Outcome::kActionRequired;
}

void writeRequiredAction(JsonWriter& w, const domain::Payment& p) {
  if (!awaitsChallenge(p)) return;
  w.key("requiredAction").beginObject();
  w.field("name", "3DS_AUTHENTICATION");
  w.field("description",
          "The customer must complete a 3-D Secure challenge; then resume the payment with the "
          "resume token");
  w.field("clientToken", challengeClientToken(p, *p.threeDs.challenge));
  w.endObject();
}

void writeThreeDsAuthentication(JsonWriter& w, const domain::Payment& p) {
  // Omitted (the spec's default, NOT_PERFORMED) for payments 3-D Secure never touched.
  if (!p.threeDs.result && !awaitsChallenge(p)) return;
  w.key("threeDSecureAuthentication").beginObject();
  if (!p.threeDs.result) {
    w.field("responseCode", awaitsChallenge(p) ? "CHALLENGE" : "NOT_PERFORMED");
  } else {
    const domain::ThreeDsAuthentication& a = *p.threeDs.result;
    w.field("responseCode", a.responseCode);
    w.fieldIfNotEmpty("reasonCode", a.reasonCode);
    w.fieldIfNotEmpty("reasonText", a.reasonText);
    w.fieldIfNotEmpty("protocolVersion", a.protocolVersion);
    if (a.challengeIssued) w.field("challengeIssued", *a.challengeIssued);
  }
  w.endObject();
}

}  // namespace sy::api::codec
