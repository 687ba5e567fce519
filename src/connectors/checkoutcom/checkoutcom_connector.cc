#include "connectors/checkoutcom/checkoutcom_connector.h"

#include "connectors/call_replay.h"
#include "connectors/checkoutcom/transformers.h"
#include "connectors/checkoutcom/webhooks.h"
#include "connectors/processor_call.h"
#include "connectors/processor_url.h"

namespace sy::connectors::checkoutcom {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

constexpr ProcessorProfile kProfile{"checkoutcom call", "Cko-Idempotency-Key", "application/json"};

std::string paymentPath(std::string_view paymentId, std::string_view tail = {}) {
  return "/payments/" + percentEncode(paymentId) + std::string(tail);
}

// A capture or refund answered 202 is accepted, not done: Checkout.com confirms it with its
// payment_captured / payment_refunded webhook (or declines it with *_declined), so the engine
// records it as requested (`requested`: SETTLING, PENDING) until that arrives.
CallResult accepted(CallResult r, domain::PaymentStatus requested) {
  if (r.outcome != CallOutcome::kSucceeded) return r;
  r.status = requested;
  r.awaitsConfirmation = true;
  return r;
}

}  // namespace

Capabilities CheckoutComConnector::capabilities() const {
  Capabilities c;  // every currency Checkout.com prices (exponent converted per its tables)
  c.partialCapture = true;
  c.multipleCapture = true;  // capture_type "NonFinal"
  c.partialRefund = true;
  c.multipleRefund = true;
  c.threeDSecure = true;        // 3ds.enabled: 202 Pending + _links.redirect when challenged
  c.externalThreeDs = true;  // kExternal: the 3ds object with eci, cryptogram, xid
  c.asyncModifications = true;  // captures, voids and refunds answer 202 Accepted
  c.inquiryByReplay = true;   // no lookup by idempotency key: inquire() re-sends the call
  return c;
}

Result<http::ClientRequest> CheckoutComConnector::request(const ConnectionConfig& conn, verb method,
                                                          std::string path, std::string body,
                                                          const std::string& attemptKey) {
  auto creds = credentialsFrom(conn.credentialsJson);
  if (!creds) return creds.status();
  http::ClientRequest r =
      processorRequest(kProfile, method, joinUrl(conn.baseUrl, path), std::move(body), attemptKey);
  r.headers.emplace_back("Authorization", "Bearer " + creds->secretKey.reveal());
  return r;
}

asio::awaitable<CallResult> CheckoutComConnector::authorize(const ConnectionConfig& conn,
                                                            const AuthorizeRequest& req) {
  ProcessorCall call(kProfile, Operation::kAuthorize, req.attemptKey, conn.timeout);
  auto creds = credentialsFrom(conn.credentialsJson);
  auto body = creds ? authorizeBody(req, *creds) : Result<SecretString>(creds.status());
  if (body) {
    call.request = request(conn, verb::post, "/payments", body->reveal(), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = [&](unsigned status, std::string_view answer) {
    return fromAuthorizeResponse(status, answer, req.capture);
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> CheckoutComConnector::capture(const ConnectionConfig& conn,
                                                          const CaptureRequest& req) {
  ProcessorCall call(kProfile, Operation::kCapture, req.attemptKey, conn.timeout);
  auto body = captureBody(req);
  if (body) {
    call.request = request(conn, verb::post, paymentPath(req.processorTransactionId, "/captures"),
                           std::move(*body), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = [&](unsigned status, std::string_view answer) {
    return accepted(fromActionResponse(status, answer, req.processorTransactionId),
                    domain::PaymentStatus::kSettling);
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> CheckoutComConnector::cancel(const ConnectionConfig& conn,
                                                         const CancelRequest& req) {
  ProcessorCall call(kProfile, Operation::kCancel, req.attemptKey, conn.timeout);
  call.request = request(conn, verb::post, paymentPath(req.processorTransactionId, "/voids"),
                         cancelBody(req), req.attemptKey);
  const AnswerReader read = [&](unsigned status, std::string_view answer) {
    CallResult r = fromActionResponse(status, answer, req.processorTransactionId);
    if (r.outcome == CallOutcome::kSucceeded) r.status = domain::PaymentStatus::kCancelled;
    return r;
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> CheckoutComConnector::refund(const ConnectionConfig& conn,
                                                         const RefundRequest& req) {
  ProcessorCall call(kProfile, Operation::kRefund, req.attemptKey, conn.timeout);
  auto body = refundBody(req);
  if (body) {
    call.request = request(conn, verb::post, paymentPath(req.processorTransactionId, "/refunds"),
                           std::move(*body), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = [&](unsigned status, std::string_view answer) {
    return accepted(fromActionResponse(status, answer, req.processorTransactionId),
                    domain::PaymentStatus::kPending);
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> CheckoutComConnector::lookupPayment(const ConnectionConfig& conn,
                                                                const std::string& paymentId,
                                                                const std::string& attemptKey,
                                                                Operation op) {
  ProcessorCall call(kProfile, op, attemptKey, conn.timeout);
  call.request = request(conn, verb::get, paymentPath(paymentId), {}, attemptKey);
  const AnswerReader read = [](unsigned status, std::string_view body) {
    return fromPaymentDetails(status, body);
  };
  CallResult r = co_await sendToProcessor(client_, call, read);
  if (r.outcome == CallOutcome::kDeclined) {
    // GET /payments/{id} carries no response_code: the declined Authorization action does.
    auto actions = request(conn, verb::get, paymentPath(paymentId, "/actions"), {}, attemptKey);
    if (actions) {
      ProcessorAnswer a =
          co_await exchangeWithProcessor(client_, std::move(*actions), conn.timeout);
      if (!a.settled) {
        if (auto reason = declineFromActions(a.status, a.body)) r.reason = std::move(*reason);
      }
    }
  }
  co_return r;
}

asio::awaitable<CallResult> CheckoutComConnector::inquire(const ConnectionConfig& conn,
                                                          const InquiryRequest& req) {
  const bool payment = req.kind == InquiryRequest::Kind::kAuthorize;
  // The replay answers with the call's own stored response (Checkout.com: same status and body).
  if (!std::holds_alternative<std::monostate>(req.original)) {
    CallResult replayed = co_await replayOriginalCall(*this, conn, req);
    // A stored "challenge" answer may be stale: the customer may have finished since.
    if (!payment || replayed.challengeUrl.empty() || replayed.processorTransactionId.empty())
      co_return replayed;
    const std::string paymentId = replayed.processorTransactionId;
    co_return co_await lookupPayment(conn, paymentId, req.attemptKey, Operation::kInquire);
  }
  if (payment && !req.processorTransactionId.empty())
    co_return co_await lookupPayment(conn, req.processorTransactionId, req.attemptKey,
                                     Operation::kInquire);
  ProcessorCall call(kProfile, Operation::kInquire, req.attemptKey, conn.timeout);
  if (req.processorTransactionId.empty()) {
    // Checkout.com offers no lookup by idempotency key (and the bundled spec has no
    // GET /payments?reference=): only a replay of the original call can resolve it.
    call.request = Status(StatusCode::kFailedPrecondition,
                          "Checkout.com has no lookup by idempotency key and the original call "
                          "was not given to replay under its key");
  } else {
    call.request = request(conn, verb::get, paymentPath(req.processorTransactionId, "/actions"),
                           {}, req.attemptKey);
  }
  const AnswerReader read = [&](unsigned status, std::string_view body) {
    return fromPaymentActions(status, body, req.processorTransactionId, req.kind, req.attemptKey);
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> CheckoutComConnector::completeAuthentication(
    const ConnectionConfig& conn, const CompleteAuthenticationRequest& req) {
  // Checkout.com finishes the payment itself when the customer leaves the challenge (the
  // cko-session-id it appends to the return URL is not needed): reading the payment is the whole
  // completion. A GET changes nothing, so an unknown outcome is simply asked again later.
  co_return co_await lookupPayment(conn, req.processorTransactionId, req.attemptKey,
                                   Operation::kInquire);
}

Result<std::vector<WebhookEvent>> CheckoutComConnector::parseWebhook(
    const ConnectionConfig& conn, const InboundWebhook& webhook,
    std::chrono::system_clock::time_point /*now*/) const {
  // Cko-Signature carries no timestamp, so `now` plays no part.
  return checkoutcom::parseWebhook(conn.credentialsJson, webhook);
}

}  // namespace sy::connectors::checkoutcom
