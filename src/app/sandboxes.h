// The built-in processor sandboxes that `serve --demo` starts in-process (and `switchyard sandbox`
// starts alone): one emulator per processor, each on its own loopback port.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "common/status.h"

namespace sy::app {

// One running emulator, type-erased.
class RunningSandbox {
 public:
  virtual ~RunningSandbox() = default;
  virtual std::string baseUrl() const = 0;
  virtual void stop(std::function<void()> onDrained) = 0;
  // Makes the emulator send its processor's webhooks to `url`, signed with `secret` (the
  // connection's webhook secret); a no-op for an emulator that sends none.
  virtual void sendWebhooksTo(std::string url, std::string secret) = 0;
};

struct SandboxSpec {
  std::string processor;       // "TEST_PROCESSOR", "STRIPE"...
  std::string connectionName;  // the demo merchant's processorMerchantId for it
  std::string credentialsJson; // what the demo connection sends (the emulator accepts any)
  // The demo connection's webhook secret (also in credentialsJson) that the emulator signs its
  // webhooks with; empty when the emulator sends none.
  std::string webhookSecret;
  std::function<Result<std::unique_ptr<RunningSandbox>>(boost::asio::io_context&, const Config&,
                                                        unsigned short port)>
      start;
};

// Every sandbox Switchyard ships, in the order the demo creates their connections (the first is
// the demo merchant's default).
const std::vector<SandboxSpec>& sandboxSpecs();

// The 3-D Secure directory server emulator (sandbox/three_ds/) for Switchyard's own 3-D Secure, on
// 127.0.0.1:port (0: any free port). Not a processor: no connection, not in sandboxSpecs().
inline constexpr const char* kDirectoryServerSandbox = "THREE_DS_DIRECTORY_SERVER";
Result<std::unique_ptr<RunningSandbox>> startDirectoryServerSandbox(boost::asio::io_context& ioc,
                                                                    unsigned short port);

// Stops every sandbox, then calls onDrained (once).
void stopAll(std::vector<std::unique_ptr<RunningSandbox>>& sandboxes, std::function<void()> onDrained);

}  // namespace sy::app
