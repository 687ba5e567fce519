// Key rings for tests: the development master key as the current KEK, an optional legacy key, and
// optionally a previous test master key (records wrapped by it open: a rotation in progress).
#pragma once

#include "vault/key_ring.h"

namespace sy::vault::testing {

inline MasterKey previousTestMasterKey() {
  return MasterKey{"test-old", SecretString(std::string("previous test master secret"))};
}

inline KeyRing devKeyRing(SecretString legacyKey = {}) {
  auto ring = KeyRing::fromMasterKeys(devMasterKey(), {}, std::move(legacyKey));
  return std::move(ring).value();
}

// The ring of a node mid-rotation: "dev" current, "test-old" previous.
inline KeyRing devKeyRingWithPrevious() {
  auto ring = KeyRing::fromMasterKeys(devMasterKey(), {previousTestMasterKey()}, {});
  return std::move(ring).value();
}

// The ring of a node before the rotation: "test-old" current.
inline KeyRing previousKeyRing() {
  auto ring = KeyRing::fromMasterKeys(previousTestMasterKey(), {}, {});
  return std::move(ring).value();
}

}  // namespace sy::vault::testing
