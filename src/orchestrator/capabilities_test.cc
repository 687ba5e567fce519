#include "orchestrator/capabilities.h"

#include <gtest/gtest.h>

namespace sy::orchestrator {
namespace {

domain::Payment authorized(int64_t amount) {
  domain::Payment p;
  p.status = domain::PaymentStatus::kAuthorized;
  p.amount = p.amountAuthorized = amount;
  return p;
}

TEST(Capabilities, SingleCaptureProcessorRefusesNonFinalPartialAndSecondCaptures) {
  connectors::Capabilities caps;
  caps.multipleCapture = false;
  auto p = authorized(1000);
  EXPECT_TRUE(checkCaptureCapability(caps, "STRIPE", p, 1000, false).isOk());
  EXPECT_TRUE(checkCaptureCapability(caps, "STRIPE", p, 400, true).isOk());
  Status s = checkCaptureCapability(caps, "STRIPE", p, 400, false);
  EXPECT_EQ(s.reason(), "ProcessorCapabilityNotSupported");
  EXPECT_NE(s.message().find("STRIPE"), std::string::npos);
  p.amountCaptured = 400;
  EXPECT_FALSE(checkCaptureCapability(caps, "STRIPE", p, 100, true).isOk());
}

TEST(Capabilities, PartialCaptureAndRefundFlags) {
  connectors::Capabilities caps;
  caps.partialCapture = false;
  caps.partialRefund = false;
  caps.multipleRefund = false;
  auto p = authorized(1000);
  EXPECT_FALSE(checkCaptureCapability(caps, "X", p, 999, true).isOk());
  EXPECT_TRUE(checkCaptureCapability(caps, "X", p, 1000, true).isOk());
  p.amountCaptured = 1000;
  EXPECT_FALSE(checkRefundCapability(caps, "X", p, 500).isOk());
  EXPECT_TRUE(checkRefundCapability(caps, "X", p, 1000).isOk());
  p.amountRefunded = 1;
  EXPECT_FALSE(checkRefundCapability(caps, "X", p, 999).isOk());
}

TEST(Capabilities, CurrencyList) {
  connectors::Capabilities caps;
  EXPECT_TRUE(checkCurrency(caps, "X", "JPY").isOk());  // empty list: every currency
  caps.currencies = {"EUR", "USD"};
  EXPECT_TRUE(checkCurrency(caps, "X", "EUR").isOk());
  EXPECT_EQ(checkCurrency(caps, "X", "JPY").reason(), "ProcessorCapabilityNotSupported");
}

}  // namespace
}  // namespace sy::orchestrator
