Feature: Workflows route payments, fall back on declines and show the decision trace
  A merchant's published PAYMENT_CREATED workflow decides where each payment is authorized: by
  conditions on the payment, by traffic split, with fallbacks to other connections when a processor
  declines softly or fails. A fallback never starts while an earlier attempt may have charged. Every
  payment records the workflow version and route that decided it, shown in GET /payments/{id} as
  `routing` (a Switchyard extension; docs/workflows.md, "The decision trace").

  The demo merchant starts with the demo workflow: stripe-sandbox, then adyen-sandbox on soft
  declines, processor errors and timeouts.

  Scenario: The demo workflow recovers a soft decline at Adyen
    When the merchant pays with the card "4000000000009995"
    Then the payment was authorized on "adyen-sandbox"
    And the processors tried were "stripe-sandbox, adyen-sandbox"
    And transaction 1 shows:
      | field                      | value              |
      | processorMerchantId        | stripe-sandbox     |
      | status                     | DECLINED           |
      | processorStatusReason.code | INSUFFICIENT_FUNDS |
    And transaction 2 shows:
      | field               | value         |
      | processorMerchantId | adyen-sandbox |
      | status              | AUTHORIZED    |
    And the routing trace shows:
      | field                                        | value               |
      | source                                       | WORKFLOW            |
      | paymentCreated.trigger                             | PAYMENT_CREATED     |
      | paymentCreated.workflow.version                    | 1                   |
      | paymentCreated.actions                             | ["AUTHORIZE"]       |
      | authorization.connections                    | ["stripe-sandbox","adyen-sandbox"] |
      | authorization.attempts.0.reason              | FIRST               |
      | authorization.attempts.1.reason              | FALLBACK            |
      | authorization.attempts.1.after.declineClass  | SOFT_DECLINE        |
      | authorization.attempts.1.after.reason        | INSUFFICIENT_FUNDS  |
      | authorization.state                          | STOPPED             |
      | authorization.stopReason                     | SUCCEEDED           |
    When the merchant retrieves the payment again
    Then the payment was authorized on "adyen-sandbox"
    And the routing trace shows:
      | field                               | value          |
      | authorization.attempts.1.processorMerchantId | adyen-sandbox |

  Scenario: The demo workflow does not retry a hard decline
    When the merchant pays with the card "4000000000000069"
    Then the payment status is "DECLINED"
    And the processors tried were "stripe-sandbox"
    And the response shows:
      | field           | value        |
      | statusReason.code | EXPIRED_CARD |
    And the routing trace shows:
      | field                           | value         |
      | authorization.stopReason        | NOT_RETRYABLE |
      | authorization.stopDeclineClass  | HARD_DECLINE  |

  Scenario Outline: A <class> at Stripe (<card>) <what>
    Given the merchant has published the workflow:
      """
      {"schemaVersion": 1, "name": "Stripe, then Adyen",
       "trigger": {"event": "PAYMENT_CREATED"},
       "fallback": {"declineClasses": ["SOFT_DECLINE", "PROCESSOR_REJECTED", "PROCESSOR_ERROR", "PROCESSOR_TIMEOUT"]},
       "steps": [{"type": "AUTHORIZE", "connection": "stripe-sandbox", "fallbackConnections": ["adyen-sandbox"]}]}
      """
    When the merchant pays with the card "<card>"
    Then the payment status is "<status>"
    And the processors tried were "<tried>"
    And the routing trace shows:
      | field                          | value   |
      | authorization.stopReason       | <stop>  |
      | authorization.attempts.0.reason | FIRST  |

    Examples:
      | class                   | card             | what                | status     | tried                         | stop          |
      | soft decline            | 4000000000009995 | falls back          | AUTHORIZED | stripe-sandbox, adyen-sandbox | SUCCEEDED     |
      | do-not-honor            | 4000000000000515 | falls back          | AUTHORIZED | stripe-sandbox, adyen-sandbox | SUCCEEDED     |
      | processor rejection     | 4000000000000119 | falls back          | AUTHORIZED | stripe-sandbox, adyen-sandbox | SUCCEEDED     |
      | hard decline            | 4000000000000069 | stops               | DECLINED   | stripe-sandbox                | NOT_RETRYABLE |
      | fraud decline           | 4000000000009979 | stops               | DECLINED   | stripe-sandbox                | NOT_RETRYABLE |
      | authentication decline  | 4000002760003184 | stops               | DECLINED   | stripe-sandbox                | NOT_RETRYABLE |

  Scenario: A call that never reached the processor waits for the sweep, then falls back as a timeout
    Given the "stripe-sandbox" sandbox will drop the next call before processing it
    When the merchant pays with the card "4111111111111111"
    Then the payment status is "PENDING"
    When the merchant polls the payment until it is no longer "PENDING", for at most 10 seconds
    Then the payment was authorized on "adyen-sandbox"
    And the processors tried were "stripe-sandbox, adyen-sandbox"
    And the routing trace shows:
      | field                                       | value             |
      | authorization.attempts.1.after.declineClass | PROCESSOR_TIMEOUT |

  Scenario: An unknown outcome holds the fallback back until the sweep learns it was a decline
    Given the "stripe-sandbox" sandbox will lose its next 2 answers after processing the calls
    When the merchant pays with the card "4000000000009995"
    Then the payment status is "PENDING"
    And the processors tried were "stripe-sandbox"
    And the routing trace shows:
      | field               | value   |
      | authorization.state | WAITING |
    When the merchant polls the payment until it is no longer "PENDING", for at most 10 seconds
    Then the payment was authorized on "adyen-sandbox"
    And while polling the payment was only ever "PENDING, AUTHORIZED"
    And the processors tried were "stripe-sandbox, adyen-sandbox"
    And the routing trace shows:
      | field                                  | value              |
      | authorization.attempts.1.after.reason  | INSUFFICIENT_FUNDS |
      | authorization.stopReason               | SUCCEEDED          |

  Scenario: An unknown outcome that charged is never retried elsewhere
    Given the "stripe-sandbox" sandbox will lose its next 2 answers after processing the calls
    When the merchant pays with the card "4111111111111111"
    Then the payment status is "PENDING"
    When the merchant polls the payment until it is no longer "PENDING", for at most 10 seconds
    Then the payment was authorized on "stripe-sandbox"
    And the processors tried were "stripe-sandbox"

  Scenario Outline: Routing on <field> with <operator>
    Given the merchant has published a workflow sending payments where '<condition>' to "adyen-sandbox" and the others to "test-processor"
    When the merchant pays with the card "<card>" and the request members '<matching>'
    Then the payment was authorized on "adyen-sandbox"
    And the routing trace shows:
      | field                                 | value        |
      | paymentCreated.blocks.0.id                  | rule         |
      | paymentCreated.blocks.0.route               | matched      |
      | paymentCreated.blocks.0.matchedConditions   | [<condition>] |
    When the merchant pays with the card "<other card>" and the request members '<other>'
    Then the payment was authorized on "test-processor"
    And the routing trace shows:
      | field                   | value   |
      | paymentCreated.blocks.0.route | default |

    Examples:
      | field               | operator              | card             | other card       | condition                                                                         | matching                                                                                           | other                                                              |
      | amount              | GREATER_THAN_OR_EQUAL | 4111111111111111 | 4111111111111111 | {"field":"amount","operator":"GREATER_THAN_OR_EQUAL","value":5000}                | {"amount": 5000}                                                                                   | {"amount": 4999}                                                   |
      | amount              | LESS_THAN_OR_EQUAL    | 4111111111111111 | 4111111111111111 | {"field":"amount","operator":"LESS_THAN_OR_EQUAL","value":500}                    | {"amount": 500}                                                                                    | {"amount": 501}                                                    |
      | amount              | BETWEEN               | 4111111111111111 | 4111111111111111 | {"field":"amount","operator":"BETWEEN","min":100,"max":200}                       | {"amount": 150}                                                                                    | {"amount": 201}                                                    |
      | amount              | EQUALS                | 4111111111111111 | 4111111111111111 | {"field":"amount","operator":"EQUALS","value":4242}                               | {"amount": 4242}                                                                                   | {"amount": 4243}                                                   |
      | currency            | EQUALS                | 4111111111111111 | 4111111111111111 | {"field":"currency","operator":"EQUALS","value":"GBP"}                            | {"currencyCode": "GBP"}                                                                            | {"currencyCode": "EUR"}                                            |
      | currency            | NOT_ONE_OF            | 4111111111111111 | 4111111111111111 | {"field":"currency","operator":"NOT_ONE_OF","values":["EUR","USD"]}               | {"currencyCode": "GBP"}                                                                            | {"currencyCode": "USD"}                                            |
      | orderCountry        | ONE_OF                | 4111111111111111 | 4111111111111111 | {"field":"orderCountry","operator":"ONE_OF","values":["FR","DE"]}                 | {"order": {"countryCode": "DE"}}                                                                   | {"order": {"countryCode": "GB"}}                                   |
      | billingCountry      | NOT_EQUALS            | 4111111111111111 | 4111111111111111 | {"field":"billingCountry","operator":"NOT_EQUALS","value":"US"}                   | {"customer": {"billingAddress": {"addressLine1": "1 Rue", "city": "Paris", "countryCode": "FR"}}} | {"customer": {"billingAddress": {"addressLine1": "1 Main St", "city": "Austin", "countryCode": "US"}}} |
      | binNetwork          | EQUALS                | 5555555555554444 | 4111111111111111 | {"field":"binNetwork","operator":"EQUALS","value":"MASTERCARD"}                   | {}                                                                                                 | {}                                                                 |
      | paymentType         | EQUALS                | 4111111111111111 | 4111111111111111 | {"field":"paymentType","operator":"EQUALS","value":"SUBSCRIPTION"}                | {"paymentMethod": {"paymentType": "SUBSCRIPTION"}}                                                | {"paymentMethod": {"paymentType": "ECOMMERCE"}}                   |
      | customerId          | CONTAINS              | 4111111111111111 | 4111111111111111 | {"field":"customerId","operator":"CONTAINS","value":"vip"}                        | {"customerId": "cust-vip-7"}                                                                       | {"customerId": "cust-7"}                                           |
      | customerEmailDomain | EQUALS                | 4111111111111111 | 4111111111111111 | {"field":"customerEmailDomain","operator":"EQUALS","value":"example.com"}         | {"customer": {"emailAddress": "Jane@EXAMPLE.com"}}                                                 | {"customer": {"emailAddress": "jane@example.org"}}                 |
      | customerEmailDomain | NOT_CONTAINS          | 4111111111111111 | 4111111111111111 | {"field":"customerEmailDomain","operator":"NOT_CONTAINS","value":"test"}          | {"customer": {"emailAddress": "jane@shop.com"}}                                                    | {"customer": {"emailAddress": "jane@test.shop.com"}}               |
      | metadata            | ONE_OF                | 4111111111111111 | 4111111111111111 | {"field":"metadata","key":"tier","operator":"ONE_OF","values":["gold","vip"]}     | {"metadata": {"tier": "vip"}}                                                                      | {"metadata": {"tier": "basic"}}                                    |
      | metadata            | IS_NOT_EMPTY          | 4111111111111111 | 4111111111111111 | {"field":"metadata","key":"campaign","operator":"IS_NOT_EMPTY"}                   | {"metadata": {"campaign": "spring"}}                                                               | {"metadata": {"other": "x"}}                                       |

  Scenario: A 70/30 split sends each share of 200 payments to its connection within binomial bounds
    # 200 payments at p = 0.7: mean 140, standard deviation 6.5; mean ± 5 sd is 108..172.
    Given the merchant has published the workflow:
      """
      {"schemaVersion": 1, "name": "70/30",
       "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "SPLIT", "id": "ab", "routes": [
         {"id": "a", "percentage": 70, "steps": [{"type": "AUTHORIZE", "connection": "stripe-sandbox"}]},
         {"id": "b", "percentage": 30, "steps": [{"type": "AUTHORIZE", "connection": "test-processor"}]}]}]}
      """
    When the merchant makes 200 payments with the card "4111111111111111"
    Then between 108 and 172 of them went to "stripe-sandbox" and the others to "test-processor"
    And each of them shows in its trace the split route "a" for "stripe-sandbox" and "b" for "test-processor"

  Scenario: BLOCK declines without calling a processor and says why
    Given the merchant has published the workflow:
      """
      {"schemaVersion": 1, "name": "No large amounts",
       "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "CONDITIONS", "id": "size",
                  "routes": [{"id": "large",
                              "conditions": [{"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": 100000}],
                              "steps": [{"type": "NOTIFY", "channel": "EMAIL", "to": "risk@example.com", "message": "Blocked"},
                                        {"type": "BLOCK", "reason": "Amounts from 1000.00 need review"}]}],
                  "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "stripe-sandbox"}]}}]}
      """
    When the merchant pays with the card "4111111111111111" and:
      """
      {"amount": 150000}
      """
    Then the payment status is "DECLINED"
    And the payment has 0 transactions
    And the response shows:
      | field                      | value                                             |
      | statusReason.type          | GATEWAY_REJECTED                                  |
      | statusReason.advisedAction | DO_NOT_RETRY                                      |
      | statusReason.message       | Blocked by workflow: Amounts from 1000.00 need review |
    And the routing trace shows:
      | field                             | value                            |
      | paymentCreated.actions                  | ["NOTIFY","BLOCK"]               |
      | paymentCreated.blockReason              | Amounts from 1000.00 need review |
      | paymentCreated.blocks.0.route           | large                            |
      | paymentCreated.notifications.0.channel  | EMAIL                            |

  Scenario: A pinned connection bypasses the workflow
    When the merchant pays with the card "4000000000009995" and:
      """
      {"processor": {"processorMerchantId": "test-processor"}}
      """
    Then the payment went to "test-processor"
    And the processors tried were "test-processor"
    And the routing trace shows:
      | field  | value             |
      | source | PINNED_CONNECTION |

  Scenario: An immediate capture follows the authorization
    Given the merchant has published the workflow:
      """
      {"schemaVersion": 1, "name": "Sale",
       "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "AUTHORIZE", "connection": "stripe-sandbox"}, {"type": "CAPTURE", "mode": "IMMEDIATE"}]}
      """
    When the merchant pays with the card "4111111111111111"
    Then the payment status is "SETTLED"
    And the routing trace shows:
      | field         | value     |
      | capture.mode  | IMMEDIATE |
      | capture.state | CAPTURED  |

  Scenario: A delayed capture is scheduled when the payment is authorized
    Given the merchant has published the workflow:
      """
      {"schemaVersion": 1, "name": "Capture tomorrow",
       "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "AUTHORIZE", "connection": "stripe-sandbox"}, {"type": "CAPTURE", "mode": "DELAYED", "delayHours": 24}]}
      """
    When the merchant pays with the card "4111111111111111"
    Then the payment status is "AUTHORIZED"
    And the routing trace shows:
      | field              | value     |
      | capture.mode       | DELAYED   |
      | capture.delayHours | 24        |
      | capture.state      | SCHEDULED |
    And the response has a non-empty "routing.capture.dueAt"
