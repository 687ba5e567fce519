// JSONPath rendering shared by every validator that reports errors by path (the API's request
// codecs, the workflow document parser): "$.amount", "$.order.lineItems[0].amount",
// "$.metadata['odd key']".
#pragma once

#include <string>
#include <string_view>

namespace sy {

// Appends a member name: `.name` for identifiers ([A-Za-z_][A-Za-z0-9_]*), `['odd name']`
// otherwise, with `'` and `\` escaped by a backslash.
void appendJsonPathKey(std::string& out, std::string_view key);

// Appends an array index: `[3]`.
void appendJsonPathIndex(std::string& out, size_t index);

}  // namespace sy
