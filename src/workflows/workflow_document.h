// The workflow document: a merchant's routing program as JSON (docs/workflows.md), and its parser.
//
// The model mirrors the JSON one to one, so that a JSONPath computed by walking the model
// (steps[i].routes[j]...) points at the member the merchant wrote. Parsing checks the *shape*:
// JSON syntax, member names (unknown members are refused), member types, and names from closed
// vocabularies (step types, fields, operators, modes). Whether the program makes sense (known
// connections, percentages, operators that fit their field, reachable routes) is the validator's
// job (workflow_validator.h), which needs the merchant's connections.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "workflows/condition_vocabulary.h"
#include "workflows/fallback_policy.h"
#include "workflows/workflow_error.h"

namespace sy::workflows {

inline constexpr int64_t kSchemaVersion = 1;

// A condition's operand as written: a JSON integer or a JSON string.
using Operand = std::variant<int64_t, std::string>;

struct Condition {
  Field field = Field::kAmount;
  std::string key;  // the metadata key, for Field::kMetadata only
  Operator op = Operator::kEquals;
  // Whichever the merchant wrote; the operator decides which one must be there (OperandShape).
  std::optional<Operand> value;
  std::optional<std::vector<Operand>> values;
  std::optional<Operand> min;
  std::optional<Operand> max;
};

enum class TriggerEvent : uint8_t { kPaymentCreated, kPaymentStatusUpdated };

struct Trigger {
  TriggerEvent event = TriggerEvent::kPaymentCreated;
  std::vector<Condition> conditions;  // all must hold for the workflow to run; none = always
};

enum class ActionType : uint8_t { kAuthorize, kCapture, kCancel, kRefund, kBlock, kNotify };
enum class ThreeDsMode : uint8_t { kDisabled, kPreferred, kRequired };
// Who authenticates the customer (docs/three_d_secure.md, "Modes"): the processor, or Switchyard's
// own 3-D Secure server, whose result every processor of the route reuses.
enum class ThreeDsProvider : uint8_t { kProcessor, kSwitchyard };
enum class CaptureMode : uint8_t { kImmediate, kDelayed };
enum class NotifyChannel : uint8_t { kEmail, kWebhook };

// One action; which members are meaningful depends on `type` (the parser accepts only those).
struct Action {
  ActionType type = ActionType::kAuthorize;
  // AUTHORIZE
  std::string connection;  // processorMerchantId
  std::vector<std::string> fallbackConnections;
  ThreeDsMode threeDSecure = ThreeDsMode::kDisabled;
  ThreeDsProvider threeDSecureProvider = ThreeDsProvider::kProcessor;
  // CAPTURE
  CaptureMode captureMode = CaptureMode::kImmediate;
  std::optional<int64_t> delayHours;  // DELAYED only
  // BLOCK (required), CANCEL, REFUND (optional)
  std::string reason;
  // NOTIFY
  NotifyChannel channel = NotifyChannel::kWebhook;
  std::string to;  // EMAIL: the address
  std::string message;
};

struct Step;

struct Route {
  std::string id;
  std::vector<Condition> conditions;  // CONDITIONS blocks: all must hold (AND)
  std::optional<int64_t> percentage;  // SPLIT blocks
  std::vector<Step> steps;
};

enum class BlockType : uint8_t { kConditions, kSplit };

struct Block {
  BlockType type = BlockType::kConditions;
  std::string id;
  std::vector<Route> routes;
  std::optional<Route> defaultRoute;  // CONDITIONS blocks: taken when no route matches
};

// A step is an action or a block; a block runs exactly one of its routes' steps.
struct Step {
  std::variant<Action, Block> body;
};

struct WorkflowDocument {
  int64_t schemaVersion = kSchemaVersion;
  std::string name;
  std::string description;
  Trigger trigger;
  // fallback.declineClasses; nullopt = DeclineClassSet::defaults().
  std::optional<std::vector<DeclineClass>> fallbackDeclineClasses;
  std::vector<Step> steps;
};

// Parses a workflow document. Every shape error is reported with its path, except that a document
// that is not JSON, or whose schemaVersion this code does not read, gets that one error only.
Checked<WorkflowDocument> parseWorkflowDocument(std::string_view json);

std::string_view toString(TriggerEvent v);
std::string_view toString(ActionType v);
std::string_view toString(ThreeDsMode v);
std::string_view toString(ThreeDsProvider v);
std::string_view toString(CaptureMode v);
std::string_view toString(NotifyChannel v);
std::string_view toString(BlockType v);

}  // namespace sy::workflows
