#include "app/copy_store.h"

#include <unistd.h>

#include <cstdio>

#include "store/migrations/tables.h"
#include "store/sql/store_copy.h"
#include "store/store_url.h"

namespace sy::app {
namespace {

constexpr size_t kBatchRows = 1000;

int fail(const std::string& message) {
  std::fprintf(stderr, "switchyard copy-store: %s\n", message.c_str());
  return 1;
}

// "  payments            1200 / 5000 rows [######..............]  24%"
void printProgress(const store::sql::CopyProgress& p, bool terminal) {
  const bool finished = p.copied == p.total;
  if (!terminal && !finished) return;  // a log file gets one line per table
  constexpr int kWidth = 30;
  const int filled = p.total == 0 ? kWidth : static_cast<int>(p.copied * kWidth / p.total);
  const int percent = p.total == 0 ? 100 : static_cast<int>(p.copied * 100 / p.total);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "%s  %-20.*s %9lld / %-9lld rows [%s] %3d%%%s", terminal ? "\r" : "",
               static_cast<int>(p.table.size()), p.table.data(), static_cast<long long>(p.copied),
               static_cast<long long>(p.total), bar.c_str(), percent, finished ? "\n" : "");
  std::fflush(stderr);
}

// Both sides, table by table: 0 when every row count and checksum agree.
int verify(store::sql::DbConnection& from, store::sql::DbConnection& to) {
  std::fprintf(stderr, "verifying\n");
  int mismatches = 0;
  for (const auto& table : store::migrations::tables()) {
    auto a = store::sql::digestTable(from, table, kBatchRows);
    auto b = store::sql::digestTable(to, table, kBatchRows);
    if (!a.isOk()) return fail("verify: source: " + a.status().message());
    if (!b.isOk()) return fail("verify: target: " + b.status().message());
    const bool same = a->rows == b->rows && a->checksum == b->checksum;
    std::fprintf(stderr, "  %-20.*s %9lld rows  %s\n", static_cast<int>(table.name.size()),
                 table.name.data(), static_cast<long long>(a->rows), same ? "ok" : "MISMATCH");
    if (!same) {
      ++mismatches;
      std::fprintf(stderr,
                   "    source: %lld rows, checksum %s\n    target: %lld rows, checksum %s\n",
                   static_cast<long long>(a->rows), a->checksum.c_str(),
                   static_cast<long long>(b->rows), b->checksum.c_str());
    }
  }
  if (mismatches != 0)
    return fail(std::to_string(mismatches) +
                " table(s) differ between source and target: the target is not a faithful copy; "
                "drop it, check nothing writes to the source, and copy again");
  return 0;
}

}  // namespace

int runCopyStore(const std::string& fromUrl, const std::string& toUrl) {
  if (fromUrl.empty() || toUrl.empty()) return fail("needs --from URL and --to URL");
  auto from = store::parseStoreUrl(fromUrl);
  if (!from.isOk()) return fail("--from: " + from.status().message());
  auto to = store::parseStoreUrl(toUrl);
  if (!to.isOk()) return fail("--to: " + to.status().message());
  if (fromUrl == toUrl) return fail("--from and --to name the same store");
  const std::string fromName = store::redactStoreUrl(fromUrl);
  const std::string toName = store::redactStoreUrl(toUrl);

  auto source = store::openConnection(*from, /*writable=*/false);
  if (!source.isOk()) return fail("source " + fromName + ": " + source.status().message());
  {
    // Creates the target's schema (or checks it is this binary's).
    auto target = store::openStore(*to);
    if (!target.isOk()) return fail("target " + toName + ": " + target.status().message());
    (*target)->close();
  }
  auto target = store::openConnection(*to, /*writable=*/true);
  if (!target.isOk()) return fail("target " + toName + ": " + target.status().message());

  std::fprintf(stderr, "copying %s -> %s\n", fromName.c_str(), toName.c_str());
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  int64_t rows = 0;
  Status copied =
      store::sql::copyStore(**source, **target, kBatchRows, [&](const store::sql::CopyProgress& p) {
        printProgress(p, terminal);
        if (p.copied == p.total) rows += p.total;
      });
  if (!copied.isOk()) return fail(copied.message() + " (nothing was written to the target)");
  if (int rc = verify(**source, **target); rc != 0) return rc;
  std::printf("copied and verified %lld rows in %zu tables\n", static_cast<long long>(rows),
              store::migrations::tables().size());
  std::fprintf(stderr,
               "The vault key is not in the database: every server using %s needs the same "
               "vault_key (or a copy of <data_dir>/vault.key) to read the stored cards and "
               "processor credentials.\n",
               toName.c_str());
  return 0;
}

}  // namespace sy::app
