#include "connectors/adyen/adyen_connector.h"

#include "connectors/adyen/webhooks.h"
#include "connectors/call_replay.h"
#include "connectors/processor_url.h"

namespace sy::connectors::adyen {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

constexpr ProcessorProfile kProfile{"adyen call", "Idempotency-Key", "application/json"};

// A POST of `body` to <baseUrl>/v71<path> with the X-API-Key header.
http::ClientRequest post(const ConnectionConfig& conn, const Credentials& creds,
                         std::string_view path, std::string body, const std::string& attemptKey) {
  std::string url =
      joinUrl(conn.baseUrl, std::string(AdyenConnector::kApiVersionPath) + std::string(path));
  http::ClientRequest r =
      processorRequest(kProfile, verb::post, std::move(url), std::move(body), attemptKey);
  r.headers.emplace_back("X-API-Key", creds.apiKey.reveal());
  return r;
}

std::string modificationPath(std::string_view psp, std::string_view what) {
  return "/payments/" + percentEncode(psp) + "/" + std::string(what);
}

}  // namespace

Capabilities AdyenConnector::capabilities() const {
  Capabilities c;            // every currency (Adyen's own exponent table is applied)
  c.partialCapture = true;   // Adyen: partial captures allowed up to the authorised amount
  c.multipleCapture = true;  // multiple partial captures (an account setting at Adyen)
  c.partialRefund = true;
  c.multipleRefund = true;
  c.threeDSecure = true;        // redirect 3DS2 (RedirectShopper -> /payments/details), mpiData
  c.externalThreeDs = true;     // kExternal: mpiData
  c.asyncModifications = true;  // captures, cancels, refunds answer "received"; webhooks confirm
  c.inquiryByReplay = true;   // no lookup by idempotency key: inquire() re-sends the call
  return c;
}

asio::awaitable<CallResult> AdyenConnector::authorize(const ConnectionConfig& conn,
                                                      const AuthorizeRequest& req) {
  co_return co_await sendAuthorize(conn, req, Operation::kAuthorize);
}
asio::awaitable<CallResult> AdyenConnector::capture(const ConnectionConfig& conn,
                                                    const CaptureRequest& req) {
  co_return co_await sendCapture(conn, req, Operation::kCapture);
}
asio::awaitable<CallResult> AdyenConnector::cancel(const ConnectionConfig& conn,
                                                   const CancelRequest& req) {
  co_return co_await sendCancel(conn, req, Operation::kCancel);
}
asio::awaitable<CallResult> AdyenConnector::refund(const ConnectionConfig& conn,
                                                   const RefundRequest& req) {
  co_return co_await sendRefund(conn, req, Operation::kRefund);
}

asio::awaitable<CallResult> AdyenConnector::sendAuthorize(const ConnectionConfig& conn,
                                                          const AuthorizeRequest& req,
                                                          Operation op) {
  ProcessorCall call(kProfile, op, req.attemptKey, conn.timeout);
  auto creds = credentialsFrom(conn.credentialsJson);
  auto body = creds ? authorizeBody(req, *creds) : Result<SecretString>(creds.status());
  if (body) {
    call.request = post(conn, *creds, "/payments", body->reveal(), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = [&](unsigned status, std::string_view answer) {
    CallResult r = fromPaymentResponse(status, answer, req.capture);
    // Adyen reports an external authentication as 3-D Secure it saw, but Switchyard ran it and
    // knows how it went (challenged or not); the engine keeps its own result.
    if (req.threeDSecure == ThreeDsMode::kExternal) r.threeDSecure.reset();
    return r;
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> AdyenConnector::completeAuthentication(
    const ConnectionConfig& conn, const CompleteAuthenticationRequest& req) {
  std::optional<std::string> redirectResult = redirectResultFrom(req.returnQuery);
  if (!redirectResult) {
    // The shopper has not come back from the redirect: Adyen knows nothing yet, and has no
    // lookup to ask; nothing is sent, and the challenge the engine holds is still the one to do.
    if (req.challengeUrl.empty()) {
      CallResult unknown = unknownOutcome(
          "the shopper has not come back from Adyen's 3-D Secure redirect (no redirectResult)");
      unknown.processorTransactionId = req.processorTransactionId;
      co_return unknown;
    }
    CallResult waiting;
    waiting.outcome = CallOutcome::kSucceeded;
    waiting.status = domain::PaymentStatus::kPending;
    waiting.processorTransactionId = req.processorTransactionId;
    waiting.challengeUrl = req.challengeUrl;
    co_return waiting;
  }
  ProcessorCall call(kProfile, Operation::kInquire, req.attemptKey, conn.timeout);
  auto creds = credentialsFrom(conn.credentialsJson);
  if (creds) {
    call.request = post(conn, *creds, "/payments/details", paymentDetailsBody(*redirectResult),
                        req.attemptKey);
  } else {
    call.request = creds.status();
  }
  const std::string& psp = req.processorTransactionId;
  const AnswerReader read = [&psp](unsigned status, std::string_view answer) {
    // Whether the sale was captured at once is not known here; Adyen confirms captures by
    // webhook anyway, so the authorization reads as AUTHORIZED.
    CallResult r = fromPaymentDetailsResponse(status, answer, false);
    if (r.processorTransactionId.empty()) r.processorTransactionId = psp;
    return r;
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> AdyenConnector::sendCapture(const ConnectionConfig& conn,
                                                        const CaptureRequest& req, Operation op) {
  ProcessorCall call(kProfile, op, req.attemptKey, conn.timeout);
  auto creds = credentialsFrom(conn.credentialsJson);
  auto body = creds ? captureBody(req, *creds) : Result<std::string>(creds.status());
  if (body) {
    call.request = post(conn, *creds, modificationPath(req.processorTransactionId, "captures"),
                        std::move(*body), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = [](unsigned status, std::string_view answer) {
    return fromModificationResponse(status, answer, Modification::kCapture);
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> AdyenConnector::sendCancel(const ConnectionConfig& conn,
                                                       const CancelRequest& req, Operation op) {
  ProcessorCall call(kProfile, op, req.attemptKey, conn.timeout);
  auto creds = credentialsFrom(conn.credentialsJson);
  if (creds) {
    call.request = post(conn, *creds, modificationPath(req.processorTransactionId, "cancels"),
                        cancelBody(req, *creds), req.attemptKey);
  } else {
    call.request = creds.status();
  }
  const AnswerReader read = [](unsigned status, std::string_view answer) {
    return fromModificationResponse(status, answer, Modification::kCancel);
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> AdyenConnector::sendRefund(const ConnectionConfig& conn,
                                                       const RefundRequest& req, Operation op) {
  ProcessorCall call(kProfile, op, req.attemptKey, conn.timeout);
  auto creds = credentialsFrom(conn.credentialsJson);
  auto body = creds ? refundBody(req, *creds) : Result<std::string>(creds.status());
  if (body) {
    call.request = post(conn, *creds, modificationPath(req.processorTransactionId, "refunds"),
                        std::move(*body), req.attemptKey);
  } else {
    call.request = body.status();
  }
  const AnswerReader read = [](unsigned status, std::string_view answer) {
    return fromModificationResponse(status, answer, Modification::kRefund);
  };
  co_return co_await sendToProcessor(client_, call, read);
}

asio::awaitable<CallResult> AdyenConnector::inquire(const ConnectionConfig& conn,
                                                    const InquiryRequest& req) {
  if (!std::holds_alternative<std::monostate>(req.original))
    co_return co_await replayOriginalCall(*this, conn, req);
  // Without the original call only a cancel can be rebuilt (merchantAccount + reference = key).
  if (req.kind == InquiryRequest::Kind::kCancel && !req.processorTransactionId.empty()) {
    const CancelRequest cancelReq{req.attemptKey, req.processorTransactionId};
    co_return co_await sendCancel(conn, cancelReq, Operation::kInquire);
  }
  co_return refuseCall(kProfile, Operation::kInquire, req.attemptKey,
                       "Adyen has no lookup by key or reference and the original call was not "
                       "given to replay under its Idempotency-Key");
}

Result<std::vector<WebhookEvent>> AdyenConnector::parseWebhook(
    const ConnectionConfig& conn, const InboundWebhook& webhook,
    std::chrono::system_clock::time_point /*now*/) const {
  // Adyen's item signatures carry no timestamp, so `now` plays no part.
  return adyen::parseWebhook(conn.credentialsJson, webhook);
}

}  // namespace sy::connectors::adyen
