#include "store/records.h"

namespace sy::store {

std::string_view toString(DeliveryState s) {
  switch (s) {
    case DeliveryState::kPending:
      return "PENDING";
    case DeliveryState::kDelivered:
      return "DELIVERED";
    case DeliveryState::kDead:
      return "DEAD";
  }
  return "PENDING";
}

}  // namespace sy::store
