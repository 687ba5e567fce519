// libFuzzer target for 3-D Secure messages from outside: the answers of a directory server as
// Switchyard's 3DS Server reads them (three_ds/messages.h: ARes, RReq, Erro) and the AReq as the
// directory server emulator validates it (sandbox/three_ds/messages.h).
// Input: selector byte, HTTP status (2 bytes, big-endian, mod 600), body (fuzz/processor_response.h
// layout). Properties: a read answer is a well-formed one (its status, and per status the fields
// the engine relies on); a refused one is kUnavailable and quotes no run of 12+ digits (a card
// number); an Erro names a 3-digit code and serializes as JSON; an accepted AReq's card passes
// Luhn.
#include <cctype>

#include "fuzz/fuzz_checks.h"
#include "sandbox/card_checks.h"
#include "sandbox/three_ds/messages.h"
#include "three_ds/messages.h"

namespace {
constexpr std::string_view kId = "8a880dc0-d2d2-4067-bcb1-b08d1690b26e";

void requireNoCardNumber(const std::string& text) {
  size_t run = 0;
  for (char c : text) {
    run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
    sy::fuzz::require(run < 12);
  }
}

void requireWellFormed(const sy::three_ds::Authentication& a, bool challenged) {
  using sy::fuzz::require;
  const std::string& s = a.transStatus;
  require(s == "Y" || s == "A" || s == "N" || s == "R" || s == "U" || (s == "C" && !challenged));
  require(a.challenged == challenged);
  require(a.threeDsServerTransactionId == kId);
  if (s == "Y" || s == "A") {
    require(a.eci.size() == 2 && a.authenticationValue.reveal().size() == 28);
  } else {
    require(a.authenticationValue.empty());
  }
  if (s == "C")
    require(a.challengeUrl.starts_with("http://") || a.challengeUrl.starts_with("https://"));
}

template <class T>
void requireRefusal(const sy::Result<T>& r) {
  sy::fuzz::require(r.status().code() == sy::StatusCode::kUnavailable);
  requireNoCardNumber(r.status().message());
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const uint8_t selector = data[0];
  const unsigned status = ((unsigned{data[1]} << 8) | data[2]) % 600;
  const std::string_view body(reinterpret_cast<const char*>(data) + 3, size - 3);
  switch (selector % 3) {
    case 0: {
      auto r = sy::three_ds::readARes(status, body, kId);
      if (r) {
        sy::fuzz::require(status == 200);
        requireWellFormed(*r, false);
      } else {
        requireRefusal(r);
      }
      break;
    }
    case 1: {
      auto r = sy::three_ds::readChallengeResult(status, body, kId);
      if (!r) {
        requireRefusal(r);
      } else if (r->has_value()) {
        sy::fuzz::require(status == 200);
        requireWellFormed(**r, true);
      } else {
        sy::fuzz::require(status == 202);
      }
      break;
    }
    case 2: {
      auto parsed = sy::sandbox::three_ds::parseAReq(body);
      if (auto* e = std::get_if<sy::sandbox::three_ds::ErroMessage>(&parsed)) {
        sy::fuzz::require(e->errorCode.size() == 3);
        (void)sy::fuzz::requireJson(sy::sandbox::three_ds::erroJson(*e));
      } else {
        const auto& a = std::get<sy::sandbox::three_ds::AReq>(parsed);
        sy::fuzz::require(sy::sandbox::luhnValid(a.acctNumber));
        sy::fuzz::require(a.acctNumber.size() >= 13 && a.acctNumber.size() <= 19);
      }
      break;
    }
  }
  return 0;
}
