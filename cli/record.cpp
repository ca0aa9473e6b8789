#include "record.hpp"

#include <memory>
#include <utility>

namespace futurescope::cli {

RecordedRun record_run(const scenario::Scenario &s,
                       std::optional<std::uint64_t> seed,
                       trace::TraceFormat format) {
    RecordedRun run;
    std::unique_ptr<trace::Recorder> recorder;
    scenario::RunOptions options;
    options.seed = seed;
    options.on_start = [&](Executor &ex) {
        recorder = std::make_unique<trace::Recorder>(
            ex, format, trace::ScenarioInfo{s.name(), s.file(), seed.value_or(s.seed())});
    };
    options.on_finish = [&](Executor &, const RunReport &report) {
        recorder->finish(report);
        run.bytes = recorder->bytes();
        run.events = recorder->event_count();
        recorder.reset();
    };
    run.outcome = s.run(options);
    return run;
}

RecordedScenario record_scenario(const scenario::Scenario &s, const std::string &file) {
    RecordedRun run = record_run(s, std::nullopt, trace::TraceFormat::json);
    return {trace::load_trace_bytes(run.bytes, file), std::move(run.outcome.output)};
}

} // namespace futurescope::cli
