// The current task: the context a poll runs in (which task, which executor, which observer), the
// park() that hands out its handle, and the handle's unpark, which reaches the executor.

#include "futurescope/executor/executor.hpp"

namespace futurescope {

namespace detail {
thread_local Observer *tl_observer = nullptr;
thread_local std::string_view tl_pending_source;
thread_local TaskContext *tl_context = nullptr;
} // namespace detail

Task park() {
    TaskContext *c = current_context();
    if (c == nullptr || c->notify == nullptr) {
        throw Panic("no Task is currently running");
    }
    if (Observer *o = current_observer()) [[unlikely]] {
        o->on_park(c->task, 0);
    }
    return Task(c->notify, c->task, c->handles, HeldBy{});
}

Task park(HeldBy holder) {
    Task task = park();
    task.held_by(holder);
    return task;
}

Executor &current_executor() {
    TaskContext *c = current_context();
    if (c == nullptr || c->executor == nullptr) {
        throw Panic("no executor is running this poll");
    }
    return *c->executor;
}

UnparkCause current_unpark_source(const char *via) noexcept {
    TaskContext *c = current_context();
    if (c == nullptr) {
        return UnparkCause{SourceKind::external, 0, via};
    }
    if (c->source_override != nullptr) {
        UnparkCause cause = *c->source_override;
        if (via != nullptr) {
            cause.via = via;
        }
        return cause;
    }
    if (c->task == 0) {
        return UnparkCause{SourceKind::external, 0, via};
    }
    return UnparkCause{SourceKind::task, c->task, via};
}

void Task::unpark(const char *via) const {
    if (target_ != nullptr) {
        target_->notify(current_unpark_source(via));
    }
}

bool Task::is_current() const noexcept {
    TaskContext *c = current_context();
    return c != nullptr && c->task == id_ && id_ != 0;
}

bool Task::will_notify_current() const noexcept {
    TaskContext *c = current_context();
    return c != nullptr && c->notify == target_ && target_ != nullptr;
}

} // namespace futurescope
