// Helpers every connector's plumbing shares: naming outcomes, results decided without a call, and
// the one log line per processor call (ids and outcomes only: never headers, bodies, card data or
// credentials).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "connectors/connector.h"

namespace sy::connectors {

std::string_view outcomeName(CallOutcome o);

// A call refused before anything was sent (bad credentials, an amount the processor cannot
// represent): a definite failure, nothing charged.
CallResult notSent(std::string message);

// A call whose outcome the caller cannot know (timeout, dropped connection, 5xx, unreadable
// answer): kUnknown, GATEWAY_TIMEOUT, "outcome unknown: <why>". Never a decline: the caller
// resolves it with inquire() under the same key.
CallResult unknownOutcome(std::string_view why);

// Logs one processor call as `message` ("stripe call"), at warn level when the outcome is unknown.
void logCall(std::string_view message, std::string_view operation, const std::string& attemptKey,
             unsigned httpStatus, std::chrono::steady_clock::duration elapsed, const CallResult& r);

}  // namespace sy::connectors
