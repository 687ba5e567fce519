Feature: Bad requests are refused and leave nothing behind
  Every malformed, invalid or unauthenticated request gets the documented error, and no payment is
  recorded for it.

  Scenario: A body that is not JSON is refused
    Given a fresh card token for order "order-val-json"
    When the merchant sends POST "/payments" with the raw body:
      """
      {"paymentMethodToken": "{token}", "orderId": "order-val-json", "amount": 100,
      """
    Then the request is rejected with 400 "MalformedJson"
    And no payment exists for order "order-val-json"

  Scenario: A JSON body that is not an object is refused
    When the merchant sends POST "/payments" with the raw body:
      """
      ["order-val-array", 100]
      """
    Then the request is rejected with 400 "MalformedJson"

  Scenario Outline: An amount that is not a non-negative int64 is refused (<case>)
    Given a fresh card token for order "<order>"
    When the merchant sends POST "/payments" with the raw body:
      """
      {"paymentMethodToken": "{token}", "orderId": "<order>", "currencyCode": "EUR", "amount": <amount>}
      """
    Then the request is rejected with 422 "RequestValidationError" at "$.amount"
    And no payment exists for order "<order>"

    Examples:
      | case               | amount              | order           |
      | a string           | "100"               | order-val-amt-1 |
      | negative           | -1                  | order-val-amt-2 |
      | beyond int64       | 9223372036854775808 | order-val-amt-3 |
      | a fraction         | 10.5                | order-val-amt-4 |
      | null               | null                | order-val-amt-5 |

  Scenario Outline: A currency that is not an ISO 4217 code is refused (<currency>)
    Given a fresh card token for order "<order>"
    When the merchant sends POST "/payments" with the raw body:
      """
      {"paymentMethodToken": "{token}", "orderId": "<order>", "currencyCode": "<currency>", "amount": 100}
      """
    Then the request is rejected with 422 "RequestValidationError" at "$.currencyCode"
    And no payment exists for order "<order>"

    Examples:
      | currency | order           |
      | usd      | order-val-cur-1 |
      | XXY      | order-val-cur-2 |
      | EURO     | order-val-cur-3 |

  Scenario: An unknown field is refused
    Given a fresh card token for order "order-val-unknown"
    When the merchant sends POST "/payments" with the raw body:
      """
      {"paymentMethodToken": "{token}", "orderId": "order-val-unknown", "currencyCode": "EUR", "amount": 100, "tip": 5}
      """
    Then the request is rejected with 422 "RequestValidationError"
    And no payment exists for order "order-val-unknown"

  Scenario: The payment method token is required
    When the merchant sends POST "/payments" with the raw body:
      """
      {"orderId": "order-val-notoken", "currencyCode": "EUR", "amount": 100}
      """
    Then the request is rejected with 422 "RequestValidationError" at "$.paymentMethodToken"
    And no payment exists for order "order-val-notoken"

  Scenario: A body over 64 KiB is refused
    Given a fresh card token for order "order-val-big"
    When the merchant creates a payment for order "order-val-big" whose body is 70000 bytes long
    Then the request is rejected with 413 "PayloadTooLarge"
    And no payment exists for order "order-val-big"

  Scenario Outline: Requests without a valid API key are refused (<case>)
    Given a fresh card token for order "<order>"
    When the merchant creates a payment for order "<order>" with the token and <credentials>
    Then the request is rejected with 401 "Unauthorized"
    And no payment exists for order "<order>"

    Examples:
      | case        | credentials                          | order          |
      | missing key | no X-Api-Key header                  | order-val-key1 |
      | unknown key | the X-Api-Key "sk_test_not_a_real_key" | order-val-key2 |

  Scenario: An unsupported API version is refused
    Given a fresh card token for order "order-val-version"
    When the merchant creates a payment for order "order-val-version" with the token and the X-Api-Version "9.9"
    Then the request is rejected with 400 "UnsupportedApiVersion"
    And no payment exists for order "order-val-version"

  Scenario: A request without X-Api-Version is accepted
    Given a fresh card token for order "order-val-noversion"
    When the merchant creates a payment for order "order-val-noversion" with the token and no X-Api-Version header
    Then the payment status is "AUTHORIZED"
    And exactly 1 payment exists for order "order-val-noversion"

  Scenario Outline: An unknown payment is not found (<action>)
    When the merchant sends <method> "<path>" with the body:
      """
      <body>
      """
    Then the request is rejected with 404 "PaymentNotFoundError"

    Examples:
      | action   | method | path                             | body             |
      | retrieve | GET    | /payments/pay_doesnotexist       |                  |
      | capture  | POST   | /payments/pay_doesnotexist/capture | {"amount": 100} |
      | cancel   | POST   | /payments/pay_doesnotexist/cancel  | {}              |
      | refund   | POST   | /payments/pay_doesnotexist/refund  | {"amount": 100} |

  Scenario Outline: A capture amount that is not positive is refused (<amount>)
    Given an authorized payment of 5000 "EUR"
    When the merchant sends POST "/payments/{paymentId}/capture" with the body:
      """
      {"amount": <amount>, "final": true}
      """
    Then the request is rejected with 422 "RequestValidationError" at "$.amount"
    When the merchant retrieves the payment
    Then the response shows:
      | field                    | value      |
      | status                   | AUTHORIZED |
      | processor.amountCaptured | 0          |

    Examples:
      | amount |
      | 0      |
      | -100   |
      | "100"  |

  Scenario Outline: Unknown routes and methods
    When the merchant sends <method> "<path>" with the body:
      """
      """
    Then the request is rejected with <status> "<errorId>"

    Examples:
      | method | path              | status | errorId          |
      | GET    | /no-such-resource | 404    | NotFound         |
      | DELETE | /payments         | 405    | MethodNotAllowed |

  Scenario Outline: The demo shop's payment endpoint refuses a body without a usable token (<case>)
    When the merchant sends POST "/demo/shop/payments" with the raw body:
      """
      <body>
      """
    Then the request is rejected with 400 "MalformedJson"

    Examples:
      | case            | body                          |
      | not JSON        | {"paymentMethodToken":        |
      | no token        | {"orderId": "o-1"}            |
      | token not text  | {"paymentMethodToken": 42}    |
      | empty token     | {"paymentMethodToken": ""}    |
