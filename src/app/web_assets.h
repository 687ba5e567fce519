// The web files built into the binary (cmake/embed_files.cmake): the checkout component
// "switchyard-checkout.js" (built by npm from web/checkout) and the demo shop's "shop.html",
// "shop.js", "shop.css" (web/demo).
#pragma once

#include <optional>
#include <string_view>

namespace sy::app {

// The bytes of the embedded file `name` (a base name), valid for the life of the program.
std::optional<std::string_view> webAsset(std::string_view name);

}  // namespace sy::app
