#include "api/codec/payment_list_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/codec/codec_test_util.h"

namespace sy::api::codec {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using namespace testing_util;
using domain::PaymentStatus;
using Query = std::vector<std::pair<std::string, std::string>>;

TEST(PaymentListQuery, Defaults) {
  auto d = decodePaymentListQuery({});
  ASSERT_TRUE(d.isOk());
  EXPECT_EQ(d->filter.limit, 100);
  EXPECT_TRUE(d->filter.statuses.empty());
  EXPECT_FALSE(d->filter.olderThan || d->filter.newerThan || d->filter.fromDate);
  EXPECT_FALSE(d->matchesNothing);
}

TEST(PaymentListQuery, AllFilters) {
  auto d = decodePaymentListQuery(Query{
      {"status", "AUTHORIZED,SETTLED"},
      {"status", "DECLINED"},
      {"payment_method_type", "PAYMENT_CARD"},
      {"processor", "STRIPE,ADYEN"},
      {"currency_code", "EUR"},
      {"currency_code", "USD"},
      {"from_date", "2024-01-01"},
      {"to_date", "2024-01-31T23:59:59Z"},
      {"order_id", "order-1"},
      {"min_amount", "100"},
      {"max_amount", "-5"},
      {"customer_id", "c1,c2"},
      {"merchant_id", "someone-else"},
      {"customer_email_address", "a@b.co"},
      {"last_4_digits", "1111,4242"},
      {"limit", "25"},
      {"unknown_param", "ignored"},
  });
  ASSERT_TRUE(d.isOk()) << d.error().validation.errors.at(0).path;
  const store::PaymentFilter& f = d->filter;
  EXPECT_THAT(f.statuses, ElementsAre(PaymentStatus::kAuthorized, PaymentStatus::kSettled,
                                      PaymentStatus::kDeclined));
  EXPECT_THAT(d->paymentMethodTypes, ElementsAre("PAYMENT_CARD"));
  EXPECT_FALSE(d->matchesNothing);
  EXPECT_THAT(f.processors, ElementsAre("STRIPE", "ADYEN"));
  EXPECT_THAT(f.currencies, ElementsAre("EUR", "USD"));
  EXPECT_EQ(formatTimestamp(*f.fromDate), "2024-01-01T00:00:00.000000");
  EXPECT_EQ(formatTimestamp(*f.toDate), "2024-01-31T23:59:59.000000");
  // A bare to_date reaches the end of that day.
  EXPECT_EQ(
      formatTimestamp(*decodePaymentListQuery(Query{{"to_date", "2024-01-31"}})->filter.toDate),
      "2024-01-31T23:59:59.999999");
  EXPECT_EQ(f.orderId, "order-1");
  EXPECT_EQ(f.minAmount, 100);
  EXPECT_EQ(f.maxAmount, -5);
  EXPECT_THAT(f.customerIds, ElementsAre("c1", "c2"));
  EXPECT_THAT(f.customerEmails, ElementsAre("a@b.co"));
  EXPECT_THAT(f.last4Digits, ElementsAre("1111", "4242"));
  EXPECT_EQ(f.limit, 25);
}

TEST(PaymentListQuery, FiltersThatCanMatchNothing) {
  EXPECT_TRUE(decodePaymentListQuery(Query{{"payment_method_type", "PAYPAL"}})->matchesNothing);
  EXPECT_FALSE(decodePaymentListQuery(Query{{"payment_method_type", "PAYPAL,PAYMENT_CARD"}})
                   ->matchesNothing);
  EXPECT_TRUE(decodePaymentListQuery(Query{{"paypal_email", "a@b.co"}})->matchesNothing);
  EXPECT_TRUE(decodePaymentListQuery(Query{{"klarna_email", "a@b.co"}})->matchesNothing);
  EXPECT_FALSE(decodePaymentListQuery(Query{{"klarna_email", ""}})->matchesNothing);
}

TEST(PaymentListQuery, BadValues) {
  auto d = decodePaymentListQuery(Query{
      {"status", "AUTHORIZED,authorized"},
      {"payment_method_type", "CASH"},
      {"currency_code", "eur"},
      {"from_date", "yesterday"},
      {"min_amount", "1.5"},
      {"max_amount", "99999999999999999999"},
      {"last_4_digits", "123"},
      {"limit", "0"},
      {"cursor", "!!!"},
  });
  EXPECT_THAT(
      errorsOf(d),
      ElementsAre(
          err("$.status",
              "Value must be one of: PENDING, FAILED, AUTHORIZED, SETTLING, "
              "PARTIALLY_SETTLED, SETTLED, DECLINED, CANCELLED"),
          err("$.payment_method_type", "Value is not a valid PaymentMethodTypeEnum"),
          err("$.currency_code",
              "Value must be an active ISO 4217 currency code in upper case, e.g. USD"),
          err("$.from_date",
              "Value must be an ISO 8601 date or date-time, e.g. 2030-01-31T12:00:00"),
          err("$.min_amount",
              "Value must be an integer between -9223372036854775808 and 9223372036854775807"),
          err("$.max_amount",
              "Value must be an integer between -9223372036854775808 and 9223372036854775807"),
          err("$.last_4_digits", "Value must be exactly 4 digits"),
          err("$.limit", "Value must be an integer between 1 and 100"),
          err("$.cursor", "Value is not a cursor this API returned")));
  EXPECT_EQ(d.error().validation.model, "PaymentListQuery");
}

TEST(PaymentListQuery, LimitBounds) {
  for (std::string_view bad : {"101", "-1", "", "ten", "1e2", "50 "}) {
    EXPECT_THAT(errorsOf(decodePaymentListQuery(Query{{"limit", std::string(bad)}})),
                ElementsAre(err("$.limit", "Value must be an integer between 1 and 100")))
        << bad;
  }
  EXPECT_EQ(decodePaymentListQuery(Query{{"limit", "1"}})->filter.limit, 1);
  EXPECT_EQ(decodePaymentListQuery(Query{{"limit", "100"}})->filter.limit, 100);
}

TEST(Cursor, RoundTrip) {
  store::PageKey key{1700000000123456, "pay_ABC-123"};
  std::string next = encodeCursor(key, true);
  std::string prev = encodeCursor(key, false);
  EXPECT_NE(next, prev);
  for (char c : next)
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');

  auto n = decodeCursor(next);
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->older);
  EXPECT_EQ(n->key.createdMicros, key.createdMicros);
  EXPECT_EQ(n->key.id, key.id);
  auto p = decodeCursor(prev);
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->older);

  auto q = decodePaymentListQuery(Query{{"cursor", next}});
  ASSERT_TRUE(q.isOk());
  ASSERT_TRUE(q->filter.olderThan);
  EXPECT_EQ(q->filter.olderThan->id, "pay_ABC-123");
  EXPECT_EQ(q->filter.olderThan->createdMicros, 1700000000123456);
  EXPECT_FALSE(q->filter.newerThan);
  auto q2 = decodePaymentListQuery(Query{{"cursor", prev}});
  ASSERT_TRUE(q2->filter.newerThan);
  EXPECT_FALSE(q2->filter.olderThan);

  // Negative (pre-1970) keys and every id length (base64 padding cases) survive too.
  for (std::string id : {"a", "ab", "abc", "abcd"}) {
    auto r = decodeCursor(encodeCursor({-5, id}, true));
    ASSERT_TRUE(r) << id;
    EXPECT_EQ(r->key.createdMicros, -5);
    EXPECT_EQ(r->key.id, id);
  }
}

TEST(Cursor, CursorsForAPage) {
  store::PaymentPage page;
  EXPECT_FALSE(cursorsFor(page).next || cursorsFor(page).prev);
  for (const char* id : {"pay_3", "pay_2", "pay_1"}) {
    domain::Payment p;
    p.id = id;
    p.createdAt = fromMicros(1000 + (id[4] - '0'));
    page.payments.push_back(p);
  }
  page.hasOlder = true;
  PageCursors c = cursorsFor(page);
  ASSERT_TRUE(c.next);
  EXPECT_FALSE(c.prev);
  auto next = decodeCursor(*c.next);
  EXPECT_TRUE(next->older);
  EXPECT_EQ(next->key.id, "pay_1");
  EXPECT_EQ(next->key.createdMicros, 1001);
  page.hasNewer = true;
  auto prev = decodeCursor(*cursorsFor(page).prev);
  EXPECT_FALSE(prev->older);
  EXPECT_EQ(prev->key.id, "pay_3");
  EXPECT_EQ(prev->key.createdMicros, 1003);
}

TEST(Cursor, GarbledCursorsAreRejected) {
  std::string good = encodeCursor({42, "pay_1"}, true);
  EXPECT_TRUE(decodePaymentListQuery(Query{{"cursor", ""}}).isOk());  // `cursor=`: first page
  std::string flipped = good;
  flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
  for (std::string bad : {std::string(""), std::string("x"), std::string("!!!!"), good + "=",
                          good.substr(0, good.size() - 1), flipped, std::string("bzo0Mg"),
                          std::string("eDo0Mjpw"), std::string(2000, 'A')}) {
    EXPECT_FALSE(decodeCursor(bad)) << bad;
    if (bad.empty()) continue;
    EXPECT_THAT(errorsOf(decodePaymentListQuery(Query{{"cursor", bad}})),
                ElementsAre(err("$.cursor", "Value is not a cursor this API returned")))
        << bad;
  }
}

}  // namespace
}  // namespace sy::api::codec
