#include "connectors/your_processor/your_processor_connector.h"

#include "connectors/call_replay.h"
#include "connectors/processor_call.h"
#include "connectors/processor_url.h"
#include "connectors/your_processor/transformers.h"

namespace sy::connectors::your_processor {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

constexpr ProcessorProfile kProfile{"your_processor call", "Idempotency-Key", "application/json"};

std::string operationPath(std::string_view paymentId, std::string_view operation) {
  return "/v1/payments/" + percentEncode(paymentId) + "/" + std::string(operation);
}

}  // namespace

Capabilities YourProcessorConnector::capabilities() const {
  Capabilities c;            // TEMPLATE: state what YourProcessor documents, each with its reason
  c.currencies = {};         // empty: every ISO 4217 currency
  c.partialCapture = true;   // captures up to the authorized amount
  c.multipleCapture = true;  // non-final captures, then a final one
  c.partialRefund = true;
  c.multipleRefund = true;
  c.threeDSecure = false;        // no 3-D Secure flow through this connector
  c.asyncModifications = false;  // captures, voids and refunds answer with their final result
  c.inquiryByReplay = true;   // no lookup by idempotency key: inquire() re-sends the call
  return c;
}

Result<http::ClientRequest> YourProcessorConnector::request(const ConnectionConfig& conn,
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

asio::awaitable<CallResult> YourProcessorConnector::authorize(const ConnectionConfig& conn,
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

asio::awaitable<CallResult> YourProcessorConnector::capture(const ConnectionConfig& conn,
                                                            const CaptureRequest& req) {
  ProcessorCall call(kProfile, Operation::kCapture, req.attemptKey, conn.timeout);
  auto body = captureBody(req);
  if (body) {
    call.request = request(conn, verb::post, operationPath(req.processorTransactionId, "captures"),
                           std::move(*body), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = fromOperationResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> YourProcessorConnector::cancel(const ConnectionConfig& conn,
                                                           const CancelRequest& req) {
  ProcessorCall call(kProfile, Operation::kCancel, req.attemptKey, conn.timeout);
  call.request = request(conn, verb::post, operationPath(req.processorTransactionId, "voids"),
                         cancelBody(req), req.attemptKey);
  const AnswerReader read = fromOperationResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> YourProcessorConnector::refund(const ConnectionConfig& conn,
                                                           const RefundRequest& req) {
  ProcessorCall call(kProfile, Operation::kRefund, req.attemptKey, conn.timeout);
  auto body = refundBody(req);
  if (body) {
    call.request = request(conn, verb::post, operationPath(req.processorTransactionId, "refunds"),
                           std::move(*body), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = fromOperationResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> YourProcessorConnector::inquire(const ConnectionConfig& conn,
                                                            const InquiryRequest& req) {
  if (!std::holds_alternative<std::monostate>(req.original))
    co_return co_await replayOriginalCall(*this, conn, req);
  co_return refuseCall(kProfile, Operation::kInquire, req.attemptKey,
                       "YourProcessor has no lookup by key and the original call was not given "
                       "to replay under its key");
}

}  // namespace sy::connectors::your_processor
