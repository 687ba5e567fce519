#include "sandbox/dispute_book.h"

namespace sy::sandbox {

std::optional<DisputeBook::Change> DisputeBook::openOrUpdate(EmulatedDispute opening) {
  std::lock_guard lock(mu_);
  auto it = byPayment_.find(opening.paymentId);
  if (it == byPayment_.end()) {
    const std::string key = opening.paymentId;
    it = byPayment_.emplace(key, std::move(opening)).first;
    return Change{it->second, true};
  }
  if (it->second.status == opening.status) return std::nullopt;
  it->second.status = opening.status;
  return Change{it->second, false};
}

}  // namespace sy::sandbox
