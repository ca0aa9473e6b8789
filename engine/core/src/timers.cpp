// The executor's timers and clock (DESIGN.md rules 4, 5 and 7): a table of slots named by
// handles, a min-heap on (deadline, creation) cleaned lazily, and the jump of the clock that fires
// every timer due.

#include "futurescope/executor/executor.hpp"

#include <algorithm>

namespace futurescope {

namespace {
// std::push_heap builds a max-heap; "after" orders it as a min-heap on (deadline, seq).
struct HeapAfter {
    template <class Entry>
    bool operator()(const Entry &a, const Entry &b) const noexcept {
        return a.deadline_ns != b.deadline_ns ? a.deadline_ns > b.deadline_ns : a.seq > b.seq;
    }
};
} // namespace

TimerHandle
Executor::add_timer(TimeNs deadline_ns, Task task, TimerAction action, const char *what) {
    std::uint32_t slot;
    if (!free_slots_.empty()) {
        slot = free_slots_.back();
        free_slots_.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(timer_slots_.size());
        timer_slots_.emplace_back();
    }
    TimerSlot &s = timer_slots_[slot];
    s.task = std::move(task);
    s.action = action;
    s.deadline_ns = deadline_ns;
    s.seq = timer_seq_++;
    s.id = next_timer_id_++;
    s.live = true;
    s.task.held_by(HeldBy{SourceKind::timer, s.id, what, slot});
    ++live_timers_;
    timer_heap_.push_back(TimerEntry{deadline_ns, s.seq, slot, s.generation});
    std::push_heap(timer_heap_.begin(), timer_heap_.end(), HeapAfter{});
    if (Observer *o = active_observer()) [[unlikely]] {
        o->on_timer_set(s.id, deadline_ns, s.task.id());
    }
    return TimerHandle{slot, s.generation};
}

bool Executor::timer_live(TimerHandle handle) const noexcept {
    return handle.slot != 0 && handle.slot < timer_slots_.size() &&
           timer_slots_[handle.slot].generation == handle.generation &&
           timer_slots_[handle.slot].live;
}

TimerId Executor::timer_id(TimerHandle handle) const noexcept {
    return timer_live(handle) ? timer_slots_[handle.slot].id : 0;
}

void Executor::refresh_timer(TimerHandle handle, Task task) {
    if (timer_live(handle)) {
        TimerSlot &s = timer_slots_[handle.slot];
        HeldBy holder = s.task.holder();
        s.task = std::move(task);
        s.task.held_by(holder);
    }
}

void Executor::release_slot(std::uint32_t slot) noexcept {
    TimerSlot &s = timer_slots_[slot];
    s.live = false;
    ++s.generation;
    s.task = Task(nullptr, 0);
    s.action = {};
    --live_timers_;
    free_slots_.push_back(slot);
}

void Executor::cancel_timer(TimerHandle handle) noexcept {
    if (!timer_live(handle)) {
        return;
    }
    TimerId id = timer_slots_[handle.slot].id;
    release_slot(handle.slot);
    if (Observer *o = active_observer()) [[unlikely]] {
        o->on_timer_cancel(id);
    }
}

void Executor::discard_dead_timers() noexcept {
    while (!timer_heap_.empty()) {
        const TimerEntry &top = timer_heap_.front();
        const TimerSlot &s = timer_slots_[top.slot];
        if (s.live && s.generation == top.generation) {
            return;
        }
        std::pop_heap(timer_heap_.begin(), timer_heap_.end(), HeapAfter{});
        timer_heap_.pop_back();
    }
}

bool Executor::advance_clock() {
    ObserverScope observe(active_observer());
    discard_dead_timers();
    if (timer_heap_.empty()) {
        return false;
    }
    TimeNs deadline = timer_heap_.front().deadline_ns;
    if (deadline > now_ns_) {
        if (Observer *o = current_observer()) [[unlikely]] {
            o->on_clock(now_ns_, deadline, false);
        }
        now_ns_ = deadline;
    }
    // Fire every timer due now, in (deadline, creation) order; a timer action may add more.
    for (;;) {
        discard_dead_timers();
        if (timer_heap_.empty() || timer_heap_.front().deadline_ns > now_ns_) {
            break;
        }
        TimerEntry top = timer_heap_.front();
        std::pop_heap(timer_heap_.begin(), timer_heap_.end(), HeapAfter{});
        timer_heap_.pop_back();
        TimerSlot &s = timer_slots_[top.slot];
        TimerId id = s.id;
        Task task = std::move(s.task);
        TimerAction action = s.action;
        release_slot(top.slot);
        if (Observer *o = current_observer()) [[unlikely]] {
            o->on_timer_fire(id, task.id());
        }
        UnparkCause cause{SourceKind::timer, id, "timer fired"};
        TaskContext ctx{this, nullptr, 0, nullptr, &cause};
        ContextScope scope(&ctx);
        if (action.fn != nullptr) {
            action.fn(action.context, action.arg);
        }
        task.unpark();
    }
    return true;
}

void Executor::block_for(TimeNs d) {
    if (d <= 0) {
        return;
    }
    const TimeNs to = time_after(now_ns_, d);
    if (Observer *o = active_observer()) [[unlikely]] {
        o->on_clock(now_ns_, to, true);
    }
    now_ns_ = to;
}

} // namespace futurescope
