#include "sandbox/three_ds/emulator.h"

#include "common/log.h"
#include "sandbox/three_ds/messages.h"

namespace sy::sandbox::three_ds {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

http::Response erro(unsigned status, std::string code, std::string description, std::string detail,
                    std::string messageType = "AReq") {
  ErroMessage e;
  e.errorCode = std::move(code);
  e.errorDescription = std::move(description);
  e.errorDetail = std::move(detail);
  e.errorMessageType = std::move(messageType);
  return http::Response::json(status, erroJson(e));
}

// What the HTTP server refuses itself (unknown path, wrong method, oversized body), as an Erro.
http::Response serverError(unsigned status, std::string_view, std::string_view description,
                           const http::Request& request) {
  if (status == 404 || status == 405)
    return erro(404, "303", "Access Denied, Invalid Endpoint", std::string(request.path));
  if (status >= 500)
    return erro(status, "403", "Transient System Failure: " + std::string(description), "message");
  return erro(status, "101", "Message Received Invalid: " + std::string(description), "message");
}

}  // namespace

DirectoryServerEmulator::DirectoryServerEmulator(asio::io_context& ioc, Options options)
    : EmulatorHost(ioc, options.server, serverError, "3-D Secure directory server emulator"),
      directory_(options.maxTransactions) {
  addRoutes();
}

asio::awaitable<http::Response> DirectoryServerEmulator::serveFaultable(const Endpoint& endpoint,
                                                                        http::Request& request) {
  FaultInjector::Decision fault = faults_.next();
  if (fault.latency.count() > 0 && !co_await waits().wait(fault.latency))
    co_return erro(503, "403", "Transient System Failure: the emulator is shutting down",
                   "message");
  const bool injected = fault.action != FaultInjector::Action::kNone;
  if (injected && fault.phase == FaultPhase::kBefore) {
    log::info("3-D Secure directory server emulator injected fault",
              {{"path", request.path}, {"phase", "before"}});
    if (fault.action == FaultInjector::Action::kFail)
      co_return erro(500, "403", "Transient System Failure (emulator fault injection)", "message");
    co_return http::Response::drop();
  }
  http::Response answer = endpoint(request);
  if (injected) {
    log::info("3-D Secure directory server emulator injected fault",
              {{"path", request.path}, {"phase", "after"}});
    if (fault.action == FaultInjector::Action::kFail)
      co_return erro(500, "403", "Transient System Failure (emulator fault injection)", "message");
    co_return http::Response::drop();
  }
  co_return answer;
}

void DirectoryServerEmulator::addRoutes() {
  auto faultable = [this](verb method, std::string pattern, Endpoint endpoint) {
    router().add(method, std::move(pattern),
                 [this, endpoint = std::move(endpoint)](http::Request& request) {
                   return serveFaultable(endpoint, request);
                 });
  };
  faultable(verb::post, "/3ds/areq", [this](http::Request& r) {
    if (!r.header("Content-Type").starts_with("application/json"))
      return erro(400, "101", "Message Received Invalid: the AReq must be application/json",
                  "Content-Type");
    return directory_.authenticate(r.body, baseUrl());
  });
  faultable(verb::get, "/3ds/results/{id}",
            [this](http::Request& r) { return directory_.result(r.pathParams.at("id")); });
  // The customer's browser: no faults, no authentication (the acsTransID is the capability).
  router().add(verb::get, "/3ds/challenge/{id}",
               [this](http::Request& r) -> asio::awaitable<http::Response> {
                 co_return directory_.challengePage(r.pathParams.at("id"));
               });
  router().add(verb::post, "/3ds/challenge/{id}",
               [this](http::Request& r) -> asio::awaitable<http::Response> {
                 co_return directory_.decideChallenge(r.pathParams.at("id"), r.body);
               });
  router().add(verb::get, "/3ds/_control",
               [this](http::Request&) -> asio::awaitable<http::Response> {
                 co_return http::Response::json(200, faults_.stateJson());
               });
  router().add(
      verb::post, "/3ds/_control", [this](http::Request& r) -> asio::awaitable<http::Response> {
        Status applied = faults_.apply(r.body);
        if (!applied.isOk()) co_return erro(400, "203", applied.message(), "control", "Erro");
        log::info("3-D Secure directory server emulator faults set", {{"request_id", r.requestId}});
        co_return http::Response::json(200, faults_.stateJson());
      });
}

}  // namespace sy::sandbox::three_ds
