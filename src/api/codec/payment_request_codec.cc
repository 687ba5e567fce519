#include "api/codec/payment_request_codec.h"

#include "api/codec/body_fields.h"
#include "api/codec/schema.h"
#include "api/codec/spec_enums.h"
#include "api/codec/spec_schemas.h"

namespace sy::api::codec {
namespace json = boost::json;

namespace {

ProcessorRef processorOf(const json::object& processor) {
  return ProcessorRef{fields::string(processor, "processorMerchantId"),
                      fields::string(processor, "name")};
}

}  // namespace

Decoded<PaymentCreate> decodePaymentCreate(std::string_view body) {
  schema::ParsedBody parsed;
  if (auto error = fields::parseAndValidate(parsed, body, spec::kPaymentCreationAPIRequest,
                                            "PaymentCreationAPIRequest")) {
    return std::move(*error);
  }
  const json::object& o = parsed.object();
  if (fields::metadataHasEmptyKey(o)) return metadataEmptyKey();

  PaymentCreate out;
  out.paymentMethodToken = fields::string(o, "paymentMethodToken");
  out.orderId = fields::optString(o, "orderId");
  out.currencyCode = fields::optString(o, "currencyCode");
  out.amount = fields::optInt(o, "amount");
  out.customerId = fields::optString(o, "customerId");
  out.customerJson = fields::jsonText(o, "customer");
  out.customerEmail = fields::customerEmail(o);
  out.orderJson = fields::jsonText(o, "order");
  out.metadataJson = fields::jsonText(o, "metadata");
  out.paymentMethodJson = fields::jsonText(o, "paymentMethod");
  if (const json::value* pm = fields::find(o, "paymentMethod")) {
    out.vaultOnSuccess = fields::optBool(pm->get_object(), "vaultOnSuccess").value_or(false);
  }
  if (const json::value* processor = fields::find(o, "processor")) {
    out.processor = processorOf(processor->get_object());
  }
  out.expandEvents = fields::expandsEvents(o);
  return out;
}

Decoded<PaymentCapture> decodeCapture(std::string_view body) {
  schema::ParsedBody parsed;
  if (auto error = fields::parseAndValidate(parsed, body, spec::kPaymentCaptureAPIRequest,
                                            "PaymentCaptureAPIRequest", /*emptyIsObject=*/true)) {
    return std::move(*error);
  }
  const json::object& o = parsed.object();
  if (fields::metadataHasEmptyKey(o)) return metadataEmptyKey();

  PaymentCapture out;
  out.amount = fields::optInt(o, "amount");
  out.final = fields::optBool(o, "final").value_or(true);
  out.metadataJson = fields::jsonText(o, "metadata");
  if (const json::value* order = fields::find(o, "order")) {
    out.retailerCountryCode = fields::string(order->get_object(), "retailerCountryCode");
  }
  out.expandEvents = fields::expandsEvents(o);
  return out;
}

Decoded<PaymentCancel> decodeCancel(std::string_view body) {
  schema::ParsedBody parsed;
  if (auto error = fields::parseAndValidate(parsed, body, spec::kPaymentCancelAPIRequest,
                                            "PaymentCancelAPIRequest", /*emptyIsObject=*/true)) {
    return std::move(*error);
  }
  const json::object& o = parsed.object();
  return PaymentCancel{fields::string(o, "reason"), fields::expandsEvents(o)};
}

Decoded<PaymentRefund> decodeRefund(std::string_view body) {
  schema::ParsedBody parsed;
  if (auto error = fields::parseAndValidate(parsed, body, spec::kPaymentRefundAPIRequest,
                                            "PaymentRefundAPIRequest", /*emptyIsObject=*/true)) {
    return std::move(*error);
  }
  const json::object& o = parsed.object();
  PaymentRefund out;
  out.amount = fields::optInt(o, "amount");
  out.orderId = fields::string(o, "orderId");
  out.reason = fields::string(o, "reason");
  out.transactionEventId = fields::string(o, "transactionEventId");
  out.expandEvents = fields::expandsEvents(o);
  return out;
}

Decoded<PaymentAuthorize> decodeAuthorize(std::string_view body) {
  schema::ParsedBody parsed;
  if (auto error = fields::parseAndValidate(parsed, body, spec::kPaymentAuthorizationAPIRequest,
                                            "PaymentAuthorizationAPIRequest")) {
    return std::move(*error);
  }
  const json::object& o = parsed.object();
  return PaymentAuthorize{processorOf(fields::find(o, "processor")->get_object()),
                          fields::expandsEvents(o)};
}

Decoded<PaymentResume> decodeResume(std::string_view body) {
  schema::ParsedBody parsed;
  if (auto error = fields::parseAndValidate(parsed, body, spec::kPaymentResumeAPIRequest,
                                            "PaymentResumeAPIRequest")) {
    return std::move(*error);
  }
  const json::object& o = parsed.object();
  return PaymentResume{fields::string(o, "resumeToken"), fields::expandsEvents(o)};
}

Decoded<bool> decodeExpandQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  bool events = false;
  for (const auto& [name, value] : query) {
    if (name != "expand") continue;
    std::string_view rest = value;
    while (true) {
      size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      if (!item.empty()) {
        if (!kExpandEnum.contains(item)) {
          return validationError("GetPaymentQuery",
                                 {{"$.expand", "Value must be one of: transactions.events"}});
        }
        events = true;
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return events;
}

}  // namespace sy::api::codec
