#include "connectors/call_replay.h"

#include "common/log.h"
#include "connectors/call_log.h"

namespace sy::connectors {
namespace {

template <class Call>
const std::string* keyIf(const OriginalCall& original) {
  const Call* call = std::get_if<Call>(&original);
  return call ? &call->attemptKey : nullptr;
}

// The key of the original call when it is the kind of call `kind` asks about.
const std::string* originalKey(const OriginalCall& original, InquiryRequest::Kind kind) {
  switch (kind) {
    case InquiryRequest::Kind::kAuthorize:
      return keyIf<AuthorizeRequest>(original);
    case InquiryRequest::Kind::kCapture:
      return keyIf<CaptureRequest>(original);
    case InquiryRequest::Kind::kCancel:
      return keyIf<CancelRequest>(original);
    case InquiryRequest::Kind::kRefund:
      return keyIf<RefundRequest>(original);
  }
  return nullptr;
}

}  // namespace

Status checkReplayable(const InquiryRequest& req) {
  if (std::holds_alternative<std::monostate>(req.original))
    return Status(StatusCode::kFailedPrecondition, "the original call was not given to replay");
  const std::string* key = originalKey(req.original, req.kind);
  if (!key)
    return Status(StatusCode::kFailedPrecondition,
                  "the original call given is not the kind of call asked about");
  if (*key != req.attemptKey)
    return Status(StatusCode::kFailedPrecondition,
                  "the original call given carries another key than the inquiry");
  return Status::ok();
}

boost::asio::awaitable<CallResult> replayOriginalCall(Connector& connector,
                                                      const ConnectionConfig& conn,
                                                      const InquiryRequest& req) {
  if (Status usable = checkReplayable(req); !usable.isOk()) {
    log::warn("inquiry cannot replay the call", {{"processor", connector.processorName()},
                                                 {"attempt_key", req.attemptKey},
                                                 {"reason", usable.message()}});
    co_return unknownOutcome(usable.message());
  }
  // The replay logs its own call line; this one says why it was made.
  log::info("inquiry by replay", {{"processor", connector.processorName()},
                                  {"attempt_key", req.attemptKey},
                                  {"processor_transaction_id", req.processorTransactionId}});
  CallResult r;
  if (const auto* authorize = std::get_if<AuthorizeRequest>(&req.original)) {
    r = co_await connector.authorize(conn, *authorize);
  } else if (const auto* capture = std::get_if<CaptureRequest>(&req.original)) {
    r = co_await connector.capture(conn, *capture);
  } else if (const auto* cancel = std::get_if<CancelRequest>(&req.original)) {
    r = co_await connector.cancel(conn, *cancel);
  } else if (const auto* refund = std::get_if<RefundRequest>(&req.original)) {
    r = co_await connector.refund(conn, *refund);
  }
  // Refused before sending (notSent is the only APPLICATION_ERROR a connector gives): the replay
  // says nothing about the first call.
  if (r.outcome == CallOutcome::kFailed && r.reason &&
      r.reason->type == domain::ReasonType::kApplicationError)
    r = unknownOutcome(r.reason->message);
  co_return r;
}

}  // namespace sy::connectors
