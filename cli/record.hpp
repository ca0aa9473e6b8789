// A scenario run with a recorder writing into memory: what `step` and `view` show for a scenario
// file, and each half of `run --self-check`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

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

// Runs `s` with its own seed and loads the trace back; `file` names it in messages.
[[nodiscard]] trace::TraceModel record_scenario(const scenario::Scenario &s,
                                                const std::string &file);

} // namespace futurescope::cli
