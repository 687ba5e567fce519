@fresh-server
Feature: A broken processor costs one window of failures, then payments go to the healthy one
  Every processor connection has a circuit breaker on each node (docs/resilience.md). It counts the
  outcomes of the calls made to the connection over a sliding window; when enough of them failed
  (timeouts, dropped connections, 5xx and garbled answers; never declines) it opens, and for a
  while no call is sent there: a workflow route skips to its next connection, recorded in the
  trace as "skipped", and a payment with nowhere left to go is DECLINED at once without a call
  (GATEWAY_REJECTED, RETRY_LATER; its card token stays usable). Then a few payments probe the
  connection: if they succeed the breaker closes, if one fails it opens again.
  `GET /connections/health` shows each breaker; `/healthz` counts them.

  The demo workflow tries stripe-sandbox, then adyen-sandbox. The server runs with breakers that
  open after 4 calls of which at least half failed.

  Scenario: Stripe answers 500 to everything: two payments meet it, the next ones go to Adyen without calling it
    Given the server runs with the circuit breaker settings:
      | setting                      | value  |
      | circuit_minimum_calls        | 4      |
      | circuit_failure_rate_percent | 50     |
      | circuit_open_ms              | 600000 |
    And the "stripe-sandbox" sandbox answers every call with HTTP 500
    When the merchant makes 6 payments with the card "4242424242424242"
    # Each failed authorization counts, and so does its inquiry: the 4 calls are reached within 2
    # payments. Those wait (the outcome is unknown: no fallback may start); the others skip Stripe.
    Then at most 2 of them met "stripe-sandbox" and wait with an unknown outcome
    And the others were authorized on "adyen-sandbox" with "stripe-sandbox" skipped as CIRCUIT_OPEN
    And the health of the connection "stripe-sandbox" shows:
      | field                              | value     |
      | state                              | OPEN      |
      | processor                          | STRIPE    |
      | window.minimumCalls                | 4         |
      | window.failureRateThresholdPercent | 50        |
      | failureRatePercent                 | 100       |
      | timesOpened                        | 1         |
      | openedAt                           | (present) |
      | nextProbeAt                        | (present) |
    And the health of the connection "adyen-sandbox" shows:
      | field  | value  |
      | state  | CLOSED |
    And "/healthz" counts 1 open circuit breaker
    # Stripe works again, but its breaker stays open: it is still not called.
    Given the "stripe-sandbox" sandbox has recovered
    When the merchant pays with the card "4242424242424242"
    Then the payment was authorized on "adyen-sandbox"
    And the processors tried were "adyen-sandbox"
    And the routing trace shows:
      | field                                          | value          |
      | authorization.skipped.0.processorMerchantId    | stripe-sandbox |
      | authorization.skipped.0.reason                 | CIRCUIT_OPEN   |
      | authorization.attempts.0.processorMerchantId   | adyen-sandbox  |
      | authorization.attempts.0.reason                | FIRST          |
      | authorization.stopReason                       | SUCCEEDED      |
    # The payments that met the outage are resolved by the recovery sweep and continue on Adyen.
    When the merchant polls the first of them until it is no longer "PENDING", for at most 10 seconds
    Then the payment was authorized on "adyen-sandbox"
    And the processors tried were "stripe-sandbox, adyen-sandbox"

  Scenario: A payment pinned to a connection whose breaker is open is declined at once and can be retried with the same token
    Given the server runs with the circuit breaker settings:
      | setting                      | value  |
      | circuit_minimum_calls        | 4      |
      | circuit_open_ms              | 600000 |
    And the "adyen-sandbox" sandbox answers every call with HTTP 500
    And payments pinned to "adyen-sandbox" meet the failing processor until its circuit breaker opens
    When the merchant pays with the card "4242424242424242" and the request members '{"processor": {"processorMerchantId": "adyen-sandbox"}}'
    Then the response status is 200
    And the payment status is "DECLINED"
    And the payment has 0 transactions
    And the response shows:
      | field                      | value            |
      | statusReason.type          | GATEWAY_REJECTED |
      | statusReason.declineType   | SOFT_DECLINE     |
      | statusReason.advisedAction | RETRY_LATER      |
    When the merchant pays again with the same card token and the request members '{"processor": {"processorMerchantId": "stripe-sandbox"}}'
    Then the payment was authorized on "stripe-sandbox"

  Scenario: Once the processor recovers, a half-open probe closes the breaker
    Given the server runs with the circuit breaker settings:
      | setting                      | value |
      | circuit_minimum_calls        | 4     |
      | circuit_open_ms              | 300   |
      | circuit_half_open_probes     | 1     |
    And the "stripe-sandbox" sandbox answers every call with HTTP 500
    And payments pinned to "stripe-sandbox" meet the failing processor until its circuit breaker opens
    And the health of the connection "stripe-sandbox" shows:
      | field       | value |
      | timesOpened | 1     |
    Given the "stripe-sandbox" sandbox has recovered
    When the health of the connection "stripe-sandbox" is "HALF_OPEN" within 10 seconds
    And the merchant pays with the card "4242424242424242"
    Then the payment was authorized on "stripe-sandbox"
    And the processors tried were "stripe-sandbox"
    And the health of the connection "stripe-sandbox" shows:
      | field       | value    |
      | state       | CLOSED   |
      | timesOpened | 1        |
      | openedAt    | (absent) |
    And "/healthz" counts 0 open circuit breakers

  Scenario: A merchant sees only its own connections' health
    When the merchant asks for the health of a connection id it does not have
    Then the response status is 404
    And the response shows:
      | field         | value              |
      | error.errorId | ConnectionNotFound |
