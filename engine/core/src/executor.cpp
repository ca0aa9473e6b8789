// The executor's scheduling loop (DESIGN.md rules 1–3 and 6–8): spawning, the ready queues,
// one step, a run, and the unpark path. Timers and the clock are in timers.cpp; task views, "who
// will wake me" and stop messages in reports.cpp.
//
// [SECTION] Tasks and unpark
// [SECTION] Steps and runs

#include "futurescope/executor/executor.hpp"

#include "futurescope/future/async_fn.hpp"

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace futurescope {

// [SECTION] Tasks and unpark

void detail::TaskBase::notify(const UnparkCause &cause) {
    if (executor_ != nullptr) {
        executor_->unpark(*this, cause);
    }
}

void Executor::unpark(detail::TaskBase &task, const UnparkCause &cause) {
    UnparkOutcome outcome;
    if (task.completed_) {
        outcome = UnparkOutcome::ignored;
    } else if (task.queued_ && coalesce_) {
        outcome = UnparkOutcome::coalesced;
        ++task.unparks_;
    } else {
        outcome = UnparkOutcome::queued;
        ++task.unparks_;
        push_ready(&task);
    }
    if (Observer *o = active_observer()) [[unlikely]] {
        o->on_unpark(task.id_, cause, outcome);
    }
}

Executor::Executor() { timer_slots_.emplace_back(); }

Executor::~Executor() {
    // Destroy every unfinished future in its own task's context, as completion would, so that
    // what their destructors unpark is attributed and ignored consistently. Handles that outlive
    // the executor then point at nothing.
    ObserverScope observe(active_observer());
    for (detail::TaskBase *t = all_head_; t != nullptr; t = t->next_all_) {
        if (!t->completed_) {
            t->completed_ = true;
            TaskContext ctx{this, t, t->id_, &t->locals_, nullptr};
            ContextScope scope(&ctx);
            t->drop_future();
            t->locals_.clear();
        }
    }
    timer_slots_.clear();
    timer_heap_.clear();
    detail::TaskBase *t = all_head_;
    while (t != nullptr) {
        detail::TaskBase *next = t->next_all_;
        t->executor_ = nullptr;
        t->release();
        t = next;
    }
}

void Executor::link_spawned(detail::TaskBase *task) {
    ++task_count_;
    if (!task->daemon_) {
        ++live_non_daemon_;
    }
    if (all_tail_ != nullptr) {
        all_tail_->next_all_ = task;
    } else {
        all_head_ = task;
    }
    all_tail_ = task;
    if (Observer *o = active_observer()) [[unlikely]] {
        o->on_spawn(TaskInfo{task->id_, task->name_, task->daemon_, task->parent_});
    }
    push_ready(task);
}

void Executor::push_back(ReadyList &list, detail::TaskBase *task) noexcept {
    task->next_ready_ = nullptr;
    if (list.tail != nullptr) {
        list.tail->next_ready_ = task;
    } else {
        list.head = task;
    }
    list.tail = task;
    ++list.size;
}

detail::TaskBase *Executor::pop_front(ReadyList &list) noexcept {
    detail::TaskBase *task = list.head;
    if (task != nullptr) {
        list.head = task->next_ready_;
        if (list.head == nullptr) {
            list.tail = nullptr;
        }
        task->next_ready_ = nullptr;
        --list.size;
    }
    return task;
}

void Executor::set_workers(std::uint32_t n) {
    if (n == 0) {
        throw std::invalid_argument("a runtime needs at least one worker");
    }
    if (task_count_ != 0) {
        throw std::logic_error("set_workers must be called before the first spawn");
    }
    workers_ = n;
    local_queues_.assign(n > 1 ? n : 0, ReadyList{});
}

void Executor::set_coalesce_unparks(bool on) {
    if (on == coalesce_) {
        return;
    }
    if (task_count_ != 0 || workers_ > 1) {
        throw std::logic_error(
            "set_coalesce_unparks must be called before the first spawn, on one worker");
    }
    coalesce_ = on;
}

void Executor::push_uncoalesced(detail::TaskBase *task) noexcept {
    task->queued_ = true;
    uncoalesced_.push_back(task);
    ++entries_[task];
}

detail::TaskBase *Executor::pop_uncoalesced() noexcept {
    if (uncoalesced_.empty()) {
        return nullptr;
    }
    detail::TaskBase *t = uncoalesced_.front();
    uncoalesced_.pop_front();
    auto it = entries_.find(t);
    if (--it->second == 0) {
        entries_.erase(it);
        t->queued_ = false;
    }
    return t;
}

void Executor::push_ready(detail::TaskBase *task) noexcept {
    if (!coalesce_) [[unlikely]] {
        push_uncoalesced(task);
        return;
    }
    if (workers_ > 1 && current_worker_ != kNoWorker) [[unlikely]] {
        task->queued_ = true;
        push_back(local_queues_[current_worker_], task);
        ++local_queued_;
        return;
    }
    task->queued_ = true;
    task->next_ready_ = nullptr;
    if (ready_tail_ != nullptr) {
        ready_tail_->next_ready_ = task;
    } else {
        ready_head_ = task;
    }
    ready_tail_ = task;
}

detail::TaskBase *Executor::pop_ready() noexcept {
    if (!coalesce_) [[unlikely]] {
        return pop_uncoalesced();
    }
    detail::TaskBase *task = ready_head_;
    if (task != nullptr) {
        ready_head_ = task->next_ready_;
        if (ready_head_ == nullptr) {
            ready_tail_ = nullptr;
        }
        task->next_ready_ = nullptr;
        task->queued_ = false;
    }
    return task;
}

// [SECTION] Steps and runs

bool Executor::step() {
    if (workers_ > 1) [[unlikely]] {
        return step_workers();
    }
    ObserverScope observe(active_observer());
    detail::TaskBase *task = pop_ready();
    while (task != nullptr && task->completed_) {
        // It unparked itself in the poll that completed it (rule 2: skipped).
        task = pop_ready();
    }
    if (task == nullptr) {
        return false;
    }
    poll_task(task, kNoWorker, kNoWorker);
    return true;
}

namespace {

// Watches the async fns suspending during one poll on the multi-threaded runtime: the first
// one that holds a not-Send value across its await makes the task's future not Send.
class SendCheck final : public AsyncSuspendListener {
  public:
    void on_async_suspend(const AsyncFrame &frame) override {
        if (!violation.empty()) {
            return;
        }
        std::vector<std::string_view> names = frame.held_not_send();
        if (names.empty()) {
            return;
        }
        std::string value;
        for (const HeldValue &h : frame.held()) {
            if (h.name == names.front()) {
                value = h.value;
            }
        }
        std::string fn = frame.function_name().empty()
                             ? std::string("async fn")
                             : "`" + std::string(frame.function_name()) + "`";
        std::string name(names.front());
        violation = "future returned by " + fn + " is not `Send`\n" +
                    "note: future is not `Send` as this value is used across an await\n" +
                    "  --> `" + name + "` = " + value + " is not `Send`\n" + "  --> await at `" +
                    std::string(frame.await_point()) + "` occurs here, with `" + name +
                    "` maybe used later";
    }
    std::string violation;
};

} // namespace

bool Executor::step_workers() {
    ObserverScope observe(active_observer());
    for (std::uint32_t k = 0; k < workers_; ++k) {
        std::uint32_t w = next_worker_;
        next_worker_ = (w + 1) % workers_;
        std::uint32_t stolen_from = kNoWorker;
        if (detail::TaskBase *task = take_for_worker(w, stolen_from)) {
            poll_task(task, w, stolen_from);
            return true;
        }
    }
    return false;
}

detail::TaskBase *Executor::take_for_worker(std::uint32_t w, std::uint32_t &stolen_from) noexcept {
    auto take_local = [&]() -> detail::TaskBase * {
        while (detail::TaskBase *t = pop_front(local_queues_[w])) {
            --local_queued_;
            t->queued_ = false;
            if (!t->completed_) {
                return t;
            }
        }
        return nullptr;
    };
    if (detail::TaskBase *t = take_local()) {
        return t;
    }
    while (detail::TaskBase *t = pop_ready()) {
        if (!t->completed_) {
            return t;
        }
    }
    for (std::uint32_t j = 1; j < workers_; ++j) {
        std::uint32_t v = (w + j) % workers_;
        ReadyList &victim = local_queues_[v];
        if (victim.size == 0) {
            continue;
        }
        std::size_t n = (victim.size + 1) / 2;
        for (std::size_t i = 0; i < n; ++i) {
            push_back(local_queues_[w], pop_front(victim));
        }
        if (detail::TaskBase *t = take_local()) {
            stolen_from = v;
            return t;
        }
    }
    return nullptr;
}

// Polls the root future once; a throw (a contract violation) panics the task.
inline PollOutcome Executor::poll_guarded(detail::TaskBase &task) {
    try {
        return task.poll_future();
    } catch (const std::exception &e) {
        task.panicked_ = true;
        task.panic_ = e.what();
        return PollOutcome::err;
    }
}

// The same on a worker of the multi-threaded runtime, where an async fn that suspends holding a
// not-Send value fails the task.
PollOutcome Executor::poll_on_worker(detail::TaskBase &task, std::uint32_t worker) {
    SendCheck send_check;
    PollOutcome outcome;
    current_worker_ = worker;
    {
        AsyncSuspendScope send_scope(&send_check);
        outcome = poll_guarded(task);
    }
    current_worker_ = kNoWorker;
    if (!send_check.violation.empty() && outcome == PollOutcome::not_ready) {
        // The compiler rejects such a spawn; the simulation stops the task at the first await
        // that proves it, with the compiler's words.
        task.panicked_ = true;
        task.panic_ = "error: future cannot be sent between threads safely\n  --> task `" +
                      (task.name_.empty() ? "task-" + std::to_string(task.id_) : task.name_) +
                      "`: " + send_check.violation +
                      "\nnote: required by the multi-threaded runtime (" +
                      std::to_string(workers_) +
                      " workers), which may resume a task on another worker after an await";
        return PollOutcome::err;
    }
    return outcome;
}

inline void
Executor::poll_task(detail::TaskBase *task, std::uint32_t worker, std::uint32_t stolen_from) {
    ++steps_;
    ++task->polls_;
    TaskContext ctx{
        this, task, task->id_, &task->locals_, nullptr, track_handles_ ? &task->handles_ : nullptr};
    ContextScope scope(&ctx);
    Observer *o = current_observer();
    if (o != nullptr) [[unlikely]] {
        if (worker != kNoWorker) {
            o->on_worker(task->id_, worker, stolen_from);
        }
        o->on_poll_begin(task->id_);
    }
    task->running_ = true;
    task->last_worker_ = worker;
    PollOutcome outcome = worker == kNoWorker ? poll_guarded(*task) : poll_on_worker(*task, worker);
    task->running_ = false;
    if (o != nullptr) [[unlikely]] {
        o->on_poll_end(task->id_, outcome);
    }
    if (outcome != PollOutcome::not_ready) {
        task->outcome_ = outcome;
        complete(*task);
    }
}

void Executor::complete(detail::TaskBase &task) {
    task.completed_ = true;
    task.completed_ns_ = now_ns_;
    if (!task.daemon_) {
        --live_non_daemon_;
    }
    // Rule 2: the future is destroyed at once, in the task's context (the caller's scope).
    task.drop_future();
    task.locals_.clear();
    if (Observer *o = current_observer()) [[unlikely]] {
        ValueRef value{};
        std::string text;
        if (!task.panicked_) {
            text = task.describe_result();
            value =
                ValueRef{&text, [](const void *p) { return *static_cast<const std::string *>(p); }};
        }
        o->on_complete(task.id_, task.outcome_, value, task.panic_);
    }
}

RunReport Executor::drive_erased(const std::function<bool()> &done) {
    ObserverScope observe(active_observer());
    RunReport report;
    for (;;) {
        if (done()) {
            report.reason = StopReason::completed;
            break;
        }
        if (limits_.max_steps != 0 && steps_ >= limits_.max_steps && has_ready()) {
            report.reason = StopReason::step_limit;
            break;
        }
        if (step()) {
            continue;
        }
        discard_dead_timers();
        if (timer_heap_.empty()) {
            report.reason = StopReason::idle;
            break;
        }
        if (limits_.max_time_ns >= 0 && timer_heap_.front().deadline_ns > limits_.max_time_ns) {
            report.reason = StopReason::time_limit;
            break;
        }
        advance_clock();
    }
    report.end_ns = now_ns_;
    report.steps = steps_;
    return report;
}

RunReport Executor::run_all() {
    return drive_erased([this] { return live_non_daemon_ == 0; });
}

RunReport Executor::run_until_idle() {
    return drive_erased([] { return false; });
}

} // namespace futurescope
