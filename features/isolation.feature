Feature: Merchants are isolated from one another
  An operator adds merchants through the admin API. One merchant can never see, capture, refund or
  cancel another merchant's payments, nor use its tokens or client sessions.

  Background:
    Given the operator has set up merchant "B" through the admin API with an API key and a "TEST_PROCESSOR" connection "acct-merchant-b"
    And the demo merchant "A" has an authorized payment of 4200 "EUR" for order "order-iso-a"

  Scenario Outline: Merchant B cannot <action> merchant A's payment
    When merchant "B" tries to <action> merchant "A"'s payment
    Then the request is rejected with 404 "PaymentNotFoundError"
    When merchant "A" retrieves its payment
    Then the response shows:
      | field                    | value      |
      | status                   | AUTHORIZED |
      | processor.amountCaptured | 0          |
      | processor.amountRefunded | 0          |

    Examples:
      | action   |
      | retrieve |
      | capture  |
      | refund   |
      | cancel   |

  Scenario: Merchant B does not see merchant A's payments, and pays through its own connection
    When merchant "B" lists payments with "order_id=order-iso-a"
    Then the listed orders are ""
    When merchant "B" takes a card payment of 1500 "EUR" for order "order-iso-b"
    Then the payment status is "AUTHORIZED"
    And the response shows:
      | field                         | value           |
      | processor.processorMerchantId | acct-merchant-b |
    When merchant "B" lists payments with "limit=100"
    Then the listed orders are "order-iso-b"
    When merchant "A" lists payments with "order_id=order-iso-b"
    Then the listed orders are ""

  Scenario: Merchant B cannot pay with a token from merchant A's checkout
    Given merchant "A" has a client session for order "order-iso-token" of 900 "EUR" and a tokenized card "4111111111111111"
    When merchant "B" creates a payment with that token
    Then the request is rejected with 400 "InvalidPaymentMethodToken"
    And no payment exists for order "order-iso-token"

  Scenario: Merchant B cannot read merchant A's client session
    Given merchant "A" has a client session for order "order-iso-session" of 900 "EUR" and a tokenized card "4111111111111111"
    When merchant "B" retrieves that client session
    Then the request is rejected with 400 "ClientSessionValidationError"

  Scenario: Idempotency keys belong to one merchant
    Given merchant "A" has a client session for order "order-iso-idem-a" of 900 "EUR" and a tokenized card "4111111111111111"
    And merchant "A" has paid with that token using idempotency key "shared-key-1"
    And merchant "B" has a client session for order "order-iso-idem-b" of 900 "EUR" and a tokenized card "4111111111111111"
    When merchant "B" pays with that token using idempotency key "shared-key-1"
    Then the payment status is "AUTHORIZED"
    And the response is not marked as replayed
    And the payment is not merchant "A"'s payment

  Scenario Outline: The admin API needs the admin key (<case>)
    When someone calls POST "/admin/merchants" with <credentials>
    Then the request is rejected with 401 "Unauthorized"

    Examples:
      | case                      | credentials                     |
      | no credentials            | no Authorization header         |
      | a wrong admin key         | a wrong admin key               |
      | a merchant API key        | the demo merchant's API key as bearer |
      | the admin key as X-Api-Key | the admin key as X-Api-Key     |
