// What the scenario fuzz targets share: one input through the loader, the builder and a bounded
// run with a recorder attached, then the recorded trace back through the trace loader and the
// run through check(). Bad input must give a ScenarioError, never a crash; a scenario that loads
// must run without input errors; and the trace the recorder writes must load again (DESIGN.md,
// "Scenario files" and "Trace files"). The file's name says which front end reads it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope::fuzzing {

// A file may raise its limits, and the fuzzer finds that at once: cap them so that one input
// stays within libFuzzer's per-input timeout. Huge durations still reach the timers (the cap is
// applied when a timer fires, not when it is set).
constexpr std::uint64_t max_steps_cap = 2000;
constexpr TimeNs max_time_cap_ns = TimeNs{1'000'000'000'000'000}; // about 11.6 days

inline Limits capped(Limits limits) {
    if (limits.max_steps == 0 || limits.max_steps > max_steps_cap) {
        limits.max_steps = max_steps_cap;
    }
    if (limits.max_time_ns < 0 || limits.max_time_ns > max_time_cap_ns) {
        limits.max_time_ns = max_time_cap_ns;
    }
    return limits;
}

[[noreturn]] inline void fail(const char *target, const char *what, const char *message) {
    std::fprintf(stderr, "%s: %s: %s\n", target, what, message);
    std::abort();
}

// One input, read as the file `file` (".json" or ".rs"); `target` names the fuzzer in a failure.
inline int run_scenario_input(const std::uint8_t *data,
                              std::size_t size,
                              const char *file,
                              const char *target) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    std::optional<scenario::Scenario> s;
    try {
        s.emplace(scenario::Scenario::parse(text, file));
    } catch (const scenario::ScenarioError &) {
        return 0; // the expected answer to bad input
    }
    // The last byte picks the trace encoding, so both encoders run.
    const trace::TraceFormat format = (size > 0 && (data[size - 1] & 1) != 0)
                                          ? trace::TraceFormat::cbor
                                          : trace::TraceFormat::json;
    std::unique_ptr<trace::Recorder> recorder;
    std::string bytes;
    scenario::RunOptions options;
    options.on_start = [&](Executor &ex) {
        ex.set_limits(capped(ex.limits()));
        recorder = std::make_unique<trace::Recorder>(
            ex, format, trace::ScenarioInfo{s->name(), s->file(), s->seed()});
    };
    options.on_finish = [&](Executor &, const RunReport &report) {
        recorder->finish(report);
        bytes = recorder->bytes();
        recorder.reset();
    };
    const scenario::RunOutcome outcome = s->run(options);
    (void)scenario::format_summary(outcome);
    (void)s->check(outcome);
    if (s->rejection() != nullptr) {
        return 0; // nothing ran, nothing was recorded
    }
    try {
        const trace::TraceModel model = trace::load_trace_bytes(bytes, "recorded");
        (void)model;
    } catch (const trace::TraceError &e) {
        fail(target, "the recorded trace does not load", e.what());
    }
    return 0;
}

} // namespace futurescope::fuzzing
