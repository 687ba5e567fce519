@fresh-server
Feature: Searching and listing payments
  GET /payments lists a merchant's payments newest first, filtered by status, currency, order,
  amount range, customer and card, a page at a time. Each scenario runs on a fresh server holding
  exactly these five payments.

  Background:
    Given the merchant routes every payment to its default connection
    And these payments were made, in this order:
      | order  | amount | currency | customer | card             | then    | status     |
      | list-1 | 1000   | EUR      | alice    | 4111111111111111 |         | AUTHORIZED |
      | list-2 | 2500   | EUR      | bob      | 4000000000000002 |         | DECLINED   |
      | list-3 | 5000   | USD      | alice    | 5555555555554444 | capture | SETTLED    |
      | list-4 | 7500   | GBP      | carol    | 4111111111111111 | cancel  | CANCELLED  |
      | list-5 | 10000  | USD      | bob      | 378282246310005  |         | AUTHORIZED |

  Scenario: Without filters every payment is listed, newest first
    When the merchant lists payments with ""
    Then the listed orders are, in this order, "list-5, list-4, list-3, list-2, list-1"
    And each listed payment matches the payment it summarizes
    And the list has no "nextCursor"

  Scenario Outline: Filtering by <filter>
    When the merchant lists payments with "<query>"
    Then the listed orders are "<orders>"
    And each listed payment matches the payment it summarizes

    Examples:
      | filter                          | query                               | orders                 |
      | one status                      | status=DECLINED                     | list-2                 |
      | another status                  | status=AUTHORIZED                   | list-1, list-5         |
      | a comma-separated status list   | status=SETTLED,CANCELLED            | list-3, list-4         |
      | a repeated status parameter     | status=SETTLED&status=CANCELLED     | list-3, list-4         |
      | currency                        | currency_code=USD                   | list-3, list-5         |
      | order id                        | order_id=list-4                     | list-4                 |
      | an unknown order id             | order_id=list-404                   |                        |
      | an inclusive amount range       | min_amount=2500&max_amount=7500     | list-2, list-3, list-4 |
      | a minimum amount                | min_amount=7501                     | list-5                 |
      | a maximum amount                | max_amount=1000                     | list-1                 |
      | customer                        | customer_id=alice                   | list-1, list-3         |
      | customer and status             | customer_id=bob&status=AUTHORIZED   | list-5                 |
      | last four digits                | last_4_digits=4444                  | list-3                 |
      | currency and amount             | currency_code=EUR&min_amount=2000   | list-2                 |

  Scenario: Paging with limit=2 visits every payment exactly once, newest first
    When the merchant pages through payments with "limit=2"
    Then there were 3 pages of sizes "2, 2, 1"
    And the paged orders are, in this order, "list-5, list-4, list-3, list-2, list-1"
    And the last page has no "nextCursor"

  Scenario: Paging combines with a filter
    When the merchant pages through payments with "limit=1&currency_code=USD"
    Then there were 2 pages of sizes "1, 1"
    And the paged orders are, in this order, "list-5, list-3"

  Scenario Outline: A page size outside 1..100 is refused (limit=<limit>)
    When the merchant lists payments with "limit=<limit>"
    Then the request is rejected with 422 "RequestValidationError"

    Examples:
      | limit |
      | 0     |
      | 101   |
      | -1    |
      | many  |

  Scenario Outline: A page size inside 1..100 is accepted (limit=<limit>)
    When the merchant lists payments with "limit=<limit>"
    Then the response status is 200
    And the list has <count> payments

    Examples:
      | limit | count |
      | 1     | 1     |
      | 100   | 5     |
