#include "vault/key_rotation.h"

#include "common/ids.h"

namespace sy::vault {

KeyRotation::KeyRotation(store::Store& store, const Vault& vault, const Clock& clock,
                         RotationOptions options)
    : store_(store), vault_(vault), clock_(clock), options_(std::move(options)) {}

Result<store::VaultRotation> KeyRotation::startOrResume() {
  const std::string target = vault_.keys().currentId();
  Result<store::VaultRotation> found = notFound("");
  Result<int64_t> remaining = int64_t{0};
  store::readSync(store_, [&](store::ReadTx& tx) {
    found = tx.findVaultRotation("rotation:" + target);
    remaining = tx.countCardTokensNotWrappedBy(target);
  });
  if (!remaining) return remaining.status();
  if (!found && found.status().code() != StatusCode::kNotFound) return found.status();
  store::VaultRotation r;
  const TimePoint now = clock_.now();
  if (found && !found->finishedAt) {
    r = std::move(*found);  // resume where it stopped
    r.total = r.rewrapped + *remaining;
  } else {
    r.id = "rotation:" + target;
    r.targetKekId = target;
    r.startedAt = now;
    r.total = *remaining;
  }
  r.updatedAt = now;
  r.finishedAt.reset();
  Status saved = store::writeSync(store_, [&](store::WriteTx& tx) {
    SY_RETURN_IF_ERROR(tx.renewLease(lease_.name, lease_.token, now + options_.leaseTtl));
    return tx.saveVaultRotation(r);
  });
  if (!saved) return saved;
  return r;
}

Result<bool> KeyRotation::rewrapBatch(store::VaultRotation& r) {
  Result<std::vector<store::CardToken>> batch = std::vector<store::CardToken>{};
  store::readSync(store_, [&](store::ReadTx& tx) {
    batch = tx.listCardTokensNotWrappedBy(r.targetKekId, r.cursor, options_.batchSize);
  });
  if (!batch) return batch.status();
  if (batch->empty()) return false;
  // The crypto runs here, outside the write unit: the unit only writes.
  std::vector<std::pair<store::CardToken, std::string>> rewrapped;  // new record, old KEK id
  rewrapped.reserve(batch->size());
  for (const auto& t : *batch) {
    auto n = vault_.rewrap(t);
    if (!n)
      return Status(n.status().code(),
                    "card token " + t.token + ": " + n.status().message());
    rewrapped.emplace_back(std::move(*n), t.kekId);
  }
  store::VaultRotation next = r;
  next.cursor = batch->back().token;
  next.updatedAt = clock_.now();
  Status s = store::writeSync(store_, [&](store::WriteTx& tx) {
    SY_RETURN_IF_ERROR(tx.renewLease(lease_.name, lease_.token, next.updatedAt + options_.leaseTtl));
    int64_t done = 0;
    for (const auto& [record, oldKek] : rewrapped) {
      Status u = tx.rewrapCardToken(record, oldKek);
      if (u.isOk()) {
        ++done;
      } else if (u.code() != StatusCode::kNotFound && u.reason() != "KekChanged") {
        return u;  // a token deleted or re-wrapped meanwhile needs nothing more
      }
    }
    next.rewrapped = r.rewrapped + done;
    return tx.saveVaultRotation(next);
  });
  if (!s) return s;
  r = std::move(next);
  return true;
}

Result<store::VaultRotation> KeyRotation::run(
    const std::function<void(const store::VaultRotation&)>& onProgress) {
  lease_ = store::Lease{kRotationLease, options_.nodeId, newId("lease", 24),
                        clock_.now() + options_.leaseTtl};
  Status claimed = store::writeSync(store_, [&](store::WriteTx& tx) {
    return tx.claimLease(lease_, clock_.now());
  });
  if (!claimed) {
    if (claimed.reason() == "LeaseHeld")
      return Status(StatusCode::kFailedPrecondition,
                    "another key rotation is running (it holds the lease until it finishes or "
                    "its node has been gone for lease_ttl_ms)",
                    "RotationRunning");
    return claimed;
  }
  auto release = [&] {
    (void)store::writeSync(store_, [&](store::WriteTx& tx) {
      return tx.releaseLease(lease_.name, lease_.token);
    });
  };
  auto r = startOrResume();
  if (!r) {
    release();
    return r;
  }
  onProgress(*r);
  int batches = 0;
  for (int pass = 1;; ++pass) {
    while (true) {
      if (options_.stopAfterBatches >= 0 && batches >= options_.stopAfterBatches) {
        release();  // a killed process would instead leave it to expire
        return *r;
      }
      auto more = rewrapBatch(*r);
      if (!more) {
        release();
        return more.status();
      }
      if (!*more) break;
      ++batches;
      onProgress(*r);
    }
    Result<int64_t> left = int64_t{0};
    store::readSync(store_, [&](store::ReadTx& tx) {
      left = tx.countCardTokensNotWrappedBy(r->targetKekId);
    });
    if (!left) {
      release();
      return left.status();
    }
    if (*left == 0) break;
    if (pass >= options_.maxPasses) {
      release();
      return Status(StatusCode::kFailedPrecondition,
                    std::to_string(*left) + " card tokens are still being written under another "
                    "key-encryption key: give every node the new vault_master_key, restart them, "
                    "and run the rotation again",
                    "RotationIncomplete");
    }
    r->cursor.clear();  // records written behind the cursor: walk again
    r->total = r->rewrapped + *left;
  }
  r->finishedAt = clock_.now();
  r->updatedAt = *r->finishedAt;
  Status s = store::writeSync(store_, [&](store::WriteTx& tx) {
    SY_RETURN_IF_ERROR(tx.saveVaultRotation(*r));
    return tx.releaseLease(lease_.name, lease_.token);
  });
  if (!s) return s;
  onProgress(*r);
  return *r;
}

}  // namespace sy::vault
