// libFuzzer target for the test processor connector's answer transformers (connectors/
// test_processor/transformers.h) and its credentials JSON. Input layout and contract:
// fuzz/processor_response.h.
#include "connectors/test_processor/transformers.h"
#include "fuzz/processor_response.h"

using namespace sy;
using namespace sy::connectors;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sy::fuzz::ProcessorAnswer in;
  if (!sy::fuzz::readAnswer(data, size, in)) return 0;
  const auto check = [&](const CallResult& r) { sy::fuzz::requireCallResultContract(r, in); };
  switch (in.selector % 7) {
    case 0: check(test_processor::fromPaymentResponse(in.httpStatus, in.body)); break;
    case 1: check(test_processor::fromOperationResponse(in.httpStatus, in.body)); break;
    case 2: check(test_processor::fromPaymentInquiry(in.httpStatus, in.body)); break;
    case 3: check(test_processor::fromOperationInquiry(in.httpStatus, in.body, "capture")); break;
    case 4: check(test_processor::fromOperationInquiry(in.httpStatus, in.body, "refund")); break;
    case 5:
      sy::fuzz::requireCredentialsContract(
          [](const SecretString& json) { return test_processor::apiKeyFrom(json); }, in.body);
      break;
    case 6:
      (void)test_processor::declineReason(in.body, "m");
      (void)test_processor::failureReason(in.body, "m");
      break;
  }
  return 0;
}
