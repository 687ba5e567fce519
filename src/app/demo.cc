#include "app/demo.h"

#include "api/admin_records.h"
#include "app/key_files.h"
#include "app/sandboxes.h"
#include "common/crypto.h"

namespace sy::app {

Result<DemoMerchant> ensureDemoMerchant(store::Store& store, const orchestrator::PaymentEngine& engine,
                                        const std::vector<std::string>& processors,
                                        const std::string& dataDir, const Clock& clock) {
  const std::string merchantFile = dataDir + "/demo-merchant";
  const std::string keyFile = dataDir + "/demo-api-key";
  TimePoint now = clock.now();
  auto merchantId = readFileTrimmed(merchantFile);
  auto key = readFileTrimmed(keyFile);
  bool valid = false;
  std::vector<store::Connection> existing;
  if (merchantId && key) {
    store::readSync(store, [&](store::ReadTx& tx) {
      auto k = tx.findApiKeyByHash(crypto::sha256Hex(*key));
      valid = k && k->merchantId == *merchantId;
      if (auto cs = tx.listConnections(*merchantId)) existing = std::move(*cs);
    });
  }

  DemoMerchant demo;
  std::optional<store::Merchant> newMerchant;
  std::optional<api::IssuedApiKey> newKey;
  if (valid) {
    demo = DemoMerchant{*merchantId, *key};
  } else {
    newMerchant = api::makeMerchant("Demo Shop", now);
    auto issued = api::issueApiKey(newMerchant->id, {}, now);
    if (!issued) return issued.status();
    newKey = std::move(*issued);
    demo = DemoMerchant{newMerchant->id, newKey->key};
    existing.clear();
  }
  // One connection per built-in sandbox (the first is the default); sandboxes added since the
  // data directory was made get theirs now.
  std::vector<store::Connection> missing;
  bool first = true;
  for (const auto& spec : sandboxSpecs()) {
    bool have = false;
    for (const auto& c : existing) have = have || c.processorMerchantId == spec.connectionName;
    if (!have) {
      api::ConnectionSpec cs{spec.processor, spec.connectionName, "", spec.credentialsJson,
                             first && existing.empty()};
      auto conn = api::makeConnection(engine, processors, demo.merchantId, cs, now);
      if (!conn) return conn.status();
      missing.push_back(std::move(*conn));
    }
    first = false;
  }
  SY_RETURN_IF_ERROR(store::writeSync(store, [&](store::WriteTx& tx) -> Status {
    if (newMerchant) SY_RETURN_IF_ERROR(tx.insertMerchant(*newMerchant));
    if (newKey) SY_RETURN_IF_ERROR(tx.insertApiKey(newKey->record));
    for (const auto& c : missing) SY_RETURN_IF_ERROR(tx.insertConnection(c));
    return Status::ok();
  }));
  if (newMerchant) {
    SY_RETURN_IF_ERROR(writePrivateFile(merchantFile, demo.merchantId + "\n"));
    SY_RETURN_IF_ERROR(writePrivateFile(keyFile, demo.apiKey + "\n"));
  }
  return demo;
}

}  // namespace sy::app
