Feature: Declines, failures and timeouts from the processor
  The test processor reacts to magic card numbers. A decline is an answer from the issuer and is
  reported with Primer's decline taxonomy (statusReason type, declineType, code). A processor that
  does not answer in time is NOT a decline: the payment stays PENDING until the recovery sweep asks
  the processor what really happened.

  Background:
    Given the merchant routes every payment to its default connection

  Scenario Outline: Approved test cards are authorized (<network>)
    Given a client session for order "<order>" of 4200 "USD"
    And the shopper has tokenized the card "<card>"
    When the merchant creates a payment with the token
    Then the payment status is "AUTHORIZED"
    And the response shows:
      | field                                       | value      |
      | statusReason                                | (absent)   |
      | paymentMethod.paymentMethodData.first6Digits | <first6>  |
      | paymentMethod.paymentMethodData.last4Digits | <last4>    |
    And the response field "paymentMethod.paymentMethodData.network" names the card network "<network>"

    Examples:
      | card             | network    | first6 | last4 | order          |
      | 4111111111111111 | VISA       | 411111 | 1111  | order-dec-visa |
      | 5555555555554444 | MASTERCARD | 555555 | 4444  | order-dec-mc   |
      | 378282246310005  | AMEX       | 378282 | 0005  | order-dec-amex |

  Scenario Outline: Issuer declines carry the decline taxonomy (<code>)
    Given a client session for order "<order>" of 4200 "USD"
    And the shopper has tokenized the card "<card>"
    When the merchant creates a payment with the token
    Then the response status is 200
    And the payment status is "DECLINED"
    And the response shows:
      | field                    | value           |
      | statusReason.type        | ISSUER_DECLINED |
      | statusReason.declineType | <declineType>   |
      | statusReason.code        | <code>          |
      | processor.amountCaptured | 0               |
    And the payment has 1 transaction
    And transaction 1 shows:
      | field                         | value           |
      | type                          | SALE            |
      | status                        | DECLINED        |
      | processorStatus               | DECLINED        |
      | processorStatusReason.type    | ISSUER_DECLINED |
      | processorStatusReason.code    | <code>          |

    Examples:
      | card             | declineType  | code               | order             |
      | 4000000000000002 | HARD_DECLINE | DO_NOT_HONOR       | order-dec-dnh     |
      | 4000000000009995 | SOFT_DECLINE | INSUFFICIENT_FUNDS | order-dec-funds   |

  Scenario: An expired card is declined as EXPIRED_CARD
    Given a client session for order "order-dec-expired" of 4200 "USD"
    And the shopper has tokenized the card "4000000000000069"
    When the merchant creates a payment with the token
    Then the payment status is "DECLINED"
    And the response shows:
      | field                    | value           |
      | statusReason.type        | ISSUER_DECLINED |
      | statusReason.code        | EXPIRED_CARD    |
      | statusReason.declineType | (present)       |

  Scenario: A gateway rejection fails the payment without calling it a decline
    Given a client session for order "order-dec-rejected" of 4200 "USD"
    And the shopper has tokenized the card "4000000000000119"
    When the merchant creates a payment with the token
    Then the payment status is "FAILED"
    And the response shows:
      | field             | value            |
      | statusReason.type | GATEWAY_REJECTED |
    And the payment has 1 transaction
    And transaction 1 shows:
      | field                      | value            |
      | status                     | FAILED           |
      | processorStatusReason.type | GATEWAY_REJECTED |

  Scenario: A declined payment cannot be captured
    Given a client session for order "order-dec-capture" of 4200 "USD"
    And the shopper has tokenized the card "4000000000000002"
    And the merchant has created a payment with the token
    When the merchant captures the payment without an amount
    Then the request is rejected with 400 "InvalidPaymentStatus"
    When the merchant retrieves the payment
    Then the payment status is "DECLINED"

  # Pinned: under a workflow route the engine asks the processor once at once, which settles this
  # one (the test processor records the slow payment before answering); see routing.feature.
  Scenario: A processor timeout leaves the payment PENDING until the recovery sweep resolves it
    Given a client session for order "order-dec-timeout" of 4200 "USD"
    And the shopper has tokenized the card "4000000000000259"
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "test-processor"}}
      """
    Then the response status is 200
    And the payment status is "PENDING"
    And the response shows:
      | field             | value           |
      | statusReason.type | GATEWAY_TIMEOUT |
    When the merchant polls the payment until it is no longer "PENDING", for at most 10 seconds
    Then the payment status is "AUTHORIZED"
    And while polling the payment was only ever "PENDING, AUTHORIZED"
    And the payment has 1 "SALE" transaction
    And transaction 1 shows:
      | field  | value      |
      | type   | SALE       |
      | status | AUTHORIZED |
