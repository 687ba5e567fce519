// Payment instruments (Primer "Payment Methods API"): the body of
// POST /payment-instruments/{token}/vault and the MerchantPaymentMethodTokenAPIResponse of every
// /payment-instruments endpoint.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/codec/validation.h"
#include "store/records.h"

namespace sy::api::codec {

// VaultPaymentMethodAPIRequest: {"customerId": 1-255 characters}, nothing else.
Decoded<std::string> decodeVaultRequest(std::string_view body);

// MerchantPaymentMethodTokenAPIResponse: createdAt, deleted (+ deletedAt), token, tokenType
// MULTI_USE, analyticsId (the token), paymentMethodType PAYMENT_CARD, paymentMethodData (the card:
// first 6 / last 4, expiry, holder, network, binData), customerId, default.
std::string writeInstrument(const store::CardToken& t);
// MerchantPaymentMethodTokenListAPIResponse: {"data": [...]}.
std::string writeInstrumentList(const std::vector<store::CardToken>& list);

}  // namespace sy::api::codec
