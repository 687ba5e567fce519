// `switchyard serve`: builds every concrete object (the one place that does), serves until SIGTERM
// or SIGINT, then shuts down gracefully: stop accepting, finish in-flight requests, close the store.
#pragma once

#include "app/config.h"

namespace sy::app {

int runServe(const Config& config);

}  // namespace sy::app
