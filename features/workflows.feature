Feature: Workflows: a merchant's routing, stored as versions, validated, published and rolled back
  Operations teams keep routing in workflows: JSON documents checked against the merchant's own
  connections (every error with its path), saved as drafts, published atomically (one live
  workflow per trigger event) and rolled back to the version that was live before. Each merchant
  sees only its own workflows.

  Background:
    Given the operator has set up merchant "B" through the admin API with an API key and a "TEST_PROCESSOR" connection "tp-b"
    And merchant "B" also has a "STRIPE" connection "stripe-b"

  Scenario: The demo merchant starts with the demo workflow published
    When the merchant lists its workflows
    Then the response status is 200
    And the response shows:
      | field                | value                                                         |
      | data.0.name          | Demo: Stripe, then Adyen when Stripe declines softly or fails |
      | data.0.triggerEvent  | PAYMENT_CREATED                                               |
      | data.0.createdBy     | demo                                                          |
      | data.0.liveVersion   | 1                                                             |

  Scenario: A new workflow is a draft until it is published
    When merchant "B" creates a workflow with:
      """
      {"schemaVersion": 1, "name": "Cards", "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "AUTHORIZE", "connection": "stripe-b", "fallbackConnections": ["tp-b"]}]}
      """
    Then the response status is 201
    And the response shows:
      | field                                   | value           |
      | name                                    | Cards           |
      | triggerEvent                            | PAYMENT_CREATED |
      | latestVersion                           | 1               |
      | draftVersion                            | 1               |
      | liveVersion                             | (absent)        |
      | draft.state                             | DRAFT           |
      | draft.document.steps.0.connection       | stripe-b        |
      | draft.document.steps.0.fallbackConnections | ["tp-b"]     |
      | live                                    | (absent)        |
    And the response has a non-empty "createdBy"
    When merchant "B" lists its workflows
    Then the workflows listed are "Cards"
    And "Cards" is not live

  Scenario: Validation names every problem by its path, and nothing is stored
    When merchant "B" validates the workflow:
      """
      {"schemaVersion": 1, "name": "Broken", "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [
         {"type": "CONDITIONS", "id": "risk", "routes": [
            {"id": "small", "conditions": [{"field": "amount", "operator": "CONTAINS", "value": "1"}],
             "steps": [{"type": "AUTHORIZE", "connection": "paypal"}]},
            {"id": "eur", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"}],
             "steps": [{"type": "AUTHORIZE", "connection": "tp-b"}]},
            {"id": "eur-again", "conditions": [{"field": "currency", "operator": "ONE_OF", "values": ["EUR"]}],
             "steps": [{"type": "AUTHORIZE", "connection": "tp-b"}]}],
          "defaultRoute": {"steps": [
            {"type": "SPLIT", "id": "ab", "routes": [
              {"id": "a", "percentage": 60, "steps": [{"type": "AUTHORIZE", "connection": "tp-b"}]},
              {"id": "b", "percentage": 30, "steps": [{"type": "AUTHORIZE", "connection": "stripe-b"}]}]}]}}]}
      """
    Then the request is rejected with 422 "RequestValidationError" at "$.steps[0].routes[0].steps[0].connection"
    And the validation error at "$.steps[0].routes[0].steps[0].connection" says "Unknown connection 'paypal'"
    And the validation error at "$.steps[0].routes[0].conditions[0].operator" says "Operator CONTAINS does not apply to amount"
    And the validation error at "$.steps[0].routes[2]" says "Unreachable route"
    And the validation error at "$.steps[0].defaultRoute.steps[0].routes" says "Percentages must add up to 100; they add up to 90"
    When merchant "B" lists its workflows
    Then the workflows listed are ""

  Scenario: A valid document validates without being stored
    When merchant "B" validates the workflow:
      """
      {"schemaVersion": 1, "name": "Fine", "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "AUTHORIZE", "connection": "tp-b"}]}
      """
    Then the response status is 200
    And the response shows:
      | field        | value           |
      | valid        | true            |
      | name         | Fine            |
      | triggerEvent | PAYMENT_CREATED |
    When merchant "B" lists its workflows
    Then the workflows listed are ""

  Scenario: Another merchant's connection is unknown here
    When merchant "B" creates a workflow with:
      """
      {"schemaVersion": 1, "name": "Theirs", "trigger": {"event": "PAYMENT_CREATED"},
       "steps": [{"type": "AUTHORIZE", "connection": "stripe-sandbox"}]}
      """
    Then the request is rejected with 422 "RequestValidationError" at "$.steps[0].connection"
    And the validation error at "$.steps[0].connection" says "the merchant's connections are"

  Scenario Outline: Malformed and misshapen documents are refused (<case>)
    When the merchant creates a workflow with the body '<body>'
    Then the request is rejected with <status> "<errorId>"

    Examples:
      | case                | body                                                                                    | status | errorId                |
      | not JSON            | {"schemaVersion": 1,                                                                   | 400    | MalformedJson          |
      | an array            | []                                                                                      | 400    | MalformedJson          |
      | unknown member      | {"schemaVersion": 1, "name": "x", "trigger": {"event": "PAYMENT_CREATED"}, "steps": [], "owner": 1} | 422 | RequestValidationError |
      | other schemaVersion | {"schemaVersion": 2}                                                                    | 422    | RequestValidationError |

  Scenario: Updating the draft rewrites it until it is published, then starts a new version
    Given merchant "B" has created a workflow "Routing" that authorizes on "tp-b"
    When merchant "B" updates the draft of "Routing" to authorize on "stripe-b"
    Then the response status is 200
    And the response shows:
      | field                             | value    |
      | latestVersion                     | 1        |
      | draft.version                     | 1        |
      | draft.document.steps.0.connection | stripe-b |
    When merchant "B" publishes "Routing"
    Then the response status is 200
    And "Routing" is live at version 1
    And the live publication is "Routing" version 1
    And the response shows:
      | field                            | value     |
      | draftVersion                     | (absent)  |
      | live.state                       | PUBLISHED |
      | live.document.steps.0.connection | stripe-b  |
    When merchant "B" updates the draft of "Routing" to authorize on "tp-b"
    Then the response shows:
      | field                             | value    |
      | latestVersion                     | 2        |
      | draftVersion                      | 2        |
      | draft.document.steps.0.connection | tp-b     |
      | liveVersion                       | 1        |
      | live.document.steps.0.connection  | stripe-b |

  Scenario: A draft cannot change the workflow's trigger event, nor be invalid
    Given merchant "B" has created a workflow "Routing" that authorizes on "tp-b"
    When merchant "B" updates the draft of "Routing" with:
      """
      {"schemaVersion": 1, "name": "Routing", "trigger": {"event": "PAYMENT_STATUS_UPDATED"},
       "steps": [{"type": "AUTHORIZE", "connection": "tp-b"}]}
      """
    Then the request is rejected with 422 "RequestValidationError" at "$.trigger.event"
    And the validation error at "$.steps[0].type" says "AUTHORIZE runs in PAYMENT_CREATED workflows only"
    When merchant "B" retrieves "Routing"
    Then the response shows:
      | field                             | value |
      | draft.document.steps.0.connection | tp-b  |

  Scenario: Publishing is atomic and replaces the merchant's live workflow for the event
    Given merchant "B" has created a workflow "First" that authorizes on "tp-b"
    And merchant "B" has created a workflow "Second" that authorizes on "stripe-b"
    And merchant "B" has published "First"
    When merchant "B" publishes "Second"
    Then "Second" is live at version 1
    When merchant "B" lists its workflows
    Then "Second" is live at version 1
    And "First" is not live
    When merchant "B" publishes "Second" version 1
    Then the live publication is "Second" version 1
    When merchant "B" lists the versions of "Second"
    Then the versions listed are:
      | version | state     | live | publications | rolledBack |
      | 1       | PUBLISHED | true | 1            | 0          |

  Scenario: Rolling back makes the previously live version live again and keeps the history
    Given merchant "B" has created a workflow "Routing" that authorizes on "tp-b"
    And merchant "B" has published "Routing"
    And merchant "B" updates the draft of "Routing" to authorize on "stripe-b"
    And merchant "B" has published "Routing"
    When merchant "B" rolls back "Routing"
    Then the response status is 200
    And "Routing" is live at version 1
    And the live publication is "Routing" version 1
    And the response shows:
      | field                            | value |
      | live.document.steps.0.connection | tp-b  |
    When merchant "B" lists the versions of "Routing"
    Then the versions listed are:
      | version | state     | live  | publications | rolledBack |
      | 2       | PUBLISHED | false | 1            | 1          |
      | 1       | PUBLISHED | true  | 1            | 0          |
    When merchant "B" rolls back "Routing"
    Then the request is rejected with 409 "NoEarlierPublication"
    When merchant "B" publishes "Routing" version 2
    Then "Routing" is live at version 2
    When merchant "B" retrieves version 2 of "Routing"
    Then the response shows:
      | field                       | value    |
      | live                        | true     |
      | state                       | PUBLISHED|
      | document.steps.0.connection | stripe-b |

  Scenario: Rolling back another workflow's publication brings back the one before it
    Given merchant "B" has created a workflow "First" that authorizes on "tp-b"
    And merchant "B" has created a workflow "Second" that authorizes on "stripe-b"
    And merchant "B" has published "First"
    And merchant "B" has published "Second"
    When merchant "B" rolls back "First"
    Then the request is rejected with 409 "WorkflowNotLive"
    When merchant "B" rolls back "Second"
    Then "Second" is not live
    And the live publication is "First" version 1

  Scenario: Publishing without a draft needs a version
    Given merchant "B" has created a workflow "Routing" that authorizes on "tp-b"
    And merchant "B" has published "Routing"
    When merchant "B" publishes "Routing"
    Then the request is rejected with 409 "NoDraftToPublish"
    When merchant "B" publishes "Routing" version 7
    Then the request is rejected with 404 "WorkflowVersionNotFound"

  Scenario Outline: Merchant A cannot <action> merchant B's workflow
    Given merchant "B" has created a workflow "Private" that authorizes on "tp-b"
    And merchant "B" has published "Private"
    When merchant "A" tries to <action> "Private"
    Then the request is rejected with 404 "WorkflowNotFound"
    When merchant "B" retrieves "Private"
    Then "Private" is live at version 1

    Examples:
      | action               |
      | retrieve             |
      | list the versions of |
      | update the draft of  |
      | publish              |
      | roll back            |
      | simulate             |

  Scenario: Merchant A does not see merchant B's workflows
    Given merchant "B" has created a workflow "Private" that authorizes on "tp-b"
    When merchant "A" lists its workflows
    Then the response status is 200
    And the response does not mention "Private"

  Scenario: Workflow endpoints need an API key with the workflow scopes
    When merchant "B" gets an API key with only the scopes "payments:read,payments:write"
    And that key is used to list workflows
    Then the request is rejected with 403 "Forbidden"
