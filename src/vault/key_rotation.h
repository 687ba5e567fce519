// Key rotation: re-wraps every card token's data key under the vault's current KEK, online and
// resumably (docs/vault.md, "Rotating the master key").
//
// - Online: servers keep paying while it runs; each batch is one small write unit whose updates
//   are guarded by the record's previous KEK id, and every node's vault opens records wrapped by
//   any KEK of its ring (old or new).
// - Resumable: progress (a keyset cursor over tokens) is saved in `vault_rotations` with each
//   batch, so a rotation stopped at any point continues where it stopped.
// - Exclusive: it holds the work lease "vault:rotation" (renewed with each batch), so two
//   rotations never run at once across nodes; a killed one's lease expires after `leaseTtl`.
// - Complete: after the cursor reaches the end it walks again from the start while records
//   wrapped by another KEK remain (written meanwhile by nodes not yet given the new key), at most
//   `maxPasses` times.
// Blocking: run it on its own thread (the CLI's main thread), never on a network thread.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "store/records.h"
#include "store/store.h"
#include "vault/vault.h"

namespace sy::vault {

struct RotationOptions {
  int batchSize = 200;
  std::string nodeId = "cli";
  std::chrono::milliseconds leaseTtl{60000};
  int maxPasses = 3;
  // Stops (as if killed) after this many batches; < 0: no limit. For tests of resuming.
  int stopAfterBatches = -1;
};

inline constexpr const char* kRotationLease = "vault:rotation";

class KeyRotation {
 public:
  KeyRotation(store::Store& store, const Vault& vault, const Clock& clock, RotationOptions options);

  // Runs or resumes the rotation to the vault's current KEK; `onProgress` after each batch.
  // Returns the final progress row (finishedAt set unless stopped by stopAfterBatches).
  // kFailedPrecondition "RotationRunning" when another rotation holds the lease.
  Result<store::VaultRotation> run(
      const std::function<void(const store::VaultRotation&)>& onProgress);

 private:
  Result<store::VaultRotation> startOrResume();
  // One batch after the cursor; false when none was left.
  Result<bool> rewrapBatch(store::VaultRotation& r);

  store::Store& store_;
  const Vault& vault_;
  const Clock& clock_;
  RotationOptions options_;
  store::Lease lease_;
};

}  // namespace sy::vault
