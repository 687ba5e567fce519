// Inquiry by replay, for processors that offer no lookup by idempotency key (Adyen, Checkout.com):
// the way to learn what became of a call is to re-send it under the same key. If the first call
// arrived, the processor answers with its stored response and does nothing; if it did not, the
// processor performs it now, once. Either way the answer is the call's true outcome.
//
// The caller rebuilds the call into InquiryRequest::original (connector.h); an authorization comes
// without its CVV, so the processor must match a replay by its key, not by the exact body.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "common/status.h"
#include "connectors/connector.h"

namespace sy::connectors {

// OK when `req.original` may be re-sent to answer `req`: it is set, it is the inquiry's kind of
// call, and it carries the inquiry's key (re-sent under another key it would be a new call).
// Otherwise kFailedPrecondition saying why.
Status checkReplayable(const InquiryRequest& req);

// Re-sends `req.original` through `connector`'s own authorize/capture/cancel/refund and returns
// the answer, except that what still says nothing about the first call is kUnknown: an original
// that is not replayable (checkReplayable) and a replay that could not be sent (notSent). A 5xx,
// a timeout or an "in progress" answer to the replay is already kUnknown from the connector.
boost::asio::awaitable<CallResult> replayOriginalCall(Connector& connector,
                                                      const ConnectionConfig& conn,
                                                      const InquiryRequest& req);

}  // namespace sy::connectors
