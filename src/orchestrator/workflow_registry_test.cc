// WorkflowRegistry over a real SQLite store: compile once and share, cache per merchant, changes
// through this process seen at once, changes by another store client (another node) seen at the
// next generation check.
#include "orchestrator/workflow_registry.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>

#include "store/sqlite/sqlite_store.h"

namespace sy::orchestrator {
namespace {
namespace asio = boost::asio;
using workflows::TriggerEvent;
using Published = std::shared_ptr<const workflows::PublishedWorkflow>;

std::string authorizeOn(const std::string& connection, const std::string& name = "route") {
  return R"({"schemaVersion": 1, "name": ")" + name +
         R"(", "trigger": {"event": "PAYMENT_CREATED"}, "steps": [{"type": "AUTHORIZE",
            "connection": ")" +
         connection + R"("}]})";
}

class WorkflowRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sy-wfreg-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    node_ = open();
    other_ = open();
    for (const char* merchant : {"m_a", "m_b"}) {
      for (const char* name : {"stripe-main", "adyen-eu"}) {
        store::Connection c{std::string("con_") + merchant + name,
                            merchant,
                            "STRIPE",
                            name,
                            "",
                            "sealed",
                            false,
                            fromMicros(1)};
        ASSERT_TRUE(store::writeSync(*other_, [&](store::WriteTx& tx) {
                      return tx.insertConnection(c);
                    }).isOk());
      }
    }
  }
  void TearDown() override {
    node_->close();
    other_->close();
    std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<store::Store> open() {
    store::SqliteOptions o;
    o.path = dir_ + "/store.db";
    auto s = store::openSqliteStore(o);
    EXPECT_TRUE(s.isOk()) << s.status().toString();
    return std::move(s).value();
  }

  // Creates (or adds a version to) workflow `id` of `merchant` and publishes it, through the
  // other store client, as another node would.
  int64_t publish(const std::string& merchant, const std::string& id, const std::string& doc,
                  const std::string& trigger = "PAYMENT_CREATED") {
    int64_t version = 0;
    Status s = store::writeSync(*other_, [&](store::WriteTx& tx) -> Status {
      if (!tx.findWorkflow(merchant, id).isOk()) {
        store::Workflow w{id,   merchant,      trigger, "n",          1,
                          true, fromMicros(1), "test",  fromMicros(1)};
        store::WorkflowVersion first;
        first.name = "n";
        first.document = doc;
        first.createdAt = fromMicros(1);
        SY_RETURN_IF_ERROR(tx.insertWorkflow(w, first));
        version = 1;
      } else {
        store::WorkflowVersion d;
        d.workflowId = id;
        d.merchantId = merchant;
        d.name = "n";
        d.document = doc;
        auto v = tx.saveWorkflowDraft(d);
        if (!v.isOk()) return v.status();
        version = *v;
      }
      return tx.publishWorkflowVersion(merchant, id, version, fromMicros(2), "test").status();
    });
    EXPECT_TRUE(s.isOk()) << s.toString();
    return version;
  }

  Published current(WorkflowRegistry& r, const std::string& merchant,
                    TriggerEvent event = TriggerEvent::kPaymentCreated) {
    asio::io_context ioc;
    std::optional<Result<Published>> out;
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
          Result<Published> got = co_await r.current(merchant, event);
          out.emplace(std::move(got));
        },
        asio::detached);
    ioc.run();
    EXPECT_TRUE(out.has_value());
    if (!out) return nullptr;
    EXPECT_TRUE(out->isOk()) << out->status().toString();
    return out->isOk() ? **out : nullptr;
  }

  // The primary connection the published workflow authorizes a payment on.
  static std::string routeOf(const Published& p) {
    if (!p) return "none";
    workflows::PaymentFacts facts;
    facts.amount = 100;
    facts.splitKey = "pay_1";
    workflows::Decision d = p->compiled.evaluate(facts);
    return d.authorize ? d.authorize->connection : "no authorize";
  }

  std::string dir_;
  std::unique_ptr<store::Store> node_, other_;
};

TEST_F(WorkflowRegistryTest, CompilesOnceAndSharesTheWorkflowBetweenCalls) {
  publish("m_a", "wf_1", authorizeOn("stripe-main"));
  WorkflowRegistry r(*node_, {.refreshInterval = std::chrono::hours(1)});
  Published first = current(r, "m_a");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->workflowId, "wf_1");
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(routeOf(first), "stripe-main");
  Published second = current(r, "m_a");
  EXPECT_EQ(second.get(), first.get());  // the same compiled object
  auto stats = r.stats();
  EXPECT_EQ(stats.loads, 1u);
  EXPECT_EQ(stats.hits, 1u);
}

TEST_F(WorkflowRegistryTest, MerchantsWithoutALiveWorkflowGetNoneAndAreCachedToo) {
  publish("m_a", "wf_1", authorizeOn("stripe-main"));
  WorkflowRegistry r(*node_, {.refreshInterval = std::chrono::hours(1)});
  EXPECT_EQ(current(r, "m_b"), nullptr);
  EXPECT_EQ(current(r, "m_b"), nullptr);
  EXPECT_EQ(current(r, "m_a", TriggerEvent::kPaymentStatusUpdated), nullptr);
  EXPECT_EQ(r.stats().hits, 1u);
  EXPECT_EQ(routeOf(current(r, "m_a")), "stripe-main");  // cached with m_a's none-for-updates
  EXPECT_EQ(r.stats().hits, 2u);
}

TEST_F(WorkflowRegistryTest, ChangedMakesAPublishOnThisNodeVisibleAtOnce) {
  publish("m_a", "wf_1", authorizeOn("stripe-main"));
  WorkflowRegistry r(*node_, {.refreshInterval = std::chrono::hours(1)});
  EXPECT_EQ(routeOf(current(r, "m_a")), "stripe-main");
  publish("m_a", "wf_1", authorizeOn("adyen-eu"));
  // Within the interval and not told: the cached version is still used (the bounded staleness).
  EXPECT_EQ(routeOf(current(r, "m_a")), "stripe-main");
  r.changed("m_a");
  Published now = current(r, "m_a");
  EXPECT_EQ(routeOf(now), "adyen-eu");
  EXPECT_EQ(now->version, 2);
  // Rolled back and told: the first version again.
  ASSERT_TRUE(store::writeSync(*other_, [](store::WriteTx& tx) {
                return tx.rollbackWorkflow("m_a", "wf_1", fromMicros(3), "test").status();
              }).isOk());
  r.changed("m_a");
  EXPECT_EQ(current(r, "m_a")->version, 1);
  // Telling about one merchant leaves the others cached.
  EXPECT_EQ(current(r, "m_b"), nullptr);
  r.changed("m_a");
  const auto hits = r.stats().hits;
  EXPECT_EQ(current(r, "m_b"), nullptr);
  EXPECT_EQ(r.stats().hits, hits + 1);
}

TEST_F(WorkflowRegistryTest, AnotherClientsPublishIsSeenAtTheNextGenerationCheck) {
  // An interval of zero checks the generation on every call: what a node does once its interval
  // has passed.
  WorkflowRegistry r(*node_, {.refreshInterval = std::chrono::milliseconds(0)});
  EXPECT_EQ(current(r, "m_a"), nullptr);
  publish("m_a", "wf_1", authorizeOn("stripe-main"));
  EXPECT_EQ(routeOf(current(r, "m_a")), "stripe-main");
  EXPECT_EQ(r.stats().loads, 2u);  // the first (nothing live) and after the publish
  // Unchanged generation: checked, not reloaded or recompiled.
  Published same = current(r, "m_a");
  EXPECT_EQ(r.stats().loads, 2u);
  EXPECT_EQ(r.stats().generationChecks, 3u);
  EXPECT_EQ(r.stats().hits, 0u);
  EXPECT_EQ(same->version, 1);

  // Another workflow of the merchant replaces it as the live one.
  publish("m_a", "wf_2", authorizeOn("adyen-eu"));
  Published replaced = current(r, "m_a");
  EXPECT_EQ(replaced->workflowId, "wf_2");
  EXPECT_EQ(routeOf(replaced), "adyen-eu");
  // The old object stays valid for whoever still holds it (a payment in progress).
  EXPECT_EQ(routeOf(same), "stripe-main");
}

TEST_F(WorkflowRegistryTest, TriggerEventsAreSeparate) {
  const std::string onStatus =
      R"({"schemaVersion": 1, "name": "capture", "trigger": {"event": "PAYMENT_STATUS_UPDATED",
          "conditions": [{"field": "status", "operator": "EQUALS", "value": "AUTHORIZED"}]},
          "steps": [{"type": "CAPTURE", "mode": "IMMEDIATE"}]})";
  publish("m_a", "wf_s", onStatus, "PAYMENT_STATUS_UPDATED");
  WorkflowRegistry r(*node_, {.refreshInterval = std::chrono::hours(1)});
  EXPECT_EQ(current(r, "m_a"), nullptr);
  Published s = current(r, "m_a", TriggerEvent::kPaymentStatusUpdated);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->workflowId, "wf_s");
  EXPECT_EQ(s->compiled.trigger(), TriggerEvent::kPaymentStatusUpdated);
}

}  // namespace
}  // namespace sy::orchestrator
