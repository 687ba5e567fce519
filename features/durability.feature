@fresh-server
Feature: Payments survive a crash
  Once Switchyard has answered, what it answered is on disk: killing the process with SIGKILL and
  starting it again on the same data directory loses nothing, and idempotent retries still replay.

  Scenario: An authorized payment and its idempotency record survive kill -9
    Given a client session for order "order-dur-1" of 4200 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    And the merchant has created a payment with the token using idempotency key "dur-key-1"
    And the payment status is "AUTHORIZED"
    When the server is killed with SIGKILL
    And the server is started again on the same data directory
    And the merchant retrieves the payment
    Then the payment status is "AUTHORIZED"
    And the payment has the same amount, currency, order and transactions as before the crash
    When the merchant repeats the first payment request with idempotency key "dur-key-1"
    Then the response status is 200
    And the response is marked as replayed
    And the payment is the same payment as before the crash
    And exactly 1 payment exists for order "order-dur-1"

  Scenario: Captures and refunds survive kill -9
    Given an authorized payment of 6000 "EUR"
    And the merchant has captured 6000 as the final capture
    And the merchant has refunded 2000
    When the server is killed with SIGKILL
    And the server is started again on the same data directory
    And the merchant retrieves the payment
    Then the payment status is "SETTLED"
    And the response shows:
      | field                    | value |
      | processor.amountCaptured | 6000  |
      | processor.amountRefunded | 2000  |
    And the payment has the same amount, currency, order and transactions as before the crash
    When the merchant refunds 4001
    Then the request is rejected with 400 "UnprocessableRefundAmount"

  Scenario: A graceful restart keeps payments too
    Given an authorized payment of 1234 "EUR"
    When the server is stopped with SIGTERM
    And the server is started again on the same data directory
    And the merchant retrieves the payment
    Then the payment status is "AUTHORIZED"
    And the payment has the same amount, currency, order and transactions as before the crash

  Scenario: A server stopped the moment it is ready still shuts down cleanly
    # The signal handler is registered before the server says it is listening: a SIGTERM that
    # arrives during start-up is queued, not fatal (it used to kill the process: session 6).
    Given the server is stopped with SIGTERM
    When the server is started again on the same data directory
    And the server is stopped with SIGTERM at once
    Then the server is started again on the same data directory
