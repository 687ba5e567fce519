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

  Scenario: The CLI refuses bad input with a clear message and writes nothing
    When the operator runs the CLI with "key create --merchant mer_doesnotexist"
    Then the CLI fails with a message containing "no merchant with id mer_doesnotexist"
    When the operator runs the CLI with "merchant create"
    Then the CLI fails with a message containing "--name"
    When the operator runs the CLI with "connection create --merchant x --processor NOPE --name y"
    Then the CLI fails with a message containing "Unknown processor 'NOPE'"

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
