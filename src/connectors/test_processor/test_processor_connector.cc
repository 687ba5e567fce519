#include "connectors/test_processor/test_processor_connector.h"

#include <chrono>
#include <optional>

#include "common/log.h"
#include "connectors/call_log.h"
#include "connectors/test_processor/transformers.h"
#include "connectors/test_processor/webhooks.h"

namespace sy::connectors::test_processor {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

// RFC 3986 unreserved characters pass; everything else is %XX. Ids and keys come from outside
// (the processor, the merchant's retries), so they are never pasted into a URL raw.
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



}  // namespace

// What one call produced: an HTTP answer, or a result decided without one.
struct TestProcessorConnector::Answer {
  std::optional<CallResult> settled;  // set when there is no HTTP answer to map
  unsigned status = 0;
  std::string body;
  std::chrono::steady_clock::time_point started;
};

Capabilities TestProcessorConnector::capabilities() const {
  Capabilities c;  // every ISO 4217 currency, partial and multiple captures and refunds
  c.threeDSecure = false;
  c.asyncModifications = false;
  return c;
}

asio::awaitable<TestProcessorConnector::Answer> TestProcessorConnector::call(
    const ConnectionConfig& conn, std::string_view operation, verb method, std::string path,
    std::string body, const std::string& attemptKey) {
  Answer answer;
  answer.started = std::chrono::steady_clock::now();
  auto apiKey = apiKeyFrom(conn.credentialsJson);
  if (!apiKey) {
    answer.settled = notSent(apiKey.status().message());
    co_return answer;
  }
  http::ClientRequest request;
  request.method = method;
  request.url = joinUrl(conn.baseUrl, path);
  request.headers.emplace_back("Authorization", "Bearer " + apiKey->reveal());
  request.headers.emplace_back("Accept", "application/json");
  if (method == verb::post) {
    request.headers.emplace_back("Idempotency-Key", attemptKey);
    request.contentType = "application/json";
    request.body = std::move(body);
  }
  auto response = co_await client_.send(std::move(request), conn.timeout);
  if (!response) {
    // Timeout, reset, refused connection, garbled answer: whether the processor acted is unknown
    // (or, if the request never left, an inquiry will say kNotFound).
    std::string_view why = response.status().message();
    constexpr std::string_view kSuffix = "; outcome unknown";  // unknownOutcome() says it already
    if (why.ends_with(kSuffix)) why.remove_suffix(kSuffix.size());
    answer.settled = unknownOutcome(why);
    co_return answer;
  }
  answer.status = response->status;
  answer.body = std::move(response->body);
  co_return answer;
}

asio::awaitable<CallResult> TestProcessorConnector::authorize(const ConnectionConfig& conn,
                                                              const AuthorizeRequest& req) {
  auto body = authorizeBody(req);
  if (!body) {
    CallResult r = notSent(body.status().message());
    logCall("test processor call", "authorize", req.attemptKey, 0, {}, r);
    co_return r;
  }
  Answer a =
      co_await call(conn, "authorize", verb::post, "/v1/payments", body->reveal(), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled) : fromPaymentResponse(a.status, a.body);
  logCall("test processor call", "authorize", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> TestProcessorConnector::capture(const ConnectionConfig& conn,
                                                            const CaptureRequest& req) {
  // Built before the co_await: see "Coroutines" in docs/architecture.md.
  std::string path = "/v1/payments/" + percentEncode(req.processorTransactionId) + "/captures";
  Answer a = co_await call(conn, "capture", verb::post, std::move(path), captureBody(req), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled) : fromOperationResponse(a.status, a.body);
  logCall("test processor call", "capture", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> TestProcessorConnector::cancel(const ConnectionConfig& conn,
                                                           const CancelRequest& req) {
  // Built before the co_await: see "Coroutines" in docs/architecture.md.
  std::string path = "/v1/payments/" + percentEncode(req.processorTransactionId) + "/voids";
  Answer a = co_await call(conn, "cancel", verb::post, std::move(path), cancelBody(req), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled) : fromOperationResponse(a.status, a.body);
  logCall("test processor call", "cancel", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> TestProcessorConnector::refund(const ConnectionConfig& conn,
                                                           const RefundRequest& req) {
  // Built before the co_await: see "Coroutines" in docs/architecture.md.
  std::string path = "/v1/payments/" + percentEncode(req.processorTransactionId) + "/refunds";
  Answer a = co_await call(conn, "refund", verb::post, std::move(path), refundBody(req), req.attemptKey);
  CallResult r = a.settled ? std::move(*a.settled) : fromOperationResponse(a.status, a.body);
  logCall("test processor call", "refund", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

asio::awaitable<CallResult> TestProcessorConnector::inquire(const ConnectionConfig& conn,
                                                            const InquiryRequest& req) {
  const bool payment = req.kind == InquiryRequest::Kind::kAuthorize;
  std::string path = std::string(payment ? "/v1/payments" : "/v1/operations") +
                     "?idempotency_key=" + percentEncode(req.attemptKey);
  Answer a = co_await call(conn, "inquire", verb::get, std::move(path), {}, req.attemptKey);
  CallResult r;
  if (a.settled) {
    r = std::move(*a.settled);
    // An inquiry that could not be sent resolves nothing: the earlier call is still unknown.
    if (r.outcome == CallOutcome::kFailed) r = unknownOutcome(r.reason->message);
  } else if (payment) {
    r = fromPaymentInquiry(a.status, a.body);
  } else {
    r = fromOperationInquiry(a.status, a.body, operationObjectName(req.kind));
  }
  // Under this key the processor holds an operation on another payment: it cannot be ours.
  if (!payment && r.outcome != CallOutcome::kUnknown && r.outcome != CallOutcome::kNotFound &&
      !req.processorTransactionId.empty() &&
      r.processorTransactionId != req.processorTransactionId) {
    r = unknownOutcome("the key belongs to an operation on another payment");
  }
  logCall("test processor call", "inquire", req.attemptKey, a.status, std::chrono::steady_clock::now() - a.started, r);
  co_return r;
}

Result<std::vector<WebhookEvent>> TestProcessorConnector::parseWebhook(
    const ConnectionConfig& conn, const InboundWebhook& webhook,
    std::chrono::system_clock::time_point /*now*/) const {
  // Tp-Signature carries no timestamp, so `now` plays no part.
  return test_processor::parseWebhook(conn.credentialsJson, webhook);
}

}  // namespace sy::connectors::test_processor
