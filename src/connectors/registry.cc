#include "connectors/connector.h"

namespace sy::connectors {

void ConnectorRegistry::add(std::unique_ptr<Connector> connector) {
  connectors_.push_back(std::move(connector));
}

Connector* ConnectorRegistry::find(std::string_view processorName) const {
  for (const auto& c : connectors_)
    if (c->processorName() == processorName) return c.get();
  return nullptr;
}

std::vector<std::string> ConnectorRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& c : connectors_) out.emplace_back(c->processorName());
  return out;
}

}  // namespace sy::connectors
