// How the subcommands read the files they are given.
#pragma once

#include <string>

namespace futurescope::cli {

// The whole content of `path`.
[[nodiscard]] std::string read_file(const std::string &path);

} // namespace futurescope::cli
