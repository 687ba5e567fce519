#include "orchestrator/processor_requests.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <utility>

#include "orchestrator/call_results.h"

namespace sy::orchestrator {

connectors::PaymentType paymentTypeOf(const domain::Payment& p) {
  if (p.paymentMethodJson.empty()) return connectors::PaymentType::kUnspecified;
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(p.paymentMethodJson, ec);
  const boost::json::value* t = !ec && v.is_object() ? v.get_object().if_contains("paymentType")
                                                     : nullptr;
  if (t == nullptr || !t->is_string()) return connectors::PaymentType::kUnspecified;
  const boost::json::string& s = t->get_string();
  if (s == "FIRST_PAYMENT") return connectors::PaymentType::kFirstPayment;
  if (s == "ECOMMERCE") return connectors::PaymentType::kEcommerce;
  if (s == "SUBSCRIPTION") return connectors::PaymentType::kSubscription;
  if (s == "UNSCHEDULED") return connectors::PaymentType::kUnscheduled;
  return connectors::PaymentType::kUnspecified;
}

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
  req.paymentType = paymentTypeOf(p);
  req.storedCard = vault::isInstrumentToken(p.paymentMethodToken);
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
