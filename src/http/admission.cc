#include "http/admission.h"

#include <algorithm>

namespace sy::http {

AdmissionControl::AdmissionControl(AdmissionOptions options) : options_(std::move(options)) {}

AdmissionControl::Ticket& AdmissionControl::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = other.owner_;
    other.owner_ = nullptr;
  }
  return *this;
}

void AdmissionControl::Ticket::release() {
  if (owner_ != nullptr) owner_->inFlight_.fetch_sub(1, std::memory_order_relaxed);
  owner_ = nullptr;
}

bool AdmissionControl::exempt(std::string_view path) const {
  return std::find(options_.exemptPaths.begin(), options_.exemptPaths.end(), path) !=
         options_.exemptPaths.end();
}

AdmissionControl::Decision AdmissionControl::admit(std::string_view path) {
  Decision decision;
  if (exempt(path)) return decision;
  if (options_.queueDelayTarget.count() > 0 && options_.queueDelay &&
      options_.queueDelay() > options_.queueDelayTarget) {
    rejected_.fetch_add(1, std::memory_order_relaxed);
    decision.verdict = Verdict::kQueueTooSlow;
    return decision;
  }
  const size_t before = inFlight_.fetch_add(1, std::memory_order_relaxed);
  if (options_.maxInFlight != 0 && before >= options_.maxInFlight) {
    inFlight_.fetch_sub(1, std::memory_order_relaxed);
    rejected_.fetch_add(1, std::memory_order_relaxed);
    decision.verdict = Verdict::kTooManyInFlight;
    return decision;
  }
  decision.ticket = Ticket(this);
  return decision;
}

}  // namespace sy::http
