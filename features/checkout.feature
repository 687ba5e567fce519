@browser
Feature: Drop-in checkout in the browser
  A merchant's page embeds <switchyard-checkout> with a client token. The shopper types the card
  into it; it checks what is typed as it goes, sends the card straight to Switchyard to be
  tokenized, and the payment is made with the token, never with the card. Headless Chromium
  drives the real page served by the real server.

  Scenario: Typing a card number groups its digits and shows the card's network
    Given the demo shop is open in the browser
    When the shopper types "4111111111111111" into "Card number"
    Then "Card number" shows "4111 1111 1111 1111"
    And the checkout shows the "Visa" logo
    When the shopper replaces "Card number" with "378282246310005"
    Then "Card number" shows "3782 822463 10005"
    And the checkout shows the "American Express" logo

  Scenario: Mistakes are explained next to their field, and go away when corrected
    Given the demo shop is open in the browser
    When the shopper types "4111111111111112" into "Card number"
    And types "{past expiry}" into "Expiry date"
    And types "12" into "Security code"
    And leaves the field
    Then "Card number" is invalid with "The card number is not valid. Check it for typing mistakes."
    And "Expiry date" is invalid with "The card has expired."
    And "Security code" is invalid with "The security code must be 3 digits."
    When the shopper replaces "Card number" with "4111111111111111"
    Then "Card number" is valid
    When the shopper presses the pay button
    Then the checkout says "Check the card details and try again."
    And "Expiry date" has the keyboard focus
    And the browser sent nothing to "/checkout/tokenize"

  Scenario: An American Express card needs a four-digit security code
    Given the demo shop is open in the browser
    When the shopper types "378282246310005" into "Card number"
    And types "123" into "Security code"
    And leaves the field
    Then "Security code" is invalid with "The security code must be 4 digits."

  Scenario: The demo shop takes a payment with the keyboard alone
    Given the demo shop is open in the browser
    When the shopper tabs to "Card number" and types, tabbing from field to field:
      | Card number   | 4111111111111111 |
      | Expiry date   | {future expiry}  |
      | Security code | 123              |
      | Name on card  | Ann Lee          |
    Then the pay button has the keyboard focus
    When the shopper presses Enter
    Then the shop shows "Payment AUTHORIZED"
    And the checkout says "Payment successful (AUTHORIZED)."
    And the page reported no errors, Content-Security-Policy violations included
    And no card number reached the server's output

  Scenario: A declined card shows the reason (a hard decline: the demo workflow does not fall back), and the shopper may try another card
    Given the demo shop is open in the browser
    When the shopper pays with card "4000000000009979"
    Then the shop shows "Payment DECLINED: HARD_DECLINE, LOST_OR_STOLEN_CARD, Your card was declined."
    And the checkout says "The payment was declined (DECLINED): Your card was declined. Try another card."
    When the shopper pays with card "5555555555554444"
    Then the shop shows "Payment AUTHORIZED"
    And no card number reached the server's output

  Scenario: Manual flow: the card goes to Switchyard and the merchant's page gets only a token
    Given a merchant page on another origin embeds the checkout
    When the shopper pays with card "4111111111111111"
    Then the browser sent the card number to Switchyard's "/checkout/tokenize" and nowhere else
    And the merchant page got a "token" event for a "VISA" card ending in "1111", without the card number
    And the merchant's server received no card number

  Scenario: Auto flow: the checkout hands the token to the merchant's backend, which pays
    Given a merchant page on another origin embeds the checkout with payment-url "/pay"
    When the shopper pays with card "4111111111111111"
    Then the checkout says "Payment successful (AUTHORIZED)."
    And the merchant page got a "payment" event with status "AUTHORIZED"
    And the merchant's server received a payment method token and no card number
    And no card number reached the server's output

  Scenario: 3-D Secure: the shopper completes the bank's challenge and the demo shop's payment is authorized
    Given the demo shop is open in the browser
    When the shopper pays with card "4000000000003220"
    Then the bank asks the shopper to confirm the payment in a dialog
    When the shopper completes the authentication
    Then the challenge dialog is closed
    And the shop shows "Payment AUTHORIZED"
    And the checkout says "Payment successful (AUTHORIZED)."
    And the page reported no errors, Content-Security-Policy violations included
    And no card number reached the server's output

  Scenario: 3-D Secure: the shopper fails the challenge and sees a clear failure
    Given the demo shop is open in the browser
    When the shopper pays with card "4000000000003220"
    Then the bank asks the shopper to confirm the payment in a dialog
    When the shopper fails the authentication
    Then the challenge dialog is closed
    And the shop shows "Payment DECLINED: SOFT_DECLINE, AUTHENTICATION_REQUIRED, The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again."
    And the checkout says "The payment was declined (DECLINED)"

  Scenario: 3-D Secure: closing the challenge with Escape cancels it and says so
    Given the demo shop is open in the browser
    When the shopper pays with card "4000000000003220"
    Then the bank asks the shopper to confirm the payment in a dialog
    When the shopper cancels the authentication with the Escape key
    Then the challenge dialog is closed
    And the checkout says "The authentication was cancelled. The payment was not completed."
