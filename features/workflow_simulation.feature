Feature: Simulating a workflow before publishing it
  A draft is run over the merchant's past payments (or posted hypothetical ones) without calling
  any processor. The report says which routes the payments take, how volume moves between
  connections compared with what happened, which past declines a fallback would retry and where,
  and which payments would be blocked.

  Background:
    Given the operator has set up merchant "B" through the admin API with an API key and a "TEST_PROCESSOR" connection "tp-b"
    And merchant "B" also has a "STRIPE" connection "stripe-b"
    And merchant "B" has taken these card payments:
      | order | amount | currency | card             | status     |
      | o-1   | 1000   | EUR      | 4111111111111111 | AUTHORIZED |
      | o-2   | 2500   | USD      | 4111111111111111 | AUTHORIZED |
      | o-3   | 700    | EUR      | 4000000000009995 | DECLINED   |
      | o-4   | 900    | EUR      | 4000000000000069 | DECLINED   |
    And merchant "B" has created the workflow "Euros to Stripe":
      """
      {"schemaVersion": 1, "name": "Euros to Stripe", "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "CONDITIONS", "id": "region", "routes": [
           {"id": "blocked", "conditions": [{"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": 100000}],
            "steps": [{"type": "BLOCK", "reason": "Too large"}]},
           {"id": "eur", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"}],
            "steps": [{"type": "AUTHORIZE", "connection": "stripe-b", "fallbackConnections": ["tp-b"]}]}],
         "defaultRoute": {"id": "rest", "steps": [{"type": "AUTHORIZE", "connection": "tp-b"}]}}]}
      """

  Scenario: The draft over past payments: routes, volume per connection, route changes, retries
    When merchant "B" simulates "Euros to Stripe"
    Then the response status is 200
    And the response shows:
      | field               | value            |
      | versionState        | DRAFT            |
      | version             | 1                |
      | live                | false            |
      | source.type         | PAST_PAYMENTS    |
      | source.moreInRange  | false            |
      | payments.evaluated  | 4                |
      | actions.authorize   | 4                |
      | actions.block       | 0                |
    And the simulated payments per route of block "region" are:
      | route   | payments |
      | blocked | 0        |
      | eur     | 3        |
      | rest    | 1        |
    And the simulated volume per connection is:
      | connection | simulated     | actual                  |
      | stripe-b   | 3: EUR 2600   | 0: -                    |
      | tp-b       | 1: USD 2500   | 4: EUR 2600, USD 2500   |
    And the simulation says the payments of orders "o-1, o-3, o-4" would change route
    And the response shows:
      | field                     | value                  |
      | fallbacks.refusedPayments | 2                      |
      | fallbacks.wouldRetry      | 1                      |
      | fallbacks.wouldRetryAmounts | [{"currencyCode":"EUR","amount":700}] |
      | fallbacks.notRetried      | [{"reason":"HARD_DECLINE","payments":1}] |
    And the simulation says the declined payment of order "o-3" would be retried on "stripe-b" after a "SOFT_DECLINE"

  Scenario: Hypothetical payments, validated like POST /payments
    When merchant "B" simulates "Euros to Stripe" with:
      """
      {"payments": [
        {"id": "big", "amount": 250000, "currencyCode": "EUR"},
        {"amount": 1200, "currencyCode": "EUR", "card": {"network": "VISA", "issuerCountry": "FR", "fundingType": "DEBIT"}},
        {"amount": 300, "currencyCode": "JPY", "customer": {"emailAddress": "ann@example.com"}, "metadata": {"tier": "vip"}}
      ]}
      """
    Then the response status is 200
    And the response shows:
      | field                 | value                 |
      | source.type           | HYPOTHETICAL_PAYMENTS |
      | payments.evaluated    | 3                     |
      | actions.block         | 1                     |
      | blocked.payments      | 1                     |
      | blocked.sample.0.paymentId | big              |
      | blocked.sample.0.reason    | Too large        |
      | blocked.sample.0.route     | region:blocked   |
      | routeChanges          | (absent)              |
      | fallbacks             | (absent)              |
    And the simulated volume per connection is:
      | connection | simulated   |
      | stripe-b   | 1: EUR 1200 |
      | tp-b       | 1: JPY 300  |
      | (none)     | 1: EUR 250000 |

  Scenario: Invalid hypothetical payments are refused with their paths
    When merchant "B" simulates "Euros to Stripe" with:
      """
      {"payments": [{"amount": 100, "currencyCode": "EUR"}, {"amount": -1, "currencyCode": "XYZ", "card": {"fundingType": "GOLD"}}],
       "limit": 10}
      """
    Then the request is rejected with 422 "RequestValidationError" at "$.payments[1].amount"
    And the validation errors are exactly at "$.payments[1].amount, $.payments[1].currencyCode, $.payments[1].card.fundingType"

  Scenario: Past payments in a time range, with a limit
    When merchant "B" simulates "Euros to Stripe" with:
      """
      {"limit": 2, "sampleSize": 1}
      """
    Then the response status is 200
    And the response shows:
      | field               | value |
      | payments.evaluated  | 2     |
      | source.limit        | 2     |
      | source.moreInRange  | true  |
    When merchant "B" simulates "Euros to Stripe" with:
      """
      {"from": "2001-01-01T00:00:00", "to": "2001-12-31T23:59:59"}
      """
    Then the response shows:
      | field               | value |
      | payments.evaluated  | 0     |

  Scenario: A published version is simulated by number, and simulation changes nothing
    Given merchant "B" has published "Euros to Stripe"
    And merchant "B" updates the draft of "Euros to Stripe" to authorize on "tp-b"
    When merchant "B" simulates "Euros to Stripe" with:
      """
      {"version": 1}
      """
    Then the response shows:
      | field              | value     |
      | version            | 1         |
      | versionState       | PUBLISHED |
      | live               | true      |
      | routeChanges.payments | 3      |
    When merchant "B" simulates "Euros to Stripe"
    Then the response shows:
      | field                 | value |
      | version               | 2     |
      | versionState          | DRAFT |
      | routeChanges.payments | 0     |
    When merchant "B" retrieves "Euros to Stripe"
    Then "Euros to Stripe" is live at version 1

  Scenario: Simulation needs the payments:read scope as well
    When merchant "B" gets an API key with only the scopes "workflows:read"
    And that key is used to simulate "Euros to Stripe"
    Then the request is rejected with 403 "Forbidden"
