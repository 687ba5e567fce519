#include "api/codec/simulation_codec.h"

#include "api/codec/body_fields.h"
#include "api/codec/json_writer.h"
#include "api/codec/schema.h"
#include "api/codec/spec_schemas.h"

namespace sy::api::codec {
namespace json = boost::json;

namespace {

constexpr std::string_view kModel = "WorkflowSimulationRequest";

HypotheticalPayment hypotheticalOf(const json::object& o, size_t index) {
  HypotheticalPayment h;
  domain::Payment& p = h.payment;
  // The id seeds split buckets; a stable default keeps reruns of one batch comparable.
  p.id = fields::optString(o, "id").value_or("hypothetical-" + std::to_string(index + 1));
  p.amount = fields::optInt(o, "amount").value_or(0);
  p.currencyCode = fields::string(o, "currencyCode");
  p.orderId = fields::string(o, "orderId");
  p.customerId = fields::string(o, "customerId");
  p.customerEmail = fields::customerEmail(o);
  p.customerJson = fields::jsonText(o, "customer");
  p.orderJson = fields::jsonText(o, "order");
  p.metadataJson = fields::jsonText(o, "metadata");
  p.paymentMethodJson = fields::jsonText(o, "paymentMethod");
  if (const json::value* card = fields::find(o, "card")) {
    const json::object& c = card->get_object();
    if (auto network = fields::optString(c, "network")) {
      h.bin.network = workflows::cardNetworkFrom(*network);
      domain::CardSummary summary;
      summary.network = *network;
      p.card = summary;
    }
    if (auto country = fields::optString(c, "issuerCountry"))
      h.bin.issuerCountry = workflows::CountryCode::parse(*country);
    if (auto funding = fields::optString(c, "fundingType"))
      h.bin.fundingType = workflows::fundingTypeFrom(*funding);
  }
  return h;
}

void writeAmounts(JsonWriter& w, const workflows::AmountsByCurrency& amounts) {
  w.beginArray();
  for (const auto& [currency, amount] : amounts)
    w.beginObject().field("currencyCode", currency).field("amount", amount).endObject();
  w.endArray();
}

void writeConnectionName(JsonWriter& w, std::string_view key, const std::string& name) {
  w.key(key);
  if (name.empty()) {
    w.raw("null");
  } else {
    w.string(name);
  }
}

void writeSample(JsonWriter& w, const std::vector<workflows::SampledPayment>& sample,
                 bool withActual, bool retries, bool blocked) {
  w.key("sample").beginArray();
  for (const auto& s : sample) {
    w.beginObject();
    w.field("paymentId", s.paymentId);
    w.field("amount", s.amount);
    w.field("currencyCode", s.currency);
    w.fieldIfNotEmpty("status", s.status);
    w.field("route", s.route);
    if (withActual) writeConnectionName(w, "actualConnection", s.actualConnection);
    if (!blocked) writeConnectionName(w, "simulatedConnection", s.simulatedConnection);
    if (retries) {
      writeConnectionName(w, "declinedOn", s.actualConnection);
      w.field("declineClass", s.declineClass);
      w.field("wouldRetryOn", s.nextConnection);
    }
    if (blocked) w.field("reason", s.blockReason);
    w.endObject();
  }
  w.endArray();
}

void writeVolume(JsonWriter& w, std::string_view key,
                 const std::map<std::string, workflows::ConnectionVolume>& volume,
                 const std::string& name) {
  auto it = volume.find(name);
  w.key(key).beginObject();
  w.field("payments", it == volume.end() ? int64_t{0} : it->second.payments);
  w.key("amounts");
  writeAmounts(w, it == volume.end() ? workflows::AmountsByCurrency{} : it->second.amounts);
  w.endObject();
}

}  // namespace

Decoded<SimulationRequest> decodeSimulationRequest(std::string_view body) {
  schema::ParsedBody parsed;
  if (auto error = fields::parseAndValidate(parsed, body, spec::kWorkflowSimulationRequest, kModel,
                                            /*emptyIsObject=*/true)) {
    return std::move(*error);
  }
  const json::object& o = parsed.object();
  SimulationRequest out;
  std::vector<FieldError> errors;
  out.version = fields::optInt(o, "version");
  if (auto n = fields::optInt(o, "limit")) out.limit = static_cast<int>(*n);
  if (auto n = fields::optInt(o, "sampleSize")) out.sampleSize = static_cast<size_t>(*n);
  for (const char* key : {"from", "to"}) {
    auto text = fields::optString(o, key);
    if (!text) continue;
    auto t = parseTimestamp(*text);
    if (!t) {
      errors.push_back(
          {std::string("$.") + key, "Value must be a date-time, e.g. 2024-05-01T00:00:00Z"});
      continue;
    }
    (std::string_view(key) == "from" ? out.from : out.to) = *t;
  }
  if (out.from && out.to && *out.from > *out.to)
    errors.push_back({"$.to", "`to` must not be before `from`"});
  if (const json::value* payments = fields::find(o, "payments")) {
    out.useHypothetical = true;
    const json::array& list = payments->get_array();
    if (list.empty() || list.size() > kMaxHypotheticalPayments)
      errors.push_back({"$.payments", "Give 1 to 1000 payments"});
    for (const char* key : {"from", "to", "limit"})
      if (fields::find(o, key))
        errors.push_back({std::string("$.") + key,
                          "Simulate either posted `payments` or past ones (`from`, `to`, "
                          "`limit`), not both"});
    for (size_t i = 0; i < list.size(); ++i) {
      const json::object& p = list[i].get_object();
      if (const json::value* m = fields::find(p, "metadata"); m && m->get_object().contains(""))
        errors.push_back(
            {"$.payments[" + std::to_string(i) + "].metadata", "Metadata keys must not be empty"});
      out.hypothetical.push_back(hypotheticalOf(p, i));
    }
  }
  if (!errors.empty()) return validationError(std::string(kModel), std::move(errors));
  return out;
}

std::string writeSimulationReport(const SimulationSubject& subject,
                                  const workflows::SimulationReport& r) {
  JsonWriter w(8192);
  w.beginObject();
  w.field("workflowId", subject.workflowId);
  w.field("version", subject.version);
  w.field("versionState", subject.versionState);
  w.field("live", subject.live);
  w.field("triggerEvent", subject.triggerEvent);

  const SimulationRequest& q = *subject.request;
  w.key("source").beginObject();
  if (q.useHypothetical) {
    w.field("type", "HYPOTHETICAL_PAYMENTS");
  } else {
    w.field("type", "PAST_PAYMENTS");
    if (q.from) w.field("from", *q.from);
    if (q.to) w.field("to", *q.to);
    w.field("limit", int64_t{q.limit});
    w.field("moreInRange", subject.moreInRange);
  }
  w.endObject();

  w.key("payments").beginObject();
  w.field("evaluated", r.payments);
  w.field("notTriggered", r.notTriggered);
  w.endObject();
  w.key("actions").beginObject();
  w.field("authorize", r.authorized);
  w.field("block", r.blocked);
  w.field("capture", r.captured);
  w.field("cancel", r.cancelled);
  w.field("refund", r.refunded);
  w.field("notify", r.notified);
  w.endObject();

  w.key("routes").beginArray();
  for (const auto& b : r.blocks) {
    w.beginObject();
    w.field("blockId", b.blockId);
    w.field("type", workflows::toString(b.type));
    w.key("routes").beginArray();
    for (const auto& route : b.routes) {
      w.beginObject();
      w.field("routeId", route.id);
      w.field("default", route.isDefault);
      w.field("payments", route.payments);
      w.endObject();
    }
    w.endArray();
    w.endObject();
  }
  w.endArray();

  const bool past = !q.useHypothetical;
  // Every connection either side names, "" (none) last.
  std::vector<std::string> names;
  for (const auto* volume : {&r.simulatedVolume, &r.actualVolume})
    for (const auto& [name, _] : *volume)
      if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(name);
  std::sort(names.begin(), names.end());
  if (r.simulatedVolume.contains("") || r.actualVolume.contains("")) names.push_back("");
  w.key("connections").beginArray();
  for (const std::string& name : names) {
    w.beginObject();
    writeConnectionName(w, "connection", name);
    writeVolume(w, "simulated", r.simulatedVolume, name);
    if (past) writeVolume(w, "actual", r.actualVolume, name);
    w.endObject();
  }
  w.endArray();

  if (past) {
    w.key("routeChanges").beginObject();
    w.field("payments", r.routeChanges);
    writeSample(w, r.routeChangeSample, true, false, false);
    w.endObject();

    w.key("fallbacks").beginObject();
    w.field("refusedPayments", r.refusals);
    w.field("wouldRetry", r.retried);
    w.key("wouldRetryAmounts");
    writeAmounts(w, r.retriedAmounts);
    w.key("wouldRetryOn").beginArray();
    for (const auto& [connection, n] : r.retriedByNextConnection)
      w.beginObject().field("connection", connection).field("payments", n).endObject();
    w.endArray();
    w.key("notRetried").beginArray();
    for (const auto& [why, n] : r.notRetried)
      w.beginObject().field("reason", why).field("payments", n).endObject();
    w.endArray();
    w.field("refusedOutsidePlan", r.refusedOutsidePlan);
    writeSample(w, r.retrySample, false, true, false);
    w.endObject();
  }

  w.key("blocked").beginObject();
  w.field("payments", r.blocked);
  if (past) {
    w.field("wereAuthorized", r.blockedThatWereAuthorized);
    w.key("wereAuthorizedAmounts");
    writeAmounts(w, r.blockedAuthorizedAmounts);
  }
  writeSample(w, r.blockedSample, false, false, true);
  w.endObject();

  w.endObject();
  return w.take();
}

}  // namespace sy::api::codec
