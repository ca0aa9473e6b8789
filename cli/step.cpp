// `futurescope step FILE`: steps through a scenario or a trace in the terminal. By default it
// tells the lesson's story (narrate/story.hpp: one line per task-level poll, the lesson's notes as
// headlines, the world's internals folded); `--detail events` shows every event with its
// narration. Without a terminal on stdin (as tests run it) it prints everything at once.
//
// [SECTION] Loading
// [SECTION] What is stepped
// [SECTION] The keys
// [SECTION] The command
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "futurescope/narrate/narrator.hpp"
#include "futurescope/narrate/story.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/task_status.hpp"
#include "futurescope/trace/trace.hpp"
#include "input.hpp"
#include "record.hpp"

namespace futurescope::cli {

using scenario::Scenario;
using scenario::ScenarioError;

namespace {

constexpr const char *step_usage =
    "usage: futurescope step FILE [--vocab 01|modern] [--detail lesson|events]\n";

constexpr const char *step_keys =
    "Enter: next · b: back · n/N: next/previous note · p: next task-level poll · t: the tasks now"
    " · c: continue to the end · q: quit · ?: these keys\n";

// [SECTION] Loading

// What `step` shows: a trace as it is, or a scenario's run with the lesson's title, notes and
// what its async fns printed.
struct Stepped {
    trace::TraceModel model;
    std::vector<trace::Note> notes;
    std::vector<narrate::StoryOutput> output;
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
        RecordedScenario run = record_scenario(s, file);
        out.model = std::move(run.model);
        for (const scenario::OutputLine &o : run.output) {
            out.output.push_back({o.t, o.task_name, o.text, o.poll});
        }
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

// One line per task at the cursor: its status (trace/task_status.hpp, the rule `run` and the
// viewer share), polls, unparks and completion time.
void print_tasks(const trace::TraceModel &model, const trace::TaskStatusCursor &cursor) {
    for (const trace::TaskStatus &t : cursor.statuses()) {
        std::printf("task %s: %s, %llu polls, %llu unparks%s\n",
                    model.task_name(t.id).c_str(),
                    narrate::with_channel_names(model, trace::describe_status(model, t)).c_str(),
                    static_cast<unsigned long long>(t.polls),
                    static_cast<unsigned long long>(t.unparks),
                    t.completed_ns >= 0
                        ? (", completed at " + format_duration(t.completed_ns)).c_str()
                        : "");
    }
}

// [SECTION] What is stepped

// The steps: the story's lines, or every event. Each knows the events it stands for, so that
// the tasks' status shown at a step is the status after its last event.
class Steps {
  public:
    Steps(const Stepped &s, const narrate::Narrator &n, bool events)
        : s_(s), n_(n), events_(events) {
        if (!events_) {
            story_ = narrate::tell_story(s.model, n, s.output);
        } else {
            place_output();
        }
    }

    [[nodiscard]] std::size_t size() const {
        return events_ ? s_.model.events.size() : story_.size();
    }
    [[nodiscard]] bool has_note(std::size_t k) const {
        return events_ ? !n_.notes(k).empty() : !story_[k].notes.empty();
    }
    [[nodiscard]] bool is_poll(std::size_t k) const {
        return events_ ? s_.model.events[k].kind == trace::EventKind::poll_begin
                       : story_[k].kind == narrate::StoryLineKind::poll;
    }
    [[nodiscard]] std::size_t last_event(std::size_t k) const {
        return events_ ? k : story_[k].last_event;
    }

    void print(std::size_t k) const {
        if (events_) {
            print_event(k);
            return;
        }
        const narrate::StoryLine &l = story_[k];
        for (const std::string &note : l.notes) {
            std::printf("\n  ✎  %s\n", note.c_str());
        }
        std::printf("%10s  %s\n", format_duration(l.t).c_str(), l.text.c_str());
    }

  private:
    void print_event(std::size_t i) const {
        const trace::TraceEvent &e = s_.model.events[i];
        std::printf("#%-5zu %10s  %s\n", i, format_duration(e.t).c_str(), n_.path(i).c_str());
        std::printf("         %s\n", n_.sentence(i).c_str());
        for (const std::string &note : n_.notes(i)) {
            std::printf("      ✎  %s\n", note.c_str());
        }
        for (std::size_t k = 0; k < printed_at_.size(); ++k) {
            if (printed_at_[k] == i) {
                std::printf("         Task %s prints \"%s\".\n",
                            s_.output[k].task.c_str(),
                            s_.output[k].text.c_str());
            }
        }
    }

    // A print goes with the end of the first poll of its task at its time (the trace does not
    // hold prints; the run kept them).
    void place_output() {
        const trace::TraceModel &m = s_.model;
        printed_at_.assign(s_.output.size(), static_cast<std::size_t>(-1));
        for (std::size_t k = 0; k < s_.output.size(); ++k) {
            for (std::size_t i = 0; i < m.events.size(); ++i) {
                const trace::TraceEvent &e = m.events[i];
                if (e.kind == trace::EventKind::poll_end && e.t == s_.output[k].t &&
                    m.task_name(e.task) == s_.output[k].task) {
                    printed_at_[k] = i;
                    break;
                }
            }
        }
    }

    const Stepped &s_;
    const narrate::Narrator &n_;
    bool events_;
    std::vector<narrate::StoryLine> story_;
    std::vector<std::size_t> printed_at_; // events mode: the event after which each print shows
};

// [SECTION] The keys

// Steps interactively: one key (and Enter) per step. Returns false when the learner quit.
bool step_interactively(const Steps &steps, const trace::TraceModel &model) {
    trace::TaskStatusCursor status(model);
    std::size_t k = 0;
    bool running = false;
    if (steps.size() == 0) {
        return true;
    }
    steps.print(0);
    while (true) {
        std::optional<std::size_t> next;
        if (running) {
            next = k + 1;
        } else {
            std::fflush(stdout);
            std::string key;
            if (!std::getline(std::cin, key)) {
                running = true;
                continue;
            }
            if (key.empty()) {
                next = k + 1;
            } else if (key == "q") {
                return false;
            } else if (key == "c") {
                running = true;
                continue;
            } else if (key == "b") {
                if (k == 0) {
                    std::printf("(this is the first step)\n");
                    continue;
                }
                next = k - 1;
            } else if (key == "n" || key == "N" || key == "p") {
                const bool forward = key != "N";
                std::size_t j = k;
                while (forward ? j + 1 < steps.size() : j > 0) {
                    j = forward ? j + 1 : j - 1;
                    if (key == "p" ? steps.is_poll(j) : steps.has_note(j)) {
                        next = j;
                        break;
                    }
                }
                if (!next) {
                    std::printf("(no %s %s)\n",
                                key == "p" ? "task-level poll" : "note",
                                forward ? "after this step" : "before this step");
                    continue;
                }
            } else if (key == "t") {
                status.seek(steps.last_event(k) + 1);
                print_tasks(model, status);
                continue;
            } else if (key == "?") {
                std::fputs(step_keys, stdout);
                continue;
            } else {
                std::printf("unknown key \"%s\" — ? lists the keys\n", key.c_str());
                continue;
            }
        }
        if (*next >= steps.size()) {
            return true;
        }
        k = *next;
        steps.print(k);
    }
}

} // namespace

// [SECTION] The command

int cmd_step(std::vector<std::string> args) {
    if (wants_help(args)) {
        std::fputs(step_usage, stdout);
        return 0;
    }
    trace::Vocabulary vocab = trace::Vocabulary::futures01;
    if (std::optional<int> bad = take_vocab(args, vocab, step_usage)) {
        return *bad;
    }
    bool events = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != "--detail") {
            continue;
        }
        if (i + 1 == args.size() || (args[i + 1] != "lesson" && args[i + 1] != "events")) {
            return usage_error(step_usage, "--detail needs lesson or events");
        }
        events = args[i + 1] == "events";
        args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
                   args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
        break;
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
    const Steps steps(stepped, narrator, events);
    const bool interactive = isatty(STDIN_FILENO) != 0;
    std::printf("%s\n", stepped.title.c_str());
    if (!stepped.description.empty()) {
        std::printf("\n%s\n", stepped.description.c_str());
    }
    if (interactive) {
        std::printf("\n%s", step_keys);
    }
    std::printf("\n");
    if (interactive) {
        if (!step_interactively(steps, stepped.model)) {
            return 0;
        }
    } else {
        for (std::size_t k = 0; k < steps.size(); ++k) {
            steps.print(k);
        }
    }
    // The end of the run: the tasks as they ended (the same words as `run`).
    std::printf("\n");
    trace::TaskStatusCursor at_end(stepped.model);
    at_end.seek(stepped.model.events.size());
    print_tasks(stepped.model, at_end);
    return 0;
}

} // namespace futurescope::cli
