// Fault injection shared by the processor emulators, set at run time through each emulator's
// control endpoint (`POST /v1/_control`) so that a test can make the *next* calls fail in a chosen
// way and then prove what the caller recorded against what the emulator's ledger holds.
//
// Control body (every field optional; the ones given replace the current values):
//   {"latencyMs": 250,        added before every answer (a timer, never a blocked thread)
//    "failNext": 2,           the next 2 calls answer 500 api_error
//    "dropNext": 1,           the next call's connection is closed without an answer
//    "phase": "before",       "before": fail/drop before processing (nothing is recorded);
//                             "after": the call is processed and recorded, then its answer is lost
//    "declineAll": true,      every authorization is declined do_not_honor
//    "slowResponseMs": 30000, how long the slow magic card holds its answer
//    "reset": true}           back to the emulator's start-up values (applied before the others)
//
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sy::sandbox {

enum class FaultPhase { kBefore, kAfter };

struct FaultState {
  std::chrono::milliseconds latency{0};
  int64_t failNext = 0;
  int64_t dropNext = 0;
  FaultPhase phase = FaultPhase::kBefore;
  bool declineAll = false;
  std::chrono::milliseconds slowResponse{30000};
};

class FaultInjector {
 public:
  explicit FaultInjector(FaultState initial = {}) : initial_(initial), state_(initial) {}

  // Applies a control body. kInvalidArgument (message names the field) for malformed JSON, an
  // unknown field, a wrong type or a value out of range; then nothing is changed.
  Status apply(std::string_view controlJson);
  FaultState state() const;
  // The current state as the control endpoint returns it.
  std::string stateJson() const;

  enum class Action { kNone, kFail, kDrop };
  struct Decision {
    Action action = Action::kNone;
    FaultPhase phase = FaultPhase::kBefore;
    std::chrono::milliseconds latency{0};
    bool declineAll = false;
    std::chrono::milliseconds slowResponse{0};
  };
  // What to do with the next processor call; consumes one pending fail or drop (drops first).
  Decision next();

 private:
  const FaultState initial_;
  mutable std::mutex mu_;
  FaultState state_;
};

}  // namespace sy::sandbox
