// A PublishedWorkflows kept in memory, for engine tests: publish() compiles a document (as the
// workflows API does) and makes it the merchant's current version for its trigger event.
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "workflows/published_workflow.h"

namespace sy::orchestrator::testing {

class InMemoryWorkflows final : public workflows::PublishedWorkflows {
 public:
  // Compiles `json` against `connections` and publishes it as the next version of `workflowId`.
  // The errors of a document that does not compile, else "".
  std::string publish(const std::string& merchantId, const std::string& workflowId,
                      std::string_view json, std::span<const std::string> connections) {
    auto compiled = workflows::CompiledWorkflow::load(json, connections);
    if (!compiled) {
      std::string errors;
      for (const auto& e : compiled.errors()) errors += e.path + ": " + e.description + "\n";
      return errors.empty() ? "not compiled" : errors;
    }
    std::lock_guard lock(mu_);
    const workflows::TriggerEvent event = compiled.value().trigger();
    auto w = std::make_shared<workflows::PublishedWorkflow>(workflows::PublishedWorkflow{
        workflowId, ++versions_[workflowId], std::move(compiled).value()});
    current_[{merchantId, event}] = std::move(w);
    return "";
  }
  void unpublish(const std::string& merchantId, workflows::TriggerEvent event) {
    std::lock_guard lock(mu_);
    current_.erase({merchantId, event});
  }

  boost::asio::awaitable<Result<std::shared_ptr<const workflows::PublishedWorkflow>>> current(
      std::string merchantId, workflows::TriggerEvent event) override {
    std::shared_ptr<const workflows::PublishedWorkflow> w;
    {
      std::lock_guard lock(mu_);
      auto it = current_.find({merchantId, event});
      if (it != current_.end()) w = it->second;
    }
    co_return w;
  }

 private:
  std::mutex mu_;
  std::map<std::string, int64_t> versions_;
  std::map<std::pair<std::string, workflows::TriggerEvent>,
           std::shared_ptr<const workflows::PublishedWorkflow>>
      current_;
};

}  // namespace sy::orchestrator::testing
