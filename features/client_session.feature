Feature: Client sessions
  A merchant's backend opens a client session at the start of a checkout. The client token it gets
  back lets the checkout page tokenize the shopper's card; the session carries the order, amount,
  currency and customer that the payment will use (Primer API v2.4 /client-session).

  Scenario: Creating a client session returns a client token and echoes the order
    When the merchant creates a client session with:
      """
      {
        "orderId": "order-cs-1",
        "currencyCode": "EUR",
        "amount": 1250,
        "customerId": "cust-cs-1",
        "customer": {"emailAddress": "jane@example.com", "firstName": "Jane", "lastName": "Doe"},
        "metadata": {"productType": "Shoes", "campaign": 7},
        "order": {
          "countryCode": "FR",
          "lineItems": [{"itemId": "shoe-1", "description": "Blue Shoe", "amount": 1250, "quantity": 1}]
        }
      }
      """
    Then the response status is 200
    And the response has a non-empty "clientToken"
    And the client token expires about 24 hours from now
    And the response contains everything that was sent for "orderId, currencyCode, amount, customerId, customer, metadata, order"

  Scenario: Retrieving a client session by its client token
    Given the merchant has created a client session with:
      """
      {"orderId": "order-cs-2", "currencyCode": "GBP", "amount": 990, "customerId": "cust-cs-2",
       "customer": {"emailAddress": "sam@example.com"}, "metadata": {"basket": "b-17"}}
      """
    When the merchant retrieves the client session by its client token
    Then the response status is 200
    And the response shows:
      | field                 | value           |
      | orderId               | order-cs-2      |
      | currencyCode          | GBP             |
      | amount                | 990             |
      | customerId            | cust-cs-2       |
      | customer.emailAddress | sam@example.com |
      | metadata.basket       | b-17            |

  Scenario: Updating the amount and the customer's email keeps everything else
    Given the merchant has created a client session with:
      """
      {"orderId": "order-cs-3", "currencyCode": "GBP", "amount": 1000, "customerId": "cust-cs-3",
       "customer": {"emailAddress": "old@example.com"}, "metadata": {"basket": "b-18"}}
      """
    When the merchant updates the client session with:
      """
      {"amount": 2000, "customer": {"emailAddress": "new@example.com"}}
      """
    Then the response status is 200
    And the response shows:
      | field                 | value           |
      | amount                | 2000            |
      | customer.emailAddress | new@example.com |
      | orderId               | order-cs-3      |
      | currencyCode          | GBP             |
      | customerId            | cust-cs-3       |
      | metadata.basket       | b-18            |
    When the merchant retrieves the client session by its client token
    Then the response shows:
      | field                 | value           |
      | amount                | 2000            |
      | customer.emailAddress | new@example.com |
      | orderId               | order-cs-3      |
      | currencyCode          | GBP             |

  Scenario: An unknown currency is rejected with the field that is wrong
    When the merchant creates a client session with:
      """
      {"orderId": "order-cs-4", "currencyCode": "EURO", "amount": 100}
      """
    Then the request is rejected with 422 "RequestValidationError" at "$.currencyCode"

  Scenario: Metadata with an empty key is rejected
    When the merchant creates a client session with:
      """
      {"orderId": "order-cs-5", "currencyCode": "EUR", "amount": 100, "metadata": {"": "nameless"}}
      """
    Then the request is rejected with 400 "MetadataContainsEmptyKey"

  Scenario: An unknown client token cannot be retrieved
    When the merchant retrieves the client session with client token "not-a-real-client-token"
    Then the request is rejected with 400 "ClientSessionValidationError"

  Scenario: An unknown client token cannot be updated
    When the merchant updates the client session with client token "not-a-real-client-token" and:
      """
      {"amount": 500}
      """
    Then the request is rejected with 400 "ClientSessionValidationError"
