// Conformance suite for the workflow part of store::Store (drafts, versions, publish, rollback,
// generations), on every backend of store/store_test_backends.h (SQLite and PostgreSQL).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <thread>

#include "store/store.h"
#include "store/store_test_backends.h"

namespace sy::store {
namespace {

using testing::Backend;
using testing::backends;

constexpr int64_t kT0 = 1'700'000'000'000'000;
TimePoint at(int64_t micros) {
  return fromMicros(micros);
}
constexpr const char* kCreated = "PAYMENT_CREATED";
constexpr const char* kUpdated = "PAYMENT_STATUS_UPDATED";

// A document as a merchant might send it: odd spacing, escapes and non-ASCII text are kept byte
// for byte.
std::string doc(const std::string& name) {
  return "{ \"schemaVersion\": 1,\n  \"name\": \"" + name +
         "\", \"description\": \"caf\u00e9 \\\"quoted\\\" \\u00e9\" }";
}

Workflow workflow(const std::string& merchant, const std::string& id, const std::string& trigger,
                  int64_t created) {
  Workflow w;
  w.id = id;
  w.merchantId = merchant;
  w.triggerEvent = trigger;
  w.name = "name of " + id;
  w.createdAt = at(created);
  w.createdBy = "key_creator";
  w.updatedAt = at(created);
  return w;
}

WorkflowVersion firstDraft(const Workflow& w) {
  WorkflowVersion v;
  v.workflowId = w.id;
  v.merchantId = w.merchantId;
  v.name = w.name;
  v.document = doc(w.name);
  v.createdAt = w.createdAt;
  v.createdBy = w.createdBy;
  return v;
}

WorkflowVersion draft(const std::string& merchant, const std::string& id, const std::string& name,
                      int64_t when, const std::string& by = "key_editor") {
  WorkflowVersion v;
  v.workflowId = id;
  v.merchantId = merchant;
  v.name = name;
  v.document = doc(name);
  v.updatedAt = at(when);
  v.updatedBy = by;
  return v;
}

class WorkflowStoreConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sy-wfstore-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto s = GetParam().open(dir_);
    ASSERT_TRUE(s.isOk()) << s.status().toString();
    store_ = std::move(s).value();
  }
  void TearDown() override {
    if (store_) store_->close();
    store_.reset();
    GetParam().destroy(dir_);
    std::filesystem::remove_all(dir_);
  }

  Status write(const Store::WriteWork& w) { return writeSync(*store_, w); }
  template <class F>
  auto read(F f) {
    std::optional<decltype(f(std::declval<ReadTx&>()))> out;
    readSync(*store_, [&](ReadTx& tx) { out.emplace(f(tx)); });
    return std::move(*out);
  }
  // Runs `f(tx)` in a write unit that fails when f's result does, and returns that result.
  template <class F>
  auto writeResult(F f) {
    std::optional<decltype(f(std::declval<WriteTx&>()))> out;
    Status s = write([&](WriteTx& tx) {
      out.emplace(f(tx));
      return out->status();
    });
    if (!out) out.emplace(s);
    return std::move(*out);
  }

  void create(const Workflow& w) {
    ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertWorkflow(w, firstDraft(w)); }).isOk())
        << w.id;
  }
  Result<WorkflowPublication> publish(const std::string& merchant, const std::string& id,
                                      int64_t version, int64_t when = kT0 + 100) {
    return writeResult([&](WriteTx& tx) {
      return tx.publishWorkflowVersion(merchant, id, version, at(when), "key_publisher");
    });
  }
  Result<WorkflowPublication> rollback(const std::string& merchant, const std::string& id,
                                       int64_t when = kT0 + 200) {
    return writeResult(
        [&](WriteTx& tx) { return tx.rollbackWorkflow(merchant, id, at(when), "key_roller"); });
  }
  Result<int64_t> save(const WorkflowVersion& v) {
    return writeResult([&](WriteTx& tx) { return tx.saveWorkflowDraft(v); });
  }
  // "workflowId v<version>" of the live workflow, or "none".
  std::string live(const std::string& merchant, const std::string& trigger = kCreated) {
    auto l = read([&](ReadTx& tx) { return tx.findLiveWorkflow(merchant, trigger); });
    if (!l.isOk()) {
      EXPECT_EQ(l.status().code(), StatusCode::kNotFound) << l.status().toString();
      return "none";
    }
    return l->publication.workflowId + " v" + std::to_string(l->publication.version);
  }
  int64_t generation(const std::string& merchant) {
    auto g = read([&](ReadTx& tx) { return tx.workflowGeneration(merchant); });
    EXPECT_TRUE(g.isOk()) << g.status().toString();
    return g.isOk() ? *g : -1;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(WorkflowStoreConformance, CreatedWorkflowsAreListedScopedAndKeepTheirDocument) {
  Workflow a = workflow("m_a", "wf_1", kCreated, kT0);
  Workflow b = workflow("m_a", "wf_2", kUpdated, kT0 + 1);
  Workflow other = workflow("m_b", "wf_3", kCreated, kT0);
  create(a);
  create(b);
  create(other);
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertWorkflow(a, firstDraft(a)); }).code(),
            StatusCode::kAlreadyExists);

  auto listed = read([](ReadTx& tx) { return tx.listWorkflows("m_a"); });
  ASSERT_TRUE(listed.isOk()) << listed.status().toString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, "wf_1");
  EXPECT_EQ((*listed)[1].id, "wf_2");
  const Workflow& got = (*listed)[1];
  EXPECT_EQ(got.merchantId, "m_a");
  EXPECT_EQ(got.triggerEvent, kUpdated);
  EXPECT_EQ(got.name, b.name);
  EXPECT_EQ(got.latestVersion, 1);
  EXPECT_TRUE(got.hasDraft);
  EXPECT_EQ(got.createdAt, b.createdAt);
  EXPECT_EQ(got.createdBy, "key_creator");
  EXPECT_EQ(got.updatedAt, b.updatedAt);

  // Another merchant's workflow does not exist for this one.
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findWorkflow("m_a", "wf_3"); }).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(
      read([](ReadTx& tx) { return tx.findWorkflowVersion("m_b", "wf_1", 1); }).status().code(),
      StatusCode::kNotFound);
  EXPECT_TRUE(
      read([](ReadTx& tx) { return tx.listWorkflowVersions("m_b", "wf_1", true); })->empty());

  auto v = read([](ReadTx& tx) { return tx.findWorkflowVersion("m_a", "wf_1", 1); });
  ASSERT_TRUE(v.isOk()) << v.status().toString();
  EXPECT_EQ(v->document, doc(a.name));
  EXPECT_EQ(v->state, WorkflowVersionState::kDraft);
  EXPECT_EQ(v->version, 1);
  EXPECT_EQ(v->createdBy, "key_creator");
  EXPECT_EQ(v->updatedBy, "key_creator");
  EXPECT_FALSE(v->publishedAt.has_value());
  EXPECT_EQ(v->publishedBy, "");
}

TEST_P(WorkflowStoreConformance, DraftIsRewrittenUntilPublishedThenANewVersionStarts) {
  Workflow w = workflow("m_a", "wf_1", kCreated, kT0);
  create(w);
  ASSERT_EQ(save(draft("m_a", "wf_1", "second text", kT0 + 10)).value(), 1);
  auto v1 = read([](ReadTx& tx) { return tx.findWorkflowVersion("m_a", "wf_1", 1); });
  EXPECT_EQ(v1->document, doc("second text"));
  EXPECT_EQ(v1->updatedAt, at(kT0 + 10));
  EXPECT_EQ(v1->updatedBy, "key_editor");
  EXPECT_EQ(v1->createdBy, "key_creator");

  ASSERT_TRUE(publish("m_a", "wf_1", 1, kT0 + 20).isOk());
  EXPECT_FALSE(read([](ReadTx& tx) { return tx.findWorkflow("m_a", "wf_1"); })->hasDraft);
  ASSERT_EQ(save(draft("m_a", "wf_1", "third", kT0 + 30)).value(), 2);
  ASSERT_EQ(save(draft("m_a", "wf_1", "fourth", kT0 + 40, "key_other")).value(), 2);

  // The published version did not change.
  v1 = read([](ReadTx& tx) { return tx.findWorkflowVersion("m_a", "wf_1", 1); });
  EXPECT_EQ(v1->document, doc("second text"));
  EXPECT_EQ(v1->state, WorkflowVersionState::kPublished);
  EXPECT_EQ(v1->publishedAt, at(kT0 + 20));
  EXPECT_EQ(v1->publishedBy, "key_publisher");

  auto versions = read([](ReadTx& tx) { return tx.listWorkflowVersions("m_a", "wf_1", false); });
  ASSERT_TRUE(versions.isOk()) << versions.status().toString();
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].version, 2);  // newest first
  EXPECT_EQ((*versions)[0].state, WorkflowVersionState::kDraft);
  EXPECT_EQ((*versions)[0].name, "fourth");
  EXPECT_EQ((*versions)[0].document, "");  // not asked for
  EXPECT_EQ((*versions)[0].createdBy, "key_editor");
  EXPECT_EQ((*versions)[0].createdAt, at(kT0 + 30));
  EXPECT_EQ((*versions)[0].updatedBy, "key_other");
  EXPECT_EQ((*versions)[1].version, 1);
  auto withDocs = read([](ReadTx& tx) { return tx.listWorkflowVersions("m_a", "wf_1", true); });
  EXPECT_EQ((*withDocs)[0].document, doc("fourth"));
  EXPECT_EQ((*withDocs)[1].document, doc("second text"));

  auto found = read([](ReadTx& tx) { return tx.findWorkflow("m_a", "wf_1"); });
  EXPECT_EQ(found->latestVersion, 2);
  EXPECT_TRUE(found->hasDraft);
  EXPECT_EQ(found->name, "fourth");

  EXPECT_EQ(save(draft("m_b", "wf_1", "not mine", kT0)).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(save(draft("m_a", "wf_nope", "x", kT0)).status().code(), StatusCode::kNotFound);
}

TEST_P(WorkflowStoreConformance, PublishMakesAVersionLiveAndBumpsTheGeneration) {
  Workflow w = workflow("m_a", "wf_1", kCreated, kT0);
  create(w);
  EXPECT_EQ(generation("m_a"), 0);
  EXPECT_EQ(live("m_a"), "none");

  auto p = publish("m_a", "wf_1", 1, kT0 + 5);
  ASSERT_TRUE(p.isOk()) << p.status().toString();
  EXPECT_EQ(p->seq, 1);
  EXPECT_EQ(p->triggerEvent, kCreated);
  EXPECT_EQ(p->publishedAt, at(kT0 + 5));
  EXPECT_EQ(p->publishedBy, "key_publisher");
  EXPECT_EQ(live("m_a"), "wf_1 v1");
  EXPECT_EQ(live("m_a", kUpdated), "none");
  EXPECT_EQ(live("m_b"), "none");
  EXPECT_EQ(generation("m_a"), 1);
  EXPECT_EQ(generation("m_b"), 0);
  auto l = read([](ReadTx& tx) { return tx.findLiveWorkflow("m_a", kCreated); });
  EXPECT_EQ(l->document, doc(w.name));
  EXPECT_EQ(l->name, w.name);

  // Publishing the live version again changes nothing.
  auto again = publish("m_a", "wf_1", 1, kT0 + 6);
  ASSERT_TRUE(again.isOk());
  EXPECT_EQ(again->seq, 1);
  EXPECT_EQ(again->publishedAt, at(kT0 + 5));

  ASSERT_TRUE(save(draft("m_a", "wf_1", "v2", kT0 + 7)).isOk());
  ASSERT_TRUE(publish("m_a", "wf_1", 2).isOk());
  EXPECT_EQ(live("m_a"), "wf_1 v2");
  auto pubs = read([](ReadTx& tx) { return tx.listWorkflowPublications("m_a", kCreated); });
  ASSERT_EQ(pubs->size(), 2u);
  EXPECT_EQ((*pubs)[0].version, 2);
  EXPECT_EQ((*pubs)[1].version, 1);

  EXPECT_EQ(publish("m_a", "wf_1", 3).status().reason(), "WorkflowVersionNotFound");
  EXPECT_EQ(publish("m_a", "wf_nope", 1).status().reason(), "WorkflowNotFound");
  EXPECT_EQ(publish("m_b", "wf_1", 1).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(live("m_a"), "wf_1 v2");
  EXPECT_EQ(live("m_b"), "none");
}

TEST_P(WorkflowStoreConformance, OneLiveWorkflowPerMerchantAndTriggerEvent) {
  create(workflow("m_a", "wf_x", kCreated, kT0));
  create(workflow("m_a", "wf_y", kCreated, kT0 + 1));
  create(workflow("m_a", "wf_s", kUpdated, kT0 + 2));
  ASSERT_TRUE(publish("m_a", "wf_x", 1).isOk());
  ASSERT_TRUE(publish("m_a", "wf_s", 1).isOk());
  ASSERT_TRUE(publish("m_a", "wf_y", 1).isOk());
  EXPECT_EQ(live("m_a"), "wf_y v1");  // replaced wf_x
  EXPECT_EQ(live("m_a", kUpdated), "wf_s v1");

  EXPECT_EQ(rollback("m_a", "wf_x").status().reason(), "WorkflowNotLive");
  auto back = rollback("m_a", "wf_y");
  ASSERT_TRUE(back.isOk()) << back.status().toString();
  EXPECT_EQ(back->workflowId, "wf_x");
  EXPECT_EQ(live("m_a"), "wf_x v1");
  EXPECT_EQ(live("m_a", kUpdated), "wf_s v1");
  EXPECT_EQ(rollback("m_a", "wf_x").status().reason(), "NoEarlierPublication");
  EXPECT_EQ(rollback("m_a", "wf_s").status().reason(), "NoEarlierPublication");
  EXPECT_EQ(live("m_a"), "wf_x v1");
}

TEST_P(WorkflowStoreConformance, RollbackUndoesPublicationsOneByOneAndKeepsHistory) {
  create(workflow("m_a", "wf_1", kCreated, kT0));
  for (int v = 1; v <= 3; ++v) {
    if (v > 1) ASSERT_TRUE(save(draft("m_a", "wf_1", "v" + std::to_string(v), kT0 + v)).isOk());
    ASSERT_TRUE(publish("m_a", "wf_1", v, kT0 + 10 * v).isOk());
  }
  EXPECT_EQ(live("m_a"), "wf_1 v3");
  const int64_t before = generation("m_a");

  auto r = rollback("m_a", "wf_1", kT0 + 100);
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  EXPECT_EQ(r->version, 2);
  EXPECT_EQ(live("m_a"), "wf_1 v2");
  EXPECT_EQ(generation("m_a"), before + 1);
  ASSERT_TRUE(rollback("m_a", "wf_1").isOk());
  EXPECT_EQ(live("m_a"), "wf_1 v1");

  // A refused rollback changes nothing, not even the generation (the unit rolled back).
  const int64_t afterTwo = generation("m_a");
  EXPECT_EQ(rollback("m_a", "wf_1").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(generation("m_a"), afterTwo);
  EXPECT_EQ(live("m_a"), "wf_1 v1");

  // Re-publishing v3 pushes a new publication; rolling it back skips the rolled-back v2.
  ASSERT_TRUE(publish("m_a", "wf_1", 3, kT0 + 300).isOk());
  EXPECT_EQ(live("m_a"), "wf_1 v3");
  ASSERT_TRUE(rollback("m_a", "wf_1").isOk());
  EXPECT_EQ(live("m_a"), "wf_1 v1");

  auto pubs = read([](ReadTx& tx) { return tx.listWorkflowPublications("m_a", kCreated); });
  ASSERT_TRUE(pubs.isOk());
  ASSERT_EQ(pubs->size(), 4u);
  std::vector<std::string> seen;
  for (const auto& p : *pubs)
    seen.push_back(std::to_string(p.seq) + ":v" + std::to_string(p.version) +
                   (p.rolledBackAt ? " rolled back by " + p.rolledBackBy : ""));
  EXPECT_EQ(seen, (std::vector<std::string>{"4:v3 rolled back by key_roller",
                                            "3:v3 rolled back by key_roller",
                                            "2:v2 rolled back by key_roller", "1:v1"}));
  EXPECT_EQ((*pubs)[1].rolledBackAt, at(kT0 + 100));  // the first rollback undid seq 3
  EXPECT_EQ((*pubs)[0].publishedAt, at(kT0 + 300));
}

TEST_P(WorkflowStoreConformance, ConcurrentPublishesAndRollbacksStayConsistent) {
  // Units from several threads share batches (and, on PostgreSQL, several writer connections):
  // each publish must still get its own sequence number and generation.
  create(workflow("m_a", "wf_1", kCreated, kT0));
  ASSERT_TRUE(publish("m_a", "wf_1", 1).isOk());
  ASSERT_TRUE(save(draft("m_a", "wf_1", "v2", kT0 + 1)).isOk());
  ASSERT_TRUE(publish("m_a", "wf_1", 2).isOk());
  constexpr int kThreads = 4, kPerThread = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Status s = write([&](WriteTx& tx) -> Status {
          // Alternate: republish v1, or roll back to whatever was before.
          if ((t + i) % 2 == 0)
            return tx.publishWorkflowVersion("m_a", "wf_1", 1 + (i % 2), at(kT0 + i), "k").status();
          Result<WorkflowPublication> r = tx.rollbackWorkflow("m_a", "wf_1", at(kT0 + i), "k");
          if (!r.isOk() && r.status().code() == StatusCode::kFailedPrecondition)
            return Status::ok();  // nothing to roll back to at that moment: fine
          return r.status();
        });
        // PostgreSQL may break a lock cycle between writers by failing a batch (kUnavailable).
        if (!s.isOk() && s.code() != StatusCode::kUnavailable) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);

  auto pubs = read([](ReadTx& tx) { return tx.listWorkflowPublications("m_a", kCreated); });
  ASSERT_TRUE(pubs.isOk());
  // Sequence numbers are 1..n without gaps or repeats, and exactly the newest one not rolled
  // back is live.
  for (size_t i = 0; i < pubs->size(); ++i)
    EXPECT_EQ((*pubs)[i].seq, static_cast<int64_t>(pubs->size() - i));
  std::string expectedLive = "none";
  for (const auto& p : *pubs) {
    if (!p.rolledBackAt) {
      expectedLive = p.workflowId + " v" + std::to_string(p.version);
      break;
    }
  }
  EXPECT_EQ(live("m_a"), expectedLive);
  EXPECT_NE(expectedLive, "none");
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowStoreConformance, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sy::store
