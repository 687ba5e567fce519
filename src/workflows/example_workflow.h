// The complete example of docs/workflows.md, kept identical to it; the tests load it and the fuzz
// corpus starts from it.
#pragma once

#include <string_view>

namespace sy::workflows::testing {

inline constexpr std::string_view kExampleWorkflow = R"({
  "schemaVersion": 1,
  "name": "Cards: block risky prepaid, EU to Adyen, split the rest",
  "description": "Adyen for European cards in euros; 70/30 between Stripe and Checkout.com elsewhere",
  "trigger": {"event": "PAYMENT_CREATED"},
  "fallback": {"declineClasses": ["SOFT_DECLINE", "PROCESSOR_ERROR", "PROCESSOR_TIMEOUT"]},
  "steps": [
    {
      "type": "CONDITIONS",
      "id": "risk",
      "routes": [
        {
          "id": "large-prepaid",
          "conditions": [
            {"field": "binFundingType", "operator": "EQUALS", "value": "PREPAID"},
            {"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": 50000}
          ],
          "steps": [
            {"type": "NOTIFY", "channel": "EMAIL", "to": "risk@example.com",
             "message": "Blocked a large prepaid card payment"},
            {"type": "BLOCK", "reason": "Prepaid cards are limited to 500.00"}
          ]
        }
      ],
      "defaultRoute": {"steps": []}
    },
    {
      "type": "CONDITIONS",
      "id": "region",
      "routes": [
        {
          "id": "eu",
          "conditions": [
            {"field": "binIssuerCountry", "operator": "ONE_OF", "values": ["FR", "DE", "NL", "ES", "IT"]},
            {"field": "currency", "operator": "EQUALS", "value": "EUR"}
          ],
          "steps": [
            {"type": "AUTHORIZE", "connection": "adyen-eu", "threeDSecure": "PREFERRED",
             "fallbackConnections": ["stripe-main"]}
          ]
        },
        {
          "id": "vip",
          "conditions": [
            {"field": "metadata", "key": "tier", "operator": "EQUALS", "value": "vip"}
          ],
          "steps": [
            {"type": "AUTHORIZE", "connection": "stripe-main",
             "fallbackConnections": ["checkout-main", "adyen-eu"]}
          ]
        }
      ],
      "defaultRoute": {
        "id": "rest-of-world",
        "steps": [
          {
            "type": "SPLIT",
            "id": "stripe-vs-checkout",
            "routes": [
              {"id": "stripe", "percentage": 70, "steps": [
                {"type": "AUTHORIZE", "connection": "stripe-main", "fallbackConnections": ["checkout-main"]}
              ]},
              {"id": "checkout", "percentage": 30, "steps": [
                {"type": "AUTHORIZE", "connection": "checkout-main", "fallbackConnections": ["stripe-main"]}
              ]}
            ]
          }
        ]
      }
    },
    {"type": "CAPTURE", "mode": "DELAYED", "delayHours": 24}
  ]
})";

}  // namespace sy::workflows::testing
