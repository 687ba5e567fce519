@fresh-server
Feature: Overload and database outages
  Under more load than it can serve, Switchyard answers the excess at once with 503 and a
  Retry-After header (errorId ServiceOverloaded) instead of making every request wait longer and
  longer; when its database is locked it fails requests cleanly with 503 StoreUnavailable and
  serves again by itself once the lock is gone. A request turned away wrote nothing, so the
  merchant's retry with the same idempotency key is safe. /healthz always answers.

  Scenario: A flood far beyond capacity is shed at once, and every admitted payment completes
    Given the server executes at most 4 requests at once
    And 40 card tokens are ready for payments
    And every demo processor answers after 5000 ms
    When the merchant sends the 40 payments at once, each with its own idempotency key, and checks /healthz meanwhile
    Then every payment was answered: AUTHORIZED, or 503 "ServiceOverloaded" with a Retry-After header
    And at least 1 payment was turned away
    And every payment turned away was answered before the first authorized one
    And /healthz answered 200 before the first authorized payment
    When every demo processor answers at once again
    And the merchant retries each payment turned away with its idempotency key
    Then every payment is AUTHORIZED and each order has exactly 1 payment
    And every authorized payment was answered once per idempotency key, without a replay of a 503

  Scenario: A database locked by another process fails payments cleanly, and the server recovers
    Given the server waits at most 300 ms for a database lock
    And 4 card tokens are ready for payments
    And another process holds the database's write lock
    When the merchant sends the 4 payments one after another, each with its own idempotency key
    Then every payment was answered with 503 "StoreUnavailable" or "ServiceOverloaded" and a Retry-After header
    And /healthz answers 200
    When the other process releases the database's write lock
    And the merchant retries each payment turned away with its idempotency key
    Then every payment is AUTHORIZED and each order has exactly 1 payment
