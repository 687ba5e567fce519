#include "app/demo.h"

#include "api/admin_records.h"
#include "app/key_files.h"
#include "common/crypto.h"

namespace sy::app {

Result<DemoMerchant> ensureDemoMerchant(store::Store& store, const orchestrator::PaymentEngine& engine,
                                        const std::vector<std::string>& processors,
                                        const std::string& dataDir, const Clock& clock) {
  const std::string merchantFile = dataDir + "/demo-merchant";
  const std::string keyFile = dataDir + "/demo-api-key";
  auto merchantId = readFileTrimmed(merchantFile);
  auto key = readFileTrimmed(keyFile);
  if (merchantId && key) {
    bool valid = false;
    store::readSync(store, [&](store::ReadTx& tx) {
      auto k = tx.findApiKeyByHash(crypto::sha256Hex(*key));
      valid = k && k->merchantId == *merchantId;
    });
    if (valid) return DemoMerchant{*merchantId, *key};
  }

  TimePoint now = clock.now();
  store::Merchant m = api::makeMerchant("Demo Shop", now);
  auto issued = api::issueApiKey(m.id, {}, now);
  if (!issued) return issued.status();
  // The sandbox accepts any non-empty key; each key is its own account there.
  api::ConnectionSpec spec{"TEST_PROCESSOR", "test-processor", "",
                           R"({"apiKey":"sk_sandbox_demo"})", true};
  auto conn = api::makeConnection(engine, processors, m.id, spec, now);
  if (!conn) return conn.status();
  SY_RETURN_IF_ERROR(store::writeSync(store, [&](store::WriteTx& tx) -> Status {
    SY_RETURN_IF_ERROR(tx.insertMerchant(m));
    SY_RETURN_IF_ERROR(tx.insertApiKey(issued->record));
    return tx.insertConnection(*conn);
  }));
  SY_RETURN_IF_ERROR(writePrivateFile(merchantFile, m.id + "\n"));
  SY_RETURN_IF_ERROR(writePrivateFile(keyFile, issued->key + "\n"));
  return DemoMerchant{m.id, issued->key};
}

}  // namespace sy::app
