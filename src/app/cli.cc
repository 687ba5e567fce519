#include "app/cli.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "api/admin_records.h"
#include "api/notification_configs.h"
#include "app/config.h"
#include "app/copy_store.h"
#include "app/serve.h"
#include "app/vault_rotate.h"
#include "app/wiring.h"
#include "app/workflow_publisher.h"
#include "common/log.h"
#include "orchestrator/payment_engine.h"
#include "store/store_url.h"
#include "app/sandboxes.h"
#include "vault/vault.h"

namespace sy::app {
namespace {

constexpr const char* kUsage = R"(usage: switchyard <command> [flags]

commands:
  serve                      run the server (add --demo for the sandbox and a demo merchant)
  merchant create --name N   create a merchant; prints its id
  key create --merchant ID [--scopes payments:read,payments:write,client-session:write]
                             create an API key; prints it once (only its hash is stored)
  connection create --merchant ID --processor TEST_PROCESSOR --name NAME
             [--base-url URL] [--credentials JSON] [--not-default]
                             add a processor connection (credentials are stored encrypted)
  workflow publish --merchant ID --file PATH [--workflow ID]
                             validate a workflow document against the merchant's connections and
                             publish it: as a new workflow, or as the next version of --workflow;
                             running servers use it within workflow_refresh_ms; prints the
                             workflow id and version
  webhook create --merchant ID --url URL --events PAYMENT.STATUS,PAYMENT.REFUND [--description D]
                             add a notification configuration; prints its id and signing secret
                             (the secret is shown once)
  webhook list --merchant ID list the merchant's notification configurations
  webhook rotate-secret --merchant ID --id CONFIG
                             new signing secret (printed once); the old one keeps signing
                             X-Signature-Secondary for 24 h
  webhook delete --merchant ID --id CONFIG
                             delete a configuration; its pending deliveries are dead-lettered
  sandbox [--listen 127.0.0.1:9000] [--webhooks-to URL]
                             run every processor sandbox alone, on consecutive ports, then the
                             3-D Secure directory server emulator (THREE_DS_DIRECTORY_SERVER); with
                             --webhooks-to, those that send webhooks post them to URL/<PROCESSOR>
                             signed with the demo connection's secret (the chaos suite relays them)
  migrate                    create or upgrade the database schema (of --database-url), then exit
  copy-store --from URL --to URL
                             copy every table of one store into a new, empty one and verify the
                             copy (e.g. --from sqlite:///srv/sy/switchyard.db
                             --to postgresql://sy@db:5432/switchyard); stop the servers first
  vault rotate-key [--batch N]
                             re-wrap every card's data key under the vault_master_key's
                             key-encryption key while servers keep running; resumable
                             (docs/vault.md)
  help                       this text

flags of every command (each also a SWITCHYARD_* variable or a key of the --config JSON file):
  --config FILE
)";

struct Args {
  std::vector<std::string> words;              // command words
  std::map<std::string, std::string> options;  // command-specific flags
  Config config;
};

const std::vector<std::string> kCommandFlags = {
    "name", "merchant", "scopes", "processor", "base-url", "credentials", "not-default",
    "from", "to", "file", "workflow", "url", "events", "description", "id", "webhooks-to", "batch"};

Result<Args> parseArgs(int argc, char** argv) {
  Args a;
  std::string configFile;
  std::vector<std::pair<std::string, std::string>> settings;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      a.words.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    bool hasValue = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      hasValue = true;
    }
    const bool isFlagOnly = name == "demo" || name == "not-default" || name == "help";
    if (!hasValue && !isFlagOnly) {
      if (i + 1 >= argc) return invalidArgument("--" + name + " needs a value");
      value = argv[++i];
    }
    if (!hasValue && isFlagOnly) value = "true";
    if (name == "config") {
      configFile = value;
    } else if (name == "help") {
      a.words.insert(a.words.begin(), "help");
    } else if (std::find(kCommandFlags.begin(), kCommandFlags.end(), name) != kCommandFlags.end()) {
      a.options[name] = value;
    } else {
      std::string key = name;
      std::replace(key.begin(), key.end(), '-', '_');
      settings.emplace_back(key, value);
    }
  }
  if (!configFile.empty()) SY_RETURN_IF_ERROR(applyConfigFile(a.config, configFile));
  SY_RETURN_IF_ERROR(applyEnvironment(a.config));
  for (const auto& [k, v] : settings) SY_RETURN_IF_ERROR(applySetting(a.config, k, v));
  return a;
}

int usageError(const std::string& message) {
  std::fprintf(stderr, "switchyard: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

int printFailure(const Status& s) {
  std::fprintf(stderr, "switchyard: %s\n", s.message().c_str());
  return 1;
}

std::string option(const Args& a, const char* name) {
  auto it = a.options.find(name);
  return it == a.options.end() ? "" : it->second;
}

// Runs `fn` with a store and an engine (for sealing credentials) built from the configuration.
int withStore(const Args& a,
              const std::function<int(store::Store&, orchestrator::PaymentEngine&,
                                      const std::vector<std::string>&)>& fn) {
  setUpLogging(a.config);
  auto keys = loadKeys(a.config);
  if (!keys) return printFailure(keys.status());
  auto st = openStore(a.config);
  if (!st) return printFailure(st.status());
  boost::asio::io_context ioc;
  http::HttpClient client(ioc.get_executor());
  auto registry = makeConnectorRegistry(client);
  SystemClock clock;
  vault::Vault vault(keys->cardKeys, clock, a.config.cardTokenTtl);
  orchestrator::PaymentEngine engine(**st, vault, registry, keys->credentialsKey, clock, {});
  int rc = fn(**st, engine, registry.names());
  (*st)->close();
  return rc;
}

std::vector<std::string> splitComma(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

int merchantCreate(const Args& a) {
  std::string name = option(a, "name");
  if (name.empty() || name.size() > 255) return usageError("merchant create needs --name (1-255 chars)");
  return withStore(a, [&](store::Store& s, orchestrator::PaymentEngine&, const auto&) {
    auto m = api::makeMerchant(name, SystemClock().now());
    Status st = store::writeSync(s, [&](store::WriteTx& tx) { return tx.insertMerchant(m); });
    if (!st) return printFailure(st);
    std::printf("%s\n", m.id.c_str());
    return 0;
  });
}

int keyCreate(const Args& a) {
  std::string merchant = option(a, "merchant");
  if (merchant.empty()) return usageError("key create needs --merchant ID");
  return withStore(a, [&](store::Store& s, orchestrator::PaymentEngine&, const auto&) {
    auto issued = api::issueApiKey(merchant, splitComma(option(a, "scopes")), SystemClock().now());
    if (!issued) return printFailure(issued.status());
    Status st = store::writeSync(s, [&](store::WriteTx& tx) -> Status {
      SY_RETURN_IF_ERROR(tx.findMerchant(merchant).status());
      return tx.insertApiKey(issued->record);
    });
    if (!st) return printFailure(st.code() == StatusCode::kNotFound
                                     ? notFound("no merchant with id " + merchant)
                                     : st);
    std::printf("%s\n", issued->key.c_str());
    std::fprintf(stderr, "Keep this key now: it is shown only once.\n");
    return 0;
  });
}

int connectionCreate(const Args& a) {
  std::string merchant = option(a, "merchant");
  api::ConnectionSpec spec{option(a, "processor"), option(a, "name"), option(a, "base-url"),
                           option(a, "credentials"), option(a, "not-default").empty()};
  if (merchant.empty() || spec.processor.empty() || spec.processorMerchantId.empty())
    return usageError("connection create needs --merchant, --processor and --name");
  return withStore(a, [&](store::Store& s, orchestrator::PaymentEngine& engine,
                          const std::vector<std::string>& processors) {
    auto c = api::makeConnection(engine, processors, merchant, spec, SystemClock().now());
    if (!c) return printFailure(c.status());
    Status st = store::writeSync(s, [&](store::WriteTx& tx) -> Status {
      SY_RETURN_IF_ERROR(tx.findMerchant(merchant).status());
      return tx.insertConnection(*c);
    });
    if (!st) return printFailure(st);
    std::printf("%s\n", c->id.c_str());
    return 0;
  });
}

int workflowPublish(const Args& a) {
  PublishRequest req;
  req.merchantId = option(a, "merchant");
  req.workflowId = option(a, "workflow");
  const std::string file = option(a, "file");
  if (req.merchantId.empty() || file.empty())
    return usageError("workflow publish needs --merchant ID and --file PATH");
  std::ifstream in(file, std::ios::binary);
  if (!in) return printFailure(invalidArgument("cannot read " + file));
  req.document.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  req.by = "cli";
  return withStore(a, [&](store::Store& s, orchestrator::PaymentEngine&, const auto&) {
    auto published = publishWorkflowDocument(s, req, SystemClock().now());
    if (!published) return printFailure(published.status());
    std::printf("%s %lld\n", (*published)->workflowId.c_str(),
                static_cast<long long>((*published)->version));
    return 0;
  });
}

// Runs `fn` with a store and the key that seals webhook signing secrets.
int withSecretsKey(const Args& a, const std::function<int(store::Store&, const SecretString&)>& fn) {
  setUpLogging(a.config);
  auto keys = loadKeys(a.config);
  if (!keys) return printFailure(keys.status());
  auto st = openStore(a.config);
  if (!st) return printFailure(st.status());
  int rc = fn(**st, keys->credentialsKey);
  (*st)->close();
  return rc;
}

std::string joinComma(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

int webhookCreate(const Args& a) {
  std::string merchant = option(a, "merchant");
  api::NotificationConfigSpec spec{option(a, "url"), splitComma(option(a, "events")),
                                   option(a, "description")};
  if (merchant.empty() || spec.url.empty() || spec.eventTypes.empty())
    return usageError("webhook create needs --merchant, --url and --events");
  return withSecretsKey(a, [&](store::Store& s, const SecretString& key) {
    auto issued = api::makeNotificationConfig(merchant, spec, key, SystemClock().now());
    if (!issued) return printFailure(issued.status());
    Status st = store::writeSync(s, [&](store::WriteTx& tx) -> Status {
      SY_RETURN_IF_ERROR(tx.findMerchant(merchant).status());
      return tx.insertNotificationConfig(issued->record);
    });
    if (!st) return printFailure(st.code() == StatusCode::kNotFound
                                     ? notFound("no merchant with id " + merchant)
                                     : st);
    std::printf("%s\n%s\n", issued->record.id.c_str(), issued->secret.reveal().c_str());
    std::fprintf(stderr, "Keep this signing secret now: it is shown only once.\n");
    return 0;
  });
}

int webhookList(const Args& a) {
  std::string merchant = option(a, "merchant");
  if (merchant.empty()) return usageError("webhook list needs --merchant ID");
  return withSecretsKey(a, [&](store::Store& s, const SecretString&) {
    Result<std::vector<store::NotificationConfig>> found = internalError("not read");
    store::readSync(s, [&](store::ReadTx& tx) { found = tx.listNotificationConfigs(merchant); });
    if (!found) return printFailure(found.status());
    for (const auto& c : *found)
      std::printf("%s %s %s%s%s\n", c.id.c_str(), c.url.c_str(), joinComma(c.eventTypes).c_str(),
                  c.description.empty() ? "" : " ", c.description.c_str());
    return 0;
  });
}

int webhookRotate(const Args& a) {
  std::string merchant = option(a, "merchant"), id = option(a, "id");
  if (merchant.empty() || id.empty()) return usageError("webhook rotate-secret needs --merchant and --id");
  return withSecretsKey(a, [&](store::Store& s, const SecretString& key) {
    std::optional<api::IssuedNotificationConfig> rotated;
    Status st = store::writeSync(s, [&](store::WriteTx& tx) -> Status {
      auto c = tx.findNotificationConfig(merchant, id);
      if (!c) return c.status();
      auto r = api::rotateSecret(*c, key, SystemClock().now());
      if (!r) return r.status();
      SY_RETURN_IF_ERROR(tx.updateNotificationConfig(r->record));
      rotated = std::move(*r);
      return Status::ok();
    });
    if (!st) return printFailure(st);
    std::printf("%s\n", rotated->secret.reveal().c_str());
    std::fprintf(stderr, "Keep this signing secret now: it is shown only once. The previous one "
                         "keeps signing X-Signature-Secondary for 24 hours.\n");
    return 0;
  });
}

int webhookDelete(const Args& a) {
  std::string merchant = option(a, "merchant"), id = option(a, "id");
  if (merchant.empty() || id.empty()) return usageError("webhook delete needs --merchant and --id");
  return withSecretsKey(a, [&](store::Store& s, const SecretString&) {
    const TimePoint now = SystemClock().now();
    Status st = store::writeSync(
        s, [&](store::WriteTx& tx) { return tx.deleteNotificationConfig(merchant, id, now); });
    if (!st) return printFailure(st);
    return 0;
  });
}

int migrate(const Args& a) {
  (void)setUpLogging(a.config);
  auto st = openStore(a.config);  // opening a store applies the pending migrations
  if (!st) return printFailure(st.status());
  (*st)->close();
  std::printf("schema of %s is up to date\n", store::redactStoreUrl(databaseUrl(a.config)).c_str());
  return 0;
}

// Every built-in sandbox on consecutive ports from --listen's (or each on any free port for 0).
int sandbox(const Args& a) {
  setUpLogging(a.config);
  auto at = parseEndpoint(a.config.listen);
  if (!at) return printFailure(at.status());
  if (at->address().to_string() != "127.0.0.1")
    return printFailure(invalidArgument("the sandboxes listen on 127.0.0.1 only"));
  boost::asio::io_context ioc;
  std::vector<std::unique_ptr<RunningSandbox>> sandboxes;
  unsigned short port = at->port();
  for (const auto& spec : sandboxSpecs()) {
    auto running = spec.start(ioc, a.config, port);
    if (!running) return printFailure(running.status());
    std::printf("%s sandbox listening on %s\n", spec.processor.c_str(), (*running)->baseUrl().c_str());
    if (auto to = a.options.find("webhooks-to"); to != a.options.end() && !spec.webhookSecret.empty())
      (*running)->sendWebhooksTo(to->second + "/" + spec.processor, spec.webhookSecret);
    sandboxes.push_back(std::move(*running));
    if (port != 0) ++port;
  }
  auto directory = startDirectoryServerSandbox(ioc, port);
  if (!directory) return printFailure(directory.status());
  std::printf("%s sandbox listening on %s\n", kDirectoryServerSandbox,
              (*directory)->baseUrl().c_str());
  sandboxes.push_back(std::move(*directory));
  std::fflush(stdout);
  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int) {
    if (!ec) stopAll(sandboxes, [&] { ioc.stop(); });
  });
  ioc.run();
  return 0;
}

}  // namespace

int runCli(int argc, char** argv) {
  auto parsed = parseArgs(argc, argv);
  if (!parsed) return usageError(parsed.status().message());
  Args& a = *parsed;
  auto is = [&](std::initializer_list<const char*> words) {
    if (a.words.size() != words.size()) return false;
    size_t i = 0;
    for (const char* w : words)
      if (a.words[i++] != w) return false;
    return true;
  };
  if (a.words.empty() || is({"help"})) {
    std::printf("%s", kUsage);
    for (const auto& d : settingDocs()) {
      std::string flag = d.key;
      std::replace(flag.begin(), flag.end(), '_', '-');
      std::printf("  --%-22s %s (%s)\n", flag.c_str(), d.help, d.env);
    }
    return a.words.empty() ? 2 : 0;
  }
  if (is({"serve"})) return runServe(a.config);
  if (is({"merchant", "create"})) return merchantCreate(a);
  if (is({"key", "create"})) return keyCreate(a);
  if (is({"connection", "create"})) return connectionCreate(a);
  if (is({"workflow", "publish"})) return workflowPublish(a);
  if (is({"webhook", "create"})) return webhookCreate(a);
  if (is({"webhook", "list"})) return webhookList(a);
  if (is({"webhook", "rotate-secret"})) return webhookRotate(a);
  if (is({"webhook", "delete"})) return webhookDelete(a);
  if (is({"sandbox"})) return sandbox(a);
  if (is({"migrate"})) return migrate(a);
  if (is({"vault", "rotate-key"})) {
    const std::string batch = option(a, "batch");
    int n = 200;
    if (!batch.empty()) {
      try {
        n = std::stoi(batch);
      } catch (...) {
        n = 0;
      }
      if (n < 1 || n > 10000) return usageError("--batch must be 1-10000");
    }
    return runVaultRotateKey(a.config, n);
  }
  if (is({"copy-store"})) return runCopyStore(option(a, "from"), option(a, "to"));
  return usageError("unknown command '" + a.words[0] + "'");
}

}  // namespace sy::app
