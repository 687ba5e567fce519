#include "connectors/adyen/adyen_connector.h"

#include <chrono>
#include <optional>

#include "common/log.h"
#include "connectors/adyen/webhooks.h"
#include "connectors/call_log.h"

namespace sy::connectors::adyen {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

// RFC 3986 unreserved characters pass; everything else is %XX.
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

std::string versionedUrl(std::string_view baseUrl, std::string_view path) {
  while (!baseUrl.empty() && baseUrl.back() == '/') baseUrl.remove_suffix(1);
  return std::string(baseUrl) + std::string(AdyenConnector::kApiVersionPath) + std::string(path);
}

std::string modificationPath(std::string_view psp, std::string_view what) {
  return "/payments/" + percentEncode(psp) + "/" + std::string(what);
}



}  // namespace

struct AdyenConnector::Answer {
  std::optional<CallResult> settled;  // set when there is no HTTP answer to map
  unsigned status = 0;
  std::string body;
  std::chrono::steady_clock::time_point started;
};

Capabilities AdyenConnector::capabilities() const {
  Capabilities c;  // every currency (Adyen's own exponent table is applied)
  c.partialCapture = true;   // Adyen: partial captures allowed up to the authorised amount
  c.multipleCapture = true;  // multiple partial captures (an account setting at Adyen)
  c.partialRefund = true;
  c.multipleRefund = true;
  c.threeDSecure = false;       // RedirectShopper/ChallengeShopper are not handled yet
  c.asyncModifications = true;  // captures, cancels, refunds answer "received"; webhooks confirm
  return c;
}

asio::awaitable<AdyenConnector::Answer> AdyenConnector::post(const ConnectionConfig& conn,
                                                             const Credentials& creds,
                                                             std::string path, std::string body,
                                                             const std::string& attemptKey) {
  Answer answer;
  answer.started = std::chrono::steady_clock::now();
  http::ClientRequest request;
  request.method = verb::post;
  request.url = versionedUrl(conn.baseUrl, path);
  request.headers.emplace_back("X-API-Key", creds.apiKey.reveal());
  request.headers.emplace_back("Idempotency-Key", attemptKey);
  request.headers.emplace_back("Accept", "application/json");
  request.contentType = "application/json";
  request.body = std::move(body);
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

asio::awaitable<CallResult> AdyenConnector::authorize(const ConnectionConfig& conn,
                                                      const AuthorizeRequest& req) {
  auto creds = credentialsFrom(conn.credentialsJson);
  if (!creds) {
    CallResult r = notSent(creds.status().message());
    logCall("adyen call", "authorize", req.attemptKey, 0, {}, r);
    co_return r;
  }
  auto body = authorizeBody(req, *creds);
  if (!body) {
    CallResult r = notSent(body.status().message());
    logCall("adyen call", "authorize", req.attemptKey, 0, {}, r);
    co_return r;
  }
  // Built before the co_await: see "Coroutines" in docs/architecture.md.
  std::string path = "/payments";
  std::string wire = body->reveal();
  Answer a = co_await post(conn, *creds, std::move(path), std::move(wire), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled)
                           : fromPaymentResponse(a.status, a.body, req.capture);
  logCall("adyen call", "authorize", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> AdyenConnector::capture(const ConnectionConfig& conn,
                                                    const CaptureRequest& req) {
  auto creds = credentialsFrom(conn.credentialsJson);
  auto body = creds ? captureBody(req, *creds) : Result<std::string>(creds.status());
  if (!body) {
    CallResult r = notSent(body.status().message());
    r.status = domain::PaymentStatus::kPending;
    logCall("adyen call", "capture", req.attemptKey, 0, {}, r);
    co_return r;
  }
  std::string path = modificationPath(req.processorTransactionId, "captures");
  Answer a = co_await post(conn, *creds, std::move(path), std::move(*body), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled)
                           : fromModificationResponse(a.status, a.body, Modification::kCapture);
  logCall("adyen call", "capture", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> AdyenConnector::cancel(const ConnectionConfig& conn,
                                                   const CancelRequest& req) {
  auto creds = credentialsFrom(conn.credentialsJson);
  if (!creds) {
    CallResult r = notSent(creds.status().message());
    r.status = domain::PaymentStatus::kPending;
    logCall("adyen call", "cancel", req.attemptKey, 0, {}, r);
    co_return r;
  }
  std::string path = modificationPath(req.processorTransactionId, "cancels");
  std::string body = cancelBody(req, *creds);
  Answer a = co_await post(conn, *creds, std::move(path), std::move(body), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled)
                           : fromModificationResponse(a.status, a.body, Modification::kCancel);
  logCall("adyen call", "cancel", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> AdyenConnector::refund(const ConnectionConfig& conn,
                                                   const RefundRequest& req) {
  auto creds = credentialsFrom(conn.credentialsJson);
  auto body = creds ? refundBody(req, *creds) : Result<std::string>(creds.status());
  if (!body) {
    CallResult r = notSent(body.status().message());
    r.status = domain::PaymentStatus::kPending;
    logCall("adyen call", "refund", req.attemptKey, 0, {}, r);
    co_return r;
  }
  std::string path = modificationPath(req.processorTransactionId, "refunds");
  Answer a = co_await post(conn, *creds, std::move(path), std::move(*body), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled)
                           : fromModificationResponse(a.status, a.body, Modification::kRefund);
  logCall("adyen call", "refund", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> AdyenConnector::inquire(const ConnectionConfig& conn,
                                                    const InquiryRequest& req) {
  if (req.kind != InquiryRequest::Kind::kCancel || req.processorTransactionId.empty()) {
    // See the header: only the original call, re-sent unchanged, can be replayed safely.
    CallResult r = unknownOutcome(
        "Adyen has no lookup by key or reference; re-send the original call with the same "
        "attemptKey (Idempotency-Key replay) to resolve it");
    logCall("adyen call", "inquire", req.attemptKey, 0, {}, r);
    co_return r;
  }
  const CancelRequest cancelReq{req.attemptKey, req.processorTransactionId};
  CallResult r = co_await cancel(conn, cancelReq);
  // A replay that could not be sent resolves nothing: the earlier call is still unknown.
  if (r.outcome == CallOutcome::kFailed && r.reason &&
      r.reason->type == domain::ReasonType::kApplicationError)
    r = unknownOutcome(r.reason->message);
  co_return r;
}

Result<std::vector<WebhookEvent>> AdyenConnector::parseWebhook(
    const ConnectionConfig& conn, const InboundWebhook& webhook,
    std::chrono::system_clock::time_point /*now*/) const {
  // Adyen's item signatures carry no timestamp, so `now` plays no part.
  return adyen::parseWebhook(conn.credentialsJson, webhook);
}

}  // namespace sy::connectors::adyen
