#include "api/codec/payment_list_codec.h"

#include <charconv>

#include "api/codec/schema.h"
#include "api/codec/spec_enums.h"
#include "common/clock.h"
#include "domain/payment.h"

namespace sy::api::codec {
namespace {

constexpr std::string_view kModel = "PaymentListQuery";
constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64UrlEncode(std::string_view in) {
  std::string out;
  out.reserve((in.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kBase64Url[(n >> shift) & 63];
  }
  size_t rest = in.size() - i;
  if (rest == 1) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += kBase64Url[(n >> 18) & 63];
    out += kBase64Url[(n >> 12) & 63];
  } else if (rest == 2) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += kBase64Url[(n >> 18) & 63];
    out += kBase64Url[(n >> 12) & 63];
    out += kBase64Url[(n >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64UrlDecode(std::string_view in) {
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    size_t v = kBase64Url.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // Leftover bits must be zero, or two different texts would decode alike.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

// Calls `f` for each non-empty comma-separated item of `value`.
template <class F>
void forEachItem(std::string_view value, F f) {
  while (true) {
    size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    if (!item.empty()) f(item);
    if (comma == std::string_view::npos) return;
    value.remove_prefix(comma + 1);
  }
}

std::optional<int64_t> parseInt64(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string statusList() {
  std::string out = "Value must be one of: ";
  bool first = true;
  for (domain::PaymentStatus s : domain::kAllPaymentStatuses) {
    if (!first) out += ", ";
    out += domain::toString(s);
    first = false;
  }
  return out;
}

}  // namespace

std::string encodeCursor(const store::PageKey& key, bool older) {
  std::string payload;
  payload.reserve(key.id.size() + 24);
  payload += older ? 'o' : 'n';
  payload += ':';
  payload += std::to_string(key.createdMicros);
  payload += ':';
  payload += key.id;
  return base64UrlEncode(payload);
}

PageCursors cursorsFor(const store::PaymentPage& page) {
  PageCursors out;
  if (page.payments.empty()) return out;
  const domain::Payment& newest = page.payments.front();
  const domain::Payment& oldest = page.payments.back();
  if (page.hasOlder) out.next = encodeCursor({toMicros(oldest.createdAt), oldest.id}, true);
  if (page.hasNewer) out.prev = encodeCursor({toMicros(newest.createdAt), newest.id}, false);
  return out;
}

std::optional<DecodedCursor> decodeCursor(std::string_view cursor) {
  if (cursor.empty() || cursor.size() > 1024) return std::nullopt;
  std::optional<std::string> payload = base64UrlDecode(cursor);
  if (!payload || payload->size() < 5 || (*payload)[1] != ':') return std::nullopt;
  char direction = (*payload)[0];
  if (direction != 'o' && direction != 'n') return std::nullopt;
  std::string_view rest = std::string_view(*payload).substr(2);
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::optional<int64_t> micros = parseInt64(rest.substr(0, colon));
  std::string_view id = rest.substr(colon + 1);
  if (!micros || id.empty()) return std::nullopt;
  for (unsigned char c : id)
    if (c < 0x21 || c > 0x7E) return std::nullopt;  // ids are printable ASCII
  return DecodedCursor{store::PageKey{*micros, std::string(id)}, direction == 'o'};
}

Decoded<PaymentListQuery> decodePaymentListQuery(
    const std::vector<std::pair<std::string, std::string>>& query) {
  PaymentListQuery out;
  store::PaymentFilter& f = out.filter;
  std::vector<FieldError> errors;
  auto fail = [&](std::string_view name, std::string description) {
    std::string path = "$";
    schema::appendPathKey(path, name);
    errors.push_back({std::move(path), std::move(description)});
  };
  bool methodTypeGiven = false, cardTypeGiven = false;

  for (const auto& param : query) {
    // Named references rather than a structured binding: lambdas below capture them.
    const std::string& name = param.first;
    const std::string& value = param.second;
    if (name == "status") {
      forEachItem(value, [&](std::string_view v) {
        if (auto s = domain::paymentStatusFrom(v)) {
          f.statuses.push_back(*s);
        } else {
          fail(name, statusList());
        }
      });
    } else if (name == "payment_method_type") {
      methodTypeGiven = true;
      forEachItem(value, [&](std::string_view v) {
        if (!kPaymentMethodTypeEnum.contains(v))
          return fail(name, "Value is not a valid PaymentMethodTypeEnum");
        out.paymentMethodTypes.emplace_back(v);
        cardTypeGiven |= v == "PAYMENT_CARD";
      });
    } else if (name == "processor") {
      forEachItem(value, [&](std::string_view v) { f.processors.emplace_back(v); });
    } else if (name == "currency_code") {
      forEachItem(value, [&](std::string_view v) {
        if (!schema::isSupportedCurrency(v))
          return fail(name, std::string(schema::kCurrencyMessage));
        f.currencies.emplace_back(v);
      });
    } else if (name == "from_date" || name == "to_date") {
      std::optional<TimePoint> t = parseTimestamp(value);
      if (!t) {
        fail(name, "Value must be an ISO 8601 date or date-time, e.g. 2030-01-31T12:00:00");
      } else if (name == "from_date") {
        f.fromDate = *t;
      } else {
        bool dateOnly = value.find('T') == std::string::npos;
        f.toDate = dateOnly ? *t + std::chrono::days(1) - std::chrono::microseconds(1) : *t;
      }
    } else if (name == "order_id") {
      f.orderId = value;
    } else if (name == "min_amount" || name == "max_amount") {
      std::optional<int64_t> v = parseInt64(value);
      if (!v) {
        fail(name, schema::integerRangeMessage(INT64_MIN, INT64_MAX));
      } else {
        (name == "min_amount" ? f.minAmount : f.maxAmount) = *v;
      }
    } else if (name == "customer_id") {
      forEachItem(value, [&](std::string_view v) { f.customerIds.emplace_back(v); });
    } else if (name == "customer_email_address") {
      forEachItem(value, [&](std::string_view v) { f.customerEmails.emplace_back(v); });
    } else if (name == "last_4_digits") {
      forEachItem(value, [&](std::string_view v) {
        bool ok = v.size() == 4 && v.find_first_not_of("0123456789") == std::string_view::npos;
        if (!ok) return fail(name, "Value must be exactly 4 digits");
        f.last4Digits.emplace_back(v);
      });
    } else if (name == "paypal_email" || name == "klarna_email") {
      forEachItem(value, [&](std::string_view) { out.matchesNothing = true; });
    } else if (name == "limit") {
      std::optional<int64_t> v = parseInt64(value);
      if (!v || *v < 1 || *v > 100) {
        fail(name, schema::integerRangeMessage(1, 100));
      } else {
        f.limit = static_cast<int>(*v);
      }
    } else if (name == "cursor") {
      if (value.empty()) continue;  // `cursor=` is how some clients say "first page"
      f.olderThan.reset();
      f.newerThan.reset();
      if (std::optional<DecodedCursor> c = decodeCursor(value)) {
        (c->older ? f.olderThan : f.newerThan) = std::move(c->key);
      } else {
        fail(name, "Value is not a cursor this API returned");
      }
    }
    // merchant_id: ignored (a merchant only sees its own payments); unknown names: ignored.
  }
  if (methodTypeGiven && !cardTypeGiven && !out.paymentMethodTypes.empty()) {
    out.matchesNothing = true;
  }
  if (!errors.empty()) return validationError(std::string(kModel), std::move(errors));
  return out;
}

}  // namespace sy::api::codec
