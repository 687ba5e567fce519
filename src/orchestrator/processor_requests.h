// The connector requests for a payment's calls, built from what the engine recorded. The same
// builders serve the first call and its replay during resolution, so a replayed call can never
// drift from the original (processors that resolve lost calls by replay compare them).
#pragma once

#include "connectors/connector.h"
#include "domain/payment.h"
#include "vault/vault.h"

namespace sy::orchestrator {

// Primer's paymentMethod.paymentType of the payment's request; kUnspecified when absent.
connectors::PaymentType paymentTypeOf(const domain::Payment& p);

// `card` is moved into the request; its CVV goes along only if the vault still held it. Carries
// the stored-credential facts (paymentType, a card from a payment instrument); 3-D Secure is the
// engine's to add (PaymentEngine::authorizeRequest).
connectors::AuthorizeRequest authorizeRequestFor(const domain::Payment& p,
                                                 const domain::Transaction& sale,
                                                 vault::ClearCard card);
connectors::CaptureRequest captureRequestFor(const domain::Payment& p,
                                             const domain::Transaction& sale,
                                             const domain::TransactionEvent& capture);
connectors::CancelRequest cancelRequestFor(const domain::Transaction& sale,
                                           const domain::TransactionEvent& cancellation);
connectors::RefundRequest refundRequestFor(const domain::Payment& p,
                                           const domain::Transaction& sale,
                                           const domain::Transaction& refund);

}  // namespace sy::orchestrator
