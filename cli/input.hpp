// How the subcommands read the files they are given: one bounded reader for every file, and the
// kind of each file told by its content (trace::file_kind_of), never by its name.
//
// The reader refuses what is not a regular file (a FIFO would block, /dev/zero never ends) and
// stops at the limit of the file's kind while it reads: 16 MiB for a scenario
// (scenario::max_file_bytes), 4 GiB for a trace (trace::max_trace_file_bytes).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/file_kind.hpp"
#include "futurescope/trace/trace_model.hpp"

namespace futurescope::cli {

// A file could not be read, or is not the kind the command takes. One line that names the file;
// the command exits with code 2:
//   FILE: cannot read the file: it is a FIFO, not a regular file
//   FILE: the file is larger than 16 MiB
//   FILE is a trace, not a scenario (use step, view or export)
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A file read whole.
struct Input {
    std::string file; // as the command line named it
    trace::FileKind kind = trace::FileKind::other;
    std::string bytes;
};

// Reads `file`; InputError when it cannot be read, is not a regular file or is over its limit.
[[nodiscard]] Input read_input(const std::string &file);

// Checks what read_input checks (a regular file within its kind's limit) and reads only the head:
// for `view`, whose viewer reads the file itself. Returns the file's kind.
trace::FileKind check_input(const std::string &file);

// The scenario in `in`: InputError when it is a trace, ScenarioError when it does not load.
[[nodiscard]] scenario::Scenario scenario_of(const Input &in);
// The trace in `in`: InputError when it is not a trace, TraceError when it does not load.
[[nodiscard]] trace::TraceModel trace_of(const Input &in);

// The bytes of `path` (read_input): the scenario text the viewer shows beside the timeline.
[[nodiscard]] std::string read_file(const std::string &path);

} // namespace futurescope::cli
