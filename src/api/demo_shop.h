// --demo only: a small shop that pays with the checkout, and the shop's backend.
//
//   GET  /demo/shop, /demo/shop.js, /demo/shop.css   the page (strict CSP: only its own origin)
//   POST /demo/shop/session    -> {clientToken, orderId, amount, currencyCode}: a client session
//                                 for a fixed basket
//   POST /demo/shop/payments {"paymentMethodToken"} -> {id, status, statusReason?, requiredAction?}
//   POST /demo/shop/payments/resume {"paymentId", "resumeToken"} -> the same, after a 3-D Secure
//                              challenge (POST /payments/{id}/resume)
//
// The two POSTs play the merchant's own backend: they call the merchant API (POST /client-session,
// POST /payments) in-process with the demo merchant's API key, which never reaches the browser.
// That also means anyone who can reach the server can pay as the demo merchant, which is why they
// exist only with --demo, whose merchant has only sandbox connections.
#pragma once

#include <string>
#include <string_view>

#include "http/router.h"

namespace sy::api {

struct DemoShop {
  std::string apiKey;  // the demo merchant's
  std::string_view html, script, stylesheet;
};

// `router` must already hold the merchant API's routes; the shop's backend calls them through it.
void registerDemoShopRoutes(http::Router& router, const DemoShop& shop);

}  // namespace sy::api
