// A scenario run with a recorder writing into memory: what `step` and `view` show for a scenario
// file, and each half of `run --self-check`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope::cli {

// One run of a scenario recorded into memory.
struct RecordedRun {
    scenario::RunOutcome outcome;
    std::string bytes; // the encoded trace
    std::uint64_t events = 0;
};

// Runs `s` (with `seed` instead of the file's when given) and keeps its trace in `format`.
[[nodiscard]] RecordedRun record_run(const scenario::Scenario &s,
                                     std::optional<std::uint64_t> seed,
                                     trace::TraceFormat format);

// A scenario's run as `step` and `view` show it: the trace loaded back, and what the program
// printed (not in the trace).
struct RecordedScenario {
    trace::TraceModel model;
    std::vector<scenario::OutputLine> output;
};

// Runs `s` with its own seed and loads the trace back; `file` names it in messages.
[[nodiscard]] RecordedScenario record_scenario(const scenario::Scenario &s,
                                               const std::string &file);

} // namespace futurescope::cli
