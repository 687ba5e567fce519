// A validated workflow compiled once (at publish time) into flat arrays, and its evaluation.
//
// evaluate() is the per-payment hot path: it reads PaymentFacts, walks the compiled steps, and
// returns a Decision in fixed-size storage. It never allocates, never throws, and touches no
// shared mutable state, so one CompiledWorkflow (held through a shared_ptr<const>) serves every
// thread at once.
//
// Semantics (docs/workflows.md, "Evaluation"): when the trigger's conditions hold, steps run top
// down; an action is recorded in the Decision; a CONDITIONS block runs the first route whose
// conditions all hold, else its defaultRoute; a SPLIT block runs the route its bucket falls in
// (split_bucket.h); after a block, the steps following it run; BLOCK ends the evaluation.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "workflows/condition_vocabulary.h"
#include "workflows/fallback_policy.h"
#include "workflows/payment_facts.h"
#include "workflows/workflow_document.h"
#include "workflows/workflow_error.h"
#include "workflows/workflow_validator.h"

namespace sy::workflows {

// One block a payment passed through, and the route it took there.
struct TraceEntry {
  static constexpr uint16_t kDefaultRoute = 0xFFFF;
  uint16_t block = 0;   // CompiledWorkflow::blockId(block)
  uint16_t route = 0;   // index in the block's routes, or kDefaultRoute
  uint16_t bucket = 0;  // SPLIT blocks: the payment's bucket, 0..9999
};

// What a workflow decided for one payment. Actions point into the CompiledWorkflow that made the
// decision and stay valid as long as it lives.
struct Decision {
  bool triggered = false;  // false: the trigger's conditions did not hold; nothing else is set
  const Action* authorize = nullptr;
  const Action* capture = nullptr;
  const Action* cancel = nullptr;
  const Action* refund = nullptr;
  const Action* block = nullptr;  // the payment is refused with block->reason
  std::array<const Action*, WorkflowLimits::kMaxNotificationsPerPayment> notifyStorage{};
  uint8_t notifyCount = 0;
  std::array<TraceEntry, WorkflowLimits::kMaxBlocksPerPayment> traceStorage{};
  uint8_t traceSize = 0;

  std::span<const Action* const> notifications() const {
    return {notifyStorage.data(), notifyCount};
  }
  // The blocks that ran, in order, with the route each took.
  std::span<const TraceEntry> trace() const { return {traceStorage.data(), traceSize}; }
};

class CompiledWorkflow {
 public:
  // Validates `doc` against the merchant's connections and compiles it.
  static Checked<CompiledWorkflow> compile(const WorkflowDocument& doc,
                                           std::span<const std::string> connections);
  // parseWorkflowDocument, then compile(): what publishing a workflow does.
  static Checked<CompiledWorkflow> load(std::string_view json,
                                        std::span<const std::string> connections);

  CompiledWorkflow(CompiledWorkflow&&) noexcept = default;
  CompiledWorkflow& operator=(CompiledWorkflow&&) noexcept = default;
  CompiledWorkflow(const CompiledWorkflow&) = delete;  // decisions point into it
  CompiledWorkflow& operator=(const CompiledWorkflow&) = delete;

  // Decides for one payment. No allocation, no exception; `facts` is only read.
  Decision evaluate(const PaymentFacts& facts) const noexcept;

  TriggerEvent trigger() const { return trigger_; }
  const std::string& name() const { return name_; }
  DeclineClassSet fallBackOn() const { return fallBackOn_; }
  // The connections an AUTHORIZE decision tries, in order, and when to fall back
  // (fallback_policy.h).
  AuthorizationPlan authorizationPlan(const Action& authorize) const {
    return {authorize.connection, authorize.fallbackConnections, fallBackOn_, {}};
  }

  // For rendering a Decision's trace (GET /payments/{id}).
  size_t blockCount() const { return blocks_.size(); }
  std::string_view blockId(uint16_t block) const;
  BlockType blockType(uint16_t block) const;
  std::string_view routeId(uint16_t block, uint16_t route) const;  // route may be kDefaultRoute
  // The route's conditions as the document wrote them, a JSON array ("[]" for a default or split
  // route): for the chosen route of a trace entry, the conditions that held.
  std::string_view routeConditionsJson(uint16_t block, uint16_t route) const;
  // The trigger's conditions, likewise ("[]" when the workflow has none).
  std::string_view triggerConditionsJson() const { return view(triggerConditionsJson_); }
  // The block's routes, not counting a CONDITIONS block's defaultRoute (which every one has).
  size_t routeCount(uint16_t block) const;

 private:
  CompiledWorkflow() = default;
  friend class WorkflowCompiler;

  struct Text {  // a string in pool_: offsets stay valid when the workflow moves
    uint32_t offset = 0;
    uint32_t size = 0;
  };
  enum class Test : uint8_t {
    kIntRange,  // lo <= value <= hi
    kIntSet,    // value in ints_[begin, end) (sorted)
    kCodeSet,   // codeSets_[begin] has the value's code
    kTextSet,   // value in texts_[begin, end) (sorted; e-mail domains folded to lower case)
    kContains,  // value contains text
    kEmpty,     // the value is absent
  };
  struct CompiledCondition {
    Field field = Field::kAmount;
    Test test = Test::kIntRange;
    bool negate = false;  // NOT_EQUALS, NOT_ONE_OF, NOT_CONTAINS, IS_NOT_EMPTY
    Text key;             // metadata key
    Text text;            // kContains
    int64_t lo = 0;
    int64_t hi = 0;
    uint32_t begin = 0;
    uint32_t end = 0;
  };
  struct CompiledStep {
    bool isBlock = false;
    uint32_t index = 0;  // into blocks_ or actions_
  };
  struct CompiledRoute {
    Text id;
    Text conditionsJson;  // conditionsToJson() of the route's conditions
    uint32_t conditionsBegin = 0, conditionsEnd = 0;
    uint32_t stepsBegin = 0, stepsEnd = 0;
    uint32_t bucketEnd = 0;  // SPLIT: the route takes buckets below this (and above the previous)
  };
  struct CompiledBlock {
    Text id;
    BlockType type = BlockType::kConditions;
    uint32_t routesBegin = 0, routesEnd = 0;  // CONDITIONS: the defaultRoute is routes_[routesEnd]
    uint64_t splitSeed = 0;
  };

  std::string_view view(Text t) const { return {pool_.data() + t.offset, t.size}; }
  bool matches(const CompiledCondition& c, const PaymentFacts& f) const noexcept;
  bool allMatch(uint32_t begin, uint32_t end, const PaymentFacts& f) const noexcept;
  // Runs steps_[begin, end); false when a BLOCK ended the evaluation.
  bool run(uint32_t begin, uint32_t end, const PaymentFacts& f, Decision& d) const noexcept;

  std::string name_;
  TriggerEvent trigger_ = TriggerEvent::kPaymentCreated;
  DeclineClassSet fallBackOn_;
  std::string pool_;
  std::vector<CompiledCondition> conditions_;
  std::vector<int64_t> ints_;
  std::vector<Text> texts_;
  std::vector<std::bitset<kMaxCode>> codeSets_;
  std::vector<CompiledStep> steps_;
  std::vector<CompiledRoute> routes_;
  std::vector<CompiledBlock> blocks_;
  std::vector<Action> actions_;
  uint32_t triggerBegin_ = 0, triggerEnd_ = 0;  // conditions_
  Text triggerConditionsJson_;
  uint32_t stepsBegin_ = 0, stepsEnd_ = 0;      // the top-level steps
};

}  // namespace sy::workflows
