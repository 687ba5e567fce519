#include "connectors/checkoutcom/checkoutcom_connector.h"

#include <chrono>
#include <optional>

#include "common/log.h"
#include "connectors/call_log.h"
#include "connectors/checkoutcom/transformers.h"
#include "connectors/checkoutcom/webhooks.h"

namespace sy::connectors::checkoutcom {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

// RFC 3986 unreserved characters pass; everything else is %XX. Ids come from outside, so they are
// never pasted into a URL raw.
std::string percentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string joinUrl(std::string_view baseUrl, std::string_view path) {
  while (!baseUrl.empty() && baseUrl.back() == '/') baseUrl.remove_suffix(1);
  return std::string(baseUrl) + std::string(path);
}




std::chrono::steady_clock::duration since(std::chrono::steady_clock::time_point t) {
  return std::chrono::steady_clock::now() - t;
}
}  // namespace

// What one call produced: an HTTP answer, or a result decided without one.
struct CheckoutComConnector::Answer {
  std::optional<CallResult> settled;  // set when there is no HTTP answer to map
  unsigned status = 0;
  std::string body;
  std::chrono::steady_clock::time_point started;
};

Capabilities CheckoutComConnector::capabilities() const {
  Capabilities c;  // every currency Checkout.com prices (exponent converted per its tables)
  c.partialCapture = true;
  c.multipleCapture = true;  // capture_type "NonFinal"
  c.partialRefund = true;
  c.multipleRefund = true;
  c.threeDSecure = false;        // no 3DS flow through this connector yet
  c.asyncModifications = true;   // captures, voids and refunds answer 202 Accepted
  return c;
}

asio::awaitable<CheckoutComConnector::Answer> CheckoutComConnector::call(
    const ConnectionConfig& conn, verb method, std::string path, std::string body,
    const std::string& attemptKey) {
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
  request.headers.emplace_back("Accept", "application/json");
  if (method == verb::post) {
    request.headers.emplace_back("Cko-Idempotency-Key", attemptKey);
    request.contentType = "application/json";
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

asio::awaitable<CallResult> CheckoutComConnector::authorize(const ConnectionConfig& conn,
                                                            const AuthorizeRequest& req) {
  auto creds = credentialsFrom(conn.credentialsJson);
  if (!creds) {
    CallResult r = notSent(creds.status().message());
    logCall("checkoutcom call", "authorize", req.attemptKey, 0, {}, r);
    co_return r;
  }
  auto body = authorizeBody(req, *creds);
  if (!body) {
    CallResult r = notSent(body.status().message());
    logCall("checkoutcom call", "authorize", req.attemptKey, 0, {}, r);
    co_return r;
  }
  std::string text = body->reveal();
  Answer a = co_await call(conn, verb::post, "/payments", std::move(text), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled)
                           : fromAuthorizeResponse(a.status, a.body, req.capture);
  logCall("checkoutcom call", "authorize", req.attemptKey, a.status, since(a.started), r);
  co_return r;
}

asio::awaitable<CallResult> CheckoutComConnector::capture(const ConnectionConfig& conn,
                                                          const CaptureRequest& req) {
  auto body = captureBody(req);
  if (!body) {
    CallResult r = notSent(body.status().message());
    r.status = domain::PaymentStatus::kPending;
    logCall("checkoutcom call", "capture", req.attemptKey, 0, {}, r);
    co_return r;
  }
  // Built before the co_await: see "Coroutines" in docs/architecture.md.
  std::string path = "/payments/" + percentEncode(req.processorTransactionId) + "/captures";
  Answer a = co_await call(conn, verb::post, std::move(path), std::move(*body), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled)
                           : fromActionResponse(a.status, a.body, req.processorTransactionId);
  logCall("checkoutcom call", "capture", req.attemptKey, a.status, since(a.started), r);
  co_return r;
}

asio::awaitable<CallResult> CheckoutComConnector::cancel(const ConnectionConfig& conn,
                                                         const CancelRequest& req) {
  std::string path = "/payments/" + percentEncode(req.processorTransactionId) + "/voids";
  Answer a = co_await call(conn, verb::post, std::move(path), cancelBody(req), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled)
                           : fromActionResponse(a.status, a.body, req.processorTransactionId);
  if (r.outcome == CallOutcome::kSucceeded) r.status = domain::PaymentStatus::kCancelled;
  logCall("checkoutcom call", "cancel", req.attemptKey, a.status, since(a.started), r);
  co_return r;
}

asio::awaitable<CallResult> CheckoutComConnector::refund(const ConnectionConfig& conn,
                                                         const RefundRequest& req) {
  auto body = refundBody(req);
  if (!body) {
    CallResult r = notSent(body.status().message());
    r.status = domain::PaymentStatus::kPending;
    logCall("checkoutcom call", "refund", req.attemptKey, 0, {}, r);
    co_return r;
  }
  std::string path = "/payments/" + percentEncode(req.processorTransactionId) + "/refunds";
  Answer a = co_await call(conn, verb::post, std::move(path), std::move(*body), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled)
                           : fromActionResponse(a.status, a.body, req.processorTransactionId);
  logCall("checkoutcom call", "refund", req.attemptKey, a.status, since(a.started), r);
  co_return r;
}

asio::awaitable<CallResult> CheckoutComConnector::inquire(const ConnectionConfig& conn,
                                                          const InquiryRequest& req) {
  auto started = std::chrono::steady_clock::now();
  CallResult r;
  unsigned httpStatus = 0;
  if (req.processorTransactionId.empty()) {
    // Checkout.com offers no lookup by idempotency key (and the bundled spec has no
    // GET /payments?reference=): the caller resolves a lost authorization by replaying it.
    r = unknownOutcome(
        "Checkout.com has no lookup by idempotency key; replay the call with the same key");
  } else {
    const std::string base = "/payments/" + percentEncode(req.processorTransactionId);
    const bool payment = req.kind == InquiryRequest::Kind::kAuthorize;
    std::string path = payment ? base : base + "/actions";
    Answer a = co_await call(conn, verb::get, std::move(path), {}, req.attemptKey);
    httpStatus = a.status;
    if (a.settled) {
      r = std::move(*a.settled);
      // An inquiry that could not be sent resolves nothing: the earlier call is still unknown.
      if (r.outcome == CallOutcome::kFailed) r = unknownOutcome(r.reason->message);
    } else if (payment) {
      r = fromPaymentDetails(a.status, a.body);
      if (r.outcome == CallOutcome::kDeclined) {
        std::string actionsPath = base + "/actions";
        Answer b = co_await call(conn, verb::get, std::move(actionsPath), {}, req.attemptKey);
        if (!b.settled) {
          if (auto reason = declineFromActions(b.status, b.body)) r.reason = std::move(*reason);
        }
      }
    } else {
      r = fromPaymentActions(a.status, a.body, req.processorTransactionId, req.kind,
                             req.attemptKey);
    }
  }
  logCall("checkoutcom call", "inquire", req.attemptKey, httpStatus, since(started), r);
  co_return r;
}

Result<std::vector<WebhookEvent>> CheckoutComConnector::parseWebhook(
    const ConnectionConfig& conn, const InboundWebhook& webhook,
    std::chrono::system_clock::time_point /*now*/) const {
  // Cko-Signature carries no timestamp, so `now` plays no part.
  return checkoutcom::parseWebhook(conn.credentialsJson, webhook);
}

}  // namespace sy::connectors::checkoutcom
