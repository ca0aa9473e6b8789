// What the executor tells about its tasks: task views, "who will wake me" (waiting_on, found in
// constant time per holder), the ready queue and due timers as the detectors read them, and the
// stable texts of holders, durations and stopped runs.

#include "futurescope/executor/executor.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <functional>
#include <new>
#include <string>
#include <unordered_set>
#include <vector>

namespace futurescope {

detail::TaskBase *Executor::find(TaskId id) const noexcept {
    if (id == 0 || id > task_count_) {
        return nullptr;
    }
    if (tasks_by_id_.size() < id) {
        try {
            tasks_by_id_.reserve(task_count_);
        } catch (const std::bad_alloc &) {
            return find_by_walk(id); // no memory for the index: the walk still answers
        }
        detail::TaskBase *t = tasks_by_id_.empty() ? all_head_ : tasks_by_id_.back()->next_all_;
        for (; t != nullptr; t = t->next_all_) {
            tasks_by_id_.push_back(t); // within the reserved capacity: cannot throw
        }
    }
    return tasks_by_id_[id - 1];
}

detail::TaskBase *Executor::find_by_walk(TaskId id) const noexcept {
    for (detail::TaskBase *t = all_head_; t != nullptr; t = t->next_all_) {
        if (t->id_ == id) {
            return t;
        }
    }
    return nullptr;
}

TaskView Executor::view(const detail::TaskBase &t) const {
    TaskView v;
    v.id = t.id_;
    v.name = t.name_.empty() ? "task-" + std::to_string(t.id_) : t.name_;
    v.daemon = t.daemon_;
    v.state = t.completed_ ? TaskState::completed
              : t.running_ ? TaskState::running
              : t.queued_  ? TaskState::queued
                           : TaskState::parked;
    v.outcome = t.completed_ ? t.outcome_ : PollOutcome::not_ready;
    v.panic = t.panic_;
    v.result = !t.completed_ || t.panicked_ ? std::string()
               : t.result_taken_            ? t.taken_result_
                                            : t.describe_result();
    v.completed_ns = t.completed_ns_;
    v.polls = t.polls_;
    v.unparks = t.unparks_;
    v.parent = t.parent_;
    v.worker = t.last_worker_ == kNoWorker ? 0 : t.last_worker_ + 1;
    return v;
}

TaskView Executor::task(TaskId id) const {
    const detail::TaskBase *t = find(id);
    if (t == nullptr) {
        throw std::out_of_range("no task with id " + std::to_string(id));
    }
    return view(*t);
}

std::vector<TaskView> Executor::tasks() const {
    std::vector<TaskView> out;
    out.reserve(task_count_);
    for (const detail::TaskBase *t = all_head_; t != nullptr; t = t->next_all_) {
        out.push_back(view(*t));
    }
    return out;
}

namespace {
// A holder as waiting_on compares them: `what` is static text, compared by address.
struct HolderKey {
    SourceKind kind;
    std::uint32_t id;
    const char *what;
    bool operator==(const HolderKey &) const = default;
};
struct HolderKeyHash {
    std::size_t operator()(const HolderKey &k) const noexcept {
        std::size_t h = std::hash<const char *>{}(k.what);
        h = h * 31 + std::hash<std::uint32_t>{}(k.id);
        return h * 31 + static_cast<std::size_t>(k.kind);
    }
};
} // namespace

std::vector<WaitHolder> Executor::waiting_on(TaskId id) const {
    std::vector<WaitHolder> out;
    const detail::TaskBase *t = find(id);
    if (t == nullptr) {
        return out;
    }
    // A holder listed twice (a join whose halves wait on one channel) is reported once, where
    // the newest handle is. A few holders are compared in place; many go through a set, so a
    // task that waits on a thousand timers costs linear time, not quadratic.
    constexpr std::size_t few = 16;
    std::unordered_set<HolderKey, HolderKeyHash> seen;
    for (const HandleTrack *h = t->handles_.head; h != nullptr; h = h->next) {
        const HeldBy &b = h->holder;
        WaitHolder w{b.kind, b.id, b.what, -1};
        if (b.kind == SourceKind::timer) {
            w.at = timer_deadline(b);
        }
        HolderKey key{w.kind, w.id, w.what};
        bool same = false;
        if (out.size() < few) {
            for (const WaitHolder &o : out) {
                same = same || HolderKey{o.kind, o.id, o.what} == key;
            }
        } else {
            if (seen.empty()) {
                for (const WaitHolder &o : out) {
                    seen.insert(HolderKey{o.kind, o.id, o.what});
                }
            }
            same = !seen.insert(key).second;
        }
        if (!same) {
            out.push_back(w);
        }
    }
    std::reverse(out.begin(), out.end()); // oldest first: the list links the newest at its head
    return out;
}

TimeNs Executor::timer_deadline(const HeldBy &holder) const noexcept {
    // The executor's own timers name their slot: one look, checked against the id, since the
    // slot may have been reused.
    if (holder.slot != 0 && holder.slot < timer_slots_.size()) {
        const TimerSlot &s = timer_slots_[holder.slot];
        return s.live && s.id == holder.id ? s.deadline_ns : -1;
    }
    for (const TimerSlot &s : timer_slots_) {
        if (s.live && s.id == holder.id) {
            return s.deadline_ns;
        }
    }
    return -1;
}

std::string describe_holder(const WaitHolder &h) {
    std::string what = h.what != nullptr ? h.what : "";
    std::string id = std::to_string(h.id);
    switch (h.kind) {
    case SourceKind::timer:
        return "timer #" + id + " (" + (what.empty() ? "timer" : what) +
               (h.at >= 0 ? ", fires at " + format_duration(h.at) : std::string()) + ")";
    case SourceKind::io:
        return "socket #" + id + " (" + (what.empty() ? "io" : what) + ")";
    case SourceKind::channel:
        return "channel #" + id + " (" + (what.empty() ? "channel" : what) + ")";
    case SourceKind::task:
        return "task " + id + (what.empty() ? "" : " (" + what + ")");
    case SourceKind::external:
        break;
    }
    return what.empty() ? "a handle a future keeps for itself" : what;
}

bool Executor::is_queued(TaskId id) const noexcept {
    const detail::TaskBase *t = find(id);
    return t != nullptr && !t->completed_ && t->queued_;
}

std::vector<TaskId> Executor::queued_tasks() const {
    std::vector<TaskId> out;
    for (const detail::TaskBase *t = ready_head_; t != nullptr; t = t->next_ready_) {
        if (!t->completed_) {
            out.push_back(t->id_);
        }
    }
    for (const detail::TaskBase *t : uncoalesced_) {
        // A task queued more than once (coalescing off) is listed once.
        if (!t->completed_ && std::find(out.begin(), out.end(), t->id_) == out.end()) {
            out.push_back(t->id_);
        }
    }
    for (const ReadyList &list : local_queues_) {
        for (const detail::TaskBase *t = list.head; t != nullptr; t = t->next_ready_) {
            if (!t->completed_) {
                out.push_back(t->id_);
            }
        }
    }
    return out;
}

std::vector<Executor::DueTimer> Executor::timers_due_by(TimeNs t) const {
    std::vector<DueTimer> out;
    for (const TimerSlot &s : timer_slots_) {
        if (s.live && s.deadline_ns <= t) {
            out.push_back(DueTimer{s.id, s.task.id(), s.deadline_ns});
        }
    }
    std::sort(out.begin(), out.end(), [](const DueTimer &a, const DueTimer &b) {
        return a.deadline_ns != b.deadline_ns ? a.deadline_ns < b.deadline_ns : a.id < b.id;
    });
    return out;
}

std::string format_duration(TimeNs d) {
    struct Scale {
        TimeNs ns;
        const char *suffix;
    };
    static constexpr Scale units[] = {{1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "us"}};
    for (const Scale &u : units) {
        if (d >= u.ns || d <= -u.ns) {
            TimeNs whole = d / u.ns;
            TimeNs frac = (d % u.ns) * 1000 / u.ns; // three decimals at most
            if (frac < 0) {
                frac = -frac;
            }
            std::string s = std::to_string(whole);
            if (frac != 0) {
                char buf[32];
                std::snprintf(buf, sizeof buf, ".%03" PRId64, frac);
                std::string f(buf);
                while (f.back() == '0') {
                    f.pop_back();
                }
                s += f;
            }
            return s + u.suffix;
        }
    }
    return std::to_string(d) + "ns";
}

std::string Executor::stop_message(const RunReport &report, TaskId waited_for) const {
    std::string who = "task " + std::to_string(waited_for);
    if (const detail::TaskBase *t = find(waited_for)) {
        who += " '" + view(*t).name + "'";
    }
    std::string at = " at " + format_duration(report.end_ns);
    switch (report.reason) {
    case StopReason::idle:
        return who + " can never complete: no task is queued and no timer is live" + at;
    case StopReason::step_limit:
        return "step limit of " + std::to_string(limits_.max_steps) + " reached before " + who +
               " completed" + at;
    case StopReason::time_limit:
        return "time limit of " + format_duration(limits_.max_time_ns) + " reached before " + who +
               " completed" + at;
    case StopReason::completed:
        break;
    }
    return who + " completed";
}

} // namespace futurescope
