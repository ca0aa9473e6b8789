// The `futurescope` command line (DESIGN.md "Command line"): run, check, step, export, lessons.
// Exit codes: 0 success, 1 a run failed or an expectation did not hold, 2 bad input or usage.
//
// [SECTION] Usage
// [SECTION] run
// [SECTION] check
// [SECTION] step
// [SECTION] export and lessons
// [SECTION] main
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "futurescope/narrate/narrator.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/file_kind.hpp"
#include "futurescope/trace/trace.hpp"
#include "futurescope/viz/viewer.hpp"

namespace fs = std::filesystem;
using namespace futurescope;
using futurescope::scenario::Scenario;
using futurescope::scenario::ScenarioError;

namespace {

// [SECTION] Usage

constexpr const char *usage_text =
    "usage: futurescope <command> [options]\n"
    "\n"
    "Runs and explains futures 0.1 programs written as scenario files (see scenarios/README.md).\n"
    "\n"
    "commands:\n"
    "  run FILE [--seed N] [--trace OUT]   run a scenario and print each task's result, "
    "completion\n"
    "                                      time, polls and unparks; --trace writes the trace\n"
    "                                      (.json or .cbor); --self-check runs it twice with the\n"
    "                                      same seed and compares the traces byte for byte,\n"
    "                                      naming the first event where they differ\n"
    "  check FILE...                       run scenarios and compare them with their \"expect\"\n"
    "  step FILE [--vocab 01|modern]       step through a scenario or a trace with the narration "
    "of\n"
    "                                      each event (Enter: next event, p: next task-level "
    "poll,\n"
    "                                      c: continue to the end, q: quit); prints everything "
    "when\n"
    "                                      stdin is not a terminal; --vocab modern narrates with\n"
    "                                      Pending, Context/Waker and wake instead of NotReady,\n"
    "                                      park/unpark and Task (view and export take it too)\n"
    "  export --chrome TRACE -o OUT        write a trace as Chrome Trace Event JSON (Perfetto)\n"
    "  lessons [DIR]                       list the lessons (DIR defaults to ./scenarios)\n"
    "  view FILE [--step N] [--screenshot OUT.png] [--size WxH] [--script F] [--vocab V]\n"
    "                                      open the viewer on a scenario (run first) or a trace\n"
    "\n"
    "Every command takes --help. Exit codes: 0 success, 1 a run failed or an expectation did not\n"
    "hold, 2 bad input or usage.\n";

constexpr const char *run_usage =
    "usage: futurescope run FILE [--seed N] [--trace OUT] [--self-check]\n";
constexpr const char *check_usage = "usage: futurescope check FILE...\n";
constexpr const char *step_usage = "usage: futurescope step FILE [--vocab 01|modern]\n";
constexpr const char *export_usage =
    "usage: futurescope export --chrome TRACE -o OUT [--vocab 01|modern]\n";

// Takes `--vocab 01|modern` out of `args` (step and export): the words of futures 0.1 or of the
// modern Future model. Returns the exit code of a usage error.
std::optional<int>
take_vocab(std::vector<std::string> &args, trace::Vocabulary &out, const char *usage);
constexpr const char *lessons_usage = "usage: futurescope lessons [DIR]\n";

int usage_error(const char *usage, const std::string &message) {
    std::fprintf(stderr, "futurescope: %s\n%s", message.c_str(), usage);
    return 2;
}

bool wants_help(const std::vector<std::string> &args) {
    return std::any_of(
        args.begin(), args.end(), [](const std::string &a) { return a == "--help" || a == "-h"; });
}

// scenarios/scenario.schema.json sits beside the lessons: `check scenarios/*.json` skips it.
bool is_schema(const std::string &file) {
    constexpr std::string_view suffix = ".schema.json";
    return file.size() >= suffix.size() &&
           file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// [SECTION] run

// One run of the scenario recorded into memory: the self-check's half.
struct RecordedRun {
    scenario::RunOutcome outcome;
    std::string bytes;
    std::uint64_t events = 0;
};

RecordedRun record_run(Scenario &s, std::optional<std::uint64_t> seed, trace::TraceFormat format) {
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

// `run FILE --self-check`: the determinism check of madsim and FoundationDB. The same scenario
// and seed run twice must give byte-identical traces; if not, the first event where they part
// names the source of nondeterminism.
int run_self_check(Scenario &s,
                   std::optional<std::uint64_t> seed,
                   const std::optional<std::string> &trace_out) {
    const trace::TraceFormat format =
        trace_out ? trace::trace_format_for_path(*trace_out) : trace::TraceFormat::cbor;
    RecordedRun first = record_run(s, seed, format);
    RecordedRun second = record_run(s, seed, format);
    std::printf("%s\n\n%s", s.title().c_str(), scenario::format_summary(first.outcome).c_str());
    if (trace_out) {
        std::ofstream out(*trace_out, std::ios::binary | std::ios::trunc);
        out.write(first.bytes.data(), static_cast<std::streamsize>(first.bytes.size()));
        if (!out.flush()) {
            std::fprintf(stderr, "%s: cannot write the trace\n", trace_out->c_str());
            return 2;
        }
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

int cmd_run(const std::vector<std::string> &args) {
    if (wants_help(args)) {
        std::fputs(run_usage, stdout);
        return 0;
    }
    std::optional<std::string> file;
    std::optional<std::string> trace_out;
    std::optional<std::uint64_t> seed;
    bool self_check = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "--self-check") {
            self_check = true;
        } else if (a == "--seed" || a == "--trace") {
            if (i + 1 == args.size()) {
                return usage_error(run_usage, a + " needs a value");
            }
            const std::string &v = args[++i];
            if (a == "--trace") {
                trace_out = v;
            } else {
                char *end = nullptr;
                errno = 0;
                unsigned long long n = std::strtoull(v.c_str(), &end, 10);
                if (v.empty() || *end != '\0' || errno != 0 || v[0] == '-') {
                    return usage_error(run_usage,
                                       "--seed needs a non-negative integer, found \"" + v + "\"");
                }
                seed = n;
            }
        } else if (!a.empty() && a[0] == '-') {
            return usage_error(run_usage, "unknown option " + a);
        } else if (file) {
            return usage_error(run_usage, "one scenario at a time");
        } else {
            file = a;
        }
    }
    if (!file) {
        return usage_error(run_usage, "missing the scenario file");
    }
    try {
        Scenario s = Scenario::load(*file);
        if (const std::string *rejected = s.rejection()) {
            // Rejected before running (its expect block says so): the error is the lesson.
            std::fprintf(stderr, "%s\n", rejected->c_str());
            return 2;
        }
        if (trace_out) {
            (void)trace::trace_format_for_path(*trace_out); // a bad extension is a usage error
        }
        if (self_check) {
            return run_self_check(s, seed, trace_out);
        }
        std::unique_ptr<trace::Recorder> recorder;
        scenario::RunOptions options;
        options.seed = seed;
        options.on_start = [&](Executor &ex) {
            if (trace_out) {
                recorder = std::make_unique<trace::Recorder>(
                    ex,
                    *trace_out,
                    trace::ScenarioInfo{s.name(), s.file(), seed.value_or(s.seed())});
            }
        };
        options.on_finish = [&](Executor &, const RunReport &report) {
            if (recorder) {
                recorder->finish(report);
                recorder.reset();
            }
        };
        scenario::RunOutcome out = s.run(options);
        std::printf("%s\n\n%s", s.title().c_str(), scenario::format_summary(out).c_str());
        if (trace_out) {
            std::printf("\ntrace written to %s\n", trace_out->c_str());
        }
        return out.report.reason == StopReason::completed ? 0 : 1;
    } catch (const ScenarioError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    } catch (const trace::TraceError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
}

// [SECTION] check

int cmd_check(const std::vector<std::string> &args) {
    if (wants_help(args)) {
        std::fputs(check_usage, stdout);
        return 0;
    }
    if (args.empty()) {
        return usage_error(check_usage, "missing the scenario files");
    }
    int status = 0;
    for (const std::string &file : args) {
        if (!file.empty() && file[0] == '-') {
            return usage_error(check_usage, "unknown option " + file);
        }
    }
    for (const std::string &file : args) {
        if (is_schema(file)) {
            std::printf("skip  %s  (the JSON Schema of scenario files)\n", file.c_str());
            continue;
        }
        try {
            Scenario s = Scenario::load(file);
            scenario::RunOutcome out = s.run();
            std::vector<std::string> mismatches = s.check(out);
            if (!s.has_expect()) {
                std::printf("ok    %s  %s (no expect block)\n", file.c_str(), s.title().c_str());
            } else if (mismatches.empty()) {
                std::printf("ok    %s  %s\n", file.c_str(), s.title().c_str());
            } else {
                for (const std::string &m : mismatches) {
                    std::printf("FAIL  %s: %s\n", file.c_str(), m.c_str());
                }
                status = std::max(status, 1);
            }
            for (const scenario::DiagnosticRecord &d : out.diagnostics) {
                std::printf("      diag %s\n", scenario::format_diagnostic(d).c_str());
            }
        } catch (const ScenarioError &e) {
            std::printf("ERROR %s\n", e.what());
            status = 2;
        }
    }
    return status;
}

// [SECTION] step

std::string read_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Runs a scenario with a recorder writing to memory and loads the trace back: what `step` and
// `view` show for a scenario file.
trace::TraceModel record_scenario(Scenario &s, const std::string &file) {
    std::unique_ptr<trace::Recorder> recorder;
    std::string bytes;
    scenario::RunOptions options;
    options.on_start = [&](Executor &ex) {
        recorder = std::make_unique<trace::Recorder>(
            ex, trace::TraceFormat::json, trace::ScenarioInfo{s.name(), s.file(), s.seed()});
    };
    options.on_finish = [&](Executor &, const RunReport &report) {
        recorder->finish(report);
        bytes = recorder->bytes();
        recorder.reset();
    };
    (void)s.run(options);
    return trace::load_trace_bytes(bytes, file);
}

int cmd_step(std::vector<std::string> args) {
    if (wants_help(args)) {
        std::fputs(step_usage, stdout);
        return 0;
    }
    trace::Vocabulary vocab = trace::Vocabulary::futures01;
    if (std::optional<int> bad = take_vocab(args, vocab, step_usage)) {
        return *bad;
    }
    if (args.size() != 1 || args[0].empty() || args[0][0] == '-') {
        return usage_error(
            step_usage, args.empty() ? "missing the file" : "expected one scenario or trace file");
    }
    const std::string &file = args[0];
    trace::TraceModel model;
    std::vector<trace::Note> notes;
    std::string title;
    std::string description;
    try {
        if (trace::is_trace(trace::file_kind(file))) {
            model = trace::load_trace(file);
            title = model.scenario.name.empty() ? file : model.scenario.name;
        } else {
            Scenario s = Scenario::load(file);
            if (const std::string *rejected = s.rejection()) {
                std::fprintf(stderr, "%s\n", rejected->c_str());
                return 2;
            }
            title = s.title();
            description = s.description();
            notes = s.narration();
            model = record_scenario(s, file);
        }
    } catch (const ScenarioError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    } catch (const trace::TraceError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
    narrate::Narrator narrator(model, vocab);
    narrator.add_notes(notes);
    bool interactive = isatty(STDIN_FILENO) != 0;
    std::printf("%s\n", title.c_str());
    if (!description.empty()) {
        std::printf("\n%s\n", description.c_str());
    }
    if (interactive) {
        std::printf("\nEnter: next event · p: next task-level poll · c: continue · q: quit\n");
    }
    std::printf("\n");
    bool running = !interactive;
    bool to_poll = false;
    for (std::size_t i = 0; i < model.events.size(); ++i) {
        const trace::TraceEvent &e = model.events[i];
        if (to_poll && e.kind == trace::EventKind::poll_begin) {
            to_poll = false;
        }
        std::printf("#%-5zu %10s  %s\n", i, format_duration(e.t).c_str(), narrator.path(i).c_str());
        std::printf("         %s\n", narrator.sentence(i).c_str());
        for (const std::string &n : narrator.notes(i)) {
            std::printf("      ✎  %s\n", n.c_str());
        }
        if (running || to_poll) {
            continue;
        }
        std::fflush(stdout);
        std::string line;
        if (!std::getline(std::cin, line)) {
            running = true;
            continue;
        }
        if (line == "q") {
            return 0;
        }
        if (line == "c") {
            running = true;
        } else if (line == "p") {
            to_poll = true;
        }
    }
    std::printf("\n");
    for (const trace::TaskSummary &t : model.summary.tasks) {
        std::string result =
            t.result == trace::ResultKind::ok    ? "ok " + std::string(model.str(t.result_text))
            : t.result == trace::ResultKind::err ? "err " + std::string(model.str(t.result_text))
            : t.result == trace::ResultKind::panic
                ? "panic " + std::string(model.str(t.result_text))
                : "stuck";
        std::printf("task %s: %s, %llu polls, %llu unparks%s\n",
                    model.task_name(t.id).c_str(),
                    result.c_str(),
                    static_cast<unsigned long long>(t.polls),
                    static_cast<unsigned long long>(t.unparks),
                    t.completed_ns >= 0
                        ? (", completed at " + format_duration(t.completed_ns)).c_str()
                        : "");
    }
    return 0;
}

// [SECTION] export and lessons

std::optional<int>
take_vocab(std::vector<std::string> &args, trace::Vocabulary &out, const char *usage) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != "--vocab") {
            continue;
        }
        const auto v = i + 1 < args.size() ? trace::parse_vocabulary(args[i + 1]) : std::nullopt;
        if (!v) {
            return usage_error(usage,
                               i + 1 < args.size()
                                   ? "--vocab needs 01 or modern, found \"" + args[i + 1] + "\""
                                   : std::string("--vocab needs a value (01 or modern)"));
        }
        out = *v;
        args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
                   args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
        --i;
    }
    return std::nullopt;
}

int cmd_export(std::vector<std::string> args) {
    if (wants_help(args)) {
        std::fputs(export_usage, stdout);
        return 0;
    }
    trace::Vocabulary vocab = trace::Vocabulary::futures01;
    if (std::optional<int> bad = take_vocab(args, vocab, export_usage)) {
        return *bad;
    }
    std::optional<std::string> in;
    std::optional<std::string> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--chrome" || args[i] == "-o") {
            if (i + 1 == args.size()) {
                return usage_error(export_usage, args[i] + " needs a value");
            }
            (args[i] == "-o" ? out : in) = args[i + 1];
            ++i;
        } else {
            return usage_error(export_usage, "unexpected argument " + args[i]);
        }
    }
    if (!in || !out) {
        return usage_error(export_usage, !in ? "missing --chrome TRACE" : "missing -o OUT");
    }
    try {
        trace::TraceModel model = trace::load_trace(*in);
        trace::export_chrome(model, fs::path(*out), vocab);
    } catch (const trace::TraceError &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
    return 0;
}

int cmd_lessons(const std::vector<std::string> &args) {
    if (wants_help(args)) {
        std::fputs(lessons_usage, stdout);
        return 0;
    }
    if (args.size() > 1) {
        return usage_error(lessons_usage, "expected at most one directory");
    }
    fs::path dir = args.empty() ? fs::path("scenarios") : fs::path(args[0]);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        std::fprintf(stderr, "futurescope: %s: not a directory\n", dir.string().c_str());
        return 2;
    }
    std::vector<fs::path> files;
    for (const auto &entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".json" && !is_schema(entry.path().string())) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    int status = 0;
    for (const fs::path &f : files) {
        try {
            Scenario s = Scenario::load(f);
            std::printf("%-40s %s\n", f.string().c_str(), s.title().c_str());
        } catch (const ScenarioError &e) {
            std::printf("%-40s (cannot load: %s)\n", f.string().c_str(), e.what());
            status = 2;
        }
    }
    return status;
}

} // namespace

// [SECTION] main

int main(int argc, char **argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::fputs(usage_text, stderr);
        return 2;
    }
    std::string command = args[0];
    args.erase(args.begin());
    if (command == "--help" || command == "-h" || command == "help") {
        std::fputs(usage_text, stdout);
        return 0;
    }
    if (command == "run") {
        return cmd_run(args);
    }
    if (command == "check") {
        return cmd_check(args);
    }
    if (command == "step") {
        return cmd_step(args);
    }
    if (command == "export") {
        return cmd_export(args);
    }
    if (command == "lessons") {
        return cmd_lessons(args);
    }
    if (command == "view") {
        viz::ViewerOptions options;
        std::vector<const char *> view_args;
        for (const std::string &a : args) {
            view_args.push_back(a.c_str());
        }
        if (std::optional<int> code = viz::parse_viewer_args(
                static_cast<int>(view_args.size()), view_args.data(), options)) {
            return *code;
        }
        options.run_scenario = [](const fs::path &f, std::string &scenario_text) {
            Scenario s = Scenario::load(f);
            if (const std::string *rejected = s.rejection()) {
                // Nothing ran: the viewer shows the compiler's error instead of an empty trace.
                throw ScenarioError(*rejected);
            }
            scenario_text = read_file(f.string());
            return record_scenario(s, f.string());
        };
        return viz::run_viewer(options);
    }
    std::fprintf(stderr, "futurescope: unknown command \"%s\"\n%s", command.c_str(), usage_text);
    return 2;
}
