#include "connectors/test_processor/test_processor_connector.h"

#include "connectors/processor_call.h"
#include "connectors/processor_url.h"
#include "connectors/test_processor/transformers.h"
#include "connectors/test_processor/webhooks.h"

namespace sy::connectors::test_processor {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

constexpr ProcessorProfile kProfile{"test processor call", "Idempotency-Key", "application/json"};

std::string paymentPath(std::string_view paymentId, std::string_view operation) {
  return "/v1/payments/" + percentEncode(paymentId) + "/" + std::string(operation);
}

}  // namespace

Capabilities TestProcessorConnector::capabilities() const {
  Capabilities c;  // every ISO 4217 currency, partial and multiple captures and refunds
  c.threeDSecure = false;
  c.externalThreeDs = true;  // three_d_secure: the merchant's own 3DS result (docs/test-processor.md)
  c.asyncModifications = false;
  c.inquiryByReplay = false;  // inquire() looks the call up by its key
  return c;
}

Result<http::ClientRequest> TestProcessorConnector::request(const ConnectionConfig& conn,
                                                            verb method, std::string path,
                                                            std::string body,
                                                            const std::string& attemptKey) {
  auto apiKey = apiKeyFrom(conn.credentialsJson);
  if (!apiKey) return apiKey.status();
  http::ClientRequest r =
      processorRequest(kProfile, method, joinUrl(conn.baseUrl, path), std::move(body), attemptKey);
  r.headers.emplace_back("Authorization", "Bearer " + apiKey->reveal());
  return r;
}

asio::awaitable<CallResult> TestProcessorConnector::authorize(const ConnectionConfig& conn,
                                                              const AuthorizeRequest& req) {
  ProcessorCall call(kProfile, Operation::kAuthorize, req.attemptKey, conn.timeout);
  auto body = authorizeBody(req);
  if (body) {
    call.request = request(conn, verb::post, "/v1/payments", body->reveal(), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = fromPaymentResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> TestProcessorConnector::capture(const ConnectionConfig& conn,
                                                            const CaptureRequest& req) {
  ProcessorCall call(kProfile, Operation::kCapture, req.attemptKey, conn.timeout);
  call.request = request(conn, verb::post, paymentPath(req.processorTransactionId, "captures"),
                         captureBody(req), req.attemptKey);
  const AnswerReader read = fromOperationResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> TestProcessorConnector::cancel(const ConnectionConfig& conn,
                                                           const CancelRequest& req) {
  ProcessorCall call(kProfile, Operation::kCancel, req.attemptKey, conn.timeout);
  call.request = request(conn, verb::post, paymentPath(req.processorTransactionId, "voids"),
                         cancelBody(req), req.attemptKey);
  const AnswerReader read = fromOperationResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> TestProcessorConnector::refund(const ConnectionConfig& conn,
                                                           const RefundRequest& req) {
  ProcessorCall call(kProfile, Operation::kRefund, req.attemptKey, conn.timeout);
  call.request = request(conn, verb::post, paymentPath(req.processorTransactionId, "refunds"),
                         refundBody(req), req.attemptKey);
  const AnswerReader read = fromOperationResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> TestProcessorConnector::inquire(const ConnectionConfig& conn,
                                                            const InquiryRequest& req) {
  const bool payment = req.kind == InquiryRequest::Kind::kAuthorize;
  std::string path = std::string(payment ? "/v1/payments" : "/v1/operations") +
                     "?idempotency_key=" + percentEncode(req.attemptKey);
  ProcessorCall call(kProfile, Operation::kInquire, req.attemptKey, conn.timeout);
  call.request = request(conn, verb::get, std::move(path), {}, req.attemptKey);
  const AnswerReader read = [&](unsigned status, std::string_view body) {
    if (payment) return fromPaymentInquiry(status, body);
    CallResult r = fromOperationInquiry(status, body, operationObjectName(req.kind));
    // Under this key the processor holds an operation on another payment: it cannot be ours.
    if (r.outcome != CallOutcome::kUnknown && r.outcome != CallOutcome::kNotFound &&
        !req.processorTransactionId.empty() &&
        r.processorTransactionId != req.processorTransactionId) {
      r = unknownOutcome("the key belongs to an operation on another payment");
    }
    return r;
  };
  co_return co_await sendToProcessor(client_, call, read);
}

Result<std::vector<WebhookEvent>> TestProcessorConnector::parseWebhook(
    const ConnectionConfig& conn, const InboundWebhook& webhook,
    std::chrono::system_clock::time_point /*now*/) const {
  // Tp-Signature carries no timestamp, so `now` plays no part.
  return test_processor::parseWebhook(conn.credentialsJson, webhook);
}

}  // namespace sy::connectors::test_processor
