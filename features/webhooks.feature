Feature: Webhooks: signed, at-least-once, replayable
  A merchant learns about every status change of its payments through webhooks it configures
  itself. Each body is Primer's webhook payload, signed with the configuration's secret
  (X-Signature-Primary), carries an eventId to deduplicate on and a signedAt, and arrives at least
  once however often the receiver fails, hangs or is down, and across crashes of the server.
  Processors' own webhooks come in through an endpoint per connection, verified with the
  processor's signature scheme, and are applied once.

  Scenario: A merchant configures a receiver; the secret is shown once
    Given a webhook receiver
    When the merchant subscribes the receiver to "PAYMENT.STATUS,PAYMENT.REFUND" as "orders service"
    Then the response status is 201
    And the response shows:
      | field       | value                                |
      | url         | (present)                            |
      | description | orders service                       |
      | eventTypes  | ["PAYMENT.STATUS","PAYMENT.REFUND"] |
    And the answer shows the signing secret once, and the configuration's listing does not
    When the merchant changes the configuration to receive "PAYMENT.STATUS"
    Then the response status is 200
    And the response shows:
      | field      | value              |
      | eventTypes | ["PAYMENT.STATUS"] |
    When the merchant deletes the configuration
    Then the response status is 200

  Scenario Outline: A configuration that cannot work is refused, naming the field
    When the merchant subscribes "<url>" to "<types>"
    Then the request is rejected with 422 "RequestValidationError" at "<path>"

    Examples:
      | url                          | types            | path            |
      | ftp://example.com/hooks      | PAYMENT.STATUS   | $.url           |
      | not a url                    | PAYMENT.STATUS   | $.url           |
      | https://user:pw@example.com/ | PAYMENT.STATUS   | $.url           |
      | https://example.com/hooks    | PAYMENT.SETTLED  | $.eventTypes[0] |
      | https://example.com/hooks    |                  | $.eventTypes    |

  Scenario: Another merchant cannot see a merchant's configuration
    Given a webhook receiver
    And the merchant has subscribed the receiver to "PAYMENT.STATUS"
    And the operator has set up merchant "B" through the admin API with an API key and a "TEST_PROCESSOR" connection "tp-b"
    When merchant "B" retrieves the demo merchant's notification configuration
    Then the request is rejected with 404 "NotificationConfigNotFound"

  Scenario: Every status change of a payment's life arrives, signed, as Primer's payload
    Given a webhook receiver
    And the merchant has subscribed the receiver to "PAYMENT.STATUS,PAYMENT.REFUND"
    And an authorized payment of 5000 "EUR"
    When the merchant captures the payment without an amount
    And the merchant refunds 1000
    Then within 10 seconds the receiver has accepted these webhooks for the payment:
      | eventType      | status     |
      | PAYMENT.STATUS | PENDING    |
      | PAYMENT.STATUS | AUTHORIZED |
      | PAYMENT.STATUS | SETTLED    |
      | PAYMENT.REFUND | SETTLED    |
    And every webhook the receiver got is signed with the configuration's secret and valid against the Primer webhooks spec
    And the receiver got no webhook with the card number

  Scenario: A receiver that fails, then hangs, then recovers gets the event; the delivery log says how
    Given a webhook receiver that answers 500 to the first request of each event and does not answer the second
    And the merchant has subscribed the receiver to "PAYMENT.STATUS"
    And an authorized payment of 2500 "EUR"
    Then within 15 seconds the receiver has accepted these webhooks for the payment:
      | eventType      | status     |
      | PAYMENT.STATUS | PENDING    |
      | PAYMENT.STATUS | AUTHORIZED |
    And every webhook the receiver got is signed with the configuration's secret and valid against the Primer webhooks spec
    When the merchant looks up the "PAYMENT.STATUS" webhook event of the payment with status "PENDING"
    Then its delivery to the receiver is "DELIVERED" after these attempts:
      | attempt | statusCode | delivered |
      | 1       | 500        | false     |
      | 2       | (none)     | false     |
      | 3       | 200        | true      |

  Scenario: A merchant replays an event, and a time range; receivers deduplicate on eventId
    Given the scenario's start is noted
    And a webhook receiver
    And the merchant has subscribed the receiver to "PAYMENT.STATUS"
    And an authorized payment of 1200 "EUR"
    And within 10 seconds the receiver has accepted these webhooks for the payment:
      | eventType      | status     |
      | PAYMENT.STATUS | AUTHORIZED |
    When the merchant looks up the "PAYMENT.STATUS" webhook event of the payment with status "AUTHORIZED"
    And the merchant replays that webhook event
    Then within 10 seconds the receiver has accepted that event twice, with the same eventId
    When the merchant replays every webhook event since the scenario started
    Then the response status is 202
    And the response shows:
      | field     | value |
      | truncated | false |
    And every webhook the receiver got is signed with the configuration's secret and valid against the Primer webhooks spec

  Scenario: After a secret rotation the old secret still signs X-Signature-Secondary
    Given a webhook receiver
    And the merchant has subscribed the receiver to "PAYMENT.STATUS"
    When the merchant rotates the configuration's secret
    And an authorized payment of 3100 "EUR"
    Then within 10 seconds the receiver accepts a webhook signed with the new secret, with the old one's signature in X-Signature-Secondary

  @fresh-server
  Scenario: Events recorded while the receiver is down and the server is killed arrive once both are back
    Given a webhook receiver
    And the merchant has subscribed the receiver to "PAYMENT.STATUS"
    And the receiver is down
    When the merchant makes 3 authorized payments
    And the server is killed with SIGKILL
    And the server is started again on the same data directory
    And the receiver is back
    Then within 20 seconds the receiver has accepted a "PAYMENT.STATUS" webhook with payment status "AUTHORIZED" for every payment of this scenario
    And every webhook the receiver got is signed with the configuration's secret and valid against the Primer webhooks spec

  @fresh-server
  Scenario: A delivery cut off by kill -9 in mid-flight is sent again after the restart
    Given a webhook receiver
    And the merchant has subscribed the receiver to "PAYMENT.STATUS"
    And the receiver holds every request without answering
    When the merchant makes 2 authorized payments
    And the server is killed with SIGKILL
    And the receiver answers again
    And the server is started again on the same data directory
    Then within 20 seconds the receiver has accepted a "PAYMENT.STATUS" webhook with payment status "AUTHORIZED" for every payment of this scenario
    And every webhook the receiver got is signed with the configuration's secret and valid against the Primer webhooks spec

  Scenario: An Adyen capture settles through Adyen's own webhook, and the merchant hears of both steps
    Given a webhook receiver
    And the merchant has subscribed the receiver to "PAYMENT.STATUS,PAYMENT.REFUND"
    And a client session for order "order-adyen-webhook" of 5000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "adyen-sandbox"}}
      """
    And the merchant captures the payment without an amount
    Then the payment status is "SETTLING"
    And within 10 seconds the payment status is "SETTLED"
    When the merchant refunds 1500
    Then the response shows:
      | field                    | value |
      | processor.amountRefunded | 0     |
    And within 10 seconds the payment shows:
      | field                    | value   |
      | processor.amountRefunded | 1500    |
      | transactions.1.status    | SETTLED |
    And within 10 seconds the receiver has accepted these webhooks for the payment:
      | eventType      | status     |
      | PAYMENT.STATUS | AUTHORIZED |
      | PAYMENT.STATUS | SETTLING   |
      | PAYMENT.STATUS | SETTLED    |
      | PAYMENT.REFUND | SETTLED    |
    And every webhook the receiver got is signed with the configuration's secret and valid against the Primer webhooks spec

  Scenario: A processor notification that is unsigned or badly signed is refused and counted; a duplicate changes nothing
    Given a client session for order "order-adyen-duplicate" of 3000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    And the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "adyen-sandbox"}}
      """
    And the merchant captures the payment without an amount
    And within 10 seconds the payment status is "SETTLED"
    And the health check's webhook counters are noted
    When an unsigned notification for the "adyen-sandbox" connection arrives
    Then the request is rejected with 401 "WebhookSignatureInvalid"
    When a notification for the "adyen-sandbox" connection signed with another key arrives
    Then the request is rejected with 401 "WebhookSignatureInvalid"
    And the health check counts 2 more rejected processor webhooks
    When Adyen delivers its confirmation of that capture again
    Then the notification changed nothing
    And within 1 seconds the payment shows:
      | field                    | value   |
      | status                   | SETTLED |
      | processor.amountCaptured | 3000    |

  Scenario: A Checkout.com capture and refund settle through Checkout.com's own webhooks; a redelivery changes nothing
    Given a webhook receiver
    And the merchant has subscribed the receiver to "PAYMENT.STATUS,PAYMENT.REFUND"
    And a client session for order "order-cko-webhook" of 5000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "checkoutcom-sandbox"}}
      """
    And the merchant captures the payment without an amount
    Then the payment status is "SETTLING"
    And within 10 seconds the payment status is "SETTLED"
    When the merchant refunds 1500
    Then the response shows:
      | field                    | value   |
      | processor.amountRefunded | 0       |
      | transactions.1.status    | PENDING |
    And within 10 seconds the payment shows:
      | field                    | value   |
      | processor.amountRefunded | 1500    |
      | transactions.1.status    | SETTLED |
    And within 10 seconds the receiver has accepted these webhooks for the payment:
      | eventType      | status     |
      | PAYMENT.STATUS | AUTHORIZED |
      | PAYMENT.STATUS | SETTLING   |
      | PAYMENT.STATUS | SETTLED    |
      | PAYMENT.REFUND | SETTLED    |
    And every webhook the receiver got is signed with the configuration's secret and valid against the Primer webhooks spec
    When the "checkoutcom-sandbox" sandbox delivers its "payment_captured" webhook for the payment again
    Then the notification changed nothing
    When the "checkoutcom-sandbox" sandbox delivers its "payment_refunded" webhook for the payment again
    Then the notification changed nothing
    And within 1 seconds the payment shows:
      | field                    | value   |
      | status                   | SETTLED |
      | processor.amountCaptured | 5000    |
      | processor.amountRefunded | 1500    |

  Scenario: Stripe's own events arrive signed and are applied once; a redelivery changes nothing
    Given a client session for order "order-stripe-webhook" of 5000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "stripe-sandbox"}}
      """
    And the merchant captures the payment without an amount
    And the merchant refunds 1000
    Then within 10 seconds the "stripe-sandbox" sandbox has delivered its "refund.created" webhook for the payment
    And within 10 seconds the "stripe-sandbox" sandbox has delivered its "payment_intent.succeeded" webhook for the payment
    When the "stripe-sandbox" sandbox delivers its "refund.created" webhook for the payment again
    Then the notification changed nothing
    And within 1 seconds the payment shows:
      | field                    | value   |
      | status                   | SETTLED |
      | processor.amountCaptured | 5000    |
      | processor.amountRefunded | 1000    |

  @fresh-server
  Scenario Outline: Unless the operator allows it, a receiver must be https:// on a public address (<url>)
    Given the server runs with private webhook receivers refused
    When the merchant subscribes "<url>" to "PAYMENT.STATUS"
    Then the request is rejected with 400 "WebhookReceiverNotAllowed"

    Examples:
      | url                                     |
      | https://127.0.0.1:8443/hooks            |
      | https://localhost/hooks                 |
      | https://169.254.169.254/latest/meta-data |
      | https://10.1.2.3/hooks                  |
      | https://[::1]/hooks                     |
      | http://93.184.216.34/hooks              |
