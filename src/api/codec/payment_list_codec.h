// GET /payments: query parameters -> store::PaymentFilter, and the opaque page cursors.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/codec/validation.h"
#include "store/records.h"

namespace sy::api::codec {

struct PaymentListQuery {
  // status, currency_code, processor, customer_id, customer_email_address, last_4_digits,
  // order_id, min_amount, max_amount, from_date, to_date, limit, and the cursor's position
  // (olderThan for a next-page cursor, newerThan for a previous-page one).
  store::PaymentFilter filter;
  // payment_method_type as given (validated against PaymentMethodTypeEnum).
  std::vector<std::string> paymentMethodTypes;
  // True when the filter can match no payment Switchyard holds: every payment is PAYMENT_CARD, so
  // a payment_method_type list without it, or any paypal_email / klarna_email, matches nothing.
  // The handler then answers {"data": []} without asking the store.
  bool matchesNothing = false;
};

// `query` is the decoded (percent-unescaped) name/value pairs in order. from_date/to_date take an
// ISO 8601 date-time or a date; both bounds are inclusive, and a to_date given as a bare date means
// the end of that day (to_date=2024-01-31 includes payments made on the 31st). Array parameters may
// be repeated (status=A&status=B) or comma-separated (status=A,B); for the others the last value
// wins. merchant_id is accepted and ignored: a merchant only ever sees its own payments. Unknown
// parameters are ignored. Bad values are validation errors (model "PaymentListQuery") at
// `$.<name>`:
// `$.limit`, `$.status`, `$.cursor`...
Decoded<PaymentListQuery> decodePaymentListQuery(
    const std::vector<std::pair<std::string, std::string>>& query);

// An opaque cursor: base64url (no padding) of the page key and its direction. `older` = true for
// nextCursor (the page after, i.e. older payments), false for prevCursor.
std::string encodeCursor(const store::PageKey& key, bool older);

// The cursors for a page the store returned: nextCursor (older payments) when `page.hasOlder`,
// keyed on the last payment; prevCursor (newer payments) when `page.hasNewer`, keyed on the first.
struct PageCursors {
  std::optional<std::string> next;
  std::optional<std::string> prev;
};
PageCursors cursorsFor(const store::PaymentPage& page);

struct DecodedCursor {
  store::PageKey key;
  bool older = true;
};
// nullopt for anything encodeCursor did not produce.
std::optional<DecodedCursor> decodeCursor(std::string_view cursor);

}  // namespace sy::api::codec
