// The executor drawn as data: its ready queue in FIFO order, its timers by deadline with the task
// each will wake, and every channel by its name with the values in its buffer, its capacity and
// the senders parked on it — as they stand after the cursor's event, rebuilt from the trace.
//
// API:
//     ExecutorCursor c(model);          // model must outlive c
//     const ExecutorState &s = c.at(cursor);  // after events[0 … cursor]
//
// Moving forward applies the events between; moving back replays from the start, so a trace is
// drawn only up to `events_max` events (a step back then costs at most that many events' work).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "futurescope/trace/trace_model.hpp"

namespace futurescope::viz {

struct TimerRow {
    std::uint32_t id = 0;
    TimeNs deadline = 0;
    TaskId task = 0; // the task whose handle it holds; 0: the network's own (a packet's delivery)
};

struct ChannelRow {
    ChannelId id = 0;
    std::deque<std::string> buffer;     // sent and not yet received, oldest first
    std::vector<TaskId> parked_senders; // sending tasks told the channel is full, not yet woken
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
    bool closed = false; // its last sender or its receiver is gone
    std::string closed_why;
};

struct ExecutorState {
    std::deque<TaskId> ready;         // the ready queue, front first
    TaskId running = 0;               // the task being polled, 0 between polls
    std::vector<TimerRow> timers;     // live timers, by (deadline, id)
    std::vector<ChannelRow> channels; // by id (the trace's channel table)
};

class ExecutorCursor {
  public:
    static constexpr std::size_t events_max = 2'000'000;

    explicit ExecutorCursor(const trace::TraceModel &model);

    // Whether the trace is small enough to be drawn.
    [[nodiscard]] bool drawable() const noexcept { return model_.events.size() <= events_max; }
    // The state after events[0 … cursor] (clamped to the last event).
    const ExecutorState &at(std::size_t cursor);

  private:
    void reset();
    void apply(const trace::TraceEvent &e);
    void queue(TaskId task);
    void unqueue(TaskId task);
    ChannelRow *channel(ChannelId id);

    const trace::TraceModel &model_;
    std::size_t applied_ = 0; // events applied
    ExecutorState state_;
    std::vector<bool> in_queue_; // by task id: in state_.ready
    std::vector<bool> requeue_;  // by task id: unparked while running, queued when its poll ends
    std::unordered_map<std::uint32_t, TimerRow>
        timers_; // by id; sorted into state_.timers when read
};

} // namespace futurescope::viz
