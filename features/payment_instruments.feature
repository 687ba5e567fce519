Feature: Payment instruments: vaulted cards a customer can pay with again, at any processor
  A merchant vaults a shopper's single-use token for a customer (or asks for it with
  paymentMethod.vaultOnSuccess when paying) and gets a MULTI_USE token back: the customer's saved
  card. It lists a customer's cards, picks the default, deletes one, and pays with one later at any
  of its connections, without the CVV (card on file). Another merchant cannot see or touch them.
  Cards carry display data only (first 6 / last 4) plus the BIN table's data (docs/vault.md).

  Scenario: A tokenized card is vaulted for a customer, once
    Given a card token for the card "4111111111111111"
    When the merchant vaults the token for customer "cust-pi-1"
    Then the response status is 200
    And the response shows:
      | field                                              | value            |
      | tokenType                                          | MULTI_USE        |
      | customerId                                         | cust-pi-1        |
      | default                                            | true             |
      | deleted                                            | false            |
      | paymentMethodType                                  | PAYMENT_CARD     |
      | paymentMethodData.first6Digits                     | 411111           |
      | paymentMethodData.last4Digits                      | 1111             |
      | paymentMethodData.expirationMonth                  | 12               |
      | paymentMethodData.expirationYear                   | 2030             |
      | paymentMethodData.binData.issuerCountryCode        | US               |
      | paymentMethodData.binData.accountFundingType       | CREDIT           |
      | createdAt                                          | (present)        |
    When the merchant vaults the token for customer "cust-pi-1"
    Then the same instrument as instrument 1 is returned
    And no response in this scenario contains the card number or the CVV

  Scenario: A customer's instruments are listed, one is the default
    Given the merchant has vaulted the card "4111111111111111" for customer "cust-pi-2"
    And the merchant has vaulted the card "5555555555554444" for customer "cust-pi-2"
    And the merchant has vaulted the card "4242424242424242" for customer "cust-pi-other"
    When the merchant lists the payment instruments of customer "cust-pi-2"
    Then the list holds instruments "1, 2"
    And in the list instrument 1 shows:
      | field   | value |
      | default | true  |
    And in the list instrument 2 shows:
      | field                         | value      |
      | default                       | false      |
      | paymentMethodData.last4Digits | 4444       |
    When the merchant makes instrument 2 the default
    Then the response status is 200
    And the response shows:
      | field   | value |
      | default | true  |
    When the merchant lists the payment instruments of customer "cust-pi-2"
    Then in the list instrument 1 shows:
      | field   | value |
      | default | false |
    And in the list instrument 2 shows:
      | field   | value |
      | default | true  |

  Scenario: A deleted instrument is gone and can no longer pay
    Given the merchant has vaulted the card "4111111111111111" for customer "cust-pi-3"
    When the merchant deletes instrument 1
    Then the response status is 200
    And the response shows:
      | field     | value     |
      | deleted   | true      |
      | deletedAt | (present) |
      | default   | false     |
    When the merchant lists the payment instruments of customer "cust-pi-3"
    Then the list holds instruments ""
    When the merchant pays 1000 "EUR" with instrument 1
    Then the request is rejected with 400 "InvalidPaymentMethodToken"
    When the merchant deletes instrument 1
    Then the request is rejected with 404 "InvalidPaymentInstrumentToken"

  Scenario: vaultOnSuccess vaults the card of an authorized payment
    When the merchant pays with the card "4111111111111111" and:
      """
      {"customerId": "cust-pi-4", "paymentMethod": {"vaultOnSuccess": true}}
      """
    Then the payment status is "AUTHORIZED"
    And the payment's card was vaulted as a new instrument
    When the merchant lists the payment instruments of customer "cust-pi-4"
    Then the list holds instruments "1"

  Scenario: A card vaulted at Stripe is charged later at Adyen, again and again
    When the merchant pays with the card "4111111111111111" and:
      """
      {"customerId": "cust-pi-5", "paymentMethod": {"vaultOnSuccess": true},
       "processor": {"processorMerchantId": "stripe-sandbox"}}
      """
    Then the payment went to "stripe-sandbox"
    And the payment's card was vaulted as a new instrument
    When the merchant pays 2500 "EUR" with instrument 1 at "adyen-sandbox"
    Then the payment status is "AUTHORIZED"
    And the payment went to "adyen-sandbox"
    And the response shows:
      | field                                           | value     |
      | paymentMethod.isVaulted                         | true      |
      | paymentMethod.paymentMethodData.last4Digits     | 1111      |
      | paymentMethod.paymentMethodData.binData.issuerCountryCode | US |
    When the merchant pays 700 "EUR" with instrument 1 at "adyen-sandbox"
    Then the payment status is "AUTHORIZED"
    When the merchant pays 300 "EUR" with instrument 1 at "stripe-sandbox"
    Then the payment status is "AUTHORIZED"
    And no response in this scenario contains the card number or the CVV

  Scenario: Another merchant's instruments are unknown to a merchant
    Given the operator has set up merchant "B" through the admin API with an API key and a "TEST_PROCESSOR" connection "acct-pi-b"
    And the merchant has vaulted the card "4111111111111111" for customer "cust-pi-6"
    When merchant "B" calls POST "/default" on instrument 1 with the body:
      """
      """
    Then the request is rejected with 404 "InvalidPaymentInstrumentToken"
    When merchant "B" calls DELETE "/" on instrument 1 with the body:
      """
      """
    Then the request is rejected with 404 "InvalidPaymentInstrumentToken"
    When merchant "B" calls POST "/vault" on instrument 1 with the body:
      """
      {"customerId": "cust-pi-6"}
      """
    Then the request is rejected with 404 "InvalidPaymentInstrumentToken"
    When merchant "B" lists the payment instruments of customer "cust-pi-6"
    Then the list holds instruments ""
    When the merchant lists the payment instruments of customer "cust-pi-6"
    Then the list holds instruments "1"

  Scenario Outline: A bad vault request is refused
    Given a card token for the card "4111111111111111"
    When the merchant vaults the token with the body:
      """
      <body>
      """
    Then the request is rejected with <status> "<errorId>"

    Examples:
      | body                                        | status | errorId                |
      | {}                                          | 422    | RequestValidationError |
      | {"customerId": ""}                          | 422    | RequestValidationError |
      | {"customerId": 42}                          | 422    | RequestValidationError |
      | {"customerId": "c", "description": "mine"}  | 422    | RequestValidationError |
      | {"customerId":                              | 400    | MalformedJson          |

  Scenario: Vaulting a made-up token or listing without a customer is refused
    When the merchant vaults the token "pmt_doesnotexist" for customer "cust-pi-7"
    Then the request is rejected with 404 "InvalidPaymentInstrumentToken"
    When the merchant lists the payment instruments without a customer
    Then the request is rejected with 422 "RequestValidationError" at "$.customer_id"
