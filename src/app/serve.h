// `switchyard serve`: builds every concrete object (the one place that does), serves until SIGTERM
// or SIGINT, then shuts down gracefully: stop accepting, finish in-flight requests, close the store.
#pragma once

#include "app/config.h"

namespace sy::app {

// Takes its own copy of the configuration: --demo fills in what it starts itself
// (three_ds_directory_url).
int runServe(Config config);

}  // namespace sy::app
