// `futurescope run FILE`: runs a scenario and prints each task's result; --trace writes the trace
// and --self-check runs it twice and compares the traces byte for byte.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/trace.hpp"
#include "futurescope/trace/write_file.hpp"
#include "input.hpp"
#include "record.hpp"

namespace futurescope::cli {

using scenario::Scenario;
using scenario::ScenarioError;

namespace {

constexpr const char *run_usage =
    "usage: futurescope run FILE [--seed N] [--trace OUT] [--self-check]\n";

// " at event #12 (seq 12): t=30000000 exit … vs t=30000000 exit …" for an event, else ": " and the
// library's one line: what `run --self-check` prints after "traces differ".
std::string divergence_text(const trace::Divergence &d) {
    if (d.place != trace::Divergence::Place::event) {
        return ": " + trace::to_string(d);
    }
    auto side = [](const trace::Divergence::Side &s) {
        return "t=" + std::to_string(s.t.value_or(0)) + " " + s.description;
    };
    const std::string seq = std::to_string(d.index);
    return " at event #" + seq + " (seq " + seq + "): " + side(d.a) + " vs " + side(d.b);
}

// Each task's state at the end of the run, as the trace library's one rule names it (so that
// `step` and the viewer, which read the trace, say the same): a parked task of a run that went
// idle is stuck, a daemon stays parked.
std::vector<std::string> end_states(const scenario::RunOutcome &out) {
    std::vector<std::string> states;
    for (const TaskView &t : out.tasks) {
        trace::TaskPhase phase = t.state == TaskState::queued    ? trace::TaskPhase::queued
                                 : t.state == TaskState::parked  ? trace::TaskPhase::parked
                                 : t.state == TaskState::running ? trace::TaskPhase::running
                                                                 : trace::TaskPhase::completed;
        phase = trace::phase_at_end(phase, t.daemon, to_string(out.report.reason));
        states.emplace_back(trace::to_string(phase));
    }
    return states;
}

// The run's title and summary table.
void print_summary(const Scenario &s, const scenario::RunOutcome &out) {
    std::printf(
        "%s\n\n%s", s.title().c_str(), scenario::format_summary(out, end_states(out)).c_str());
}

// `run FILE --self-check`: the determinism check of madsim and FoundationDB. The same scenario
// and seed run twice must give byte-identical traces; if not, the first event where they part
// names the source of nondeterminism.
int run_self_check(const Scenario &s,
                   std::optional<std::uint64_t> seed,
                   const std::optional<std::string> &trace_out) {
    const trace::TraceFormat format =
        trace_out ? trace::trace_format_for_path(*trace_out) : trace::TraceFormat::cbor;
    RecordedRun first = record_run(s, seed, format);
    RecordedRun second = record_run(s, seed, format);
    print_summary(s, first.outcome);
    if (trace_out) {
        // Through a temporary file, as `run --trace` writes: a failed write keeps the old trace.
        trace::write_file_atomically(*trace_out, first.bytes);
        std::printf("\ntrace written to %s\n", trace_out->c_str());
    }
    if (first.bytes == second.bytes) {
        std::printf("\nself-check: 2 runs, %llu events, byte-identical\n",
                    static_cast<unsigned long long>(first.events));
        return first.outcome.report.reason == StopReason::completed ? 0 : 1;
    }
    std::optional<trace::Divergence> d =
        trace::first_divergence(trace::load_trace_bytes(first.bytes, "run 1"),
                                trace::load_trace_bytes(second.bytes, "run 2"));
    if (d) {
        std::printf("\nself-check: traces differ%s\n", divergence_text(*d).c_str());
    } else {
        const auto at = std::mismatch(
            first.bytes.begin(), first.bytes.end(), second.bytes.begin(), second.bytes.end());
        std::printf("\nself-check: traces differ at byte %lld but hold the same events\n",
                    static_cast<long long>(at.first - first.bytes.begin()));
    }
    return 1;
}

// What `run` was asked to do.
struct RunArgs {
    std::string file;
    std::optional<std::string> trace_out;
    std::optional<std::uint64_t> seed;
    bool self_check = false;
};

// "--seed N": a non-negative decimal integer.
std::optional<std::uint64_t> parse_seed(const std::string &v) {
    char *end = nullptr;
    errno = 0;
    unsigned long long n = std::strtoull(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || errno != 0 || v[0] == '-') {
        return std::nullopt;
    }
    return n;
}

// Returns the exit code of a usage error.
std::optional<int> parse_run_args(const std::vector<std::string> &args, RunArgs &out) {
    bool have_file = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "--self-check") {
            out.self_check = true;
        } else if (a == "--seed" || a == "--trace") {
            if (i + 1 == args.size()) {
                return usage_error(run_usage, a + " needs a value");
            }
            const std::string &v = args[++i];
            if (a == "--trace") {
                out.trace_out = v;
            } else if (!(out.seed = parse_seed(v))) {
                return usage_error(run_usage,
                                   "--seed needs a non-negative integer, found \"" + v + "\"");
            }
        } else if (!a.empty() && a[0] == '-') {
            return usage_error(run_usage, "unknown option " + a);
        } else if (have_file) {
            return usage_error(run_usage, "one scenario at a time");
        } else {
            out.file = a;
            have_file = true;
        }
    }
    if (!have_file) {
        return usage_error(run_usage, "missing the scenario file");
    }
    return std::nullopt;
}

// One run, its trace written as it happens when --trace asks for it.
int run_once(const Scenario &s, const RunArgs &run) {
    std::unique_ptr<trace::Recorder> recorder;
    scenario::RunOptions options;
    options.seed = run.seed;
    options.on_start = [&](Executor &ex) {
        if (run.trace_out) {
            recorder = std::make_unique<trace::Recorder>(
                ex,
                *run.trace_out,
                trace::ScenarioInfo{s.name(), s.file(), run.seed.value_or(s.seed())});
        }
    };
    // A failed write must not unwind through the run: the executor still holds futures whose
    // drop reaches observers that unwinding would already have destroyed. It is kept for after.
    std::exception_ptr write_failed;
    options.on_finish = [&](Executor &, const RunReport &report) {
        if (recorder) {
            try {
                recorder->finish(report);
            } catch (const trace::TraceError &) {
                write_failed = std::current_exception();
            }
            recorder.reset();
        }
    };
    scenario::RunOutcome out = s.run(options);
    print_summary(s, out);
    if (write_failed) {
        std::fflush(stdout);
        std::rethrow_exception(write_failed);
    }
    if (run.trace_out) {
        std::printf("\ntrace written to %s\n", run.trace_out->c_str());
    }
    return out.report.reason == StopReason::completed ? 0 : 1;
}

} // namespace

int cmd_run(const std::vector<std::string> &args) {
    if (wants_help(args)) {
        std::fputs(run_usage, stdout);
        return 0;
    }
    RunArgs run;
    if (std::optional<int> bad = parse_run_args(args, run)) {
        return *bad;
    }
    try {
        Scenario s = scenario_of(read_input(run.file));
        if (const std::string *rejected = s.rejection()) {
            // Rejected before running (its expect block says so): the error is the lesson.
            std::fprintf(stderr, "%s\n", rejected->c_str());
            return 2;
        }
        if (run.trace_out) {
            (void)trace::trace_format_for_path(*run.trace_out); // a bad extension is a usage error
        }
        return run.self_check ? run_self_check(s, run.seed, run.trace_out) : run_once(s, run);
    } catch (const ScenarioError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    } catch (const trace::TraceError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    } catch (const InputError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
}

} // namespace futurescope::cli
