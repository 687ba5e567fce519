// libFuzzer target for the Square connector's answer transformers (connectors/square/
// transformers.h) and its credentials JSON. Input layout and contract: fuzz/processor_response.h.
#include "connectors/square/transformers.h"
#include "fuzz/processor_response.h"

using namespace sy;
using namespace sy::connectors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sy::fuzz::ProcessorAnswer in;
  if (!sy::fuzz::readAnswer(data, size, in)) return 0;
  const auto check = [&](const CallResult& r) { sy::fuzz::requireCallResultContract(r, in); };
  switch (in.selector % 6) {
    case 0: check(square::fromPaymentResponse(in.httpStatus, in.body)); break;
    case 1: check(square::fromModifyResponse(in.httpStatus, in.body)); break;
    case 2: check(square::fromCompleteResponse(in.httpStatus, in.body, 1000)); break;
    case 3: check(square::fromRefundResponse(in.httpStatus, in.body)); break;
    case 4:
      sy::fuzz::requireCredentialsContract(
          [](const SecretString& json) { return square::accessTokenFrom(json); }, in.body);
      break;
    case 5: (void)square::declineReason(in.body, "m"); break;
  }
  return 0;
}
