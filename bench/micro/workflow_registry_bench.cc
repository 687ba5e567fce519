// What the engine pays to get a merchant's live workflow from orchestrator::WorkflowRegistry
// (docs/workflows.md, "The registry"): a cache hit, and the generation check a node makes once
// per merchant and workflow_refresh_ms (one primary-key read through the store's reader pool, on
// SQLite). Part of `microbench`.
//
//   build-release/microbench --benchmark_filter=Registry
#include <benchmark/benchmark.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>

#include "orchestrator/workflow_registry.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace {
using namespace sy;
namespace asio = boost::asio;

// A store with merchant m_a's published workflow: SQLite in a temporary directory, or the
// PostgreSQL database of SWITCHYARD_TEST_POSTGRES_URL (scripts/test-postgres.sh run ...) for the
// [postgres] rows.
struct PublishedStore {
  std::string dir;
  std::unique_ptr<store::Store> store;
  explicit PublishedStore(bool postgres) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sy-regbench-XXXXXX").string();
    dir = mkdtemp(tmpl.data());
    if (postgres) {
      store::PostgresOptions o;
      o.url = SecretString(std::getenv("SWITCHYARD_TEST_POSTGRES_URL"));
      store = std::move(store::openPostgresStore(o)).value();
    } else {
      store::SqliteOptions o;
      o.path = dir + "/store.db";
      store = std::move(store::openSqliteStore(o)).value();
    }
    (void)store::writeSync(*store, [](store::WriteTx& tx) -> Status {
      store::Connection c{"con_1", "m_a", "STRIPE", "stripe-main", "", "sealed", true, {}};
      SY_RETURN_IF_ERROR(tx.insertConnection(c));
      store::Workflow w{"wf_1", "m_a", "PAYMENT_CREATED", "n", 1, true, {}, "bench", {}};
      store::WorkflowVersion v;
      v.name = "n";
      v.document = R"({"schemaVersion": 1, "name": "n", "trigger": {"event": "PAYMENT_CREATED"},
                       "steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]})";
      SY_RETURN_IF_ERROR(tx.insertWorkflow(w, v));
      return tx.publishWorkflowVersion("m_a", "wf_1", 1, {}, "bench").status();
    });
  }
  ~PublishedStore() {
    store->close();
    std::filesystem::remove_all(dir);
  }
};

void runCurrent(benchmark::State& state, std::chrono::milliseconds refresh, bool postgres = false) {
  if (postgres && std::getenv("SWITCHYARD_TEST_POSTGRES_URL") == nullptr) {
    state.SkipWithError("no SWITCHYARD_TEST_POSTGRES_URL (run under scripts/test-postgres.sh run)");
    return;
  }
  PublishedStore s(postgres);
  orchestrator::WorkflowRegistry registry(*s.store, {.refreshInterval = refresh});
  asio::io_context ioc;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        const std::string merchant = "m_a";
        for (auto _ : state) {
          auto w = co_await registry.current(merchant, workflows::TriggerEvent::kPaymentCreated);
          benchmark::DoNotOptimize(w);
        }
      },
      asio::detached);
  ioc.run();
  const auto stats = registry.stats();
  state.counters["loads"] = static_cast<double>(stats.loads);
}

void BM_RegistryCacheHit(benchmark::State& state) {
  runCurrent(state, std::chrono::hours(1));
}
BENCHMARK(BM_RegistryCacheHit);

// Every call past the interval: the cost of one generation check (unchanged generation).
void BM_RegistryGenerationCheck(benchmark::State& state) {
  runCurrent(state, std::chrono::milliseconds(0));
}
BENCHMARK(BM_RegistryGenerationCheck);

void BM_RegistryGenerationCheckPostgres(benchmark::State& state) {
  runCurrent(state, std::chrono::milliseconds(0), true);
}
BENCHMARK(BM_RegistryGenerationCheckPostgres)->Name("BM_RegistryGenerationCheck[postgres]");

}  // namespace
