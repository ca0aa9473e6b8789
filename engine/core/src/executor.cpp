// The executor's scheduling loop, its timers and the task handles' unpark path.
//
// [SECTION] Names of enums
// [SECTION] Current task
// [SECTION] Tasks and unpark
// [SECTION] Steps and runs
// [SECTION] Timers
// [SECTION] Reports

#include "futurescope/executor/executor.hpp"

#include "futurescope/future/async_fn.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <functional>
#include <new>
#include <unordered_set>

namespace futurescope {

namespace detail {
thread_local Observer *tl_observer = nullptr;
thread_local std::string_view tl_pending_source;
thread_local TaskContext *tl_context = nullptr;
} // namespace detail

// [SECTION] Names of enums

const char *to_string(PollOutcome outcome) noexcept {
    switch (outcome) {
    case PollOutcome::not_ready:
        return "not_ready";
    case PollOutcome::ready:
        return "ready";
    case PollOutcome::err:
        return "err";
    case PollOutcome::end:
        return "end";
    }
    return "?";
}

const char *to_string(SourceKind kind) noexcept {
    switch (kind) {
    case SourceKind::external:
        return "external";
    case SourceKind::task:
        return "task";
    case SourceKind::timer:
        return "timer";
    case SourceKind::io:
        return "io";
    case SourceKind::channel:
        return "channel";
    }
    return "?";
}

const char *to_string(UnparkOutcome outcome) noexcept {
    switch (outcome) {
    case UnparkOutcome::queued:
        return "queued";
    case UnparkOutcome::coalesced:
        return "coalesced";
    case UnparkOutcome::ignored:
        return "ignored";
    }
    return "?";
}

const char *to_string(ChannelEventKind kind) noexcept {
    switch (kind) {
    case ChannelEventKind::send:
        return "chan_send";
    case ChannelEventKind::recv:
        return "chan_recv";
    case ChannelEventKind::full:
        return "chan_full";
    case ChannelEventKind::close:
        return "chan_close";
    case ChannelEventKind::cancel:
        return "chan_cancel";
    }
    return "?";
}

const char *to_string(NetEventKind kind) noexcept {
    switch (kind) {
    case NetEventKind::listen:
        return "listen";
    case NetEventKind::connect:
        return "connect";
    case NetEventKind::accept:
        return "accept";
    case NetEventKind::send:
        return "send";
    case NetEventKind::deliver:
        return "deliver";
    case NetEventKind::close:
        return "close";
    case NetEventKind::reset:
        return "reset";
    case NetEventKind::tls:
        return "tls";
    case NetEventKind::partition:
        return "partition";
    case NetEventKind::heal:
        return "heal";
    case NetEventKind::hold:
        return "hold";
    case NetEventKind::release:
        return "release";
    case NetEventKind::crash:
        return "crash";
    case NetEventKind::restart:
        return "restart";
    }
    return "?";
}

const char *to_string(StopReason reason) noexcept {
    switch (reason) {
    case StopReason::completed:
        return "completed";
    case StopReason::idle:
        return "idle";
    case StopReason::step_limit:
        return "step_limit";
    case StopReason::time_limit:
        return "time_limit";
    }
    return "?";
}

const char *to_string(TaskState state) noexcept {
    switch (state) {
    case TaskState::queued:
        return "queued";
    case TaskState::parked:
        return "parked";
    case TaskState::running:
        return "running";
    case TaskState::completed:
        return "completed";
    }
    return "?";
}

// [SECTION] Current task

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
    } else if (task.queued_) {
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

void Executor::push_ready(detail::TaskBase *task) noexcept {
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
    PollOutcome outcome =
        worker == kNoWorker ? poll_guarded(*task) : poll_on_worker(*task, worker);
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

// [SECTION] Timers

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
    if (Observer *o = active_observer()) [[unlikely]] {
        o->on_clock(now_ns_, now_ns_ + d, true);
    }
    now_ns_ += d;
}

// [SECTION] Reports

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
               : t.result_taken_             ? t.taken_result_
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
