Feature: Idempotent retries never charge twice
  A merchant that retries a request with the same X-Idempotency-Key gets the first answer again
  (marked with X-Idempotent-Replayed: true) instead of a second payment, capture or refund.

  Background:
    Given the merchant routes every payment to its default connection

  Scenario: Retrying a payment with the same key and body returns the same payment
    Given a client session for order "order-idem-1" of 3000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token using idempotency key "idem-key-1"
    Then the payment status is "AUTHORIZED"
    And the response is not marked as replayed
    When the merchant sends the same request again
    Then the response status is 200
    And the response is marked as replayed
    And the response body is identical to the first one
    And exactly 1 payment exists for order "order-idem-1"

  Scenario: Reusing a key with a different body is a conflict
    Given a client session for order "order-idem-2" of 3000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    And the merchant has created a payment with the token using idempotency key "idem-key-2"
    When the merchant creates a payment with the token using idempotency key "idem-key-2" and:
      """
      {"amount": 3001}
      """
    Then the request is rejected with 409 "IdempotencyKeyAlreadyExists"
    And the error names the first payment and its status "AUTHORIZED"
    And exactly 1 payment exists for order "order-idem-2"

  Scenario: Ten identical requests at the same time create exactly one payment
    Given a client session for order "order-idem-3" of 3000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant sends 10 identical payment requests with the token at once, all with idempotency key "idem-key-3"
    Then exactly 1 of them created the payment, with status 200 and not marked as replayed
    And every other answer is either a replay of that payment or 409 "IdempotencyKeyInUse" with "Retry-After: 1"
    And exactly 1 payment exists for order "order-idem-3"

  Scenario: Replaying a capture does not capture twice
    Given an authorized payment of 5000 "EUR"
    When the merchant captures 1000 as a non-final capture using idempotency key "idem-cap-1"
    Then the payment status is "PARTIALLY_SETTLED"
    When the merchant sends the same request again
    Then the response status is 200
    And the response is marked as replayed
    And the response body is identical to the first one
    When the merchant retrieves the payment
    Then the response shows:
      | field                    | value             |
      | status                   | PARTIALLY_SETTLED |
      | processor.amountCaptured | 1000              |

  Scenario: Replaying a refund does not refund twice
    Given a settled payment of 5000 "EUR"
    When the merchant refunds 1200 using idempotency key "idem-ref-1"
    Then the response shows:
      | field                    | value |
      | processor.amountRefunded | 1200  |
    When the merchant sends the same request again
    Then the response is marked as replayed
    When the merchant retrieves the payment
    Then the response shows:
      | field                    | value |
      | processor.amountRefunded | 1200  |
    And the payment has 1 "REFUND" transaction
