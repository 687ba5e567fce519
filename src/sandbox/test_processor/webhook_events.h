// The webhooks the test processor emulator sends after the calls it answers (docs/test-processor.md
// "Webhooks"): one event per payment, capture, void or refund it created, `data` being the object
// exactly as the API returned it. Unsigned here; webhook_signer.h signs the body.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace sy::sandbox::test_processor {

// The event body for an answer (status and body), or nullopt when it gets none (errors, lookups).
// `eventId` names the event ("tp_evt_..."), the same on every redelivery.
std::optional<std::string> webhookEventFor(unsigned responseStatus, std::string_view responseBody,
                                           std::string_view eventId, TimePoint now);

}  // namespace sy::sandbox::test_processor
