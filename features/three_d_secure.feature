Feature: 3-D Secure: payments that need the customer's authentication
  A card whose issuer asks for 3-D Secure makes the payment wait: it comes back PENDING with
  `requiredAction` 3DS_AUTHENTICATION and a client token naming the challenge page and the resume
  token. The customer answers the challenge at the processor; the merchant then calls
  POST /payments/{id}/resume with the resume token, and the payment ends AUTHORIZED or DECLINED,
  with `paymentMethod.threeDSecureAuthentication` saying how the authentication went
  (docs/three_d_secure.md).

  The demo merchant's workflow authorizes at stripe-sandbox with "threeDSecure": "PREFERRED", so
  Stripe is asked to authenticate whenever the card supports it (Stripe's test cards:
  4000000000003220 needs a challenge, 4000000000003055 is authenticated frictionless).

  Scenario: A frictionless card is authenticated and authorized in one call
    When the merchant pays with the card "4000000000003055"
    Then the payment status is "AUTHORIZED"
    And the payment has no required action
    And the 3-D Secure authentication shows:
      | field           | value        |
      | responseCode    | AUTH_SUCCESS |
      | challengeIssued | false        |
      | protocolVersion | 2.2.0        |

  Scenario: The customer completes the challenge and the resumed payment is authorized
    When the merchant pays with the card "4000000000003220"
    Then the payment waits for the customer's 3-D Secure challenge
    When the customer approves the challenge
    Then the challenge sent the customer back to Switchyard's return page
    When the merchant resumes the payment with its resume token
    Then the response status is 200
    And the payment status is "AUTHORIZED"
    And the payment has no required action
    And the 3-D Secure authentication shows:
      | field           | value        |
      | responseCode    | AUTH_SUCCESS |
      | challengeIssued | true         |
      | protocolVersion | 2.2.0        |
    And the payment was authorized on "stripe-sandbox"
    When the merchant retrieves the payment
    Then the payment status is "AUTHORIZED"

  Scenario: The customer fails the challenge: the payment is declined, without a fallback
    When the merchant pays with the card "4000000000003220"
    Then the payment waits for the customer's 3-D Secure challenge
    When the customer refuses the challenge
    And the merchant resumes the payment with its resume token
    Then the payment status is "DECLINED"
    And the response shows:
      | field                  | value                   |
      | statusReason.type      | ISSUER_DECLINED         |
      | statusReason.code      | AUTHENTICATION_REQUIRED |
    And the 3-D Secure authentication shows:
      | field           | value                      |
      | responseCode    | AUTH_FAILED                |
      | reasonCode      | CARD_AUTHENTICATION_FAILED |
      | challengeIssued | true                       |
    And the processors tried were "stripe-sandbox"

  Scenario: Resuming twice with the same token answers the same payment and changes nothing
    When the merchant pays with the card "4000000000003220"
    And the customer approves the challenge
    And the merchant resumes the payment with its resume token
    Then the payment status is "AUTHORIZED"
    When the merchant sends the same request again
    Then the response status is 200
    And the payment status is "AUTHORIZED"
    And the payment has 1 transaction

  Scenario: Resuming before the customer answered leaves the payment waiting
    When the merchant pays with the card "4000000000003220"
    And the merchant resumes the payment with its resume token
    Then the response status is 200
    And the payment waits for the customer's 3-D Secure challenge
    When the customer approves the challenge
    And the merchant resumes the payment with its resume token
    Then the payment status is "AUTHORIZED"

  Scenario: A wrong or malformed resume token is refused
    When the merchant pays with the card "4000000000003220"
    And the merchant resumes the payment with the resume token "2c7a3a52-3b8a-4c6e-9f1d-6a5b4c3d2e1f"
    Then the request is rejected with 400 "InvalidResumeToken"
    When the merchant resumes the payment with the resume token "not-a-uuid"
    Then the request is rejected with 422 "RequestValidationError" at "$.resumeToken"
    When the merchant sends POST "/payments/{paymentId}/resume" with the body:
      """
      {"resumeToken": "2c7a3a52-3b8a-4c6e-9f1d-6a5b4c3d2e1f", "extra": 1}
      """
    Then the request is rejected with 422 "RequestValidationError" at "$.extra"
    When the merchant retrieves the payment
    Then the payment waits for the customer's 3-D Secure challenge

  Scenario: A payment that needs no action cannot be resumed
    When the merchant pays with the card "4242424242424242"
    Then the payment status is "AUTHORIZED"
    When the merchant resumes the payment with the resume token "2c7a3a52-3b8a-4c6e-9f1d-6a5b4c3d2e1f"
    Then the request is rejected with 400 "PaymentNotResumable"

  Scenario: Another merchant cannot resume the payment
    Given the operator has set up merchant "B" through the admin API with an API key and a "TEST_PROCESSOR" connection "acct-merchant-b"
    When the merchant pays with the card "4000000000003220"
    Then the payment waits for the customer's 3-D Secure challenge
    When the merchant saves this payment as merchant "A"'s
    And merchant "B" tries to resume merchant "A"'s payment with its resume token
    Then the request is rejected with 404 "PaymentNotFoundError"
    When the merchant retrieves the payment
    Then the payment waits for the customer's 3-D Secure challenge

  Scenario Outline: 3-D Secure at <connection>: a challenge approved, then resumed
    Given the merchant has published the workflow:
      """
      {"schemaVersion": 1, "name": "3ds-at-<connection>", "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "AUTHORIZE", "connection": "<connection>", "threeDSecure": "PREFERRED"}]}
      """
    When the merchant pays with the card "<challenge card>"
    Then the payment waits for the customer's 3-D Secure challenge
    When the merchant resumes the payment with its resume token
    Then the response status is 200
    And the payment waits for the customer's 3-D Secure challenge
    When the customer approves the challenge
    Then the challenge sent the customer back to Switchyard's return page
    When the merchant resumes the payment with its resume token
    Then the response status is 200
    And the payment status is "AUTHORIZED"
    And the 3-D Secure authentication shows:
      | field           | value        |
      | responseCode    | AUTH_SUCCESS |
      | challengeIssued | true         |
    And the payment was authorized on "<connection>"

    Examples:
      | connection          | challenge card   |
      | adyen-sandbox       | 4212345678901237 |
      | checkoutcom-sandbox | 5385308360135181 |

  Scenario Outline: 3-D Secure at <connection>: a refused challenge declines the payment
    Given the merchant has published the workflow:
      """
      {"schemaVersion": 1, "name": "3ds-refused-at-<connection>", "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "AUTHORIZE", "connection": "<connection>", "threeDSecure": "PREFERRED"}]}
      """
    When the merchant pays with the card "<challenge card>"
    And the customer refuses the challenge
    And the challenge sent the customer back to Switchyard's return page
    And the merchant resumes the payment with its resume token
    Then the payment status is "DECLINED"
    And the response shows:
      | field             | value                   |
      | statusReason.code | AUTHENTICATION_REQUIRED |
    And the 3-D Secure authentication shows:
      | field        | value       |
      | responseCode | AUTH_FAILED |

    Examples:
      | connection          | challenge card   |
      | adyen-sandbox       | 4212345678901237 |
      | checkoutcom-sandbox | 5385308360135181 |

  Scenario: The return page answers anyone the same and records nothing for a payment it does not know
    When someone opens Switchyard's return page for payment "pay_unknown" of merchant "mer_unknown" with "redirectResult=abc%2Bdef"
    Then the return page is shown
    When someone opens Switchyard's return page for payment "" of merchant "" with "x=1"
    Then the return page is shown
