// libFuzzer target for the merchant API's JSON request bodies (src/api/codec/): the first byte
// picks the decoder, the rest is the body. Properties beyond "no crash, no sanitizer report":
//  - a refused body is a DecodeError whose Primer error body (writeDecodeError) is well-formed:
//    the right errorId, and every validation error has a JSONPath and a description;
//  - no error description quotes 12+ digits of the body (card numbers never echo);
//  - the decoders read JSON, not text: the body re-serialised by Boost.JSON decodes to the same
//    request (or the same errors);
//  - the JSON an accepted body keeps (customer, order, metadata...) is itself a JSON object.
#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>

#include "api/codec/client_session_codec.h"
#include "api/codec/error_writer.h"
#include "api/codec/payment_request_codec.h"
#include "api/codec/simulation_codec.h"
#include "api/codec/tokenize_codec.h"
#include "fuzz/fuzz_checks.h"

namespace {
using namespace sy;
using namespace sy::api::codec;
using sy::fuzz::require;

// Stored JSON members are either absent ("") or a JSON object.
void requireObjectOrEmpty(const std::string& json) {
  if (json.empty()) return;
  require(sy::fuzz::requireJson(json).is_object());
}

// True when `text` holds a run of 12 or more digits (the shortest card number) that is also in
// `body`: a description that quotes the body's card number.
bool quotesCardLikeDigits(std::string_view text, std::string_view body) {
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    const std::string_view run = text.substr(i, j - i);
    // The int64 bounds are in range descriptions ("between 1 and 9223372036854775807").
    const bool int64Bound = run == "9223372036854775807" || run == "9223372036854775808";
    if (run.size() >= 12 && !int64Bound && body.find(run) != std::string_view::npos) return true;
    i = j + 1;
  }
  return false;
}

void checkError(const DecodeError& e, std::string_view body) {
  const std::string written = writeDecodeError(e, "diag-1");
  sy::fuzz::requirePrimerError(written, errorIdFor(e.kind));
  require(httpStatusFor(e.kind) == 400 || httpStatusFor(e.kind) == 422);
  if (e.kind == DecodeError::kValidation) {
    require(!e.validation.model.empty() && !e.validation.errors.empty());
  }
  // Descriptions are ours: they never echo what could be a card number.
  require(!quotesCardLikeDigits(e.description, body));
  for (const FieldError& fe : e.validation.errors) {
    require(!quotesCardLikeDigits(fe.description, body));
  }
}

bool sameError(const DecodeError& a, const DecodeError& b) {
  return a.kind == b.kind && a.validation.model == b.validation.model &&
         a.validation.errors == b.validation.errors;
}

// Decodes `body`, checks the outcome, then decodes Boost.JSON's serialisation of it and requires
// the same outcome (`same` compares two accepted requests).
template <class T>
void run(std::string_view body, const std::function<Decoded<T>(std::string_view)>& decode,
         const std::function<bool(const T&, const T&)>& same,
         const std::function<void(const T&)>& checkAccepted) {
  Decoded<T> first = decode(body);
  if (first) {
    checkAccepted(first.value());
  } else {
    checkError(first.error(), body);
  }
  boost::json::error_code ec;
  boost::json::value parsed = boost::json::parse(body, ec);
  if (ec) {
    // Not JSON: never accepted, but for a blank body, which means {} where the body is optional.
    require(!first || body.find_first_not_of(" \t\r\n") == std::string_view::npos);
    return;
  }
  const std::string again = boost::json::serialize(parsed);
  // Boost.JSON reads 1e999 as infinity and writes it as `Infinity`, which is not JSON.
  boost::json::parse(again, ec);
  if (ec) return;
  Decoded<T> second = decode(again);
  require(first.isOk() == second.isOk());
  if (first) {
    require(same(first.value(), second.value()));
  } else {
    require(sameError(first.error(), second.error()));
  }
}

auto tie(const ProcessorRef& p) { return std::tie(p.processorMerchantId, p.name); }
bool sameProcessor(const std::optional<ProcessorRef>& a, const std::optional<ProcessorRef>& b) {
  return a.has_value() == b.has_value() && (!a || tie(*a) == tie(*b));
}

bool samePaymentCreate(const PaymentCreate& a, const PaymentCreate& b) {
  return std::tie(a.paymentMethodToken, a.orderId, a.currencyCode, a.amount, a.customerId,
                  a.customerJson, a.customerEmail, a.orderJson, a.metadataJson,
                  a.paymentMethodJson, a.vaultOnSuccess, a.expandEvents) ==
             std::tie(b.paymentMethodToken, b.orderId, b.currencyCode, b.amount, b.customerId,
                      b.customerJson, b.customerEmail, b.orderJson, b.metadataJson,
                      b.paymentMethodJson, b.vaultOnSuccess, b.expandEvents) &&
         sameProcessor(a.processor, b.processor);
}

void paymentCreate(std::string_view body) {
  run<PaymentCreate>(body, decodePaymentCreate, samePaymentCreate, [](const PaymentCreate& p) {
    require(!p.paymentMethodToken.empty());
    require(!p.amount || *p.amount >= 1);
    if (p.currencyCode) require(findCurrency(*p.currencyCode).has_value());
    requireObjectOrEmpty(p.customerJson);
    requireObjectOrEmpty(p.orderJson);
    requireObjectOrEmpty(p.metadataJson);
    requireObjectOrEmpty(p.paymentMethodJson);
    if (p.processor) require(!p.processor->processorMerchantId.empty());
  });
}

void capture(std::string_view body) {
  run<PaymentCapture>(
      body, decodeCapture,
      [](const PaymentCapture& a, const PaymentCapture& b) {
        return std::tie(a.amount, a.final, a.metadataJson, a.retailerCountryCode, a.expandEvents) ==
               std::tie(b.amount, b.final, b.metadataJson, b.retailerCountryCode, b.expandEvents);
      },
      [](const PaymentCapture& c) {
        require(!c.amount || *c.amount >= 1);
        requireObjectOrEmpty(c.metadataJson);
      });
}

void cancel(std::string_view body) {
  run<PaymentCancel>(
      body, decodeCancel,
      [](const PaymentCancel& a, const PaymentCancel& b) {
        return std::tie(a.reason, a.expandEvents) == std::tie(b.reason, b.expandEvents);
      },
      [](const PaymentCancel&) {});
}

void refund(std::string_view body) {
  run<PaymentRefund>(
      body, decodeRefund,
      [](const PaymentRefund& a, const PaymentRefund& b) {
        return std::tie(a.amount, a.orderId, a.reason, a.transactionEventId, a.expandEvents) ==
               std::tie(b.amount, b.orderId, b.reason, b.transactionEventId, b.expandEvents);
      },
      [](const PaymentRefund& r) { require(!r.amount || *r.amount >= 1); });
}

void authorize(std::string_view body) {
  run<PaymentAuthorize>(
      body, decodeAuthorize,
      [](const PaymentAuthorize& a, const PaymentAuthorize& b) {
        return tie(a.processor) == tie(b.processor) && a.expandEvents == b.expandEvents;
      },
      [](const PaymentAuthorize& a) { require(!a.processor.processorMerchantId.empty()); });
}

void clientSessionCreate(std::string_view body) {
  run<ClientSessionCreate>(
      body, decodeClientSessionCreate,
      [](const ClientSessionCreate& a, const ClientSessionCreate& b) {
        return std::tie(a.orderId, a.currencyCode, a.amount, a.customerId, a.customerJson,
                        a.customerEmail, a.orderJson, a.metadataJson, a.paymentMethodJson) ==
               std::tie(b.orderId, b.currencyCode, b.amount, b.customerId, b.customerJson,
                        b.customerEmail, b.orderJson, b.metadataJson, b.paymentMethodJson);
      },
      [](const ClientSessionCreate& s) {
        require(!s.amount || *s.amount >= 0);
        requireObjectOrEmpty(s.customerJson);
        requireObjectOrEmpty(s.orderJson);
        requireObjectOrEmpty(s.metadataJson);
        requireObjectOrEmpty(s.paymentMethodJson);
        // What the session would answer with is valid JSON, whatever the order sums to.
        store::ClientSession session;
        session.orderId = s.orderId;
        session.currencyCode = s.currencyCode;
        session.amount = s.amount;
        session.customerId = s.customerId;
        session.customerJson = s.customerJson;
        session.orderJson = s.orderJson;
        session.metadataJson = s.metadataJson;
        session.paymentMethodJson = s.paymentMethodJson;
        const std::string token = "ct_fuzz";
        require(sy::fuzz::requireJson(writeClientSession(session, &token)).is_object());
        const std::optional<int64_t> total = orderTotal(s.orderJson);
        require(!total || *total >= 0);
      });
}

template <class T>
auto tie(const FieldPatch<T>& p) {
  return std::tie(p.op, p.value);
}

void clientSessionPatch(std::string_view body) {
  run<ClientSessionPatch>(
      body, decodeClientSessionPatch,
      [](const ClientSessionPatch& a, const ClientSessionPatch& b) {
        return a.clientToken == b.clientToken && tie(a.orderId) == tie(b.orderId) &&
               tie(a.currencyCode) == tie(b.currencyCode) && tie(a.amount) == tie(b.amount) &&
               tie(a.customerId) == tie(b.customerId) &&
               tie(a.customerJson) == tie(b.customerJson) && tie(a.orderJson) == tie(b.orderJson) &&
               tie(a.metadataJson) == tie(b.metadataJson) &&
               tie(a.paymentMethodJson) == tie(b.paymentMethodJson);
      },
      [](const ClientSessionPatch& p) {
        require(!p.clientToken.empty());
        // Applied to a session that has every member, the result is still storable JSON.
        store::ClientSession s;
        s.orderId = "order-1";
        s.currencyCode = "EUR";
        s.amount = 100;
        s.customerId = "cust-1";
        s.customerJson = R"({"emailAddress":"a@example.com","firstName":"Ann"})";
        s.orderJson = R"({"lineItems":[{"itemId":"a","amount":100,"quantity":1}]})";
        s.metadataJson = R"({"k":"v"})";
        s.paymentMethodJson = R"({"vaultOnSuccess":false})";
        applyClientSessionPatch(s, p);
        requireObjectOrEmpty(s.customerJson);
        requireObjectOrEmpty(s.orderJson);
        requireObjectOrEmpty(s.metadataJson);
        requireObjectOrEmpty(s.paymentMethodJson);
        require(sy::fuzz::requireJson(writeClientSession(s, nullptr)).is_object());
        (void)customerEmailOf(s.customerJson);
      });
}

void tokenize(std::string_view body) {
  // A fixed "now" (2026-01-15): the expiry checks must not depend on when the fuzzer runs.
  const TimePoint now = fromMicros(1768435200000000);
  run<TokenizeRequest>(
      body, [&](std::string_view b) { return decodeTokenize(b, now); },
      [](const TokenizeRequest& a, const TokenizeRequest& b) {
        return a.number.reveal() == b.number.reveal() && a.cvv.reveal() == b.cvv.reveal() &&
               std::tie(a.card.first6, a.card.last4, a.card.expirationMonth,
                        a.card.expirationYear, a.card.cardholderName, a.card.network) ==
                   std::tie(b.card.first6, b.card.last4, b.card.expirationMonth,
                            b.card.expirationYear, b.card.cardholderName, b.card.network);
      },
      [](const TokenizeRequest& t) {
        const std::string& n = t.number.reveal();
        require(n.size() >= 12 && n.size() <= 19);
        require(n.find_first_not_of("0123456789") == std::string::npos);
        require(t.card.first6 == n.substr(0, 6) && t.card.last4 == n.substr(n.size() - 4));
        require(t.cvv.reveal().size() == 3 || t.cvv.reveal().size() == 4);
        require(t.card.expirationMonth.size() == 2 && t.card.expirationYear.size() == 4);
        require(!t.card.network.empty());
      });
}

void simulation(std::string_view body) {
  run<SimulationRequest>(
      body, decodeSimulationRequest,
      [](const SimulationRequest& a, const SimulationRequest& b) {
        return std::tie(a.version, a.from, a.to, a.limit, a.useHypothetical, a.sampleSize) ==
                   std::tie(b.version, b.from, b.to, b.limit, b.useHypothetical, b.sampleSize) &&
               a.hypothetical.size() == b.hypothetical.size();
      },
      [](const SimulationRequest& r) {
        require(r.limit >= 1);
        require(r.hypothetical.size() <= kMaxHypotheticalPayments);
        require(!r.useHypothetical || (!r.from && !r.to));
      });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 9) {
    case 0: paymentCreate(body); break;
    case 1: capture(body); break;
    case 2: cancel(body); break;
    case 3: refund(body); break;
    case 4: authorize(body); break;
    case 5: clientSessionCreate(body); break;
    case 6: clientSessionPatch(body); break;
    case 7: tokenize(body); break;
    case 8: simulation(body); break;
  }
  return 0;
}
