#include "store/store.h"

#include <future>
#include <memory>

namespace sy::store {

// The promise is shared with the callback so it outlives set_value() even when the waiting thread
// wakes and returns first. Calling these from a store thread would deadlock: never do that.

void readSync(Store& store, const Store::ReadWork& work) {
  auto finished = std::make_shared<std::promise<void>>();
  std::future<void> wait = finished->get_future();
  store.submitRead(work, [finished] { finished->set_value(); });
  wait.get();
}

Status writeSync(Store& store, const Store::WriteWork& work) {
  auto finished = std::make_shared<std::promise<Status>>();
  std::future<Status> result = finished->get_future();
  store.submitWrite(work, [finished](Status s) { finished->set_value(std::move(s)); });
  return result.get();
}

}  // namespace sy::store
