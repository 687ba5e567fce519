// The 3-D Secure challenge page the emulators (and Switchyard's own ACS) show the customer: what
// is being paid, and two buttons, "Complete authentication" and "Fail authentication", that POST
// `decision=approve|refuse` back to the same URL. Plain HTML, no script, usable with the keyboard
// alone; it may be framed (the checkout shows it in a dialog), so it takes no autofocus (browsers
// block that in cross-origin frames). Shared by every emulator so the
// browser tests click the same thing everywhere. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/response.h"

namespace sy::sandbox {

struct ChallengeView {
  std::string_view processor;  // "Stripe", "Switchyard 3DS"...
  std::string_view action;     // the URL the buttons POST to
  std::string amount;          // as shown, e.g. "42.00 EUR"
  std::string_view last4;
};

http::Response challengePage(const ChallengeView& view);

// "42.00 EUR" from minor units and an ISO 4217 code (exponent from the currency table).
std::string displayAmount(int64_t amount, std::string_view currency);

// The decision in a POSTed form body (`decision=approve` or `decision=refuse`); nullopt otherwise.
std::optional<bool> challengeApproved(std::string_view formBody);

// After the decision: 303 to `returnUrl` when there is one, else a page saying it is done.
http::Response challengeFinished(std::string_view returnUrl, bool approved);

// 404 page for a challenge that does not exist (or is no longer pending).
http::Response challengeNotFound();

}  // namespace sy::sandbox
