// A lesson's story: the trace told one line per task-level poll — the task, the path of futures
// it polled and the answer, what holds its handle after a NotReady, what woke it — with the
// lesson's notes as the headlines of their lines. What the world does between two polls (the
// network's packets and delivery timers, the simulated services' own tasks, clock jumps) folds
// into one line, so that lesson 01 reads in about fifteen lines instead of 259 events. `step`
// prints it by default (`--detail events` shows every event); the viewer can list the same lines.
//
// API:
//     narrate::Narrator n(model);  n.add_notes(notes);
//     std::vector<narrate::StoryLine> lines = narrate::tell_story(model, n, output);
//
// Every line says which events it stands for ([first_event, last_event]), so a reader can show
// the events behind it, or the tasks' status at its last event (trace/task_status.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "futurescope/narrate/narrator.hpp"
#include "futurescope/trace/trace_model.hpp"

namespace futurescope::narrate {

enum class StoryLineKind : std::uint8_t {
    spawn,      // tasks spawned from outside any poll
    poll,       // one task-level poll of a lesson's task
    repeat,     // polls that were each the same as the poll line before them
    world,      // between polls: the clock, the network, the services' tasks
    diagnostic, // a detector's finding
};

struct StoryLine {
    StoryLineKind kind = StoryLineKind::poll;
    std::size_t first_event = 0;
    std::size_t last_event = 0;
    TimeNs t = 0;
    std::string text;
    std::vector<std::string> notes; // the lesson's notes on its events: the line's headline
};

// What a program printed: not in the trace (a scenario run keeps it apart), so the reader that
// has it passes it in; each print goes with the line of the poll it was printed in.
struct StoryOutput {
    TimeNs t = 0;
    std::string task;
    std::string text;
    std::uint64_t poll = 0; // the task's task-level poll (1-based); 0: its first poll at t
};

[[nodiscard]] std::vector<StoryLine> tell_story(const trace::TraceModel &model,
                                                const Narrator &narrator,
                                                const std::vector<StoryOutput> &output = {});

// A task the lesson did not write: a simulated service's task (its root future has no source in
// a trace whose lesson tasks have one). Its polls fold into the world's lines.
[[nodiscard]] bool is_world_task(const trace::TraceModel &model, TaskId task);

} // namespace futurescope::narrate
