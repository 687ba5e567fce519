#include "orchestrator/processor_requests.h"

#include <utility>

#include "orchestrator/call_results.h"

namespace sy::orchestrator {

connectors::AuthorizeRequest authorizeRequestFor(const domain::Payment& p,
                                                 const domain::Transaction& sale,
                                                 vault::ClearCard card) {
  connectors::AuthorizeRequest req;
  req.attemptKey = sale.attemptKey;
  req.amount = p.amount;
  req.currencyCode = p.currencyCode;
  req.currencyExponent = exponentOf(p.currencyCode);
  req.orderId = p.orderId;
  req.card.number = std::move(card.number);
  req.card.cvv = std::move(card.cvv);
  req.card.expirationMonth = std::move(card.expirationMonth);
  req.card.expirationYear = std::move(card.expirationYear);
  req.card.cardholderName = std::move(card.cardholderName);
  return req;
}

connectors::CaptureRequest captureRequestFor(const domain::Payment& p,
                                             const domain::Transaction& sale,
                                             const domain::TransactionEvent& capture) {
  return {capture.attemptKey, sale.processorTransactionId, capture.amount, p.currencyCode,
          exponentOf(p.currencyCode), capture.final};
}

connectors::CancelRequest cancelRequestFor(const domain::Transaction& sale,
                                           const domain::TransactionEvent& cancellation) {
  return {cancellation.attemptKey, sale.processorTransactionId};
}

connectors::RefundRequest refundRequestFor(const domain::Payment& p,
                                           const domain::Transaction& sale,
                                           const domain::Transaction& refund) {
  return {refund.attemptKey, sale.processorTransactionId, refund.amount,
          p.currencyCode, exponentOf(p.currencyCode), refund.reason};
}

}  // namespace sy::orchestrator
