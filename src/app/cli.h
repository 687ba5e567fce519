// The command line: `switchyard <command> [flags]`. See `switchyard help`.
#pragma once

namespace sy::app {

int runCli(int argc, char** argv);

}  // namespace sy::app
