// Payment responses: PaymentAPIResponse (GET /payments/{id} and every POST on a payment) and
// PaymentListAPIResponse (GET /payments). Absent optional members are omitted, never null.
#pragma once

#include <optional>
#include <string>

#include "domain/payment.h"
#include "store/records.h"

namespace sy::api::codec {

// PaymentAPIResponse:
// - id, date, dateUpdated, status, cardTokenType "CARD_PAN", orderId?, currencyCode, amount,
//   customerId?, customer?, order?, metadata? (the stored request objects, spliced verbatim);
// - paymentMethod: descriptor?, paymentType?, authorizationType (the request's, default FINAL) from
//   the stored request options, plus paymentMethodToken, isVaulted (an instrument's token),
//   paymentMethodType
//   PAYMENT_CARD and paymentMethodData (first6Digits, last4Digits, expirationMonth, expirationYear,
//   cardholderName?, network, isNetworkTokenized false, binData) when the card is known;
// - processor {name, processorMerchantId, amountCaptured, amountRefunded} once a connection holds
//   the payment; statusReason when set;
// - transactions: one per processor attempt (SALE) and refund (REFUND), always an array (empty for
//   a PENDING payment that never reached a processor). Each carries both the names the spec's
//   TransactionOverviewAPISchema requires (type, status, processor) and the names it defines as
//   properties (transactionType, processorStatus, processorName); processorStatusReason only for
//   DECLINED/FAILED; events (succeeded ones only) when `expandEvents`;
// - routing (Switchyard extension, not in the spec, which allows extra members): how the payment
//   was routed, domain::routingToJson(), when recorded. The list's summaries do not carry it.
std::string writePayment(const domain::Payment& payment, bool expandEvents);

class JsonWriter;
// "paymentMethodData": PaymentCardTokenAPISchema of the card, binData from the BIN table
// (domain/bin_table.h) with UNKNOWN for what it does not know. Shared with the instruments' writer.
void writeCardData(JsonWriter& w, const domain::CardSummary& card);

// PaymentListAPIResponse: {"data": [PaymentSummaryAPISchema...], "nextCursor"?, "prevCursor"?}.
// orderId is always written (the summary schema requires it; "" when the payment has none).
std::string writePaymentSummaryList(const store::PaymentPage& page,
                                    std::optional<std::string> nextCursor,
                                    std::optional<std::string> prevCursor);

}  // namespace sy::api::codec
