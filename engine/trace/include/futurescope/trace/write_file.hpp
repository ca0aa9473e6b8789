// Writing a whole file so that it is never lost: the bytes go to a temporary file beside the
// target, which is renamed over it only once every byte is written. A full disk or a failed write
// leaves the previous file as it was and no temporary behind. The recorder and the Chrome export
// write their files the same way.
#pragma once

#include <filesystem>
#include <string_view>

namespace futurescope::trace {

// Writes `bytes` to `path` atomically. Throws TraceError naming `path` and the cause:
//   out/prev.cbor: cannot create the file: Permission denied
//   out/prev.cbor: cannot write the file: No space left on device
void write_file_atomically(const std::filesystem::path &path, std::string_view bytes);

} // namespace futurescope::trace
