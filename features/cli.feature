Feature: Operators set merchants up from the command line
  An operator creates a merchant, its API key and a processor connection with the switchyard CLI
  against the same data directory the running server uses; the new merchant can pay at once.

  Scenario: A merchant created with the CLI takes a payment
    Given the operator has set up merchant "Cli" with the CLI, with an API key and a "TEST_PROCESSOR" connection "cli-processor"
    When merchant "Cli" takes a card payment of 2500 "USD" for order "order-cli-1"
    Then the response status is 200
    And the payment status is "AUTHORIZED"
    And the response shows:
      | field                         | value          |
      | processor.name                | TEST_PROCESSOR |
      | processor.processorMerchantId | cli-processor  |

  Scenario: A webhook receiver subscribed with the CLI gets the merchant's payments, signed
    Given the operator has set up merchant "CliHooks" with the CLI, with an API key and a "TEST_PROCESSOR" connection "cli-hooks"
    And a webhook receiver
    When the operator subscribes the receiver to "PAYMENT.STATUS" for merchant "CliHooks" with the CLI
    And merchant "CliHooks" takes a card payment of 1800 "USD" for order "order-cli-hooks"
    Then within 10 seconds the receiver has accepted these webhooks for the payment:
      | eventType      | status     |
      | PAYMENT.STATUS | AUTHORIZED |
    And every webhook the receiver got is signed with the configuration's secret and valid against the Primer webhooks spec
    And the CLI lists that configuration for merchant "CliHooks" without its secret

  Scenario: The CLI refuses bad input with a clear message and writes nothing
    When the operator runs the CLI with "key create --merchant mer_doesnotexist"
    Then the CLI fails with a message containing "no merchant with id mer_doesnotexist"
    When the operator runs the CLI with "merchant create"
    Then the CLI fails with a message containing "--name"
    When the operator runs the CLI with "connection create --merchant x --processor NOPE --name y"
    Then the CLI fails with a message containing "Unknown processor 'NOPE'"
    When the operator runs the CLI with "webhook create --merchant x --url ftp://example.com --events PAYMENT.STATUS"
    Then the CLI fails with a message containing "http:// or https://"
    When the operator runs the CLI with "webhook create --merchant x --url https://example.com --events PAYMENT.SETTLED"
    Then the CLI fails with a message containing "Unknown event type"

  Scenario: A workflow published with the CLI is live for the merchant at once
    Given the operator has set up merchant "Cli" with the CLI, with an API key and a "TEST_PROCESSOR" connection "cli-processor"
    When the operator publishes a workflow for merchant "Cli" with the CLI that authorizes on "cli-processor"
    Then the CLI prints the new workflow's id and version 1
    When merchant "Cli" lists its workflows
    Then the response shows:
      | field              | value |
      | data.0.liveVersion | 1     |
      | data.0.createdBy   | cli   |
    When the operator publishes a workflow for merchant "Cli" with the CLI that authorizes on "paypal"
    Then the CLI fails with a message containing "$.steps[0].connection: Unknown connection 'paypal'"
