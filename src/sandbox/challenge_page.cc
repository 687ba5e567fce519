#include "sandbox/challenge_page.h"

#include <cctype>

#include "common/money.h"

namespace sy::sandbox {
namespace {

std::string escapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

http::Response html(unsigned status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.contentType = "text/html; charset=utf-8";
  // No script and no outside resources; framing is allowed on purpose (the checkout's dialog).
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; form-action *");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

constexpr std::string_view kStyle =
    "<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d2330}"
    "button{font-size:1rem;padding:.6rem 1rem;margin:.3rem .5rem .3rem 0;border-radius:6px;"
    "border:1px solid #445}button:focus{outline:3px solid #3b6cff;outline-offset:2px}"
    ".approve{background:#1f7a3a;color:#fff}.refuse{background:#fff;color:#a11}</style>";

}  // namespace

std::string displayAmount(int64_t amount, std::string_view currency) {
  std::string code;
  for (char c : currency) code.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  const auto cur = findCurrency(code);
  const int exponent = cur ? cur->exponent : 2;
  std::string digits = std::to_string(amount < 0 ? -amount : amount);
  if (exponent > 0) {
    while (static_cast<int>(digits.size()) <= exponent) digits.insert(0, "0");
    digits.insert(digits.size() - exponent, ".");
  }
  return (amount < 0 ? "-" : "") + digits + " " + code;
}

http::Response challengePage(const ChallengeView& v) {
  std::string b = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<title>3-D Secure authentication</title>";
  b += kStyle;
  b += "</head><body><main><h1>Authenticate your payment</h1><p>";
  b += escapeHtml(v.processor);
  b += " test bank: confirm the payment of <strong>" + escapeHtml(v.amount) +
       "</strong> with the card ending in <strong>" + escapeHtml(v.last4) + "</strong>.</p>";
  b += "<form method=\"post\" action=\"" + escapeHtml(v.action) + "\">";
  b += "<button class=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">"
       "Complete authentication</button>";
  b += "<button class=\"refuse\" type=\"submit\" name=\"decision\" value=\"refuse\">"
       "Fail authentication</button></form></main></body></html>";
  return html(200, std::move(b));
}

std::optional<bool> challengeApproved(std::string_view body) {
  if (body == "decision=approve") return true;
  if (body == "decision=refuse") return false;
  return std::nullopt;
}

http::Response challengeFinished(std::string_view returnUrl, bool approved) {
  if (!returnUrl.empty()) {
    http::Response r = html(303, "");
    r.headers.emplace_back("Location", std::string(returnUrl));
    return r;
  }
  return html(200, std::string("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                               "<title>3-D Secure</title></head><body><p>Authentication ") +
                       (approved ? "completed" : "failed") + ".</p></body></html>");
}

http::Response challengeNotFound() {
  return html(404, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>3-D "
                   "Secure</title></head><body><p>No such challenge.</p></body></html>");
}

}  // namespace sy::sandbox
