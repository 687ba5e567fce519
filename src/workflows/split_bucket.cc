#include "workflows/split_bucket.h"

namespace sy::workflows {
namespace {

constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001b3ull;

uint64_t fnv1a(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= kFnvPrime;
  }
  return h;
}

uint64_t splitMix64Finalizer(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

uint64_t splitSeed(std::string_view blockId) {
  return fnv1a(fnv1a(kFnvOffsetBasis, blockId), std::string_view("\0", 1));
}

uint32_t splitBucket(uint64_t seed, std::string_view splitKey) {
  const uint64_t h = splitMix64Finalizer(fnv1a(seed, splitKey));
  return static_cast<uint32_t>((static_cast<unsigned __int128>(h) * kSplitBuckets) >> 64);
}

}  // namespace sy::workflows
