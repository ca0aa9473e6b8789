#include "executor_state.hpp"

#include <algorithm>

namespace futurescope::viz {

using trace::EventKind;
using trace::TraceEvent;

ExecutorCursor::ExecutorCursor(const trace::TraceModel &model) : model_(model) { reset(); }

void ExecutorCursor::reset() {
    applied_ = 0;
    state_ = {};
    for (const trace::TraceChannel &c : model_.channels) {
        state_.channels.push_back({c.id, {}, {}, 0, 0, false, {}});
    }
    requeue_.assign(model_.tasks.size() + 1, false);
    in_queue_.assign(model_.tasks.size() + 1, false);
    timers_.clear();
}

const ExecutorState &ExecutorCursor::at(std::size_t cursor) {
    if (!drawable() || model_.events.empty()) {
        return state_;
    }
    const std::size_t want = std::min(cursor, model_.events.size() - 1) + 1;
    if (want < applied_) {
        reset();
    }
    const bool moved = want != applied_;
    while (applied_ < want) {
        apply(model_.events[applied_]);
        ++applied_;
    }
    if (moved) {
        state_.timers.clear();
        for (const auto &[id, t] : timers_) {
            state_.timers.push_back(t);
        }
        std::sort(
            state_.timers.begin(), state_.timers.end(), [](const TimerRow &a, const TimerRow &b) {
                return a.deadline != b.deadline ? a.deadline < b.deadline : a.id < b.id;
            });
    }
    return state_;
}

void ExecutorCursor::queue(TaskId task) {
    if (task == 0 || task >= in_queue_.size() || in_queue_[task]) {
        return;
    }
    in_queue_[task] = true;
    state_.ready.push_back(task);
}

// The task polled is almost always the front: removing it costs nothing then.
void ExecutorCursor::unqueue(TaskId task) {
    if (task == 0 || task >= in_queue_.size() || !in_queue_[task]) {
        return;
    }
    in_queue_[task] = false;
    auto &q = state_.ready;
    if (!q.empty() && q.front() == task) {
        q.pop_front();
    } else {
        q.erase(std::find(q.begin(), q.end(), task));
    }
}

ChannelRow *ExecutorCursor::channel(ChannelId id) {
    for (ChannelRow &c : state_.channels) {
        if (c.id == id) {
            return &c;
        }
    }
    return nullptr;
}

void ExecutorCursor::apply(const TraceEvent &e) {
    switch (e.kind) {
    case EventKind::spawn:
        queue(e.task);
        break;
    case EventKind::poll_begin:
        unqueue(e.task);
        state_.running = e.task;
        break;
    case EventKind::poll_end:
        state_.running = 0;
        if (e.task < requeue_.size() && requeue_[e.task]) {
            requeue_[e.task] = false;
            if (trace::poll_outcome(e) == PollOutcome::not_ready) {
                queue(e.task);
            }
        }
        break;
    case EventKind::complete:
        unqueue(e.task);
        if (e.task < requeue_.size()) {
            requeue_[e.task] = false;
        }
        break;
    case EventKind::unpark:
        if (trace::unpark_outcome(e) != UnparkOutcome::queued) {
            break;
        }
        // Woken while it runs: the executor queues it again when this poll ends.
        if (e.task == state_.running && e.task < requeue_.size()) {
            requeue_[e.task] = true;
        } else {
            queue(e.task);
        }
        for (ChannelRow &c : state_.channels) {
            auto &p = c.parked_senders;
            p.erase(std::remove(p.begin(), p.end(), e.task), p.end());
        }
        break;
    case EventKind::timer_set:
        timers_[e.ref] = {e.ref, e.num, e.task};
        break;
    case EventKind::timer_fire:
    case EventKind::timer_cancel:
        timers_.erase(e.ref);
        break;
    case EventKind::chan_send:
        if (ChannelRow *c = channel(e.ref)) {
            c->buffer.emplace_back(model_.str(e.text));
            ++c->sent;
        }
        break;
    case EventKind::chan_recv:
        if (ChannelRow *c = channel(e.ref)) {
            if (!c->buffer.empty()) {
                c->buffer.pop_front();
            }
            ++c->received;
        }
        break;
    case EventKind::chan_full:
        if (ChannelRow *c = channel(e.ref)) {
            if (std::find(c->parked_senders.begin(), c->parked_senders.end(), e.task) ==
                c->parked_senders.end()) {
                c->parked_senders.push_back(e.task);
            }
        }
        break;
    case EventKind::chan_close:
    case EventKind::chan_cancel:
        if (ChannelRow *c = channel(e.ref)) {
            c->closed = true;
            c->closed_why = std::string(model_.str(e.text3));
        }
        break;
    default:
        break;
    }
}

} // namespace futurescope::viz
