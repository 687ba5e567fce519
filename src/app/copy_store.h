// `switchyard copy-store --from URL --to URL`: moves a merchant's data to another store (typically
// the embedded SQLite database into PostgreSQL, when one machine is no longer enough). Creates and
// migrates the target, refuses one that holds data, copies every table in one target transaction
// with a progress line on stderr, then verifies each table (row count and checksum) on both sides.
// Stop every server using the source first: writes made during the copy would not be copied.
#pragma once

#include <string>

namespace sy::app {

// Returns the process exit status: 0 when copied and verified, 1 on any failure or mismatch (with
// a message on stderr that never shows a password).
int runCopyStore(const std::string& fromUrl, const std::string& toUrl);

}  // namespace sy::app
