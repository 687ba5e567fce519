// Google Benchmark micro-benchmarks of the pieces on a payment's hot path. Run by `make bench`
// (bench/run.sh); never part of CTest: a benchmark is not a timed test.
//
//   build-release/microbench [--benchmark_filter=Codec]
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "api/codec/payment_request_codec.h"
#include "api/codec/payment_writer.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "common/log.h"
#include "domain/payment.h"
#include "store/records.h"
#include "vault/vault.h"
#include "vault/testing/dev_key_ring.h"

namespace {
using namespace sy;

// A fixed clock so every iteration does the same work.
class FixedClock final : public Clock {
 public:
  TimePoint now() const override { return fromMicros(1732170000000000); }
};

const SecretString& key32() {
  static const SecretString key = crypto::deriveKey("bench vault key");
  return key;
}

// The README's POST /payments body, and a fuller one with every echoed object.
constexpr std::string_view kCreateMinimal = R"({"paymentMethodToken":"pmt_0123456789abcdef01234567"})";
constexpr std::string_view kCreateFull = R"({
  "paymentMethodToken": "pmt_0123456789abcdef01234567",
  "orderId": "order-1001", "currencyCode": "EUR", "amount": 4200, "customerId": "cust-1",
  "customer": {"emailAddress": "ann@example.com", "firstName": "Ann", "lastName": "Lee"},
  "order": {"lineItems": [{"itemId": "sock-1", "description": "Socks", "amount": 4200, "quantity": 1}],
            "countryCode": "FR"},
  "metadata": {"channel": "web", "campaign": "spring"},
  "paymentMethod": {"descriptor": "SWITCHYARD*SOCKS", "paymentType": "FIRST_PAYMENT",
                    "authorizationType": "FINAL"}
})";

void BM_DecodePaymentCreate_Minimal(benchmark::State& state) {
  for (auto _ : state) {
    auto decoded = api::codec::decodePaymentCreate(kCreateMinimal);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kCreateMinimal.size()));
}
BENCHMARK(BM_DecodePaymentCreate_Minimal);

void BM_DecodePaymentCreate_Full(benchmark::State& state) {
  for (auto _ : state) {
    auto decoded = api::codec::decodePaymentCreate(kCreateFull);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kCreateFull.size()));
}
BENCHMARK(BM_DecodePaymentCreate_Full);

// An authorized, then settled and partly refunded payment, as GET /payments/{id} returns it.
domain::Payment samplePayment(bool settled) {
  using namespace domain;
  const TimePoint t = fromMicros(1732170000000000);
  Payment p;
  p.id = "Ub3Qx2abcdEF";
  p.merchantId = "m_0123456789";
  p.createdAt = p.updatedAt = t;
  p.status = settled ? PaymentStatus::kSettled : PaymentStatus::kAuthorized;
  p.orderId = "order-1001";
  p.amount = 4200;
  p.currencyCode = "EUR";
  p.customerId = "cust-1";
  p.paymentMethodToken = "pmt_0123456789abcdef01234567";
  p.card = CardSummary{"411111", "1111", "12", "2030", "Ann Lee", "VISA"};
  p.connectionId = "conn_1";
  p.processorName = "TEST_PROCESSOR";
  p.processorMerchantId = "test-processor";
  p.amountAuthorized = 4200;
  Transaction sale;
  sale.id = "8d5c1a9e-9a43-4d4b-8c1e-0e7f7b0f6a11";
  sale.type = TransactionType::kSale;
  sale.status = p.status;
  sale.outcome = Outcome::kSucceeded;
  sale.attemptKey = "att_0123456789abcdef01234567";
  sale.connectionId = p.connectionId;
  sale.processorName = p.processorName;
  sale.processorMerchantId = p.processorMerchantId;
  sale.processorTransactionId = "tp_pay_0123456789abcdef";
  sale.amount = 4200;
  sale.currencyCode = "EUR";
  sale.orderId = p.orderId;
  sale.createdAt = sale.updatedAt = t;
  TransactionEvent auth;
  auth.id = "0b6f1d7e-1111-4c1e-9a43-0e7f7b0f6a11";
  auth.type = EventType::kAuthorizationSucceeded;
  auth.outcome = Outcome::kSucceeded;
  auth.amount = 4200;
  auth.date = t;
  sale.events.push_back(auth);
  if (settled) {
    p.amountCaptured = 4200;
    p.amountRefunded = 500;
    TransactionEvent cap = auth;
    cap.id = "0b6f1d7e-2222-4c1e-9a43-0e7f7b0f6a11";
    cap.type = EventType::kCaptureSucceeded;
    cap.final = true;
    sale.events.push_back(cap);
  }
  p.transactions.push_back(sale);
  if (settled) {
    Transaction refund = sale;
    refund.id = "8d5c1a9e-3333-4d4b-8c1e-0e7f7b0f6a11";
    refund.type = TransactionType::kRefund;
    refund.amount = 500;
    refund.reason = "returned socks";
    refund.events.clear();
    p.transactions.push_back(refund);
  }
  p.version = settled ? 4 : 2;
  return p;
}

void BM_WritePayment_Authorized(benchmark::State& state) {
  const domain::Payment p = samplePayment(false);
  size_t bytes = 0;
  for (auto _ : state) {
    std::string out = api::codec::writePayment(p, false);
    bytes = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}
BENCHMARK(BM_WritePayment_Authorized);

void BM_WritePayment_SettledRefunded(benchmark::State& state) {
  const domain::Payment p = samplePayment(true);
  size_t bytes = 0;
  for (auto _ : state) {
    std::string out = api::codec::writePayment(p, true);
    bytes = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}
BENCHMARK(BM_WritePayment_SettledRefunded);

void BM_AesGcmEncrypt_Pan(benchmark::State& state) {
  const std::string pan = "4111111111111111";
  for (auto _ : state) {
    auto sealed = crypto::aesGcmEncrypt(key32(), pan, "pmt_0123456789abcdef01234567");
    benchmark::DoNotOptimize(sealed);
  }
}
BENCHMARK(BM_AesGcmEncrypt_Pan);

void BM_AesGcmDecrypt_Pan(benchmark::State& state) {
  auto sealed = crypto::aesGcmEncrypt(key32(), "4111111111111111", "pmt_0123456789abcdef01234567");
  for (auto _ : state) {
    auto clear = crypto::aesGcmDecrypt(key32(), *sealed, "pmt_0123456789abcdef01234567");
    benchmark::DoNotOptimize(clear);
  }
}
BENCHMARK(BM_AesGcmDecrypt_Pan);

// What POST /checkout/tokenize and the authorization pay in the vault: a data key per token,
// wrapped by the KEK (envelope encryption), sealing PAN and CVV; then open both once.
void BM_VaultTokenizeAndOpen(benchmark::State& state) {
  FixedClock clock;
  vault::Vault vault(vault::testing::devKeyRing(), clock, std::chrono::hours(1));
  const vault::CardInput card{SecretString("4111111111111111"), SecretString("123"), "12", "2030",
                              "Ann Lee", "VISA"};
  for (auto _ : state) {
    auto tokenized = vault.tokenize("m_0123456789", "cs_0123456789", card);
    auto clear = vault.open(tokenized->token, &*tokenized->cvvHold);
    benchmark::DoNotOptimize(clear);
  }
}
BENCHMARK(BM_VaultTokenizeAndOpen);

// Webhook signing: HMAC-SHA256 over a payment-sized body, and the hex of it.
void BM_HmacSha256(benchmark::State& state) {
  const std::string secret = "whsec_0123456789abcdef0123456789abcdef";
  const std::string body(static_cast<size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    std::string mac = crypto::toHex(crypto::hmacSha256(secret, body));
    benchmark::DoNotOptimize(mac);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_HmacSha256)->Arg(256)->Arg(2048)->Arg(16384);

// Each authenticated request hashes its API key (and idempotent ones their body).
void BM_Sha256Hex_ApiKey(benchmark::State& state) {
  const std::string key = "sy_0123456789abcdefghijklmnopqrstuvwxyzABCD";
  for (auto _ : state) {
    std::string h = crypto::sha256Hex(key);
    benchmark::DoNotOptimize(h);
  }
}
BENCHMARK(BM_Sha256Hex_ApiKey);

// One structured log line, as the access log writes per request (to /dev/null: the formatting,
// the lock and the write(2), not the disk).
void BM_LogAccessLine(benchmark::State& state) {
  log::setOutputFile("/dev/null");
  for (auto _ : state) {
    log::info("http request", {{"method", "POST"},
                               {"path", "/payments"},
                               {"status", 200},
                               {"duration_us", int64_t{812}},
                               {"request_id", "6e3f787545ef1bb2"}});
  }
  log::setOutputFile("");
}
BENCHMARK(BM_LogAccessLine);

}  // namespace

BENCHMARK_MAIN();
