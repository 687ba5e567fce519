// 3-D Secure at the Adyen emulator, the pure parts: which of Adyen's published 3DS2 test cards
// challenge or authenticate frictionless, the checks on external ("MPI") 3-D Secure data, and the
// 3-D Secure keys the emulator puts into a payment's additionalData (docs/three_d_secure.md,
// "Emulator test cards"). No state; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace sy::sandbox::adyen {

// Adyen's 3DS2 test cards (docs.adyen.com/development-resources/testing/3d-secure-2-authentication)
// as the emulator plays them.
enum class ThreeDsCard {
  kNotEnrolled,   // any other card: authorised without 3-D Secure, even when asked
  kChallenge,     // 5454 5454 5454 5454 (Mastercard), 4212 3456 7890 1237 (Visa, the spec's
                  // 3-D Secure redirect example): the issuer
                  // always challenges; refused 38 "Authentication required" when not attempted
  kFrictionless,  // 5201 2815 0512 9736 (Mastercard): authenticated without a challenge when
                  // asked; authorised without 3-D Secure otherwise
};
ThreeDsCard threeDsCardFor(std::string_view number);

// PaymentRequest.mpiData (ThreeDSecureData) as the emulator accepts it.
struct MpiData {
  std::string transStatus;  // authenticationResponse (after a challenge), else directoryResponse
  std::string eci;
  std::string cavv;
  std::string dsTransId;
  std::string version;
  bool challenged = false;  // authenticationResponse present: the RReq of a challenge
};
// The mpiData object checked as Adyen validates it: `error` says what is wrong (the message of a
// 422), otherwise `data` is set. Rules: directoryResponse (ARes transStatus) is required and one
// of A C D I N R U Y; authenticationResponse (RReq transStatus), when given, one of Y N U A and
// only after directoryResponse C or D; eci two digits; cavv non-empty base64 for Y and A;
// threeDSVersion 2.x with dsTransID for 3-D Secure 2; no members outside ThreeDSecureData.
struct MpiCheck {
  std::optional<MpiData> data;
  std::string error;
};
MpiCheck checkMpiData(const boost::json::value& mpi);
// Y (authenticated) and A (attempted) are what an issuer authorises with a liability shift.
bool mpiAuthenticates(const MpiData& mpi);

// The 3-D Secure facts of an authorised or refused payment, as Adyen reports them in
// additionalData: threeDOffered, threeDAuthenticated, threeDOfferedResponse,
// threeDAuthenticatedResponse, liabilityShift, eci, cavv, threeDSVersion, dsTransID.
struct ThreeDsFacts {
  bool authenticated = false;
  std::string transStatus;  // Y, A, N...
  std::string eci;
  std::string cavv;
  std::string version = "2.2.0";
  std::string dsTransId;
};
void addThreeDsFacts(boost::json::object& additionalData, const ThreeDsFacts& facts);
// The facts the emulated issuer produces for a card it authenticated itself (frictionless or
// after the challenge), for a card of `brand` (card_checks.h): ECI 02 (mastercard) or 05 (others), a random CAVV and DS transaction id.
ThreeDsFacts issuerAuthentication(std::string_view brand, bool authenticated);

}  // namespace sy::sandbox::adyen
