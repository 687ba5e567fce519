#include "three_ds/three_ds_server.h"

#include "common/clock.h"
#include "common/ids.h"
#include "common/log.h"

namespace sy::three_ds {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

Status transportError(const Status& s) {
  return Status(s.code(), "3-D Secure directory server unreachable: " + s.message());
}

}  // namespace

ThreeDsServer::ThreeDsServer(http::HttpClient& client, std::string directoryUrl,
                             std::chrono::milliseconds timeout)
    : client_(client), directoryUrl_(std::move(directoryUrl)), timeout_(timeout) {
  while (!directoryUrl_.empty() && directoryUrl_.back() == '/') directoryUrl_.pop_back();
}

asio::awaitable<Result<Authentication>> ThreeDsServer::authenticate(
    const AuthenticationRequest& req) {
  if (!configured())
    co_return unavailable("Switchyard's own 3-D Secure is not configured (three_ds_directory_url)");
  auto body = areqJson(req, systemNow());
  if (!body) co_return body.status();
  http::ClientRequest request;
  request.method = verb::post;
  request.url = directoryUrl_ + "/3ds/areq";
  request.contentType = "application/json; charset=utf-8";
  request.body = std::move(*body);
  auto answer = co_await client_.send(std::move(request), timeout_);
  if (!answer) co_return transportError(answer.status());
  auto ares = readARes(answer->status, answer->body, req.threeDsServerTransactionId);
  if (ares)
    log::info("3-D Secure ARes", {{"three_ds_server_trans_id", ares->threeDsServerTransactionId},
                                  {"ds_trans_id", ares->dsTransactionId},
                                  {"trans_status", ares->transStatus}});
  else
    log::warn("3-D Secure AReq failed",
              {{"three_ds_server_trans_id", req.threeDsServerTransactionId},
               {"http_status", static_cast<int64_t>(answer->status)}});
  co_return ares;
}

asio::awaitable<Result<std::optional<Authentication>>> ThreeDsServer::challengeResult(
    std::string threeDsServerTransactionId) {
  if (!configured())
    co_return unavailable("Switchyard's own 3-D Secure is not configured (three_ds_directory_url)");
  if (!isUuidShaped(threeDsServerTransactionId))
    co_return invalidArgument("threeDsServerTransactionId must be a UUID");
  http::ClientRequest request;
  request.method = verb::get;
  request.url = directoryUrl_ + "/3ds/results/" + threeDsServerTransactionId;
  auto answer = co_await client_.send(std::move(request), timeout_);
  if (!answer) co_return transportError(answer.status());
  auto result = readChallengeResult(answer->status, answer->body, threeDsServerTransactionId);
  if (result && result->has_value())
    log::info("3-D Secure RReq", {{"three_ds_server_trans_id", threeDsServerTransactionId},
                                  {"trans_status", (*result)->transStatus}});
  co_return result;
}

}  // namespace sy::three_ds
