// The disputes an emulator has opened, so a test (or the demo) can open a dispute on a payment and
// move it through its processor's statuses, and the emulator sends the matching webhooks. Real
// processors open disputes when a card holder's bank files one; the emulators do it on request,
// through their control endpoint (POST /_disputes, see each emulator's header).
//
// One dispute per processor payment id, as a test needs no more. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace sy::sandbox {

struct EmulatedDispute {
  std::string id;         // the processor's dispute id
  std::string paymentId;  // the processor's payment id it is about
  std::string status;     // in the processor's own words
  int64_t amount = 0;     // in the processor's minor units
  std::string currency;   // as the processor writes it
  int64_t created = 0;    // Unix seconds
  std::string reason;     // the processor's reason/category
};

class DisputeBook {
 public:
  struct Change {
    EmulatedDispute dispute;
    bool opened = false;  // this request created it
  };
  // Opens the dispute on `opening.paymentId` (taking `opening` as it is) or, when there is one,
  // moves it to `opening.status`. nullopt when the status is already that one (nothing happened).
  std::optional<Change> openOrUpdate(EmulatedDispute opening);

 private:
  std::mutex mu_;
  std::map<std::string, EmulatedDispute, std::less<>> byPayment_;
};

}  // namespace sy::sandbox
