Feature: Payments pinned to a real processor's wire format
  The demo merchant has a connection to each processor's sandbox. A merchant with its own routing
  pins a payment to one connection; Switchyard speaks that processor's own API to it.

  Scenario Outline: A payment pinned to <connection> is authorized, captured in part, then in full, and refunded twice
    Given a client session for order "order-<connection>" of 5000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "<connection>"}}
      """
    Then the response status is 200
    And the payment status is "AUTHORIZED"
    And the response shows:
      | field                         | value        |
      | processor.name                | <processor>  |
      | processor.processorMerchantId | <connection> |
    When the merchant captures 2000 as a non-final capture
    Then the payment status is "<after partial capture>"
    And within 10 seconds the payment status is "PARTIALLY_SETTLED"
    When the merchant captures the payment without an amount
    Then within 10 seconds the payment status is "SETTLED"
    And the response shows:
      | field                    | value |
      | processor.amountCaptured | 5000  |
    When the merchant refunds 1000
    And the merchant refunds 1500
    Then within 10 seconds the payment shows:
      | field                    | value |
      | processor.amountRefunded | 2500  |

    # Adyen answers a capture "received", Checkout.com 202 Accepted, and each confirms it by webhook
    # (its emulator sends it to the demo connection's inbound endpoint): SETTLING until then. Their
    # refunds likewise.
    Examples:
      | connection          | processor   | after partial capture |
      | adyen-sandbox       | ADYEN       | SETTLING              |
      | checkoutcom-sandbox | CHECKOUTCOM | SETTLING              |

  Scenario: Stripe captures a payment once, so a non-final partial capture is refused before it is sent
    Given a client session for order "order-stripe-once" of 5000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "stripe-sandbox"}}
      """
    Then the payment status is "AUTHORIZED"
    When the merchant captures 2000 as a non-final capture
    Then the request is rejected with 400 "ProcessorCapabilityNotSupported"
    When the merchant captures the payment without an amount
    Then the payment status is "SETTLED"
    When the merchant refunds 1000
    Then the response shows:
      | field                    | value |
      | processor.amountRefunded | 1000  |

  Scenario: Square completes a payment once, for the whole amount, so a partial capture is refused before it is sent
    Given a client session for order "order-square-once" of 5000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "square-sandbox"}}
      """
    Then the payment status is "AUTHORIZED"
    And the response shows:
      | field          | value  |
      | processor.name | SQUARE |
    When the merchant captures 2000 as a non-final capture
    Then the request is rejected with 400 "ProcessorCapabilityNotSupported"
    When the merchant captures the payment without an amount
    Then the payment status is "SETTLED"
    When the merchant refunds 1000
    And the merchant refunds 1500
    Then the response shows:
      | field                    | value |
      | processor.amountRefunded | 2500  |

  Scenario Outline: A decline at <connection> carries Primer's reason and the processor's own code
    Given a client session for order "order-decline-<connection>" of 5000 "EUR"
    And the shopper has tokenized the card "<card>"
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "<connection>"}}
      """
    Then the payment status is "DECLINED"
    And the response shows:
      | field                      | value          |
      | statusReason.type          | ISSUER_DECLINED |
      | statusReason.code          | <code>         |
      | statusReason.processorCode | <raw>          |

    Examples:
      | connection     | card             | code               | raw                |
      | stripe-sandbox | 4000000000009995 | INSUFFICIENT_FUNDS | insufficient_funds |
      | stripe-sandbox | 4000000000000069 | EXPIRED_CARD       | expired_card       |
      | square-sandbox | 4000000000009995 | INSUFFICIENT_FUNDS | INSUFFICIENT_FUNDS |
      | square-sandbox | 4000000000000069 | EXPIRED_CARD       | CARD_EXPIRED       |

  Scenario: An unknown connection name is refused and nothing is charged
    Given a client session for order "order-nowhere" of 5000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "nowhere-sandbox"}}
      """
    Then the request is rejected with 400 "MerchantAccountNotFound"
