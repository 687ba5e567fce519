// POST /checkout/tokenize (Switchyard): the card a client sends with its client token, and the
// single-use token returned for it. See docs/api.md.
//
// Card numbers and CVVs never appear in an error description (the messages are fixed strings) and
// leave the decoder only inside sy::SecretString.
#pragma once

#include <string>
#include <string_view>

#include "api/codec/validation.h"
#include "common/clock.h"
#include "common/secret.h"
#include "domain/payment.h"
#include "store/records.h"

namespace sy::api::codec {

struct TokenizeRequest {
  SecretString number;  // digits only (spaces stripped), Luhn-valid, length valid for the network
  SecretString cvv;     // 3 digits, 4 for AMEX
  // first6/last4, expirationMonth "01".."12", expirationYear "2030", cardholderName, network
  // (CardNetworkEnum name).
  domain::CardSummary card;
};

// `{"paymentInstrument": {"number", "expirationMonth", "expirationYear", "cvv",
// "cardholderName"?}}`
// - number: digits, spaces allowed and stripped; 12-19 digits; Luhn; a supported network
//   (card_rules.h) and a length valid for it;
// - expirationMonth: "1".."12" or "01".."12", normalized to two digits;
// - expirationYear: "2030" or "30" (read as 2030);
// - the card must not have expired before the month of `now` (UTC);
// - cvv: digits, 4 for AMEX, 3 for other networks (3 or 4 while the number is invalid);
// - cardholderName: optional, at most 255 characters.
// Errors (model "TokenizeAPIRequest") are at $.paymentInstrument.number, .expirationMonth,
// .expirationYear, .cvv, .cardholderName. The copies of the number and CVV inside the parsed body
// are wiped before returning.
Decoded<TokenizeRequest> decodeTokenize(std::string_view body, TimePoint now);

// 200 body: {"token", "tokenType", "paymentInstrumentType": "PAYMENT_CARD",
// "paymentInstrumentData": {"first6Digits", "last4Digits", "expirationMonth", "expirationYear",
// "cardholderName"?, "network"}, "expiresAt"}.
std::string writeTokenizeResponse(const store::CardToken& token);

}  // namespace sy::api::codec
