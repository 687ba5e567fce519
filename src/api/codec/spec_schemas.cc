// Transcribed from primer-api-v2.4.openapi.yml (components/schemas). Nested objects the spec leaves
// open (no additionalProperties) are closed here on purpose: an unknown member is almost always a
// typo that would otherwise be dropped silently. Objects the spec marks additionalProperties: true
// stay open.
#include "api/codec/spec_schemas.h"

namespace sy::api::codec::spec {
namespace {
using schema::Format;
using schema::Node;
using schema::Property;
using schema::Type;

// --- Scalars ---
constexpr Node kString{.type = Type::kString};
constexpr Node kNonEmptyString{.type = Type::kString, .minLength = 1};
constexpr Node kString1to255{.type = Type::kString, .minLength = 1, .maxLength = 255};
constexpr Node kStringMax255{.type = Type::kString, .maxLength = 255};
constexpr Node kString1to1024{.type = Type::kString, .minLength = 1, .maxLength = 1024};
constexpr Node kString3to50{.type = Type::kString, .minLength = 3, .maxLength = 50};
constexpr Node kEmail{.type = Type::kString, .format = Format::kEmail};
constexpr Node kDateTime{.type = Type::kString, .format = Format::kDateTime};
constexpr Node kUri{
    .type = Type::kString, .minLength = 1, .maxLength = 1024, .format = Format::kUri};
constexpr Node kUuid{.type = Type::kString, .format = Format::kUuid};
constexpr Node kCurrency{.type = Type::kString, .format = Format::kCurrency};
constexpr Node kBoolean{.type = Type::kBoolean};
constexpr Node kInt64{.type = Type::kInteger};
constexpr Node kAmount{.type = Type::kInteger, .minimum = 0};
// Switchyard: a payment, capture or refund of 0 moves no money and is refused (the spec allows 0).
constexpr Node kPositiveAmount{.type = Type::kInteger, .minimum = 1};
constexpr Node kIntervalCount{.type = Type::kInteger, .minimum = 1};
constexpr Node kNonNegativeNumber{.type = Type::kNumber, .minimum = 0};
constexpr Node kMetadata{.type = Type::kMetadata};
constexpr Node kAnyObject{.type = Type::kAnyObject};
constexpr Node kAnything{.type = Type::kAny};

constexpr Node kCountryCode{.type = Type::kString, .enumeration = &kCountryCodeEnum};
constexpr Node kProductType{.type = Type::kString, .enumeration = &kProductTypeEnum};
constexpr Node kPaymentType{.type = Type::kString, .enumeration = &kRecurringTransactionTypeEnum};
constexpr Node kAuthorizationType{.type = Type::kString, .enumeration = &kAuthorizationTypeEnum};
constexpr Node kFirstPaymentReason{.type = Type::kString, .enumeration = &kFirstPaymentReasonEnum};
constexpr Node kIntervalUnit{.type = Type::kString, .enumeration = &kApplePayIntervalUnit};
constexpr Node kCardNetwork{.type = Type::kString, .enumeration = &kCardNetworkEnum};
constexpr Node kPaymentMethodType{.type = Type::kString, .enumeration = &kPaymentMethodTypeEnum};

// Expand: nullable array of "transactions.events".
constexpr Node kExpandItem{.type = Type::kString, .enumeration = &kExpandEnum};
constexpr Node kExpand{.type = Type::kArray, .nullable = true, .items = &kExpandItem};

// --- Customer ---
// OptionalAddressAPISchema
constexpr Property kAddressProps[] = {
    {"firstName", &kString1to255},    {"lastName", &kString1to255},
    {"addressLine1", &kString1to255}, {"addressLine2", &kStringMax255},
    {"city", &kString1to255},         {"state", &kString1to255},
    {"countryCode", &kCountryCode},   {"postalCode", &kString1to255},
};
constexpr Node kAddress{.type = Type::kObject, .properties = kAddressProps};

// CheckoutCustomerDetailsAPISchema (client sessions): names must not be empty.
constexpr Property kCheckoutCustomerProps[] = {
    {"emailAddress", &kEmail},     {"mobileNumber", &kString1to255},
    {"firstName", &kString1to255}, {"lastName", &kString1to255},
    {"billingAddress", &kAddress}, {"shippingAddress", &kAddress},
    {"taxId", &kStringMax255},     {"nationalDocumentId", &kStringMax255},
};
constexpr Node kCheckoutCustomer{.type = Type::kObject, .properties = kCheckoutCustomerProps};
constexpr Node kCheckoutCustomerPatch{
    .type = Type::kObject, .nullableMembers = true, .properties = kCheckoutCustomerProps};

// CustomerDetailsAPISchema (payments).
constexpr Property kCustomerProps[] = {
    {"emailAddress", &kEmail},     {"mobileNumber", &kStringMax255},
    {"firstName", &kStringMax255}, {"lastName", &kStringMax255},
    {"billingAddress", &kAddress}, {"shippingAddress", &kAddress},
    {"taxId", &kStringMax255},     {"nationalDocumentId", &kStringMax255},
};
constexpr Node kCustomer{.type = Type::kObject, .properties = kCustomerProps};

// --- Order ---
constexpr Property kProductDataProps[] = {
    {"sku", &kString1to255},
    {"brand", &kString1to255},
    {"color", &kString1to255},
    {"globalTradeItemNumber", &kString1to255},
    {"manufacturerPartNumber", &kString1to255},
    {"weight", &kNonNegativeNumber},
    {"weightUnit", &kString1to255},
    {"pageUrl", &kString1to1024},
};
constexpr Node kProductData{.type = Type::kObject, .properties = kProductDataProps};

constexpr Property kLineItemProps[] = {
    {"itemId", &kString1to255},     {"name", &kStringMax255},    {"description", &kStringMax255},
    {"amount", &kAmount, true},     {"quantity", &kInt64},       {"discountAmount", &kAmount},
    {"taxAmount", &kAmount},        {"taxCode", &kString1to255}, {"productType", &kProductType},
    {"productData", &kProductData},
};
constexpr Node kLineItem{.type = Type::kObject, .properties = kLineItemProps};
constexpr Node kLineItems{.type = Type::kArray, .items = &kLineItem};

constexpr Property kFeeProps[] = {
    {"amount", &kAmount, true},
    {"type", &kString1to255},
    {"description", &kString1to255},
};
constexpr Node kFee{.type = Type::kObject, .properties = kFeeProps};
constexpr Node kFees{.type = Type::kArray, .items = &kFee};

constexpr Property kShippingProps[] = {
    {"amount", &kAmount},
    {"methodId", &kString},
    {"methodName", &kString},
    {"methodDescription", &kString},
};
constexpr Node kShipping{.type = Type::kObject, .properties = kShippingProps};

constexpr Property kOrderProps[] = {
    {"lineItems", &kLineItems},
    {"countryCode", &kCountryCode},
    {"retailerCountryCode", &kCountryCode},
    {"fees", &kFees},
    {"shipping", &kShipping},
};
constexpr Node kOrder{.type = Type::kObject, .properties = kOrderProps};
constexpr Node kOrderPatch{
    .type = Type::kObject, .nullableMembers = true, .properties = kOrderProps};

// --- Checkout payment method options ---
constexpr Property kSurchargeProps[] = {{"amount", &kAmount}};
constexpr Node kSurcharge{.type = Type::kObject, .properties = kSurchargeProps};
constexpr Property kNetworkSurchargeProps[] = {{"surcharge", &kSurcharge}};
constexpr Node kNetworkSurcharge{.type = Type::kObject, .properties = kNetworkSurchargeProps};

// CheckoutPaymentMethodOptionCardNetworkAPISchema (additionalProperties: false in the spec; note
// it lists every CardNetworkEnum value but EFTPOS).
constexpr Property kCardNetworksProps[] = {
    {"AMEX", &kNetworkSurcharge},     {"CARTES_BANCAIRES", &kNetworkSurcharge},
    {"DANKORT", &kNetworkSurcharge},  {"DINERS_CLUB", &kNetworkSurcharge},
    {"DISCOVER", &kNetworkSurcharge}, {"ENROUTE", &kNetworkSurcharge},
    {"ELO", &kNetworkSurcharge},      {"HIPER", &kNetworkSurcharge},
    {"INTERAC", &kNetworkSurcharge},  {"JCB", &kNetworkSurcharge},
    {"MAESTRO", &kNetworkSurcharge},  {"MASTERCARD", &kNetworkSurcharge},
    {"MIR", &kNetworkSurcharge},      {"PRIVATE_LABEL", &kNetworkSurcharge},
    {"UNIONPAY", &kNetworkSurcharge}, {"VISA", &kNetworkSurcharge},
    {"OTHER", &kNetworkSurcharge},
};
constexpr Node kCardNetworks{.type = Type::kObject, .properties = kCardNetworksProps};

constexpr Property kCardOptionProps[] = {
    {"networks", &kCardNetworks},
    {"captureVaultedCardCvv", &kBoolean},
};
constexpr Node kCardOption{.type = Type::kObject, .properties = kCardOptionProps};

// CheckoutPaymentMethodOptionAPISchema: any other payment method type.
constexpr Property kGenericOptionProps[] = {
    {"surcharge", &kSurcharge, true},
    {"extraMerchantData", &kAnyObject},
    {"merchantName", &kString},
};
constexpr Node kGenericOption{.type = Type::kObject, .properties = kGenericOptionProps};

// Apple Pay.
constexpr Property kApplePayBillingProps[] = {
    {"label", &kString1to1024, true},          {"amount", &kAmount},
    {"recurringStartDate", &kDateTime},        {"recurringEndDate", &kDateTime},
    {"recurringIntervalUnit", &kIntervalUnit}, {"recurringIntervalCount", &kIntervalCount},
};
// ApplePayRegularBilling and ApplePayTrialBilling have the same members.
constexpr Node kApplePayBilling{.type = Type::kObject, .properties = kApplePayBillingProps};
constexpr Property kApplePayRecurringProps[] = {
    {"paymentDescription", &kString1to1024}, {"billingAgreement", &kString1to1024},
    {"managementUrl", &kUri, true},          {"regularBilling", &kApplePayBilling, true},
    {"trialBilling", &kApplePayBilling},
};
constexpr Node kApplePayRecurring{.type = Type::kObject, .properties = kApplePayRecurringProps};
constexpr Property kApplePayDeferredBillingProps[] = {
    {"label", &kString1to1024, true},
    {"amount", &kAmount},
    {"deferredPaymentDate", &kDateTime, true},
};
constexpr Node kApplePayDeferredBilling{.type = Type::kObject,
                                        .properties = kApplePayDeferredBillingProps};
constexpr Property kApplePayDeferredProps[] = {
    {"paymentDescription", &kString1to1024}, {"billingAgreement", &kString1to1024},
    {"managementUrl", &kUri, true},          {"deferredBilling", &kApplePayDeferredBilling, true},
    {"freeCancellationDate", &kDateTime},    {"freeCancellationTimeZone", &kString3to50},
};
constexpr Node kApplePayDeferred{.type = Type::kObject, .properties = kApplePayDeferredProps};
constexpr Property kApplePayReloadBillingProps[] = {
    {"label", &kString1to1024, true},
    {"amount", &kAmount},
    {"automaticReloadThresholdAmount", &kAmount, true},
};
constexpr Node kApplePayReloadBilling{.type = Type::kObject,
                                      .properties = kApplePayReloadBillingProps};
constexpr Property kApplePayReloadProps[] = {
    {"paymentDescription", &kString1to1024},
    {"billingAgreement", &kString1to1024},
    {"managementUrl", &kUri, true},
    {"automaticReloadBilling", &kApplePayReloadBilling, true},
};
constexpr Node kApplePayReload{.type = Type::kObject, .properties = kApplePayReloadProps};
constexpr Property kApplePayOptionProps[] = {
    {"merchantName", &kString1to1024},
    {"recurringPaymentRequest", &kApplePayRecurring},
    {"deferredPaymentRequest", &kApplePayDeferred},
    {"automaticReloadRequest", &kApplePayReload},
};
constexpr Node kApplePayOption{.type = Type::kObject, .properties = kApplePayOptionProps};

// `options`: keyed by PaymentMethodTypeEnum (the spec's "<PAYMENT_METHOD_TYPE>" placeholder).
constexpr Property kOptionsProps[] = {
    {"APPLE_PAY", &kApplePayOption},
    {"PAYMENT_CARD", &kCardOption},
};
constexpr Node kOptions{.type = Type::kObject,
                        .properties = kOptionsProps,
                        .items = &kGenericOption,
                        .keyEnum = &kPaymentMethodTypeEnum};

constexpr Node kCardNetworkList{.type = Type::kArray, .items = &kCardNetwork};

// CheckoutPaymentMethodOptionsAPISchema.
constexpr Property kCheckoutPaymentMethodProps[] = {
    {"vaultOnSuccess", &kBoolean},
    {"vaultOn3DS", &kBoolean},
    {"vaultOnAgreement", &kBoolean},
    {"descriptor", &kStringMax255},
    {"paymentType", &kPaymentType},
    {"orderedAllowedCardNetworks", &kCardNetworkList},
    {"options", &kOptions},
    {"authorizationType", &kAuthorizationType},
    {"firstPaymentReason", &kFirstPaymentReason},
    // Not a property in the spec, but the spec's own ClientSessionAPIRequest example sends it.
    {"paymentMethodType", &kPaymentMethodType},
};
constexpr Node kCheckoutPaymentMethod{.type = Type::kObject,
                                      .properties = kCheckoutPaymentMethodProps};

// PaymentRequestPaymentMethodOptionsAPISchema.
constexpr Property kPaymentRequestPaymentMethodProps[] = {
    {"vaultOnSuccess", &kBoolean},
    {"vaultOn3DS", &kBoolean},
    {"vaultOnAgreement", &kBoolean},
    {"descriptor", &kStringMax255},
    {"paymentType", &kPaymentType},
    {"authorizationType", &kAuthorizationType},
    {"firstPaymentReason", &kFirstPaymentReason},
};
constexpr Node kPaymentRequestPaymentMethod{.type = Type::kObject,
                                            .properties = kPaymentRequestPaymentMethodProps};

// PaymentAuthorizationRequestProcessorAPISchema; also the Switchyard `processor` of a create.
// processorMerchantId must not be empty (it names a connection).
constexpr Property kProcessorProps[] = {
    {"processorMerchantId", &kNonEmptyString, true},
    {"name", &kString},
};
constexpr Node kProcessor{.type = Type::kObject, .properties = kProcessorProps};

// --- Top-level request bodies ---
constexpr Property kClientSessionProps[] = {
    {"orderId", &kString1to255},    {"currencyCode", &kCurrency},
    {"amount", &kAmount},           {"order", &kOrder},
    {"customerId", &kString1to255}, {"customer", &kCheckoutCustomer},
    {"metadata", &kMetadata},       {"paymentMethod", &kCheckoutPaymentMethod},
};

// The update schema types orderId/customerId/currencyCode as bare strings; the create limits are
// applied anyway because the stored session is written back in ClientSessionAPIResponse, whose
// orderId/customerId have maxLength 255 and whose currencyCode is the Currency enum.
constexpr Property kClientSessionUpdateProps[] = {
    {"clientToken", &kNonEmptyString, true},
    {"customerId", &kString1to255},
    {"orderId", &kString1to255},
    {"currencyCode", &kCurrency},
    {"amount", &kAmount},
    {"metadata", &kMetadata},
    {"customer", &kCheckoutCustomerPatch},
    {"order", &kOrderPatch},
    {"paymentMethod", &kCheckoutPaymentMethod},
};

constexpr Property kPaymentCreationProps[] = {
    {"orderId", &kStringMax255},
    {"currencyCode", &kCurrency},
    {"amount", &kPositiveAmount},
    {"order", &kOrder},
    {"paymentMethodToken", &kNonEmptyString, true},
    {"customerId", &kStringMax255},
    {"customer", &kCustomer},
    {"metadata", &kMetadata},
    {"paymentMethod", &kPaymentRequestPaymentMethod},
    {"expand", &kExpand},
    // Switchyard extension: route straight to this connection instead of the default one.
    {"processor", &kProcessor},
};

constexpr Property kCaptureOrderProps[] = {{"retailerCountryCode", &kCountryCode}};
constexpr Node kCaptureOrder{.type = Type::kObject, .properties = kCaptureOrderProps};
constexpr Property kCaptureProps[] = {
    {"amount", &kPositiveAmount}, {"final", &kBoolean}, {"order", &kCaptureOrder},
    {"metadata", &kMetadata},     {"expand", &kExpand},
};

constexpr Property kCancelProps[] = {{"reason", &kString}, {"expand", &kExpand}};

constexpr Property kRefundProps[] = {
    {"amount", &kPositiveAmount},   {"orderId", &kString}, {"reason", &kString},
    {"transactionEventId", &kUuid}, {"expand", &kExpand},
};

// PaymentResumeAPIRequest (additionalProperties: false in the spec).
constexpr Property kResumeProps[] = {{"resumeToken", &kUuid, true}, {"expand", &kExpand}};

constexpr Property kAuthorizationProps[] = {
    {"processor", &kProcessor, true},
    {"expand", &kExpand},
};

// Tokenize (Switchyard). Numbers, CVVs and dates are strings so leading zeros survive.
constexpr Property kPaymentInstrumentProps[] = {
    {"number", &kString, true},         {"expirationMonth", &kString, true},
    {"expirationYear", &kString, true}, {"cvv", &kString, true},
    {"cardholderName", &kStringMax255},
};
constexpr Node kPaymentInstrument{.type = Type::kObject, .properties = kPaymentInstrumentProps};
constexpr Property kTokenizeProps[] = {{"paymentInstrument", &kPaymentInstrument, true}};

// Workflow simulation (Switchyard, docs/workflows.md "Simulation"): hypothetical payments carry
// the fields of PaymentCreationAPIRequest that workflows read, plus the card's BIN data.
constexpr std::string_view kFundingTypeValues[] = {"CHARGE",  "CREDIT",  "DEBIT",
                                                   "DEFERRED_DEBIT", "PREPAID", "UNKNOWN"};
constexpr EnumTable kFundingTypeEnum{"AccountFundingTypeEnum", kFundingTypeValues};
constexpr Node kFundingType{.type = Type::kString, .enumeration = &kFundingTypeEnum};
constexpr Property kSimulatedCardProps[] = {
    {"network", &kCardNetwork},
    {"issuerCountry", &kCountryCode},
    {"fundingType", &kFundingType},
};
constexpr Node kSimulatedCard{.type = Type::kObject, .properties = kSimulatedCardProps};
constexpr Property kSimulatedPaymentProps[] = {
    {"id", &kString1to255},
    {"amount", &kAmount, true},
    {"currencyCode", &kCurrency, true},
    {"orderId", &kStringMax255},
    {"customerId", &kStringMax255},
    {"customer", &kCustomer},
    {"order", &kOrder},
    {"metadata", &kMetadata},
    {"paymentMethod", &kPaymentRequestPaymentMethod},
    {"card", &kSimulatedCard},
};
constexpr Node kSimulatedPayment{.type = Type::kObject, .properties = kSimulatedPaymentProps};
constexpr Node kSimulatedPayments{.type = Type::kArray, .items = &kSimulatedPayment};
constexpr Node kVersionNumber{.type = Type::kInteger, .minimum = 1};
constexpr Node kSimulationLimit{.type = Type::kInteger, .minimum = 1, .maximum = 10000};
constexpr Node kSampleSize{.type = Type::kInteger, .minimum = 0, .maximum = 100};
constexpr Property kWorkflowSimulationProps[] = {
    {"version", &kVersionNumber}, {"from", &kDateTime},         {"to", &kDateTime},
    {"limit", &kSimulationLimit}, {"payments", &kSimulatedPayments}, {"sampleSize", &kSampleSize},
};

}  // namespace

constinit const Node kWorkflowSimulationRequest{.type = Type::kObject,
                                                .properties = kWorkflowSimulationProps};

// additionalProperties: false in the spec.
constinit const Node kClientSessionAPIRequest{.type = Type::kObject,
                                              .properties = kClientSessionProps};
constinit const Node kClientSessionUpdateAPIRequest{
    .type = Type::kObject, .nullableMembers = true, .properties = kClientSessionUpdateProps};
constinit const Node kPaymentCreationAPIRequest{.type = Type::kObject,
                                                .properties = kPaymentCreationProps};
constinit const Node kPaymentCaptureAPIRequest{.type = Type::kObject, .properties = kCaptureProps};
constinit const Node kPaymentCancelAPIRequest{.type = Type::kObject, .properties = kCancelProps};
constinit const Node kPaymentRefundAPIRequest{.type = Type::kObject, .properties = kRefundProps};
// The spec leaves PaymentAuthorizationAPIRequest open, so unknown top-level members are ignored.
constinit const Node kPaymentAuthorizationAPIRequest{
    .type = Type::kObject, .properties = kAuthorizationProps, .items = &kAnything};
constinit const Node kPaymentResumeAPIRequest{.type = Type::kObject, .properties = kResumeProps};
constinit const Node kTokenizeAPIRequest{.type = Type::kObject, .properties = kTokenizeProps};
// Switchyard bounds customerId to 255 characters, as the client session's.
constexpr Property kVaultPaymentMethodProps[] = {{"customerId", &kString1to255, true}};
constinit const Node kVaultPaymentMethodAPIRequest{.type = Type::kObject,
                                                   .properties = kVaultPaymentMethodProps};

}  // namespace sy::api::codec::spec
