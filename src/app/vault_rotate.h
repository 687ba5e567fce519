// `switchyard vault rotate-key [--batch N]`: re-wraps every stored card's data key under the
// KEK of the configured vault_master_key (vault/key_rotation.h), while servers keep running.
// Prints a progress bar on a terminal (records done / total, rate, ETA) and a plain progress line
// per 10% otherwise. Safe to interrupt and run again: it resumes where it stopped.
#pragma once

#include "app/config.h"

namespace sy::app {

// The process exit status: 0 when every record is wrapped by the current KEK.
int runVaultRotateKey(const Config& config, int batchSize);

}  // namespace sy::app
