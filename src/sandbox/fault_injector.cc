#include "sandbox/fault_injector.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace sy::sandbox {
namespace {
constexpr int64_t kMaxDelayMs = 10 * 60 * 1000;  // ten minutes: anything longer is a typo
constexpr int64_t kMaxCount = 1000000;

// Reads an integer field in [0, max] into `out`; the error names the field.
Status readCount(const boost::json::value& v, std::string_view name, int64_t max, int64_t& out) {
  if (!v.is_int64() && !v.is_uint64())
    return invalidArgument(std::string(name) + " must be an integer");
  if (v.is_uint64() && v.get_uint64() > static_cast<uint64_t>(max))
    return invalidArgument(std::string(name) + " is out of range");
  int64_t n = v.is_int64() ? v.get_int64() : static_cast<int64_t>(v.get_uint64());
  if (n < 0 || n > max)
    return invalidArgument(std::string(name) + " must be between 0 and " + std::to_string(max));
  out = n;
  return Status::ok();
}
}  // namespace

Status FaultInjector::apply(std::string_view controlJson) {
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(controlJson, ec);
  if (ec || !doc.is_object()) return invalidArgument("body must be a JSON object");
  const auto& obj = doc.as_object();

  std::lock_guard lock(mu_);
  // Build the new state aside and commit it only when every field is valid.
  FaultState next = state_;
  if (auto* reset = obj.if_contains("reset")) {
    if (!reset->is_bool()) return invalidArgument("reset must be a boolean");
    if (reset->get_bool()) next = initial_;
  }
  for (const auto& [key, value] : obj) {
    int64_t n = 0;
    if (key == "reset") {
      continue;
    } else if (key == "latencyMs") {
      SY_RETURN_IF_ERROR(readCount(value, key, kMaxDelayMs, n));
      next.latency = std::chrono::milliseconds(n);
    } else if (key == "slowResponseMs") {
      SY_RETURN_IF_ERROR(readCount(value, key, kMaxDelayMs, n));
      next.slowResponse = std::chrono::milliseconds(n);
    } else if (key == "failNext") {
      SY_RETURN_IF_ERROR(readCount(value, key, kMaxCount, n));
      next.failNext = n;
    } else if (key == "dropNext") {
      SY_RETURN_IF_ERROR(readCount(value, key, kMaxCount, n));
      next.dropNext = n;
    } else if (key == "declineAll") {
      if (!value.is_bool()) return invalidArgument("declineAll must be a boolean");
      next.declineAll = value.get_bool();
    } else if (key == "phase") {
      if (value.is_string() && value.get_string() == "before") {
        next.phase = FaultPhase::kBefore;
      } else if (value.is_string() && value.get_string() == "after") {
        next.phase = FaultPhase::kAfter;
      } else {
        return invalidArgument("phase must be \"before\" or \"after\"");
      }
    } else {
      return invalidArgument("unknown field " + std::string(key));
    }
  }
  state_ = next;
  return Status::ok();
}

FaultState FaultInjector::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

std::string FaultInjector::stateJson() const {
  FaultState s = state();
  boost::json::object o;
  o["latencyMs"] = static_cast<int64_t>(s.latency.count());
  o["failNext"] = s.failNext;
  o["dropNext"] = s.dropNext;
  o["phase"] = s.phase == FaultPhase::kBefore ? "before" : "after";
  o["declineAll"] = s.declineAll;
  o["slowResponseMs"] = static_cast<int64_t>(s.slowResponse.count());
  return boost::json::serialize(o);
}

FaultInjector::Decision FaultInjector::next() {
  std::lock_guard lock(mu_);
  Decision d;
  d.phase = state_.phase;
  d.latency = state_.latency;
  d.declineAll = state_.declineAll;
  d.slowResponse = state_.slowResponse;
  if (state_.dropNext > 0) {
    --state_.dropNext;
    d.action = Action::kDrop;
  } else if (state_.failNext > 0) {
    --state_.failNext;
    d.action = Action::kFail;
  }
  return d;
}

}  // namespace sy::sandbox
