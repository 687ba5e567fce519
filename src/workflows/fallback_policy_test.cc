#include "workflows/fallback_policy.h"

#include <gtest/gtest.h>

#include <vector>

namespace sy::workflows {
namespace {
using domain::DeclineCode;
using domain::Outcome;
using domain::ReasonType;
using domain::StatusReason;
using Kind = NextStep::Kind;
using Stop = NextStep::StopReason;

StatusReason issuer(DeclineCode code) {
  return domain::issuerDecline(code);
}

StatusReason ofType(ReasonType type) {
  StatusReason r;
  r.type = type;
  return r;
}

const std::vector<std::string> kFallbacks{"stripe-main", "checkout-main"};

AuthorizationPlan plan(DeclineClassSet fallBackOn = DeclineClassSet::defaults()) {
  return {"adyen-eu", kFallbacks, fallBackOn, {}};
}

TEST(FallbackPolicy, EveryDeclineCodeHasItsClass) {
  const std::vector<std::pair<DeclineCode, DeclineClass>> table{
      {DeclineCode::kInsufficientFunds, DeclineClass::kSoftDecline},
      {DeclineCode::kWithdrawalLimitExceeded, DeclineClass::kSoftDecline},
      {DeclineCode::kDoNotHonor, DeclineClass::kSoftDecline},
      {DeclineCode::kDeclined, DeclineClass::kSoftDecline},
      {DeclineCode::kIssuerTemporarilyUnavailable, DeclineClass::kSoftDecline},
      {DeclineCode::kInvalidCardNumber, DeclineClass::kHardDecline},
      {DeclineCode::kExpiredCard, DeclineClass::kHardDecline},
      {DeclineCode::kReferToCardIssuer, DeclineClass::kHardDecline},
      {DeclineCode::kLostOrStolenCard, DeclineClass::kFraudDecline},
      {DeclineCode::kSuspectedFraud, DeclineClass::kFraudDecline},
      {DeclineCode::kAuthenticationRequired, DeclineClass::kAuthenticationRequired},
      // Codes that say nothing: the reason's type decides (an issuer decline here).
      {DeclineCode::kError, DeclineClass::kSoftDecline},
      {DeclineCode::kUnknown, DeclineClass::kSoftDecline},
  };
  ASSERT_EQ(table.size(), 13u) << "every DeclineCode of the taxonomy";
  for (const auto& [code, expected] : table) {
    const StatusReason r = issuer(code);
    EXPECT_EQ(classifyRefusal(Outcome::kDeclined, &r), expected) << domain::toString(code);
  }
}

TEST(FallbackPolicy, ACodeDecidesWhateverTheReasonType) {
  // A processor that reports a stolen card as a gateway rejection: still a fraud decline.
  StatusReason r = ofType(ReasonType::kGatewayRejected);
  r.code = DeclineCode::kLostOrStolenCard;
  EXPECT_EQ(classifyRefusal(Outcome::kDeclined, &r), DeclineClass::kFraudDecline);
  r.code = DeclineCode::kError;  // uninformative: the type decides
  EXPECT_EQ(classifyRefusal(Outcome::kFailed, &r), DeclineClass::kProcessorRejected);
}

TEST(FallbackPolicy, ReasonsWithoutACodeAreClassifiedByType) {
  const StatusReason issuerDeclined = ofType(ReasonType::kIssuerDeclined);
  const StatusReason rejected = ofType(ReasonType::kGatewayRejected);
  const StatusReason error = ofType(ReasonType::kApplicationError);
  const StatusReason timeout = ofType(ReasonType::kGatewayTimeout);
  EXPECT_EQ(classifyRefusal(Outcome::kDeclined, &issuerDeclined), DeclineClass::kSoftDecline);
  EXPECT_EQ(classifyRefusal(Outcome::kFailed, &rejected), DeclineClass::kProcessorRejected);
  EXPECT_EQ(classifyRefusal(Outcome::kFailed, &error), DeclineClass::kProcessorError);
  EXPECT_EQ(classifyRefusal(Outcome::kFailed, &timeout), DeclineClass::kProcessorTimeout);
  EXPECT_EQ(classifyRefusal(Outcome::kDeclined, nullptr), DeclineClass::kSoftDecline);
  EXPECT_EQ(classifyRefusal(Outcome::kFailed, nullptr), DeclineClass::kProcessorError);
}

TEST(FallbackPolicy, DefaultsFallBackOnSoftDeclinesAndProcessorTrouble) {
  const DeclineClassSet d = DeclineClassSet::defaults();
  EXPECT_TRUE(d.contains(DeclineClass::kSoftDecline));
  EXPECT_TRUE(d.contains(DeclineClass::kProcessorRejected));
  EXPECT_TRUE(d.contains(DeclineClass::kProcessorError));
  EXPECT_TRUE(d.contains(DeclineClass::kProcessorTimeout));
  EXPECT_FALSE(d.contains(DeclineClass::kHardDecline));
  EXPECT_FALSE(d.contains(DeclineClass::kFraudDecline));
  EXPECT_FALSE(d.contains(DeclineClass::kAuthenticationRequired));
}

TEST(FallbackPolicy, TheFirstAttemptGoesToThePrimary) {
  const NextStep s = nextStep(plan(), {});
  EXPECT_EQ(s.kind, Kind::kTry);
  EXPECT_EQ(s.connection, "adyen-eu");
  EXPECT_FALSE(s.lastRefusal.has_value());
}

TEST(FallbackPolicy, SoftDeclineFallsBackInOrder) {
  const StatusReason funds = issuer(DeclineCode::kInsufficientFunds);
  std::vector<AttemptRecord> attempts{{"adyen-eu", Outcome::kDeclined, &funds}};
  NextStep s = nextStep(plan(), attempts);
  EXPECT_EQ(s.kind, Kind::kTry);
  EXPECT_EQ(s.connection, "stripe-main");
  EXPECT_EQ(s.lastRefusal, DeclineClass::kSoftDecline);

  attempts.push_back({"stripe-main", Outcome::kDeclined, &funds});
  s = nextStep(plan(), attempts);
  EXPECT_EQ(s.kind, Kind::kTry);
  EXPECT_EQ(s.connection, "checkout-main");

  attempts.push_back({"checkout-main", Outcome::kDeclined, &funds});
  s = nextStep(plan(), attempts);
  EXPECT_EQ(s.kind, Kind::kStop);
  EXPECT_EQ(s.stopReason, Stop::kExhausted);
  EXPECT_EQ(s.lastRefusal, DeclineClass::kSoftDecline);
}

TEST(FallbackPolicy, HardDeclineStops) {
  const StatusReason expired = issuer(DeclineCode::kExpiredCard);
  const std::vector<AttemptRecord> attempts{{"adyen-eu", Outcome::kDeclined, &expired}};
  const NextStep s = nextStep(plan(), attempts);
  EXPECT_EQ(s.kind, Kind::kStop);
  EXPECT_EQ(s.stopReason, Stop::kNotRetryable);
  EXPECT_EQ(s.lastRefusal, DeclineClass::kHardDecline);
}

TEST(FallbackPolicy, FraudDeclineStops) {
  const StatusReason stolen = issuer(DeclineCode::kLostOrStolenCard);
  const std::vector<AttemptRecord> attempts{{"adyen-eu", Outcome::kDeclined, &stolen}};
  const NextStep s = nextStep(plan(), attempts);
  EXPECT_EQ(s.kind, Kind::kStop);
  EXPECT_EQ(s.stopReason, Stop::kNotRetryable);
  EXPECT_EQ(s.lastRefusal, DeclineClass::kFraudDecline);
}

TEST(FallbackPolicy, AuthenticationRequiredStopsUnlessConfigured) {
  const StatusReason sca = issuer(DeclineCode::kAuthenticationRequired);
  const std::vector<AttemptRecord> attempts{{"adyen-eu", Outcome::kDeclined, &sca}};
  EXPECT_EQ(nextStep(plan(), attempts).stopReason, Stop::kNotRetryable);
  DeclineClassSet withSca = DeclineClassSet::defaults();
  withSca.insert(DeclineClass::kAuthenticationRequired);
  const NextStep s = nextStep(plan(withSca), attempts);
  EXPECT_EQ(s.kind, Kind::kTry);
  EXPECT_EQ(s.connection, "stripe-main");
}

TEST(FallbackPolicy, ProcessorRejectionErrorAndResolvedTimeoutFallBack) {
  for (ReasonType type :
       {ReasonType::kGatewayRejected, ReasonType::kApplicationError, ReasonType::kGatewayTimeout}) {
    const StatusReason r = ofType(type);
    const std::vector<AttemptRecord> attempts{{"adyen-eu", Outcome::kFailed, &r}};
    const NextStep s = nextStep(plan(), attempts);
    EXPECT_EQ(s.kind, Kind::kTry) << domain::toString(type);
    EXPECT_EQ(s.connection, "stripe-main");
  }
}

TEST(FallbackPolicy, TheWorkflowChoosesItsClasses) {
  // A workflow that falls back on processor errors only: a soft decline is final.
  DeclineClassSet errorsOnly;
  errorsOnly.insert(DeclineClass::kProcessorError);
  const StatusReason funds = issuer(DeclineCode::kInsufficientFunds);
  const StatusReason error = ofType(ReasonType::kApplicationError);
  const std::vector<AttemptRecord> declined{{"adyen-eu", Outcome::kDeclined, &funds}};
  const std::vector<AttemptRecord> failed{{"adyen-eu", Outcome::kFailed, &error}};
  EXPECT_EQ(nextStep(plan(errorsOnly), declined).stopReason, Stop::kNotRetryable);
  EXPECT_EQ(nextStep(plan(errorsOnly), failed).kind, Kind::kTry);
  EXPECT_EQ(nextStep(plan(DeclineClassSet()), failed).stopReason, Stop::kNotRetryable);
}

TEST(FallbackPolicy, AnUnknownOutcomeBlocksEveryFallback) {
  // The primary timed out: it may have charged. Nothing else is tried until it is resolved.
  const std::vector<AttemptRecord> unknown{{"adyen-eu", Outcome::kUnknown, nullptr}};
  NextStep s = nextStep(plan(), unknown);
  EXPECT_EQ(s.kind, Kind::kWait);
  EXPECT_EQ(s.waitingOn, 0u);
  EXPECT_TRUE(s.connection.empty());

  const std::vector<AttemptRecord> inFlight{{"adyen-eu", Outcome::kInFlight, nullptr}};
  EXPECT_EQ(nextStep(plan(), inFlight).kind, Kind::kWait);

  // Resolved as not charged (a timeout resolved as FAILED): the fallback may start now.
  const StatusReason timeout = ofType(ReasonType::kGatewayTimeout);
  const std::vector<AttemptRecord> resolved{{"adyen-eu", Outcome::kFailed, &timeout}};
  s = nextStep(plan(), resolved);
  EXPECT_EQ(s.kind, Kind::kTry);
  EXPECT_EQ(s.connection, "stripe-main");
}

TEST(FallbackPolicy, AnEarlierUnknownAttemptBlocksEvenAfterALaterDecline) {
  const StatusReason funds = issuer(DeclineCode::kInsufficientFunds);
  const std::vector<AttemptRecord> attempts{{"adyen-eu", Outcome::kUnknown, nullptr},
                                            {"stripe-main", Outcome::kDeclined, &funds}};
  const NextStep s = nextStep(plan(), attempts);
  EXPECT_EQ(s.kind, Kind::kWait);
  EXPECT_EQ(s.waitingOn, 0u);
}

TEST(FallbackPolicy, SkippedConnectionsArePassedOverWithoutChangingTheDecision) {
  // The primary's circuit is open: the first attempt goes to the first fallback.
  AuthorizationPlan p = plan();
  p.skipped = {"adyen-eu"};
  NextStep s = nextStep(p, {});
  EXPECT_EQ(s.kind, Kind::kTry);
  EXPECT_EQ(s.connection, "stripe-main");
  EXPECT_FALSE(s.lastRefusal.has_value());
  // After a soft decline there, the next one not skipped.
  const StatusReason funds = issuer(DeclineCode::kInsufficientFunds);
  std::vector<AttemptRecord> attempts{{"stripe-main", Outcome::kDeclined, &funds}};
  s = nextStep(p, attempts);
  EXPECT_EQ(s.connection, "checkout-main");
  // Everything passed: the route is exhausted with the last refusal.
  p.skipped.push_back("checkout-main");
  s = nextStep(p, attempts);
  EXPECT_EQ(s.kind, Kind::kStop);
  EXPECT_EQ(s.stopReason, Stop::kExhausted);
  EXPECT_EQ(s.lastRefusal, DeclineClass::kSoftDecline);
  // A skip never overrides an unknown outcome.
  const std::vector<AttemptRecord> unknown{{"stripe-main", Outcome::kUnknown, nullptr}};
  EXPECT_EQ(nextStep(p, unknown).kind, Kind::kWait);
  // Nothing left and nothing attempted.
  p.skipped = {"adyen-eu", "stripe-main", "checkout-main"};
  s = nextStep(p, {});
  EXPECT_EQ(s.kind, Kind::kStop);
  EXPECT_EQ(s.stopReason, Stop::kExhausted);
  EXPECT_FALSE(s.lastRefusal.has_value());
}

TEST(FallbackPolicy, SuccessStops) {
  const StatusReason funds = issuer(DeclineCode::kInsufficientFunds);
  const std::vector<AttemptRecord> attempts{{"adyen-eu", Outcome::kDeclined, &funds},
                                            {"stripe-main", Outcome::kSucceeded, nullptr}};
  const NextStep s = nextStep(plan(), attempts);
  EXPECT_EQ(s.kind, Kind::kStop);
  EXPECT_EQ(s.stopReason, Stop::kSucceeded);
}

TEST(FallbackPolicy, NamesRoundTrip) {
  for (int i = 0; i < kDeclineClassCount; ++i) {
    const auto c = static_cast<DeclineClass>(i);
    EXPECT_EQ(declineClassFrom(toString(c)), c);
  }
  EXPECT_FALSE(declineClassFrom("soft_decline").has_value());
}

}  // namespace
}  // namespace sy::workflows
