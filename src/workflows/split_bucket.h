// Which bucket of a SPLIT block a payment falls in: a deterministic hash of the block's id and the
// payment's split key (its id), so a payment re-evaluated (a retry, a resumed payment, a
// simulation) lands on the same route, and a block keeps its assignment across workflow versions
// as long as its id and percentages stay.
//
//   h      = FNV-1a 64 over the bytes of blockId, one 0x00 byte, then the bytes of splitKey
//            (offset basis 0xcbf29ce484222325, prime 0x100000001b3)
//   h      = SplitMix64's finalizer of h (FNV-1a alone leaves the high bits of sequential ids
//            correlated: mixing makes every output bit depend on every input bit)
//   bucket = (h * 10000) >> 64  (the high half of the 128-bit product: a uniform 0..9999 without
//            the bias of a modulo beyond 10000 / 2^64)
//
// Route i of a split covers buckets [100 * (p_0 + ... + p_{i-1}), 100 * (p_0 + ... + p_i)), so a
// 0 % route covers none. Hashing the block id in makes two splits on one path independent.
#pragma once

#include <cstdint>
#include <string_view>

namespace sy::workflows {

inline constexpr uint32_t kSplitBuckets = 10000;

// The hash state after the block id and its separator: computed once per block at compile time.
uint64_t splitSeed(std::string_view blockId);

// The bucket, in [0, kSplitBuckets), of `splitKey` in the block whose seed is `seed`.
uint32_t splitBucket(uint64_t seed, std::string_view splitKey);

}  // namespace sy::workflows
