@fresh-server
Feature: A merchant moves from the embedded database to PostgreSQL with one command
  When one machine is no longer enough, the operator stops Switchyard, copies its embedded SQLite
  store into a new PostgreSQL database with `switchyard copy-store` (docs/deployment.md), and starts
  it again with `database_url` pointing there: payments and idempotency records have all moved.
  (Needs SWITCHYARD_TEST_POSTGRES_URL: `make test` provides a throw-away PostgreSQL server.)

  Scenario: A payment and its idempotent replay survive the move to PostgreSQL
    Given a client session for order "order-move-1" of 5100 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    And the merchant has created a payment with the token using idempotency key "move-key-1"
    And the payment status is "AUTHORIZED"
    When the server is stopped with SIGTERM
    And the operator copies the store into a new PostgreSQL database with the CLI
    Then the CLI reports every table copied and verified
    When the server is started again on that PostgreSQL database
    And the merchant retrieves the payment
    Then the payment status is "AUTHORIZED"
    And the payment has the same amount, currency, order and transactions as before the crash
    When the merchant repeats the first payment request with idempotency key "move-key-1"
    Then the response status is 200
    And the response is marked as replayed
    And the payment is the same payment as before the crash

  Scenario: The copy refuses a target that already holds data
    Given the server is stopped with SIGTERM
    And the operator copies the store into a new PostgreSQL database with the CLI
    When the operator copies the store into the same PostgreSQL database again
    Then the CLI fails with a message containing "the target is not empty"
