// libFuzzer target for the Stripe connector's answer transformers (connectors/stripe/
// transformers.h) and its credentials JSON. Input layout and contract: fuzz/processor_response.h.
#include "connectors/stripe/transformers.h"
#include "fuzz/processor_response.h"

using namespace sy;
using namespace sy::connectors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sy::fuzz::ProcessorAnswer in;
  if (!sy::fuzz::readAnswer(data, size, in)) return 0;
  const auto check = [&](const CallResult& r) { sy::fuzz::requireCallResultContract(r, in); };
  switch (in.selector % 8) {
    case 0: check(stripe::fromPaymentIntentResponse(in.httpStatus, in.body)); break;
    case 1: check(stripe::fromRefundResponse(in.httpStatus, in.body)); break;
    case 2: check(stripe::fromSearchResponse(in.httpStatus, in.body)); break;
    case 3: check(stripe::fromRefundListResponse(in.httpStatus, in.body, "att_1")); break;
    case 4:
      check(stripe::fromModificationInquiry(in.httpStatus, in.body, InquiryRequest::Kind::kCapture));
      break;
    case 5:
      check(stripe::fromModificationInquiry(in.httpStatus, in.body, InquiryRequest::Kind::kCancel));
      break;
    case 6:
      sy::fuzz::requireCredentialsContract(
          [](const SecretString& json) { return stripe::credentialsFrom(json); }, in.body);
      break;
    case 7: {
      // Amounts Stripe answers with, in any currency it names.
      const std::string currency(in.body.substr(0, 3));
      const int64_t amount = static_cast<int64_t>(in.httpStatus) * 1000003 - 300000000;
      (void)stripe::fromStripeAmount(amount, currency);
      (void)stripe::declineReason(in.body, "m");
      (void)stripe::cardErrorReason(in.body, "m");
      break;
    }
  }
  return 0;
}
