#include "connectors/processor_call.h"

#include "connectors/call_log.h"

namespace sy::connectors {
namespace asio = boost::asio;
using boost::beast::http::verb;

std::string_view operationName(Operation op) {
  switch (op) {
    case Operation::kAuthorize:
      return "authorize";
    case Operation::kCapture:
      return "capture";
    case Operation::kCancel:
      return "cancel";
    case Operation::kRefund:
      return "refund";
    case Operation::kInquire:
      return "inquire";
  }
  return "call";
}

http::ClientRequest processorRequest(const ProcessorProfile& profile, verb method, std::string url,
                                     std::string body, const std::string& attemptKey) {
  http::ClientRequest request;
  request.method = method;
  request.url = std::move(url);
  request.headers.emplace_back("Accept", "application/json");
  if (method == verb::post) {
    request.headers.emplace_back(std::string(profile.idempotencyHeader), attemptKey);
    request.contentType = std::string(profile.contentType);
    request.body = std::move(body);
  }
  return request;
}

CallResult refuseCall(const ProcessorProfile& profile, Operation operation,
                      const std::string& attemptKey, std::string_view why) {
  CallResult r;
  if (operation == Operation::kInquire) {
    r = unknownOutcome(why);  // an inquiry that was not sent resolves nothing
  } else {
    r = notSent(std::string(why));
    if (operation != Operation::kAuthorize) r.status = domain::PaymentStatus::kPending;
  }
  logCall(profile.logName, operationName(operation), attemptKey, 0, {}, r);
  return r;
}

asio::awaitable<ProcessorAnswer> exchangeWithProcessor(http::HttpClient& client,
                                                       http::ClientRequest request,
                                                       std::chrono::milliseconds timeout) {
  ProcessorAnswer answer;
  auto response = co_await client.send(std::move(request), timeout);
  if (!response) {
    // Timeout, reset, refused connection, garbled answer: whether the processor acted is unknown
    // (or, if the request never left, an inquiry will say so).
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

asio::awaitable<CallResult> sendToProcessor(http::HttpClient& client, ProcessorCall& call,
                                            const AnswerReader& read) {
  const std::string_view operation = operationName(call.operation);
  if (!call.request)
    co_return refuseCall(call.profile, call.operation, call.attemptKey,
                         call.request.status().message());
  const auto started = std::chrono::steady_clock::now();
  http::ClientRequest request = std::move(*call.request);  // one copy of the card data, not two
  ProcessorAnswer answer = co_await exchangeWithProcessor(client, std::move(request), call.timeout);
  CallResult r = answer.settled ? std::move(*answer.settled) : read(answer.status, answer.body);
  logCall(call.profile.logName, operation, call.attemptKey, answer.status,
          std::chrono::steady_clock::now() - started, r);
  co_return r;
}

}  // namespace sy::connectors
