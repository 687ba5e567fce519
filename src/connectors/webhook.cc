#include "connectors/webhook.h"

#include <algorithm>
#include <cctype>

namespace sy::connectors {

std::optional<std::string_view> InboundWebhook::header(std::string_view name) const {
  auto sameName = [name](const std::pair<std::string, std::string>& h) {
    return std::equal(h.first.begin(), h.first.end(), name.begin(), name.end(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) ==
             std::tolower(static_cast<unsigned char>(b));
    });
  };
  auto it = std::find_if(headers.begin(), headers.end(), sameName);
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::string_view toString(WebhookEventKind kind) {
  switch (kind) {
    case WebhookEventKind::kAuthorization:
      return "AUTHORIZATION";
    case WebhookEventKind::kCapture:
      return "CAPTURE";
    case WebhookEventKind::kCancel:
      return "CANCEL";
    case WebhookEventKind::kRefund:
      return "REFUND";
    case WebhookEventKind::kChargeback:
      return "CHARGEBACK";
    case WebhookEventKind::kCancelOrRefund:
      return "CANCEL_OR_REFUND";
    case WebhookEventKind::kOther:
      return "OTHER";
  }
  return "OTHER";
}

}  // namespace sy::connectors
