#include "api/workflow_documents.h"

#include <boost/json/parse.hpp>
#include <charconv>

#include "store/awaitable.h"
#include "workflows/compiled_workflow.h"

namespace sy::api {
namespace {

constexpr std::string_view kModel = "WorkflowDocument";

std::vector<codec::FieldError> fieldErrors(const workflows::WorkflowErrors& errors) {
  std::vector<codec::FieldError> out;
  out.reserve(errors.size());
  for (const auto& e : errors) out.push_back({e.path, e.description});
  return out;
}

}  // namespace

codec::Decoded<CheckedDocument> checkWorkflowDocument(
    std::string_view body, const std::vector<std::string>& connections,
    std::optional<std::string_view> fixedTrigger) {
  // Not JSON at all is the request's fault in the API's usual way (400), not the document's.
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object())
    return codec::malformedJson("The request body must be a workflow document (a JSON object)");

  workflows::Checked<workflows::WorkflowDocument> doc = workflows::parseWorkflowDocument(body);
  if (!doc) return codec::validationError(std::string(kModel), fieldErrors(doc.errors()));
  workflows::Checked<workflows::CompiledWorkflow> compiled =
      workflows::CompiledWorkflow::compile(doc.value(), connections);
  std::vector<codec::FieldError> errors;
  if (!compiled) errors = fieldErrors(compiled.errors());
  CheckedDocument out{doc->name, std::string(workflows::toString(doc->trigger.event))};
  if (fixedTrigger && *fixedTrigger != out.triggerEvent)
    errors.push_back({"$.trigger.event",
                      "A workflow's trigger event is set when it is created: this "
                      "workflow runs on " +
                          std::string(*fixedTrigger) + "; create another workflow for " +
                          out.triggerEvent});
  if (!errors.empty()) return codec::validationError(std::string(kModel), std::move(errors));
  return out;
}

Result<std::vector<std::string>> connectionNamesIn(store::ReadTx& tx,
                                                   const std::string& merchantId) {
  Result<std::vector<store::Connection>> conns = tx.listConnections(merchantId);
  if (!conns.isOk()) return conns.status();
  std::vector<std::string> names;
  for (const auto& c : *conns) names.push_back(c.processorMerchantId);
  return names;
}

boost::asio::awaitable<Result<std::vector<std::string>>> connectionNames(store::Store& store,
                                                                         std::string merchantId) {
  Result<std::vector<std::string>> names = internalError("not read");
  co_await store::read(store,
                       [&](store::ReadTx& tx) { names = connectionNamesIn(tx, merchantId); });
  co_return names;
}

codec::Decoded<int64_t> parseVersionNumber(std::string_view text) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1)
    return codec::validationError("WorkflowVersionPath",
                                  {{"$.version", "A version is an integer of at least 1"}});
  return n;
}

}  // namespace sy::api
