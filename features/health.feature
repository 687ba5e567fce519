Feature: Health and request tracing
  Operators and load balancers probe /healthz. Every answer carries an X-Request-Id, and error
  bodies quote the same id as diagnosticsId so a merchant can report it.

  Background:
    Given the merchant routes every payment to its default connection

  Scenario: The health check answers ok without credentials
    When someone calls GET "/healthz" without credentials
    Then the response status is 200
    And the response shows:
      | field  | value |
      | status | ok    |

  Scenario: Every response carries its own X-Request-Id, and errors quote it
    When someone calls GET "/healthz" without credentials
    And the merchant lists payments with "limit=1"
    And the merchant retrieves the client session with client token "not-a-real-client-token"
    And someone calls GET "/payments" without credentials
    And the merchant sends GET "/no-such-resource" with the body:
      """
      """
    Then every response in this scenario had a distinct, non-empty X-Request-Id
    And every error response in this scenario had its X-Request-Id as diagnosticsId

  @fresh-server
  Scenario: SIGTERM lets a request that is already in flight finish
    Given a client session for order "order-health-sigterm" of 4200 "EUR"
    And the shopper has tokenized the card "4000000000000259"
    When the merchant starts creating a payment with the token without waiting for the answer
    And the server receives SIGTERM 100 ms later, while that request is in flight
    Then the in-flight request is answered with status 200 and a payment
    And the server exits with code 0 within 10 seconds
