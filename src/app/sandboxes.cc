#include "app/sandboxes.h"

#include <boost/asio/ip/address.hpp>
#include <memory>

#include "sandbox/adyen/emulator.h"
#include "sandbox/checkoutcom/emulator.h"
#include "sandbox/square/emulator.h"
#include "sandbox/stripe/emulator.h"
#include "sandbox/test_processor/emulator.h"
#include "sandbox/three_ds/emulator.h"

namespace sy::app {
namespace {

// Adapts any emulator with the common shape (listen, start, stop, baseUrl).
template <class Emulator>
class Running final : public RunningSandbox {
 public:
  Running(boost::asio::io_context& ioc, typename Emulator::Options options)
      : emulator_(ioc, std::move(options)) {}
  Status listen(unsigned short port) {
    auto bound = emulator_.listen({boost::asio::ip::make_address("127.0.0.1"), port});
    if (!bound) return bound.status();
    emulator_.start();
    return Status::ok();
  }
  std::string baseUrl() const override { return emulator_.baseUrl(); }
  void stop(std::function<void()> onDrained) override { emulator_.stop(std::move(onDrained)); }
  void sendWebhooksTo(std::string url, std::string secret) override {
    if constexpr (requires { emulator_.sendWebhooksTo(url, secret); })
      emulator_.sendWebhooksTo(std::move(url), std::move(secret));
  }

 private:
  Emulator emulator_;
};

template <class Emulator>
Result<std::unique_ptr<RunningSandbox>> startEmulator(boost::asio::io_context& ioc,
                                                      typename Emulator::Options options,
                                                      unsigned short port) {
  auto running = std::make_unique<Running<Emulator>>(ioc, std::move(options));
  SY_RETURN_IF_ERROR(running->listen(port));
  return std::unique_ptr<RunningSandbox>(std::move(running));
}

}  // namespace

const std::vector<SandboxSpec>& sandboxSpecs() {
  static const std::vector<SandboxSpec> kSpecs = {
      {"TEST_PROCESSOR", "test-processor",
       R"({"apiKey":"sk_sandbox_demo","webhookSecret":"whsec_test_processor_demo"})",
       "whsec_test_processor_demo",
       [](boost::asio::io_context& ioc, const Config& config, unsigned short port) {
         sandbox::test_processor::TestProcessorOptions o;
         o.slowResponse = config.sandboxSlowResponse.count() > 0 ? config.sandboxSlowResponse
                                                                 : config.processorTimeout * 3;
         return startEmulator<sandbox::test_processor::TestProcessorEmulator>(ioc, o, port);
       }},
      // Stripe and Checkout.com send their events signed with the demo connection's webhook
      // secret (Stripe-Signature / Cko-Signature): Checkout.com confirms captures and refunds so.
      {"STRIPE", "stripe-sandbox",
       R"({"secretKey":"sk_test_switchyard_demo","webhookSecret":"whsec_stripe_switchyard_demo"})",
       "whsec_stripe_switchyard_demo",
       [](boost::asio::io_context& ioc, const Config&, unsigned short port) {
         return startEmulator<sandbox::stripe::StripeEmulator>(ioc, {}, port);
       }},
      // Adyen confirms captures and refunds only by webhook: its emulator sends them, signed
      // with the demo connection's HMAC key (Adyen's published example key).
      {"ADYEN", "adyen-sandbox",
       R"({"apiKey":"AQE_switchyard_demo","merchantAccount":"SwitchyardDemoECOM",)"
       R"("hmacKey":"44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"})",
       "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
       [](boost::asio::io_context& ioc, const Config&, unsigned short port) {
         return startEmulator<sandbox::adyen::AdyenEmulator>(ioc, {}, port);
       }},
      {"CHECKOUTCOM", "checkoutcom-sandbox",
       R"({"secretKey":"sk_sbox_switchyard_demo","webhookSecret":"cko_whsk_switchyard_demo"})",
       "cko_whsk_switchyard_demo",
       [](boost::asio::io_context& ioc, const Config&, unsigned short port) {
         return startEmulator<sandbox::checkoutcom::CheckoutComEmulator>(ioc, {}, port);
       }},
      {"SQUARE", "square-sandbox", R"({"accessToken":"EAAAsq_switchyard_demo"})", "",
       [](boost::asio::io_context& ioc, const Config&, unsigned short port) {
         return startEmulator<sandbox::square::SquareEmulator>(ioc, {}, port);
       }},
  };
  return kSpecs;
}

Result<std::unique_ptr<RunningSandbox>> startDirectoryServerSandbox(boost::asio::io_context& ioc,
                                                                    unsigned short port) {
  return startEmulator<sandbox::three_ds::DirectoryServerEmulator>(ioc, {}, port);
}

void stopAll(std::vector<std::unique_ptr<RunningSandbox>>& sandboxes,
             std::function<void()> onDrained) {
  if (sandboxes.empty()) {
    onDrained();
    return;
  }
  auto remaining = std::make_shared<size_t>(sandboxes.size());
  auto done = std::make_shared<std::function<void()>>(std::move(onDrained));
  for (auto& s : sandboxes) {
    // Every emulator posts its callback to the same io_context, whose handlers may run on several
    // threads: count down atomically.
    s->stop([remaining, done] {
      if (__atomic_sub_fetch(remaining.get(), 1, __ATOMIC_ACQ_REL) == 0) (*done)();
    });
  }
}

}  // namespace sy::app
