Feature: Disputes reported by processors reach the merchant
  A processor tells Switchyard about a dispute (chargeback) on a payment through its own webhooks.
  Switchyard keeps one record per dispute and tells the merchant: DISPUTE.OPENED once, when the
  dispute first arrives, then DISPUTE.STATUS at each later change of its status (Primer's statuses:
  OPEN, CHALLENGED, WON, LOST...). A notification delivered twice, or late, changes nothing twice.
  The demo's emulators open and move disputes on request (their POST /_disputes).

  Scenario Outline: A dispute at <connection> opened, challenged and <outcome> reaches the merchant once per change
    Given a webhook receiver
    And the merchant has subscribed the receiver to "DISPUTE.OPENED,DISPUTE.STATUS"
    And a client session for order "order-dispute-<connection>" of 5000 "EUR"
    And the shopper has tokenized the card "4111111111111111"
    When the merchant creates a payment with the token and:
      """
      {"processor": {"processorMerchantId": "<connection>"}}
      """
    And the merchant captures the payment without an amount
    Then within 10 seconds the payment status is "SETTLED"
    When the "<connection>" sandbox moves a dispute on the payment to "<opened>"
    And the "<connection>" sandbox moves a dispute on the payment to "<challenged>"
    And the "<connection>" sandbox moves a dispute on the payment to "<resolved>"
    Then within 10 seconds the receiver has accepted these dispute webhooks for the payment, each once:
      | eventType      | status     |
      | DISPUTE.OPENED | -          |
      | DISPUTE.STATUS | CHALLENGED |
      | DISPUTE.STATUS | <status>   |
    And every webhook the receiver got is signed with the configuration's secret and valid against the Primer webhooks spec
    When the "<connection>" sandbox delivers its "<resolved event>" webhook for the payment again
    Then the notification changed nothing
    When the "<connection>" sandbox delivers its "<opened event>" webhook for the payment again
    Then the notification changed nothing
    And within 1 seconds the payment shows:
      | field  | value   |
      | status | SETTLED |

    Examples:
      | connection          | outcome | opened            | challenged            | resolved | status | opened event           | resolved event        |
      | stripe-sandbox      | won     | needs_response    | under_review          | won      | WON    | charge.dispute.created | charge.dispute.closed |
      | checkoutcom-sandbox | lost    | evidence_required | evidence_under_review | lost     | LOST   | dispute_received       | dispute_lost          |
