// A task's status at a cursor in a trace: not started, queued, running, parked (and what holds its
// handle), completed (ok, err or panic) or stuck. `futurescope step`, `run`'s summary and the
// viewer all ask this one place, so that they agree on every task at every step, and none of them
// shows the end of the run before the cursor gets there.
//
// API:
//     trace::TaskStatusCursor c(model);        // model must outlive c
//     c.seek(i + 1);                           // the statuses after events[0 … i]
//     const trace::TaskStatus &s = c.status(task);
//     std::string line = trace::describe_status(model, s); // "parked (timer #3 …)"
//
// The cursor counts the events applied: 0 is before the first event, model.events.size() is the
// end of the run. Moving forward applies the events between; moving back restarts from the
// nearest checkpoint the cursor kept on its way (one every checkpoint_every events), so stepping
// one event either way costs a few events' work, not a scan from the start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/trace/trace_model.hpp"

namespace futurescope::trace {

enum class TaskPhase : std::uint8_t {
    not_started, // no spawn event yet
    queued,      // in the ready queue: spawned, or unparked and not yet polled
    running,     // between its poll_begin and its poll_end (or its complete)
    parked,      // its last poll answered NotReady and nothing has unparked it since
    completed,   // it completed: TaskStatus::result says how
    stuck,       // the run ended idle with the task parked: nothing can ever unpark it
};

// "not started", "queued", "running", "parked", "completed", "stuck".
[[nodiscard]] std::string_view to_string(TaskPhase phase) noexcept;

struct TaskStatus {
    TaskId id = 0;
    TaskPhase phase = TaskPhase::not_started;
    ResultKind result = ResultKind::none; // completed: ok, err or panic
    StrId result_text = 0;                // completed: the value, the error or the panic message
    // parked, stuck: the index of the `wait` event that listed what holds the task's handle
    // (trace::wait_holders reads it); npos when the trace has none since the last poll.
    std::size_t wait_event = static_cast<std::size_t>(-1);
    std::uint64_t polls = 0;   // task-level polls begun so far
    std::uint64_t unparks = 0; // unparks so far that queued or coalesced
    TimeNs completed_ns = -1;
    friend bool operator==(const TaskStatus &, const TaskStatus &) = default;
};

// The phase a task that did not complete ends a run in, the rule every reader shares: a parked
// task at the end of a run that stopped idle ("idle": nothing queued, no live timer) is stuck,
// unless it is a daemon (the run never waits for a daemon); any other stop leaves it as it was.
[[nodiscard]] TaskPhase phase_at_end(TaskPhase phase, bool daemon, std::string_view stop) noexcept;

class TaskStatusCursor {
  public:
    static constexpr std::size_t checkpoint_every = 4096;

    explicit TaskStatusCursor(const TraceModel &model);

    // Moves to `cursor` (clamped to the number of events).
    void seek(std::size_t cursor);
    [[nodiscard]] std::size_t cursor() const noexcept { return cursor_; }
    [[nodiscard]] bool at_end() const noexcept { return cursor_ == model_.events.size(); }

    // The status of a task in the trace's table; a task the table does not hold is not started.
    [[nodiscard]] const TaskStatus &status(TaskId task) const noexcept;
    [[nodiscard]] const std::vector<TaskStatus> &statuses() const noexcept { return shown_; }

  private:
    void apply(const TraceEvent &e, std::size_t index);
    void publish();

    const TraceModel &model_;
    std::size_t cursor_ = 0;
    std::vector<TaskStatus> live_;  // as the events left them
    std::vector<bool> queued_;      // the executor's queued mark, kept apart from the phase
    std::vector<TaskStatus> shown_; // live_, with the end-of-run rule applied at the end
    std::vector<std::vector<TaskStatus>> checkpoints_; // live_ at k * checkpoint_every
    std::vector<std::vector<bool>> checkpoint_queued_; // queued_ at the same cursors
    TaskStatus unknown_;
};

// One line for a status: "not started", "queued", "running", "parked (socket #2 (connect))",
// "ok 218", "err Canceled", "panic boom", "stuck (nothing holds its handle)".
[[nodiscard]] std::string describe_status(const TraceModel &model, const TaskStatus &status);

} // namespace futurescope::trace
