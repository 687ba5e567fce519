// EMVCo 3-D Secure 2 messages as the directory server emulator reads and writes them: the AReq it
// validates the way a DS does (each field's presence and format, error codes of the EMVCo Erro
// message), and the Erro it answers a bad message with. Pure; thread-safe.
//
// Erro: {"messageType":"Erro","messageVersion","threeDSServerTransID"?,"errorCode",
//        "errorComponent":"D","errorDescription","errorDetail","errorMessageType"}
//   101 message received invalid (not JSON, not an AReq)   102 message version not supported
//   201 required data element missing                     203 data element format invalid
//   301 transaction id not recognised                      304 ISO code invalid (currency)
//   305 transaction data not valid (exponent, id reused)   403 transient system failure
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace sy::sandbox::three_ds {

inline constexpr std::string_view kLatestVersion = "2.2.0";

struct ErroMessage {
  std::string errorCode;         // "201"...
  std::string errorDescription;  // EMVCo's wording of the code, plus why
  std::string errorDetail;       // the data element concerned (never its value)
  std::string messageVersion{kLatestVersion};
  std::string threeDsServerTransId;  // when known
  std::string errorMessageType = "AReq";
};

std::string erroJson(const ErroMessage& erro);

// The AReq fields the emulator uses. acctNumber is the PAN: never logged or echoed.
struct AReq {
  std::string messageVersion;
  std::string threeDsServerTransId;
  std::string acctNumber;
  std::string cardExpiryDate;  // YYMM
  int64_t purchaseAmount = 0;  // minor units
  int purchaseCurrency = 0;    // ISO 4217 numeric
  int purchaseExponent = 0;
  std::string merchantName;
  std::string notificationUrl;
  std::string cardholderName;  // optional
};

// Validates an AReq body (JSON). Required: messageType "AReq", messageVersion "2.1.0"|"2.2.0",
// threeDSServerTransID (uuid), deviceChannel "02" (browser), messageCategory "01" (payment),
// acctNumber (13-19 digits, Luhn), cardExpiryDate (YYMM), purchaseAmount (1-48 digits),
// purchaseCurrency (3 digits, a known ISO 4217 code), purchaseExponent (1 digit, the currency's),
// merchantName (1-40), notificationURL (http/https, up to 256). Checked when present:
// cardholderName (2-45), threeDSRequestorURL (http/https, up to 2048), purchaseDate
// (YYYYMMDDHHMMSS), threeDSCompInd (Y/N/U), transType (2 digits).
std::variant<AReq, ErroMessage> parseAReq(std::string_view body);

}  // namespace sy::sandbox::three_ds
