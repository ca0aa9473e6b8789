// What the viewer derives from a trace once, at load: the timeline's lanes (a lane per task, a
// lane per timer, then sockets and channels), each task's poll spans stacked by nesting depth like
// a flame graph, park markers, unpark arrows from their source to the poll they cause, and per-task
// lists of events for the state machine panel. Everything is sorted by seq, and time never goes
// backwards with seq, so one binary search finds the visible part on either axis.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "futurescope/trace/trace_model.hpp"

namespace futurescope::viz {

using Seq = std::uint32_t;

// One poll: a task-level poll (depth 0) or a nested future's poll (depth 1, 2, …).
struct Span {
    Seq begin = 0; // poll_begin / enter
    Seq end = 0;   // poll_end / exit (the last event of the trace when it never ended)
    FutureId future = 0;
    PollOutcome result = PollOutcome::not_ready;
};

// An event drawn as a small mark on a lane (park, timer set/fire, socket and channel events).
struct Marker {
    Seq seq = 0;
    trace::EventKind kind = trace::EventKind::park;
};

// An unpark: from its source lane at the unpark event to the target's poll it causes.
struct Arrow {
    Seq from = 0;       // the unpark event
    Seq to = 0;         // the poll_begin it causes; equal to `from` when none follows
    int from_lane = -1; // -1: from outside (no lane)
    int to_lane = 0;
    UnparkOutcome outcome = UnparkOutcome::queued;
};

// `timer`: one timer's lane; `timers`: the shared lane of the timers past timer_lanes_max.
enum class LaneKind : std::uint8_t { task, timer, timers, socket, channel };

// A lane per timer up to this many timers (a trace of a million events may set a timer per
// tick); the rest share one lane of sub-rows.
inline constexpr std::size_t timer_lanes_max = 1000;

struct Lane {
    LaneKind kind = LaneKind::task;
    std::uint32_t id = 0; // task, timer, socket or channel id (0 for the shared timers lane)
    std::string label;
    // Task lanes: depths[0] holds task-level polls, depths[d] nested polls d deep. The timer
    // lanes: depths[0] holds the timer's wait (future = the timer's id; result ready = fired,
    // err = cancelled, not_ready = still waiting at the end); the shared timers lane, sub-rows
    // of such waits.
    std::vector<std::vector<Span>> depths;
    std::vector<Marker> markers;
};

struct TraceIndex {
    std::vector<Lane> lanes;
    std::vector<Arrow> arrows;             // sorted by `from`
    std::vector<int> task_lane;            // task id → lane index (index 0 unused)
    std::vector<std::vector<Seq>> by_task; // task id → its events' seqs (index 0 unused)
    std::vector<std::vector<FutureId>> task_futures; // task id → its futures' ids, ascending
    std::vector<Seq> poll_begins;                    // every task-level poll_begin
    std::vector<Seq> diags;                          // every diag event
    std::size_t max_depth = 0;
};

[[nodiscard]] TraceIndex build_index(const trace::TraceModel &model);

} // namespace futurescope::viz
