// libFuzzer target for the Checkout.com connector's answer transformers (connectors/checkoutcom/
// transformers.h) and its credentials JSON. Input layout and contract: fuzz/processor_response.h.
#include "connectors/checkoutcom/transformers.h"
#include "fuzz/processor_response.h"

using namespace sy;
using namespace sy::connectors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sy::fuzz::ProcessorAnswer in;
  if (!sy::fuzz::readAnswer(data, size, in)) return 0;
  const auto check = [&](const CallResult& r) { sy::fuzz::requireCallResultContract(r, in); };
  using Kind = InquiryRequest::Kind;
  switch (in.selector % 9) {
    case 0: check(checkoutcom::fromAuthorizeResponse(in.httpStatus, in.body, false)); break;
    case 1: check(checkoutcom::fromAuthorizeResponse(in.httpStatus, in.body, true)); break;
    case 2: check(checkoutcom::fromActionResponse(in.httpStatus, in.body, "pay_1")); break;
    case 3: check(checkoutcom::fromPaymentDetails(in.httpStatus, in.body)); break;
    case 4:
      check(checkoutcom::fromPaymentActions(in.httpStatus, in.body, "pay_1", Kind::kCapture,
                                            "att_1"));
      break;
    case 5:
      check(checkoutcom::fromPaymentActions(in.httpStatus, in.body, "pay_1", Kind::kRefund,
                                            "att_1"));
      break;
    case 6: (void)checkoutcom::declineFromActions(in.httpStatus, in.body); break;
    case 7:
      sy::fuzz::requireCredentialsContract(
          [](const SecretString& json) { return checkoutcom::credentialsFrom(json); }, in.body);
      break;
    case 8: {
      const std::string currency(in.body.substr(0, 3));
      const int64_t amount = static_cast<int64_t>(in.httpStatus) * 1000003 - 300000000;
      (void)checkoutcom::fromProcessorAmount(amount, currency, 2);
      (void)checkoutcom::declineReason(in.body, "m");
      break;
    }
  }
  return 0;
}
