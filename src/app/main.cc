// Switchyard: a payment orchestration server. See README.md and `switchyard help`.
#include "app/cli.h"

int main(int argc, char** argv) { return sy::app::runCli(argc, argv); }
