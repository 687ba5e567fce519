#include "connectors/stripe/stripe_connector.h"

#include "connectors/processor_call.h"
#include "connectors/processor_url.h"
#include "connectors/stripe/transformers.h"
#include "connectors/stripe/webhooks.h"

namespace sy::connectors::stripe {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

constexpr ProcessorProfile kProfile{"stripe call", "Idempotency-Key",
                                    "application/x-www-form-urlencoded"};

// A modification's answer other than 200 that failed says nothing about the sale's status.
CallResult fromModificationAnswer(unsigned status, std::string_view body) {
  CallResult r = fromPaymentIntentResponse(status, body);
  if (status != 200 && r.outcome == CallOutcome::kFailed)
    r.status = domain::PaymentStatus::kPending;
  return r;
}

}  // namespace

Capabilities StripeConnector::capabilities() const {
  Capabilities c;  // currencies: empty = all; Stripe charges in 135+ (checked by Stripe itself)
  c.partialCapture = true;
  // Multicapture is a gated feature of IC+ accounts (payment_method_options[card]
  // [request_multicapture]); a standard PaymentIntent is captured once and releases the rest.
  c.multipleCapture = false;
  c.partialRefund = true;
  c.multipleRefund = true;
  c.threeDSecure = true;  // kProcessor: request_three_d_secure=any; else error_on_requires_action
  c.asyncModifications = false;
  c.inquiryByReplay = false;  // inquire() looks the call up by its key
  return c;
}

Result<http::ClientRequest> StripeConnector::request(const ConnectionConfig& conn, verb method,
                                                     std::string path, std::string body,
                                                     const std::string& attemptKey) {
  auto creds = credentialsFrom(conn.credentialsJson);
  if (!creds) return creds.status();
  http::ClientRequest r =
      processorRequest(kProfile, method, joinUrl(conn.baseUrl, path), std::move(body), attemptKey);
  r.headers.emplace_back("Authorization", "Bearer " + creds->secretKey.reveal());
  r.headers.emplace_back("Stripe-Version", std::string(kApiVersion));
  if (!creds->stripeAccount.empty()) r.headers.emplace_back("Stripe-Account", creds->stripeAccount);
  return r;
}

asio::awaitable<CallResult> StripeConnector::authorize(const ConnectionConfig& conn,
                                                       const AuthorizeRequest& req) {
  ProcessorCall call(kProfile, Operation::kAuthorize, req.attemptKey, conn.timeout);
  auto body = authorizeBody(req);
  if (body) {
    call.request = request(conn, verb::post, "/v1/payment_intents", body->reveal(), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = fromPaymentIntentResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> StripeConnector::capture(const ConnectionConfig& conn,
                                                     const CaptureRequest& req) {
  ProcessorCall call(kProfile, Operation::kCapture, req.attemptKey, conn.timeout);
  auto body = captureBody(req);
  if (!req.final) {
    call.request = Status(StatusCode::kInvalidArgument,
                          "Stripe captures a PaymentIntent once (multicapture is not enabled): a "
                          "non-final capture would release the rest");
  } else if (!body) {
    call.request = body.status();
  } else {
    call.request =
        request(conn, verb::post, paymentIntentPath(req.processorTransactionId, "capture"),
                std::move(*body), req.attemptKey);
  }
  const AnswerReader read = fromModificationAnswer;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> StripeConnector::cancel(const ConnectionConfig& conn,
                                                    const CancelRequest& req) {
  ProcessorCall call(kProfile, Operation::kCancel, req.attemptKey, conn.timeout);
  call.request = request(conn, verb::post, paymentIntentPath(req.processorTransactionId, "cancel"),
                         cancelBody(req), req.attemptKey);
  const AnswerReader read = fromModificationAnswer;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> StripeConnector::refund(const ConnectionConfig& conn,
                                                    const RefundRequest& req) {
  ProcessorCall call(kProfile, Operation::kRefund, req.attemptKey, conn.timeout);
  auto body = refundBody(req);
  if (body) {
    call.request = request(conn, verb::post, "/v1/refunds", std::move(*body), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = fromRefundResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> StripeConnector::inquire(const ConnectionConfig& conn,
                                                     const InquiryRequest& req) {
  using Kind = InquiryRequest::Kind;
  const bool byKeyOnly = req.kind == Kind::kAuthorize && req.processorTransactionId.empty();
  ProcessorCall call(kProfile, Operation::kInquire, req.attemptKey, conn.timeout);
  if (req.kind != Kind::kAuthorize && req.processorTransactionId.empty()) {
    call.request = Status(StatusCode::kInvalidArgument,
                          "an inquiry of a capture, cancel or refund needs the PaymentIntent id");
  } else {
    std::string path = byKeyOnly                   ? searchPath(req.attemptKey)
                       : req.kind == Kind::kRefund ? refundListPath(req.processorTransactionId)
                                                   : paymentIntentPath(req.processorTransactionId);
    call.request = request(conn, verb::get, std::move(path), {}, req.attemptKey);
  }
  const AnswerReader read = [&](unsigned status, std::string_view body) -> CallResult {
    if (byKeyOnly) return fromSearchResponse(status, body);
    if (req.kind == Kind::kRefund) return fromRefundListResponse(status, body, req.attemptKey);
    if (req.kind != Kind::kAuthorize) return fromModificationInquiry(status, body, req.kind);
    if (status == 404) {
      CallResult notFound;
      notFound.outcome = CallOutcome::kNotFound;
      return notFound;
    }
    if (status == 200) return fromPaymentIntentResponse(status, body);
    return unknownOutcome("inquiry answered HTTP " + std::to_string(status));
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> StripeConnector::completeAuthentication(
    const ConnectionConfig& conn, const CompleteAuthenticationRequest& req) {
  // Stripe confirmed the PaymentIntent when the customer finished the challenge: reading it (with
  // its charge's 3-D Secure details) is the whole completion. A GET changes nothing, so an unknown
  // outcome is simply asked again by the recovery sweep.
  ProcessorCall call(kProfile, Operation::kInquire, req.attemptKey, conn.timeout);
  call.request = request(conn, verb::get, authenticatedIntentPath(req.processorTransactionId), {},
                         req.attemptKey);
  const AnswerReader read = [](unsigned status, std::string_view body) -> CallResult {
    if (status == 200) return fromPaymentIntentResponse(status, body);
    return unknownOutcome("the PaymentIntent could not be read: HTTP " + std::to_string(status));
  };
  co_return co_await sendToProcessor(client_, call, read);
}

Result<std::vector<WebhookEvent>> StripeConnector::parseWebhook(
    const ConnectionConfig& conn, const InboundWebhook& webhook,
    std::chrono::system_clock::time_point now) const {
  return stripe::parseWebhook(conn.credentialsJson, webhook, now);
}

}  // namespace sy::connectors::stripe
