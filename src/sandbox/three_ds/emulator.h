// The 3-D Secure directory server emulator: an EMVCo 3-D Secure 2 directory server with the
// issuers' ACS behind it, as an HTTP server on loopback, for Switchyard's own 3-D Secure
// (src/three_ds/). It is not a processor. Endpoints (JSON unless said; docs/three_d_secure.md):
//   POST /3ds/areq                            AReq -> 200 ARes, or 400 Erro (messages.h)
//   GET  /3ds/challenge/{acsTransID}          the ACS challenge page (HTML: challenge_page.h)
//   POST /3ds/challenge/{acsTransID}          decision=approve|refuse -> 303 to notificationURL
//   GET  /3ds/results/{threeDSServerTransID}  200 RReq once decided; 202 {"challengeCompleted":
//                                             false} while pending; 404 Erro 301 otherwise
//   GET|POST /3ds/_control                    fault injection (sandbox/fault_injector.h) for
//                                             /3ds/areq and /3ds/results: latencyMs, failNext
//                                             (500 Erro 403), dropNext, phase, reset
// A real DS pushes the RReq to the 3DS Server after a challenge; this one lets the 3DS Server
// fetch it. No authentication (a real DS uses mutual TLS); transaction ids are the handles.
//
//   DirectoryServerEmulator emulator(ioc, {});
//   auto bound = emulator.listen({asio::ip::make_address("127.0.0.1"), 0});
//   emulator.start();  ...  emulator.baseUrl()  ...  emulator.stop(onDrained);
//
// Thread-safe: the io_context may be run by many threads. Destroy only after stop() has drained
// or once the io_context no longer runs.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <functional>

#include "http/server.h"
#include "sandbox/emulator_host.h"
#include "sandbox/fault_injector.h"
#include "sandbox/three_ds/directory_server.h"

namespace sy::sandbox::three_ds {

struct DirectoryServerOptions {
  size_t maxTransactions = 1'000'000;
  http::ServerOptions server;
};

class DirectoryServerEmulator : public EmulatorHost {
 public:
  using Options = DirectoryServerOptions;

  DirectoryServerEmulator(boost::asio::io_context& ioc, Options options);

  // listen(), start(), stop(), baseUrl(): see sandbox/emulator_host.h.
  FaultInjector& faults() { return faults_; }
  DirectoryServer& directory() { return directory_; }

 private:
  using Endpoint = std::function<http::Response(http::Request&)>;
  void addRoutes();
  boost::asio::awaitable<http::Response> serveFaultable(const Endpoint& endpoint,
                                                        http::Request& request);

  DirectoryServer directory_;
  FaultInjector faults_;
};

}  // namespace sy::sandbox::three_ds
