#include "sandbox/checkoutcom/three_ds.h"

#include <algorithm>
#include <array>

namespace sy::sandbox::checkoutcom {
namespace json = boost::json;
namespace {

bool isDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isBase64(std::string_view s) {
  if (s.empty() || s.size() % 4 != 0) return false;
  size_t pad = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '=') {
      ++pad;
      continue;
    }
    if (pad > 0) return false;  // padding only at the end
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigits({&c, 1}) ||
                    c == '+' || c == '/';
    if (!ok) return false;
  }
  return pad <= 2;
}

// "1.0.2", "2.1.0", "2.2.0": major 1 or 2, dotted digits.
bool isVersion(std::string_view v) {
  if (v.size() > 10 || v.size() < 3 || (v[0] != '1' && v[0] != '2') || v[1] != '.') return false;
  std::string_view rest = v.substr(2);
  size_t dot = rest.find('.');
  std::string_view minor = rest.substr(0, dot);
  if (!isDigits(minor)) return false;
  return dot == std::string_view::npos || isDigits(rest.substr(dot + 1));
}

// Optional string member: absent is fine; present must be a string for which `valid` holds.
bool readString(const json::object& o, std::string_view key, std::string& out,
                bool (*valid)(std::string_view)) {
  const json::value* v = o.if_contains(key);
  if (!v) return true;
  if (!v->is_string() || !valid(v->get_string())) return false;
  out = std::string(v->get_string());
  return true;
}

}  // namespace

CardEnrollment enrollmentOf(std::string_view number) {
  if (number == "5385308360135181") return CardEnrollment::kChallenge;
  if (number == "4485040371536584") return CardEnrollment::kFrictionless;
  return CardEnrollment::kNotEnrolled;
}

ThreeDsAsk readThreeDs(const json::object& body, std::vector<std::string>& errors) {
  ThreeDsAsk ask;
  const json::value* v = body.if_contains("3ds");
  if (!v) return ask;
  if (!v->is_object()) {
    errors.push_back("3ds_invalid");
    return ask;
  }
  const json::object& t = v->as_object();
  if (const json::value* e = t.if_contains("enabled")) {
    if (!e->is_bool()) errors.push_back("3ds_enabled_invalid");
    else ask.enabled = e->get_bool();
  }
  if (const json::value* n = t.if_contains("attempt_n3d")) {
    if (!n->is_bool()) errors.push_back("attempt_n3d_invalid");
    else ask.attemptN3d = n->get_bool();
  }
  if (const json::value* c = t.if_contains("challenge_indicator")) {
    static constexpr std::array<std::string_view, 4> kIndicators{
        "no_preference", "no_challenge_requested", "challenge_requested",
        "challenge_requested_mandate"};
    if (!c->is_string() || std::find(kIndicators.begin(), kIndicators.end(),
                                     std::string_view(c->get_string())) == kIndicators.end())
      errors.push_back("challenge_indicator_invalid");
  }
  // External authentication data (spec: eci and cryptogram "required if using an external MPI").
  ask.external = t.contains("eci") || t.contains("cryptogram");
  if (!readString(t, "eci", ask.eci, [](std::string_view s) {
        static constexpr std::array<std::string_view, 6> kEci{"00", "01", "02", "05", "06", "07"};
        return std::find(kEci.begin(), kEci.end(), s) != kEci.end();
      }))
    errors.push_back("eci_invalid");
  if (ask.external && !t.contains("eci")) errors.push_back("eci_invalid");
  if (ask.external && !t.contains("cryptogram")) {
    errors.push_back("cryptogram_required");
  } else if (!readString(t, "cryptogram", ask.cryptogram,
                         [](std::string_view s) { return s.size() <= 50 && isBase64(s); })) {
    errors.push_back("cryptogram_invalid");
  }
  if (!readString(t, "xid", ask.xid,
                  [](std::string_view s) { return !s.empty() && s.size() <= 100; }))
    errors.push_back("xid_invalid");
  if (!readString(t, "version", ask.version, isVersion)) errors.push_back("3ds_version_invalid");
  if (!readString(t, "status", ask.status, [](std::string_view s) {
        return s.size() == 1 && std::string_view("YAUNCRI").find(s[0]) != std::string_view::npos;
      }))
    errors.push_back("3ds_status_invalid");
  return ask;
}

std::string readUrl(const json::object& body, std::string_view field,
                    std::vector<std::string>& errors) {
  const json::value* v = body.if_contains(field);
  if (!v) return {};
  if (!v->is_string() || v->get_string().size() > 1024 ||
      !(v->get_string().starts_with("https://") || v->get_string().starts_with("http://"))) {
    errors.push_back(std::string(field) + "_invalid");
    return {};
  }
  return std::string(v->get_string());
}

}  // namespace sy::sandbox::checkoutcom
