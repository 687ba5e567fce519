#include "connectors/stripe/stripe_connector.h"

#include <chrono>
#include <optional>

#include "common/log.h"
#include "connectors/call_log.h"
#include "connectors/stripe/transformers.h"
#include "connectors/stripe/webhooks.h"

namespace sy::connectors::stripe {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

std::string joinUrl(std::string_view baseUrl, std::string_view path) {
  while (!baseUrl.empty() && baseUrl.back() == '/') baseUrl.remove_suffix(1);
  return std::string(baseUrl) + std::string(path);
}



// A modification refused before sending leaves the payment as it was.
CallResult modificationNotSent(std::string message) {
  CallResult r = notSent(std::move(message));
  r.status = domain::PaymentStatus::kPending;
  return r;
}

}  // namespace

struct StripeConnector::Answer {
  std::optional<CallResult> settled;  // set when there is no HTTP answer to map
  unsigned status = 0;
  std::string body;
  std::chrono::steady_clock::time_point started;
};

Capabilities StripeConnector::capabilities() const {
  Capabilities c;  // currencies: empty = all; Stripe charges in 135+ (checked by Stripe itself)
  c.partialCapture = true;
  // Multicapture is a gated feature of IC+ accounts (payment_method_options[card]
  // [request_multicapture]); a standard PaymentIntent is captured once and releases the rest.
  c.multipleCapture = false;
  c.partialRefund = true;
  c.multipleRefund = true;
  c.threeDSecure = false;  // authorizations are sent with error_on_requires_action=true
  c.asyncModifications = false;
  return c;
}

asio::awaitable<StripeConnector::Answer> StripeConnector::call(const ConnectionConfig& conn,
                                                               std::string_view operation,
                                                               verb method, std::string path,
                                                               std::string body,
                                                               const std::string& attemptKey) {
  (void)operation;
  Answer answer;
  answer.started = std::chrono::steady_clock::now();
  auto creds = credentialsFrom(conn.credentialsJson);
  if (!creds) {
    answer.settled = notSent(creds.status().message());
    co_return answer;
  }
  http::ClientRequest request;
  request.method = method;
  request.url = joinUrl(conn.baseUrl, path);
  request.headers.emplace_back("Authorization", "Bearer " + creds->secretKey.reveal());
  request.headers.emplace_back("Stripe-Version", std::string(kApiVersion));
  request.headers.emplace_back("Accept", "application/json");
  if (!creds->stripeAccount.empty())
    request.headers.emplace_back("Stripe-Account", creds->stripeAccount);
  if (method == verb::post) {
    request.headers.emplace_back("Idempotency-Key", attemptKey);
    request.contentType = "application/x-www-form-urlencoded";
    request.body = std::move(body);
  }
  auto response = co_await client_.send(std::move(request), conn.timeout);
  if (!response) {
    std::string_view why = response.status().message();
    constexpr std::string_view kSuffix = "; outcome unknown";
    if (why.ends_with(kSuffix)) why.remove_suffix(kSuffix.size());
    answer.settled = unknownOutcome(why);
    co_return answer;
  }
  answer.status = response->status;
  answer.body = std::move(response->body);
  co_return answer;
}

asio::awaitable<CallResult> StripeConnector::authorize(const ConnectionConfig& conn,
                                                       const AuthorizeRequest& req) {
  auto body = authorizeBody(req);
  if (!body) {
    CallResult r = notSent(body.status().message());
    logCall("stripe call", "authorize", req.attemptKey, 0, {}, r);
    co_return r;
  }
  Answer a = co_await call(conn, "authorize", verb::post, "/v1/payment_intents", body->reveal(),
                           req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled) : fromPaymentIntentResponse(a.status, a.body);
  logCall("stripe call", "authorize", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> StripeConnector::capture(const ConnectionConfig& conn,
                                                     const CaptureRequest& req) {
  if (!req.final) {
    CallResult r = modificationNotSent(
        "Stripe captures a PaymentIntent once (multicapture is not enabled): a non-final "
        "capture would release the rest");
    logCall("stripe call", "capture", req.attemptKey, 0, {}, r);
    co_return r;
  }
  auto body = captureBody(req);
  if (!body) {
    CallResult r = modificationNotSent(body.status().message());
    logCall("stripe call", "capture", req.attemptKey, 0, {}, r);
    co_return r;
  }
  // Built before the co_await: see "Coroutines" in docs/architecture.md.
  std::string path = paymentIntentPath(req.processorTransactionId, "capture");
  Answer a =
      co_await call(conn, "capture", verb::post, std::move(path), std::move(*body), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled) : fromPaymentIntentResponse(a.status, a.body);
  if (!a.settled && a.status != 200 && r.outcome == CallOutcome::kFailed)
    r.status = domain::PaymentStatus::kPending;
  logCall("stripe call", "capture", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> StripeConnector::cancel(const ConnectionConfig& conn,
                                                    const CancelRequest& req) {
  std::string path = paymentIntentPath(req.processorTransactionId, "cancel");
  Answer a =
      co_await call(conn, "cancel", verb::post, std::move(path), cancelBody(req), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled) : fromPaymentIntentResponse(a.status, a.body);
  if (!a.settled && a.status != 200 && r.outcome == CallOutcome::kFailed)
    r.status = domain::PaymentStatus::kPending;
  logCall("stripe call", "cancel", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> StripeConnector::refund(const ConnectionConfig& conn,
                                                    const RefundRequest& req) {
  auto body = refundBody(req);
  if (!body) {
    CallResult r = modificationNotSent(body.status().message());
    logCall("stripe call", "refund", req.attemptKey, 0, {}, r);
    co_return r;
  }
  Answer a =
      co_await call(conn, "refund", verb::post, "/v1/refunds", std::move(*body), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled) : fromRefundResponse(a.status, a.body);
  logCall("stripe call", "refund", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> StripeConnector::inquire(const ConnectionConfig& conn,
                                                     const InquiryRequest& req) {
  using Kind = InquiryRequest::Kind;
  std::string path;
  if (req.kind == Kind::kAuthorize && req.processorTransactionId.empty()) {
    path = searchPath(req.attemptKey);
  } else if (req.kind == Kind::kRefund) {
    path = refundListPath(req.processorTransactionId);
  } else {
    path = paymentIntentPath(req.processorTransactionId);
  }
  CallResult r;
  if (req.kind != Kind::kAuthorize && req.processorTransactionId.empty()) {
    r = unknownOutcome("an inquiry of a capture, cancel or refund needs the PaymentIntent id");
    logCall("stripe call", "inquire", req.attemptKey, 0, {}, r);
    co_return r;
  }
  Answer a =
      co_await call(conn, "inquire", verb::get, std::move(path), std::string(), req.attemptKey);
  if (a.settled) {
    r = std::move(*a.settled);
    // An inquiry that could not be sent resolves nothing: the earlier call is still unknown.
    if (r.outcome == CallOutcome::kFailed) r = unknownOutcome(r.reason->message);
  } else if (req.kind == Kind::kAuthorize && req.processorTransactionId.empty()) {
    r = fromSearchResponse(a.status, a.body);
  } else if (req.kind == Kind::kAuthorize) {
    if (a.status == 404) {
      r.outcome = CallOutcome::kNotFound;
    } else if (a.status == 200) {
      r = fromPaymentIntentResponse(a.status, a.body);
    } else {
      r = unknownOutcome("inquiry answered HTTP " + std::to_string(a.status));
    }
  } else if (req.kind == Kind::kRefund) {
    r = fromRefundListResponse(a.status, a.body, req.attemptKey);
  } else {
    r = fromModificationInquiry(a.status, a.body, req.kind);
  }
  logCall("stripe call", "inquire", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

Result<std::vector<WebhookEvent>> StripeConnector::parseWebhook(
    const ConnectionConfig& conn, const InboundWebhook& webhook,
    std::chrono::system_clock::time_point now) const {
  return stripe::parseWebhook(conn.credentialsJson, webhook, now);
}

}  // namespace sy::connectors::stripe
