#include "connectors/square/square_connector.h"

#include "connectors/call_replay.h"
#include "connectors/processor_call.h"
#include "connectors/processor_url.h"
#include "connectors/square/transformers.h"

namespace sy::connectors::square {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

// Square reads its idempotency key from the body (transformers.h); the header is sent too (the
// SDK always sends one), which Square ignores and the emulator does not read.
constexpr ProcessorProfile kProfile{"square call", "Idempotency-Key", "application/json"};

std::string paymentPath(std::string_view paymentId, std::string_view action) {
  return "/v2/payments/" + percentEncode(paymentId) + "/" + std::string(action);
}

}  // namespace

Capabilities SquareConnector::capabilities() const {
  Capabilities c;
  c.currencies = {};          // empty: Square's Money takes any ISO 4217 currency (its accounts
                              // settle in a few; the location's currency is checked by Square)
  c.partialCapture = false;   // CompletePayment captures the whole authorized amount
  c.multipleCapture = false;  // ... once
  c.partialRefund = true;     // RefundPayment takes any amount up to what is left
  c.multipleRefund = true;    // several refunds per payment
  c.threeDSecure = false;     // SCA happens in Square's Web Payments SDK, not here
  c.asyncModifications = false;  // complete/cancel answer the final state; a refund's PENDING is
                                 // taken as accepted (docs/connectors/square.md)
  c.inquiryByReplay = true;   // no lookup by idempotency key: inquire() re-sends the call
  return c;
}

Result<http::ClientRequest> SquareConnector::request(const ConnectionConfig& conn, verb method,
                                                     std::string path, std::string body,
                                                     const std::string& attemptKey) {
  auto token = accessTokenFrom(conn.credentialsJson);
  if (!token) return token.status();
  http::ClientRequest r =
      processorRequest(kProfile, method, joinUrl(conn.baseUrl, path), std::move(body), attemptKey);
  r.headers.emplace_back("Authorization", "Bearer " + token->reveal());
  r.headers.emplace_back("Square-Version", std::string(kSquareVersion));
  return r;
}

asio::awaitable<CallResult> SquareConnector::authorize(const ConnectionConfig& conn,
                                                       const AuthorizeRequest& req) {
  ProcessorCall call(kProfile, Operation::kAuthorize, req.attemptKey, conn.timeout);
  auto body = authorizeBody(req);
  if (body) {
    call.request = request(conn, verb::post, "/v2/payments", body->reveal(), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = fromPaymentResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> SquareConnector::capture(const ConnectionConfig& conn,
                                                     const CaptureRequest& req) {
  ProcessorCall call(kProfile, Operation::kCapture, req.attemptKey, conn.timeout);
  call.request = request(conn, verb::post, paymentPath(req.processorTransactionId, "complete"),
                         completeBody(req), req.attemptKey);
  const int64_t requested = req.amount;
  const AnswerReader read = [requested](unsigned status, std::string_view body) {
    return fromCompleteResponse(status, body, requested);
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> SquareConnector::cancel(const ConnectionConfig& conn,
                                                    const CancelRequest& req) {
  ProcessorCall call(kProfile, Operation::kCancel, req.attemptKey, conn.timeout);
  call.request = request(conn, verb::post, paymentPath(req.processorTransactionId, "cancel"),
                         cancelBody(req), req.attemptKey);
  const AnswerReader read = fromModifyResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> SquareConnector::refund(const ConnectionConfig& conn,
                                                    const RefundRequest& req) {
  ProcessorCall call(kProfile, Operation::kRefund, req.attemptKey, conn.timeout);
  auto body = refundBody(req);
  if (body) {
    call.request = request(conn, verb::post, "/v2/refunds", std::move(*body), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = fromRefundResponse;
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> SquareConnector::inquire(const ConnectionConfig& conn,
                                                     const InquiryRequest& req) {
  if (!std::holds_alternative<std::monostate>(req.original))
    co_return co_await replayOriginalCall(*this, conn, req);
  co_return refuseCall(kProfile, Operation::kInquire, req.attemptKey,
                       "Square has no lookup by key and the original call was not given "
                       "to replay under its key");
}

}  // namespace sy::connectors::square
