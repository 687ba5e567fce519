#include "app/vault_rotate.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "app/wiring.h"
#include "common/ids.h"
#include "vault/key_rotation.h"

namespace sy::app {
namespace {

// "  rotating to k2 [##########..........]  5000 / 10000  50%  1234/s  ETA 4s"
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool terminal) : terminal_(terminal), start_(Clock::now()) {}

  void operator()(const store::VaultRotation& r) {
    const bool finished = r.finishedAt.has_value();
    const int64_t total = r.total;
    const int percent = total == 0 ? 100 : static_cast<int>(std::min<int64_t>(r.rewrapped, total) * 100 / total);
    if (!terminal_ && !finished && percent < lastPercent_ + 10 && lastPercent_ >= 0) return;
    lastPercent_ = percent;
    if (first_) {
      first_ = false;
      startDone_ = r.rewrapped;  // a resumed rotation's rate counts this run only
    }
    const double seconds =
        std::chrono::duration<double>(Clock::now() - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(r.rewrapped - startDone_) / seconds : 0;
    std::string eta = "-";
    if (rate > 0 && total > r.rewrapped)
      eta = std::to_string(static_cast<long long>((total - r.rewrapped) / rate)) + "s";
    if (finished) eta = "done";
    constexpr int kWidth = 30;
    std::string bar(static_cast<size_t>(percent * kWidth / 100), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "%s  rotating to %s [%s] %lld / %lld %3d%%  %.0f/s  ETA %s%s",
                 terminal_ ? "\r" : "", r.targetKekId.c_str(), bar.c_str(),
                 static_cast<long long>(r.rewrapped), static_cast<long long>(total), percent, rate,
                 eta.c_str(), terminal_ && !finished ? "" : "\n");
    std::fflush(stderr);
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool terminal_;
  Clock::time_point start_;
  bool first_ = true;
  int64_t startDone_ = 0;
  int lastPercent_ = -1;
};

}  // namespace

int runVaultRotateKey(const Config& config, int batchSize) {
  setUpLogging(config);
  auto keys = loadKeys(config);
  if (!keys) {
    std::fprintf(stderr, "switchyard vault rotate-key: %s\n", keys.status().message().c_str());
    return 1;
  }
  auto st = openStore(config);
  if (!st) {
    std::fprintf(stderr, "switchyard vault rotate-key: %s\n", st.status().message().c_str());
    return 1;
  }
  SystemClock clock;
  vault::Vault vault(keys->cardKeys, clock, config.cardTokenTtl);
  vault::RotationOptions options;
  options.batchSize = batchSize;
  options.nodeId = config.nodeId.empty() ? newId("rotate", 12) : config.nodeId;
  options.leaseTtl = config.leaseTtl;
  vault::KeyRotation rotation(**st, vault, clock, options);
  ProgressPrinter print(::isatty(STDERR_FILENO) == 1);
  auto result = rotation.run([&](const store::VaultRotation& r) { print(r); });
  (*st)->close();
  if (!result) {
    std::fprintf(stderr, "\nswitchyard vault rotate-key: %s\n", result.status().message().c_str());
    return 1;
  }
  std::fprintf(stderr,
               "every card is wrapped by key-encryption key %s; remove the previous master keys "
               "from vault_previous_master_keys on every node\n",
               result->targetKekId.c_str());
  return 0;
}

}  // namespace sy::app
