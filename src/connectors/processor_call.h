// Sending one call to a processor: the plumbing every connector shares (see docs/connectors.md).
// A connector says what differs (the URL, its authentication headers, the body, which of its
// transformers reads the answer); sendToProcessor() does the rest, the same way for every
// processor:
//
//   - a call that cannot be made (credentials unreadable, an amount the processor cannot express)
//     is not sent: kFailed APPLICATION_ERROR (notSent), nothing charged; for an inquiry it is
//     kUnknown instead, since an inquiry that was not sent resolves nothing;
//   - a transport failure (timeout, reset, refused connection, garbled answer) is kUnknown;
//   - an HTTP answer, whatever its status, goes to the connector's AnswerReader, which maps 5xx
//     and unreadable bodies to unknownOutcome() of call_log.h (never a decline);
//   - one log line per call (call_log.h): ids and outcomes, never headers, bodies or credentials.
//
// Coroutine rule (docs/architecture.md, "Coroutines"): pass named objects. Build the
// ProcessorCall and the AnswerReader in statements before `co_await sendToProcessor(...)`.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "connectors/connector.h"
#include "http/client.h"

namespace sy::connectors {

// The calls of connector.h. The operation decides what a call that cannot be sent means.
enum class Operation { kAuthorize, kCapture, kCancel, kRefund, kInquire };
std::string_view operationName(Operation op);  // "authorize"... as logged

// What stays the same for every call of one connector.
struct ProcessorProfile {
  std::string_view logName;            // message of every log line, e.g. "stripe call"
  std::string_view idempotencyHeader;  // carries the attempt key on every POST
  std::string_view contentType;        // of POST bodies
};

// The request of one call: `method` to `url`, `Accept: application/json`, and on a POST `body`
// with the profile's content type and `attemptKey` in its idempotency header. The connector adds
// its authentication and other headers.
http::ClientRequest processorRequest(const ProcessorProfile& profile,
                                     boost::beast::http::verb method, std::string url,
                                     std::string body, const std::string& attemptKey);

// One call as a connector describes it.
struct ProcessorCall {
  ProcessorCall(const ProcessorProfile& profile, Operation operation, std::string attemptKey,
                std::chrono::milliseconds timeout)
      : profile(profile),
        operation(operation),
        attemptKey(std::move(attemptKey)),
        timeout(timeout) {}

  const ProcessorProfile& profile;
  Operation operation;
  std::string attemptKey;
  std::chrono::milliseconds timeout;
  // Ready to send, or why the call cannot be made (never quoting a secret).
  Result<http::ClientRequest> request =
      Status(StatusCode::kFailedPrecondition, "no request was prepared");
};

// Reads the processor's HTTP answer into a CallResult: one of the connector's transformers, bound
// (by a lambda capturing by reference) to whatever else it needs.
using AnswerReader = std::function<CallResult(unsigned httpStatus, std::string_view body)>;

// Sends `call` (its request is moved out) and reads the answer with `read`, as the header comment
// says. A modification that is not sent keeps the payment's status (PENDING = no statement about
// the sale); an authorization that is not sent is FAILED.
boost::asio::awaitable<CallResult> sendToProcessor(http::HttpClient& client, ProcessorCall& call,
                                                   const AnswerReader& read);

// A call that is not sent (the first case above), logged: what sendToProcessor() answers when the
// request is not ready, for a connector that decides so before preparing one.
CallResult refuseCall(const ProcessorProfile& profile, Operation operation,
                      const std::string& attemptKey, std::string_view why);

// The HTTP exchange alone, for a connector that needs a second request inside one call (it logs
// nothing and refuses nothing): the answer, or `settled` (kUnknown) when there was none.
struct ProcessorAnswer {
  std::optional<CallResult> settled;
  unsigned status = 0;
  std::string body;
};
boost::asio::awaitable<ProcessorAnswer> exchangeWithProcessor(http::HttpClient& client,
                                                              http::ClientRequest request,
                                                              std::chrono::milliseconds timeout);

}  // namespace sy::connectors
