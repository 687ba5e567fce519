// libFuzzer target for the Adyen connector's answer transformers (connectors/adyen/
// transformers.h) and its credentials JSON. Input layout and contract: fuzz/processor_response.h.
#include "connectors/adyen/transformers.h"
#include "fuzz/processor_response.h"

using namespace sy;
using namespace sy::connectors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sy::fuzz::ProcessorAnswer in;
  if (!sy::fuzz::readAnswer(data, size, in)) return 0;
  const auto check = [&](const CallResult& r) { sy::fuzz::requireCallResultContract(r, in); };
  switch (in.selector % 9) {
    case 0: check(adyen::fromPaymentResponse(in.httpStatus, in.body, false)); break;
    case 1: check(adyen::fromPaymentResponse(in.httpStatus, in.body, true)); break;
    case 2:
      check(adyen::fromModificationResponse(in.httpStatus, in.body, adyen::Modification::kCapture));
      break;
    case 3:
      check(adyen::fromModificationResponse(in.httpStatus, in.body, adyen::Modification::kCancel));
      break;
    case 4:
      check(adyen::fromModificationResponse(in.httpStatus, in.body, adyen::Modification::kRefund));
      break;
    case 5:
      sy::fuzz::requireCredentialsContract(
          [](const SecretString& json) { return adyen::credentialsFrom(json); }, in.body);
      break;
    case 6:
      (void)adyen::declineReason(in.body, "m");
      (void)adyen::declineReasonFromText(in.body);
      break;
    case 7: check(adyen::fromPaymentDetailsResponse(in.httpStatus, in.body, false)); break;
    case 8:  // the query string a shopper's browser brought back from the 3-D Secure redirect
      if (auto r = adyen::redirectResultFrom(in.body)) sy::fuzz::require(!r->empty());
      break;
  }
  return 0;
}
