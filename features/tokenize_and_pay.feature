Feature: Tokenize a card and take a payment through its whole life
  The checkout page turns the shopper's card into a single-use token (the card number never reaches
  the merchant), the merchant pays with the token, then captures, refunds or cancels.
  The demo merchant's default connection is the in-process test processor.

  Background:
    Given the merchant routes every payment to its default connection

  Scenario: The checkout page tokenizes a card
    Given a client session for order "order-tp-0" of 5000 "EUR"
    When the shopper tokenizes the card "4111111111111111"
    Then the response status is 200
    And the response shows:
      | field                                    | value         |
      | tokenType                                | SINGLE_USE    |
      | paymentInstrumentType                    | PAYMENT_CARD  |
      | paymentInstrumentData.first6Digits       | 411111        |
      | paymentInstrumentData.last4Digits        | 1111          |
      | paymentInstrumentData.expirationMonth    | 12            |
      | paymentInstrumentData.expirationYear     | 2030          |
      | paymentInstrumentData.cardholderName     | Jane Doe      |
      | token                                    | (present)     |
      | expiresAt                                | (present)     |
    And the response field "paymentInstrumentData.network" names the card network "VISA"

  Scenario: Tokenizing needs a valid client token
    When the shopper tokenizes the card "4111111111111111" with client token "not-a-client-token"
    Then the request is rejected with 401 "Unauthorized"

  Scenario: An invalid card number is refused at tokenization
    Given a client session for order "order-tp-luhn" of 5000 "EUR"
    When the shopper tokenizes the card "4111111111111112"
    Then the request is rejected with 422 "RequestValidationError" at "$.paymentInstrument.number"

  Scenario: A card payment is authorized with the amount of the client session
    Given a client session with:
      """
      {"orderId": "order-tp-1", "currencyCode": "EUR", "amount": 5000, "customerId": "cust-tp-1",
       "customer": {"emailAddress": "jane@example.com"}, "metadata": {"basket": "b-1"}}
      """
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token
    Then the payment status is "AUTHORIZED"
    And the response shows:
      | field                                          | value             |
      | id                                             | (present)         |
      | date                                           | (present)         |
      | dateUpdated                                    | (present)         |
      | orderId                                        | order-tp-1        |
      | amount                                         | 5000              |
      | currencyCode                                   | EUR               |
      | customerId                                     | cust-tp-1         |
      | customer.emailAddress                          | jane@example.com  |
      | metadata.basket                                | b-1               |
      | paymentMethod.paymentMethodType                | PAYMENT_CARD      |
      | paymentMethod.paymentMethodData.first6Digits   | 411111            |
      | paymentMethod.paymentMethodData.last4Digits    | 1111              |
      | paymentMethod.paymentMethodData.expirationMonth | 12               |
      | paymentMethod.paymentMethodData.expirationYear | 2030              |
      | processor.name                                 | TEST_PROCESSOR    |
      | processor.processorMerchantId                  | test-processor    |
      | processor.amountCaptured                       | 0                 |
      | processor.amountRefunded                       | 0                 |
      | statusReason                                   | (absent)          |
    And the response field "paymentMethod.paymentMethodData.network" names the card network "VISA"
    And the payment has 1 transaction
    And transaction 1 shows:
      | field                  | value          |
      | id                     | (present)      |
      | type                   | SALE           |
      | transactionType        | SALE           |
      | status                 | AUTHORIZED     |
      | processorStatus        | AUTHORIZED     |
      | amount                 | 5000           |
      | currencyCode           | EUR            |
      | processorMerchantId    | test-processor |
      | processorTransactionId | (present)      |
    And no response in this scenario contains the card number or the CVV
    And the server's output never contains the card number, the CVV or the API key

  Scenario: Amount, currency and order id can be given on the payment request instead
    Given a client session with:
      """
      {"customerId": "cust-tp-2"}
      """
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token and:
      """
      {"orderId": "order-tp-2", "currencyCode": "USD", "amount": 1999,
       "paymentMethod": {"descriptor": "Socks", "paymentType": "ECOMMERCE", "authorizationType": "FINAL"}}
      """
    Then the payment status is "AUTHORIZED"
    And the response shows:
      | field                             | value      |
      | orderId                           | order-tp-2 |
      | amount                            | 1999       |
      | currencyCode                      | USD        |
      | paymentMethod.descriptor          | Socks      |
      | paymentMethod.paymentType         | ECOMMERCE  |
      | paymentMethod.authorizationType   | FINAL      |

  Scenario: Retrieving a payment shows what the create returned
    Given an authorized payment of 3100 "EUR"
    When the merchant retrieves the payment
    Then the payment status is "AUTHORIZED"
    And the response shows:
      | field                    | value |
      | amount                   | 3100  |
      | currencyCode             | EUR   |
      | processor.amountCaptured | 0     |
    And the payment has 1 transaction

  Scenario: Capturing in full settles the payment
    Given an authorized payment of 5000 "EUR"
    When the merchant captures the payment without an amount
    Then the payment status is "SETTLED"
    And the response shows:
      | field                    | value |
      | processor.amountCaptured | 5000  |
      | processor.amountRefunded | 0     |

  Scenario: Partial captures, then partial refunds that add up
    Given an authorized payment of 5000 "EUR"
    When the merchant captures 2000 as a non-final capture
    Then the payment status is "PARTIALLY_SETTLED"
    And the response shows:
      | field                    | value |
      | processor.amountCaptured | 2000  |
    When the merchant captures 3000 as the final capture
    Then the payment status is "SETTLED"
    And the response shows:
      | field                    | value |
      | processor.amountCaptured | 5000  |
    When the merchant refunds 1000
    Then the payment status is "SETTLED"
    And the response shows:
      | field                    | value |
      | processor.amountCaptured | 5000  |
      | processor.amountRefunded | 1000  |
    And the payment has 1 "REFUND" transaction
    When the merchant refunds 1500
    Then the payment status is "SETTLED"
    And the response shows:
      | field                    | value |
      | processor.amountRefunded | 2500  |
    And the payment has 2 "REFUND" transactions
    And the "REFUND" transactions have the amounts "1000, 1500"
    When the merchant refunds 2501
    Then the request is rejected with 400 "UnprocessableRefundAmount"
    When the merchant retrieves the payment
    Then the response shows:
      | field                    | value   |
      | status                   | SETTLED |
      | processor.amountCaptured | 5000    |
      | processor.amountRefunded | 2500    |
    When the merchant refunds 2500
    Then the payment status is "SETTLED"
    And the response shows:
      | field                    | value |
      | processor.amountRefunded | 5000  |
    And the payment has 3 "REFUND" transactions

  Scenario: Capturing more than was authorized is refused
    Given an authorized payment of 5000 "EUR"
    When the merchant captures 5001 as the final capture
    Then the request is rejected with 400 "UnprocessableCaptureAmount"
    When the merchant retrieves the payment
    Then the response shows:
      | field                    | value      |
      | status                   | AUTHORIZED |
      | processor.amountCaptured | 0          |

  Scenario: An authorized payment can be cancelled, and then not captured
    Given an authorized payment of 5000 "EUR"
    When the merchant cancels the payment with reason "Customer changed their mind"
    Then the payment status is "CANCELLED"
    And the response shows:
      | field                    | value |
      | processor.amountCaptured | 0     |
    When the merchant captures the payment without an amount
    Then the request is rejected with 400 "InvalidPaymentStatus"
    When the merchant retrieves the payment
    Then the payment status is "CANCELLED"

  Scenario: Nothing can be refunded before it is captured
    Given an authorized payment of 5000 "EUR"
    When the merchant refunds 1000
    Then the request is rejected with 400 "InvalidPaymentStatus"
    When the merchant retrieves the payment
    Then the response shows:
      | field                    | value      |
      | status                   | AUTHORIZED |
      | processor.amountRefunded | 0          |

  Scenario: A single-use token pays only once
    Given a client session for order "order-tp-twice" of 700 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    And the merchant has created a payment with the token
    When the merchant creates a payment with the token
    Then the request is rejected with 400 "InvalidPaymentMethodToken"
    And exactly 1 payment exists for order "order-tp-twice"

  Scenario: An unknown token is refused
    When the merchant creates a payment with the body:
      """
      {"paymentMethodToken": "tok_does_not_exist", "orderId": "order-tp-unknown", "currencyCode": "EUR", "amount": 100}
      """
    Then the request is rejected with 400 "InvalidPaymentMethodToken"
    And no payment exists for order "order-tp-unknown"

  Scenario Outline: Amounts are in minor units of the currency (<currency> has <decimals> decimals)
    Given a client session for order "<order>" of <amount> "<currency>"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token
    Then the payment status is "AUTHORIZED"
    And the response shows:
      | field        | value      |
      | amount       | <amount>   |
      | currencyCode | <currency> |
    When the merchant captures the payment without an amount
    Then the payment status is "SETTLED"
    And the response shows:
      | field                    | value    |
      | processor.amountCaptured | <amount> |

    Examples:
      | currency | decimals | amount | order        |
      | JPY      | 0        | 1500   | order-tp-jpy |
      | KWD      | 3        | 12345  | order-tp-kwd |
      | BHD      | 3        | 1001   | order-tp-bhd |
