// What the subcommands share to read their arguments: --help, usage errors, --vocab.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "futurescope/trace/vocabulary.hpp"

namespace futurescope::cli {

// Prints "futurescope: MESSAGE" and the command's usage on stderr; returns 2.
int usage_error(const char *usage, const std::string &message);

// True when the arguments hold --help or -h.
[[nodiscard]] bool wants_help(const std::vector<std::string> &args);

// Takes `--vocab 01|modern` out of `args` (step and export): the words of futures 0.1 or of the
// modern Future model. Returns the exit code of a usage error.
std::optional<int>
take_vocab(std::vector<std::string> &args, trace::Vocabulary &out, const char *usage);

// scenarios/scenario.schema.json sits beside the lessons: `check scenarios/*.json` skips it.
[[nodiscard]] bool is_schema(const std::string &file);

} // namespace futurescope::cli
