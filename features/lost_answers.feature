Feature: A processor's lost answer is resolved, at every processor, without charging twice
  When a processor processed a call but its answer never arrived (a dropped connection, a timeout),
  the outcome is unknown: the payment is not declined, it waits. The recovery sweep then asks the
  processor with the call's own idempotency key: by lookup where the processor offers one (the
  test processor, Stripe), and by re-sending the call under the same key where it does not (Adyen,
  Checkout.com, Square), which returns the stored answer instead of charging again.

  Scenario Outline: An authorization at <connection> whose answer was lost ends AUTHORIZED and can be captured
    Given a client session for order "order-lost-auth-<connection>" of 5000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    And the "<connection>" sandbox will lose its next answer after processing the call
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "<connection>"}}
      """
    Then the response status is 200
    And the payment status is "PENDING"
    When the merchant polls the payment until it is no longer "PENDING", for at most 10 seconds
    Then the payment status is "AUTHORIZED"
    And while polling the payment was only ever "PENDING, AUTHORIZED"
    And the payment has 1 "SALE" transaction
    When the merchant captures the payment without an amount
    Then within 10 seconds the payment status is "SETTLED"

    Examples:
      | connection          |
      | test-processor      |
      | stripe-sandbox      |
      | adyen-sandbox       |
      | checkoutcom-sandbox |
      | square-sandbox      |

  Scenario: A payment cancelled while its authorization's outcome is unknown has the charge voided once it is found
    Given a client session for order "order-lost-then-cancelled" of 5000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    And the "test-processor" sandbox will lose its next 1000 answers after processing the calls
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "test-processor"}}
      """
    Then the response status is 200
    And the payment status is "PENDING"
    When the merchant cancels the payment with reason "the shopper gave up"
    Then the response status is 200
    And the payment status is "CANCELLED"
    Given the "test-processor" sandbox answers normally again
    Then within 10 seconds the "test-processor" sandbox has voided the payment's charge
    When the merchant retrieves the payment
    Then the payment status is "CANCELLED"

  Scenario Outline: A capture at <connection> whose answer was lost is finished by the sweep
    Given a client session for order "order-lost-capture-<connection>" of 5000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "<connection>"}}
      """
    Then the payment status is "AUTHORIZED"
    Given the "<connection>" sandbox will lose its next answer after processing the call
    When the merchant captures the payment without an amount
    Then the response status is 200
    # Adyen and Checkout.com confirm a capture by webhook: it may pass through SETTLING first.
    And within 10 seconds the payment status is "SETTLED"
    And the response shows:
      | field                    | value |
      | processor.amountCaptured | 5000  |

    Examples:
      | connection          |
      | test-processor      |
      | stripe-sandbox      |
      | adyen-sandbox       |
      | checkoutcom-sandbox |
      | square-sandbox      |
