// Conditions written back as the JSON the merchant wrote (members in the document's order:
// field, key, operator, value | values | min, max). The decision trace shows, for each route a
// payment took, the conditions that held, in this form.
#pragma once

#include <span>
#include <string>

#include "workflows/workflow_document.h"

namespace sy::workflows {

// A JSON array of the conditions: "[]" when there are none.
std::string conditionsToJson(std::span<const Condition> conditions);

}  // namespace sy::workflows
