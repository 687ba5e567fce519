#include "workflows/split_bucket.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "workflows/compiled_workflow.h"
#include "workflows/workflow_test_util.h"

namespace sy::workflows {
namespace {

// Chi-square critical values at p = 0.001: a correct hash fails with probability 1/1000 for a
// random input; the inputs here are fixed, so each test either always passes or always fails.
constexpr double kChiSquare001[] = {0,      10.828, 13.816, 16.266, 18.467,
                                    20.515, 22.458, 24.322, 26.124, 27.877};

constexpr int kPayments = 100000;

std::string paymentId(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "pay_%06d", i);
  return buf;
}

double chiSquare(const std::vector<int>& observed, const std::vector<double>& expected) {
  double chi = 0;
  for (size_t i = 0; i < observed.size(); ++i) {
    if (expected[i] == 0) continue;
    const double d = observed[i] - expected[i];
    chi += d * d / expected[i];
  }
  return chi;
}

// Values computed independently (Python) from the algorithm as docs/workflows.md states it: they
// pin the hash, so a change that would move live payments between routes fails here.
TEST(SplitBucket, MatchesTheDocumentedHash) {
  EXPECT_EQ(splitBucket(splitSeed("stripe-vs-checkout"), "pay_000001"), 4106u);
  EXPECT_EQ(splitBucket(splitSeed("stripe-vs-checkout"), "pay_000002"), 9818u);
  EXPECT_EQ(splitBucket(splitSeed("ab"), "Ub3Qx2abcdEF"), 2775u);
  EXPECT_EQ(splitBucket(splitSeed("ab"), ""), 8829u);
  EXPECT_EQ(splitBucket(splitSeed(""), ""), 1483u);
}

TEST(SplitBucket, BucketsAreUniform) {
  const uint64_t seed = splitSeed("s");
  std::vector<int> deciles(10);
  for (int i = 0; i < kPayments; ++i) {
    const uint32_t b = splitBucket(seed, paymentId(i));
    ASSERT_LT(b, kSplitBuckets);
    ++deciles[b / 1000];
  }
  const std::vector<double> expected(10, kPayments / 10.0);
  EXPECT_LT(chiSquare(deciles, expected), kChiSquare001[9]);
}

std::string splitWorkflow(const std::vector<int>& percentages, std::string_view blockId = "split") {
  std::string routes;
  for (size_t i = 0; i < percentages.size(); ++i) {
    if (i) routes += ",";
    routes += R"({"id": "r)" + std::to_string(i) + R"(", "percentage": )" +
              std::to_string(percentages[i]) +
              R"(, "steps": [{"type": "AUTHORIZE", "connection": ")" +
              testing::connections()[i % 4] + R"("}]})";
  }
  return testing::createdWorkflow(R"([{"type": "SPLIT", "id": ")" + std::string(blockId) +
                                  R"(", "routes": [)" + routes + "]}]");
}

// Routes taken by kPayments synthetic payment ids.
std::vector<int> routeCounts(const CompiledWorkflow& w, size_t routes) {
  std::vector<int> counts(routes);
  for (int i = 0; i < kPayments; ++i) {
    const std::string id = paymentId(i);
    PaymentFacts f;
    f.splitKey = id;
    const Decision d = w.evaluate(f);
    EXPECT_EQ(d.trace().size(), 1u);
    ++counts[d.trace()[0].route];
  }
  return counts;
}

void expectDistribution(const std::vector<int>& percentages) {
  SCOPED_TRACE(::testing::PrintToString(percentages));
  const CompiledWorkflow w = testing::mustLoad(splitWorkflow(percentages));
  const std::vector<int> counts = routeCounts(w, percentages.size());
  std::vector<double> expected;
  int nonZero = 0;
  for (size_t i = 0; i < percentages.size(); ++i) {
    const double p = percentages[i] / 100.0;
    expected.push_back(kPayments * p);
    if (percentages[i] == 0) {
      EXPECT_EQ(counts[i], 0) << "a 0 % route is never taken";
      continue;
    }
    ++nonZero;
    // Each route alone: within 5 standard deviations of its binomial mean.
    const double sd = std::sqrt(kPayments * p * (1 - p));
    EXPECT_NEAR(counts[i], kPayments * p, 5 * sd) << "route " << i;
  }
  if (nonZero > 1) {
    EXPECT_LT(chiSquare(counts, expected), kChiSquare001[nonZero - 1]);
  }
}

TEST(SplitBucket, RoutesGetTheirPercentageOverManyPayments) {
  expectDistribution({50, 50});
  expectDistribution({70, 30});
  expectDistribution({1, 99});
  expectDistribution({50, 30, 20});
  expectDistribution({0, 25, 25, 50});
  expectDistribution({20, 20, 20, 20, 20});
  expectDistribution({0, 100});
}

TEST(SplitBucket, APaymentAlwaysLandsOnTheSameRoute) {
  const CompiledWorkflow a = testing::mustLoad(splitWorkflow({30, 30, 40}));
  const CompiledWorkflow b = testing::mustLoad(splitWorkflow({30, 30, 40}));  // recompiled
  for (int i = 0; i < 1000; ++i) {
    const std::string id = paymentId(i);
    PaymentFacts f;
    f.splitKey = id;
    const Decision first = a.evaluate(f);
    EXPECT_EQ(a.evaluate(f).trace()[0].route, first.trace()[0].route);
    EXPECT_EQ(b.evaluate(f).trace()[0].route, first.trace()[0].route);
    EXPECT_EQ(b.evaluate(f).trace()[0].bucket, first.trace()[0].bucket);
  }
}

TEST(SplitBucket, ShiftingPercentagesMovesOnlyTheDifference) {
  // 50/50 -> 60/40: the payments on r0 stay there; exactly those in buckets [5000, 6000) move.
  const CompiledWorkflow before = testing::mustLoad(splitWorkflow({50, 50}));
  const CompiledWorkflow after = testing::mustLoad(splitWorkflow({60, 40}));
  int moved = 0;
  for (int i = 0; i < kPayments; ++i) {
    const std::string id = paymentId(i);
    PaymentFacts f;
    f.splitKey = id;
    const TraceEntry x = before.evaluate(f).trace()[0];
    const TraceEntry y = after.evaluate(f).trace()[0];
    if (x.route == 0) {
      EXPECT_EQ(y.route, 0);
    }
    if (x.route != y.route) {
      ++moved;
      EXPECT_GE(x.bucket, 5000);
      EXPECT_LT(x.bucket, 6000);
    }
  }
  const double sd = std::sqrt(kPayments * 0.1 * 0.9);
  EXPECT_NEAR(moved, kPayments * 0.1, 5 * sd);
}

TEST(SplitBucket, TwoSplitsOnOnePathAreIndependent) {
  // Two 50/50 blocks: with one hash for both, every payment would take the same side twice.
  const std::string json = testing::createdWorkflow(R"([
    {"type": "SPLIT", "id": "first", "routes": [
      {"id": "a", "percentage": 50, "steps": []}, {"id": "b", "percentage": 50, "steps": []}]},
    {"type": "SPLIT", "id": "second", "routes": [
      {"id": "a", "percentage": 50, "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}]},
      {"id": "b", "percentage": 50, "steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}]}])");
  const CompiledWorkflow w = testing::mustLoad(json);
  std::vector<int> cells(4);
  for (int i = 0; i < kPayments; ++i) {
    const std::string id = paymentId(i);
    PaymentFacts f;
    f.splitKey = id;
    const Decision d = w.evaluate(f);
    ASSERT_EQ(d.trace().size(), 2u);
    ++cells[d.trace()[0].route * 2 + d.trace()[1].route];
  }
  // Independence test of the 2x2 table (1 degree of freedom), expected counts from the margins.
  const double row0 = cells[0] + cells[1], row1 = cells[2] + cells[3];
  const double col0 = cells[0] + cells[2], col1 = cells[1] + cells[3];
  const std::vector<double> expected{row0 * col0 / kPayments, row0 * col1 / kPayments,
                                     row1 * col0 / kPayments, row1 * col1 / kPayments};
  EXPECT_LT(chiSquare(cells, expected), kChiSquare001[1]);
}

}  // namespace
}  // namespace sy::workflows
