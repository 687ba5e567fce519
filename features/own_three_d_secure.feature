Feature: Switchyard's own 3-D Secure, reused by every processor of the route
  With "threeDSecureProvider": "SWITCHYARD" in the workflow's AUTHORIZE block, Switchyard is the
  3-D Secure server: it authenticates the customer through the directory server before the first
  processor call, once, and every processor the route tries — fallbacks included — authorizes with
  that result (ECI, CAVV, directory server transaction id) as external 3-D Secure data, so the
  customer is never challenged twice. The demo starts a directory server/ACS emulator
  (docs/three_d_secure.md, "Switchyard's own 3-D Secure"): 4000000000003220 needs a challenge,
  4000000000003055 is authenticated frictionless, 4000000000003238 cannot be authenticated (U),
  4000000000003246 is not authenticated (N).

  Background:
    Given the demo merchant also has a "TEST_PROCESSOR" connection "tp-unconfigured" without usable credentials
    And the merchant has published the workflow:
      """
      {"schemaVersion": 1, "name": "own-3ds", "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "AUTHORIZE", "connection": "test-processor",
                  "threeDSecure": "PREFERRED", "threeDSecureProvider": "SWITCHYARD"}]}
      """

  Scenario: A frictionless authentication goes to the processor as external 3-D Secure data
    When the merchant pays with the card "4000000000003055"
    Then the payment status is "AUTHORIZED"
    And the payment has no required action
    And the 3-D Secure authentication shows:
      | field           | value        |
      | responseCode    | AUTH_SUCCESS |
      | challengeIssued | false        |
      | protocolVersion | 2.2.0        |
    And the test processor authorized the payment with 3-D Secure ECI "05"
    And the test processor received the card's security code

  Scenario: One challenge, and the fallback processor reuses its result (and the card's CVV, kept sealed until then)
    Given the merchant has published the workflow:
      """
      {"schemaVersion": 1, "name": "own-3ds-fallback", "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "AUTHORIZE", "connection": "tp-unconfigured",
                  "fallbackConnections": ["test-processor"],
                  "threeDSecure": "REQUIRED", "threeDSecureProvider": "SWITCHYARD"}]}
      """
    When the merchant pays with the card "4000000000003220"
    Then the payment waits for the customer's 3-D Secure challenge
    And the payment has 1 transaction
    When the customer approves the challenge
    Then the challenge sent the customer back to Switchyard's return page
    When the merchant resumes the payment with its resume token
    Then the response status is 200
    And the payment status is "AUTHORIZED"
    And the processors tried were "tp-unconfigured, test-processor"
    And the 3-D Secure authentication shows:
      | field           | value        |
      | responseCode    | AUTH_SUCCESS |
      | challengeIssued | true         |
    And the test processor authorized the payment with 3-D Secure ECI "05"
    And the test processor received the card's security code

  Scenario: A refused challenge declines the payment without any processor call
    When the merchant pays with the card "4000000000003220"
    Then the payment waits for the customer's 3-D Secure challenge
    When the customer refuses the challenge
    And the merchant resumes the payment with its resume token
    Then the payment status is "DECLINED"
    And the response shows:
      | field             | value                   |
      | statusReason.type | ISSUER_DECLINED         |
      | statusReason.code | AUTHENTICATION_REQUIRED |
    And the 3-D Secure authentication shows:
      | field           | value                      |
      | responseCode    | AUTH_FAILED                |
      | reasonCode      | CARD_AUTHENTICATION_FAILED |
      | challengeIssued | true                       |
    And no processor was called for the payment

  Scenario: An issuer that does not authenticate the card declines the payment
    When the merchant pays with the card "4000000000003246"
    Then the payment status is "DECLINED"
    And the 3-D Secure authentication shows:
      | field        | value       |
      | responseCode | AUTH_FAILED |
    And no processor was called for the payment

  Scenario: PREFERRED authorizes without 3-D Secure when the card cannot be authenticated
    When the merchant pays with the card "4000000000003238"
    Then the payment status is "AUTHORIZED"
    And the 3-D Secure authentication shows:
      | field        | value                   |
      | responseCode | SKIPPED                 |
      | reasonCode   | NOT_SUPPORTED_BY_ISSUER |
    And the test processor authorized the payment without 3-D Secure

  Scenario: REQUIRED declines when the card cannot be authenticated
    Given the merchant has published the workflow:
      """
      {"schemaVersion": 1, "name": "own-3ds-required", "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "AUTHORIZE", "connection": "test-processor",
                  "threeDSecure": "REQUIRED", "threeDSecureProvider": "SWITCHYARD"}]}
      """
    When the merchant pays with the card "4000000000003238"
    Then the payment status is "DECLINED"
    And the response shows:
      | field             | value                   |
      | statusReason.code | AUTHENTICATION_REQUIRED |
    And the 3-D Secure authentication shows:
      | field        | value                   |
      | responseCode | SKIPPED                 |
      | reasonCode   | NOT_SUPPORTED_BY_ISSUER |
    And no processor was called for the payment

  Scenario: A merchant-initiated charge of a saved card is not authenticated and is marked so
    Given the merchant has vaulted the card "4000000000003220" for customer "cus-mit"
    When the merchant pays 1500 "EUR" with instrument 1 and the payment type "UNSCHEDULED"
    Then the payment status is "AUTHORIZED"
    And the payment has no required action
    And the test processor authorized the payment as merchant-initiated with a stored credential
