// Resolving processor calls whose outcome is not recorded: the crash between call and commit, or
// the timeout that left an attempt unknown. The processor is asked with the call's own key.
#include "common/log.h"
#include "domain/state_machine.h"
#include "orchestrator/call_results.h"
#include "orchestrator/payment_engine.h"
#include "store/awaitable.h"

namespace sy::orchestrator {
namespace {
using connectors::CallOutcome;
using connectors::InquiryRequest;
using domain::EventType;
using domain::Outcome;
using domain::Payment;
using domain::PaymentStatus;
using domain::TransactionType;

bool isUnresolved(Outcome o) { return o == Outcome::kInFlight || o == Outcome::kUnknown; }
}  // namespace

boost::asio::awaitable<Status> PaymentEngine::resolve(std::string merchantId,
                                                      std::string paymentId) {
  ActiveGuard guard(*this, paymentId);
  if (!guard.owned()) co_return Status::ok();  // a call of this payment is running here
  auto loaded = co_await load(merchantId, paymentId);
  if (!loaded) co_return loaded.status();
  Payment p = std::move(*loaded);
  bool changed = false;

  for (auto& tx : p.transactions) {
    auto target = co_await targetOf(p.merchantId, tx.connectionId);
    if (!target) {
      log::warn("cannot resolve: connection unavailable", {{"payment_id", p.id}});
      continue;
    }
    if (isUnresolved(tx.outcome)) {
      InquiryRequest q;
      q.kind = tx.type == TransactionType::kSale ? InquiryRequest::Kind::kAuthorize
                                                 : InquiryRequest::Kind::kRefund;
      q.attemptKey = tx.attemptKey;
      q.processorTransactionId =
          tx.type == TransactionType::kSale ? tx.processorTransactionId : "";
      if (tx.type == TransactionType::kRefund) {
        if (const auto* sale = domain::activeSale(p)) q.processorTransactionId = sale->processorTransactionId;
      }
      auto r = co_await target->connector->inquire(target->config, q);
      if (r.outcome == CallOutcome::kUnknown) continue;  // still unreachable: try next sweep
      if (tx.type == TransactionType::kSale) {
        applyAuthorization(p, tx, r);
      } else {
        applyRefund(p, tx, r);
      }
      changed = true;
      log::info("resolved call", {{"payment_id", p.id},
                                  {"kind", std::string(domain::toString(tx.type))},
                                  {"outcome", std::string(domain::toString(tx.outcome))}});
    }
    for (auto& e : tx.events) {
      if (!isUnresolved(e.outcome)) continue;
      InquiryRequest q;
      q.kind = e.type == EventType::kCancellationSucceeded ? InquiryRequest::Kind::kCancel
                                                           : InquiryRequest::Kind::kCapture;
      q.attemptKey = e.attemptKey;
      q.processorTransactionId = tx.processorTransactionId;
      auto r = co_await target->connector->inquire(target->config, q);
      if (r.outcome == CallOutcome::kUnknown) continue;
      e.outcome = outcomeOf(r.outcome);
      if (!r.processorOperationId.empty()) e.processorEventId = r.processorOperationId;
      if (e.outcome == Outcome::kSucceeded) {
        if (e.type == EventType::kCaptureSucceeded) {
          p.amountCaptured += e.amount;
          p.status = domain::statusAfterCapture(p, e.final);
        } else {
          p.status = PaymentStatus::kCancelled;
        }
        tx.status = p.status;
      }
      changed = true;
    }
  }
  if (!changed) co_return Status::ok();
  const Idempotency none;
  co_return co_await commitOutcome(p, none, nullptr);
}

}  // namespace sy::orchestrator
