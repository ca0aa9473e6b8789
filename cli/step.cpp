// `futurescope step FILE`: steps through a scenario or a trace in the terminal, with the narration
// of each event.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "futurescope/narrate/narrator.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/trace.hpp"
#include "input.hpp"
#include "record.hpp"

namespace futurescope::cli {

using scenario::Scenario;
using scenario::ScenarioError;

namespace {

constexpr const char *step_usage = "usage: futurescope step FILE [--vocab 01|modern]\n";

// What `step` shows: a trace as it is, or a scenario's run with the lesson's title and notes.
struct Stepped {
    trace::TraceModel model;
    std::vector<trace::Note> notes;
    std::string title;
    std::string description;
};

// Loads a trace, or runs a scenario into memory. Returns the exit code of bad input.
std::optional<int> load_stepped(const std::string &file, Stepped &out) {
    try {
        const Input in = read_input(file);
        if (trace::is_trace(in.kind)) {
            out.model = trace_of(in);
            out.title = out.model.scenario.name.empty() ? file : out.model.scenario.name;
            return std::nullopt;
        }
        Scenario s = scenario_of(in);
        if (const std::string *rejected = s.rejection()) {
            std::fprintf(stderr, "%s\n", rejected->c_str());
            return 2;
        }
        out.title = s.title();
        out.description = s.description();
        out.notes = s.narration();
        out.model = record_scenario(s, file);
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
    return std::nullopt;
}

// Prints each event with its narration, waiting for a key after each one when stdin is a
// terminal. Returns false when the learner quit.
bool step_events(const trace::TraceModel &model, const narrate::Narrator &narrator, bool running) {
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
            return false;
        }
        if (line == "c") {
            running = true;
        } else if (line == "p") {
            to_poll = true;
        }
    }
    return true;
}

// One line per task at the cursor: its status (trace/task_status.hpp, the rule `run` and the
// viewer share), polls, unparks and completion time.
void print_tasks(const trace::TraceModel &model, const trace::TaskStatusCursor &cursor) {
    for (const trace::TaskStatus &t : cursor.statuses()) {
        std::printf("task %s: %s, %llu polls, %llu unparks%s\n",
                    model.task_name(t.id).c_str(),
                    trace::describe_status(model, t).c_str(),
                    static_cast<unsigned long long>(t.polls),
                    static_cast<unsigned long long>(t.unparks),
                    t.completed_ns >= 0
                        ? (", completed at " + format_duration(t.completed_ns)).c_str()
                        : "");
    }
}

} // namespace

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
    Stepped stepped;
    if (std::optional<int> bad = load_stepped(args[0], stepped)) {
        return *bad;
    }
    narrate::Narrator narrator(stepped.model, vocab);
    narrator.add_notes(stepped.notes);
    bool interactive = isatty(STDIN_FILENO) != 0;
    std::printf("%s\n", stepped.title.c_str());
    if (!stepped.description.empty()) {
        std::printf("\n%s\n", stepped.description.c_str());
    }
    if (interactive) {
        std::printf("\nEnter: next event · p: next task-level poll · c: continue · q: quit\n");
    }
    std::printf("\n");
    if (!step_events(stepped.model, narrator, !interactive)) {
        return 0;
    }
    std::printf("\n");
    trace::TaskStatusCursor at_end(stepped.model);
    at_end.seek(stepped.model.events.size());
    print_tasks(stepped.model, at_end);
    return 0;
}

} // namespace futurescope::cli
