// Each task's status at a cursor: the events from the start (or the nearest checkpoint) applied
// one by one, as the executor's scheduling policy (DESIGN.md) moves a task between its states.
#include "futurescope/trace/task_status.hpp"

#include <algorithm>

namespace futurescope::trace {

std::string_view to_string(TaskPhase phase) noexcept {
    switch (phase) {
    case TaskPhase::not_started:
        return "not started";
    case TaskPhase::queued:
        return "queued";
    case TaskPhase::running:
        return "running";
    case TaskPhase::parked:
        return "parked";
    case TaskPhase::completed:
        return "completed";
    case TaskPhase::stuck:
        return "stuck";
    }
    return "unknown";
}

TaskPhase phase_at_end(TaskPhase phase, bool daemon, std::string_view stop) noexcept {
    // An older trace may not say why the run stopped; it then ended when nothing could run.
    const bool idle = stop == "idle" || stop.empty();
    if (phase == TaskPhase::parked && idle && !daemon) {
        return TaskPhase::stuck;
    }
    return phase;
}

TaskStatusCursor::TaskStatusCursor(const TraceModel &model)
    : model_(model), live_(model.tasks.size()), queued_(model.tasks.size(), false) {
    for (std::size_t i = 0; i < live_.size(); ++i) {
        live_[i].id = static_cast<TaskId>(i + 1);
    }
    checkpoints_.push_back(live_);
    checkpoint_queued_.push_back(queued_);
    publish();
}

void TaskStatusCursor::seek(std::size_t cursor) {
    cursor = std::min(cursor, model_.events.size());
    if (cursor < cursor_) {
        const std::size_t k = std::min(cursor / checkpoint_every, checkpoints_.size() - 1);
        live_ = checkpoints_[k];
        queued_ = checkpoint_queued_[k];
        cursor_ = k * checkpoint_every;
    }
    while (cursor_ < cursor) {
        apply(model_.events[cursor_], cursor_);
        ++cursor_;
        if (cursor_ % checkpoint_every == 0 && cursor_ / checkpoint_every == checkpoints_.size()) {
            checkpoints_.push_back(live_);
            checkpoint_queued_.push_back(queued_);
        }
    }
    publish();
}

const TaskStatus &TaskStatusCursor::status(TaskId task) const noexcept {
    return task >= 1 && task <= shown_.size() ? shown_[task - 1] : unknown_;
}

void TaskStatusCursor::apply(const TraceEvent &e, std::size_t index) {
    if (e.task < 1 || e.task > live_.size()) {
        return;
    }
    TaskStatus &s = live_[e.task - 1];
    std::vector<bool>::reference queued = queued_[e.task - 1];
    if (s.phase == TaskPhase::completed) {
        return; // what follows a completion (an ignored unpark, a late drop) changes nothing
    }
    switch (e.kind) {
    case EventKind::spawn:
        s.phase = TaskPhase::queued;
        queued = true;
        break;
    case EventKind::poll_begin:
        s.phase = TaskPhase::running;
        s.wait_event = static_cast<std::size_t>(-1);
        queued = false;
        ++s.polls;
        break;
    case EventKind::poll_end:
        if (poll_outcome(e) == PollOutcome::not_ready) {
            s.phase = queued ? TaskPhase::queued : TaskPhase::parked;
        }
        break;
    case EventKind::unpark:
        if (unpark_outcome(e) == UnparkOutcome::ignored) {
            break;
        }
        ++s.unparks;
        if (unpark_outcome(e) == UnparkOutcome::queued) {
            queued = true;
            if (s.phase == TaskPhase::parked) {
                s.phase = TaskPhase::queued;
            }
        }
        break;
    case EventKind::wait:
        s.wait_event = index;
        break;
    case EventKind::complete:
        s.phase = TaskPhase::completed;
        s.completed_ns = e.t;
        s.result_text = e.text2 != 0 ? e.text2 : e.text;
        s.result = e.text2 != 0                            ? ResultKind::panic
                   : poll_outcome(e) == PollOutcome::ready ? ResultKind::ok
                                                           : ResultKind::err;
        queued = false;
        break;
    default:
        break;
    }
}

void TaskStatusCursor::publish() {
    shown_ = live_;
    if (!at_end()) {
        return;
    }
    const std::string_view stop = model_.str(model_.summary.stop);
    for (TaskStatus &s : shown_) {
        const TraceTask *t = model_.task(s.id);
        s.phase = phase_at_end(s.phase, t != nullptr && t->daemon, stop);
    }
}

std::string describe_status(const TraceModel &model, const TaskStatus &status) {
    switch (status.phase) {
    case TaskPhase::completed: {
        const std::string text(model.str(status.result_text));
        switch (status.result) {
        case ResultKind::ok:
            return "ok " + (text.empty() ? std::string("()") : text);
        case ResultKind::err:
            return "err " + text;
        case ResultKind::panic:
            return "panic " + text;
        case ResultKind::none:
            break;
        }
        return "completed";
    }
    case TaskPhase::parked:
    case TaskPhase::stuck: {
        std::string out(to_string(status.phase));
        if (status.wait_event >= model.events.size()) {
            return out;
        }
        const std::vector<std::string> holders =
            wait_holders(model, model.events[status.wait_event]);
        if (holders.empty()) {
            return out + " (nothing holds its handle)";
        }
        std::string list;
        for (const std::string &h : holders) {
            list += (list.empty() ? "" : "; ") + h;
        }
        return out + " (" + list + ")";
    }
    default:
        break;
    }
    return std::string(to_string(status.phase));
}

} // namespace futurescope::trace
