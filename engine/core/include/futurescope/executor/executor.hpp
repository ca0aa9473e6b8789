// The deterministic, single-threaded executor: a FIFO ready queue of tasks, a mock clock in
// virtual nanoseconds, and timers. It follows the scheduling policy of shared/DESIGN.md to the
// letter, so a trace is reproducible and comparable poll for poll with futures 0.1 under the
// same policy:
//   - tasks get ids in spawn order and are queued at once when spawned;
//   - one step pops the front task and polls its root future once;
//   - unpark queues a task at the back unless it is queued already (coalesced) or complete
//     (ignored); a task that unparks itself during its poll is queued again;
//   - the clock moves only when the ready queue is empty, to the earliest live timer, and every
//     timer due then fires in (deadline, creation) order.
//
// [SECTION] Spawn options, reports and errors
// [SECTION] Tasks inside the executor
// [SECTION] Timers
// [SECTION] Executor
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "futurescope/executor/rng.hpp"
#include "futurescope/future.hpp"
#include "futurescope/observe/describe.hpp"
#include "futurescope/observe/observe.hpp"
#include "futurescope/poll.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope {

// [SECTION] Spawn options, reports and errors

struct SpawnOptions {
    std::string name;    // shown in the trace and the summary; "task-N" when empty
    bool daemon = false; // a daemon task does not keep run_all() going
};

// Why a run stopped.
enum class StopReason : std::uint8_t {
    completed,  // run(f): f resolved; run_all(): every non-daemon task completed
    idle,       // nothing is queued and no timer is live: the remaining tasks are stuck
    step_limit, // the step limit was reached
    time_limit, // the next timer lies past the virtual time limit
};
[[nodiscard]] const char *to_string(StopReason reason) noexcept;

struct RunReport {
    StopReason reason = StopReason::completed;
    TimeNs end_ns = 0;
    std::uint64_t steps = 0;
};

struct Limits {
    std::uint64_t max_steps = 0; // task-level polls; 0 = no limit
    TimeNs max_time_ns = -1;     // virtual time; negative = no limit
};

// A run that cannot give the result asked for: the future is stuck or a limit was hit. The
// message is stable text (tests match it).
class RunError : public std::runtime_error {
  public:
    RunError(StopReason reason, const std::string &message)
        : std::runtime_error(message), reason_(reason) {}
    [[nodiscard]] StopReason reason() const noexcept { return reason_; }

  private:
    StopReason reason_;
};

// [SECTION] Tasks inside the executor

enum class TaskState : std::uint8_t { queued, parked, running, completed };
[[nodiscard]] const char *to_string(TaskState state) noexcept;

// What the executor knows of one task, for summaries and tests.
struct TaskView {
    TaskId id = 0;
    std::string name;
    bool daemon = false;
    TaskState state = TaskState::queued;
    // For a completed task: ready (Ok), err, or err with `panic` set when its poll threw.
    PollOutcome outcome = PollOutcome::not_ready;
    std::string panic;
    std::string result; // describe() of the value or error, empty while running
    TimeNs completed_ns = -1;
    std::uint64_t polls = 0;
    std::uint64_t unparks = 0; // unparks that queued or were coalesced into a queued poll
    TaskId parent = 0;
    std::uint32_t worker = 0; // multi-threaded runtime: the worker of its last poll, from 1
};

namespace detail {

// One spawned task: the only allocation spawning makes. The executor links tasks in two
// intrusive lists (all tasks in spawn order; the ready queue), so queueing allocates nothing.
class TaskBase : public NotifyTarget {
  public:
    TaskBase(Executor *executor, TaskId id, SpawnOptions &&options, TaskId parent)
        : executor_(executor), id_(id), name_(std::move(options.name)), daemon_(options.daemon),
          parent_(parent) {}

    void notify(const UnparkCause &cause) override;

    // Polls the root future once. On Ready or Err the result is kept; the future is destroyed
    // separately (drop_future), so the trace shows the poll's end before the drops it causes.
    virtual PollOutcome poll_future() = 0;
    virtual void drop_future() noexcept = 0;
    [[nodiscard]] virtual std::string describe_result() const = 0;

    Executor *executor_;
    TaskId id_;
    std::string name_;
    bool daemon_;
    TaskId parent_;
    bool queued_ = false;
    bool running_ = false;
    bool completed_ = false;
    bool panicked_ = false;
    std::uint32_t last_worker_ = kNoWorker;
    PollOutcome outcome_ = PollOutcome::not_ready;
    TimeNs completed_ns_ = -1;
    std::uint64_t polls_ = 0;
    std::uint64_t unparks_ = 0;
    std::string panic_;
    bool result_taken_ = false;
    std::string taken_result_; // describe() of a result that run() handed to its caller
    TaskLocalMap locals_;
    HandleList handles_; // linked only while the executor tracks handles
    TaskBase *next_ready_ = nullptr;
    TaskBase *next_all_ = nullptr;
};

template <Future F>
class TaskImpl final : public TaskBase {
  public:
    using result_type = Result<item_t<F>, error_t<F>>;

    TaskImpl(Executor *executor, TaskId id, SpawnOptions &&options, TaskId parent, F &&future)
        : TaskBase(executor, id, std::move(options), parent), future_(std::move(future)) {}

    PollOutcome poll_future() override {
        auto p = future_->poll();
        if (p.is_not_ready()) {
            return PollOutcome::not_ready;
        }
        PollOutcome outcome = p.outcome();
        result_.emplace(into_result(std::move(p)));
        return outcome;
    }
    void drop_future() noexcept override { future_.reset(); }
    [[nodiscard]] std::string describe_result() const override {
        if (!result_) {
            return {};
        }
        return result_->is_ok() ? describe_any(result_->value()) : describe_any(result_->error());
    }
    [[nodiscard]] ValueRef result_value() const noexcept {
        if (!result_) {
            return {};
        }
        return result_->is_ok() ? ValueRef::of(result_->value()) : ValueRef::of(result_->error());
    }

    std::optional<F> future_;
    std::optional<result_type> result_;
};

} // namespace detail

// [SECTION] Timers

// Names a timer while it is registered; stale once it fired or was cancelled.
struct TimerHandle {
    std::uint32_t slot = 0; // 0 = none
    std::uint32_t generation = 0;
    [[nodiscard]] bool empty() const noexcept { return slot == 0; }
};

// What a timer does when it fires, besides unparking the task it holds (if any): the network
// of the simulation delivers through these. A plain function pointer: registering allocates
// nothing beyond the timer table's own growth.
struct TimerAction {
    void (*fn)(void *context, std::uint64_t arg) = nullptr;
    void *context = nullptr;
    std::uint64_t arg = 0;
};

// [SECTION] Executor

class Executor {
  public:
    Executor();
    ~Executor();
    Executor(const Executor &) = delete;
    Executor &operator=(const Executor &) = delete;

    // Spawns a task: one allocation. It is queued at once (rule 1), also when called from
    // inside another task's poll. Returns its id (1, 2, … in spawn order).
    template <Future F>
    TaskId spawn(F future, SpawnOptions options = {}) {
        return spawn_task(std::move(future), std::move(options))->id_;
    }

    // Runs until `future` resolves, like tokio-core's `Core::run`; other tasks run alongside
    // and stay where they are when it returns. Throws RunError if it can never resolve
    // (nothing queued, no live timer) or a limit is hit; rethrows a contract violation (Panic)
    // raised while polling it.
    template <Future F>
    Result<item_t<F>, error_t<F>> run(F future, SpawnOptions options = {}) {
        if (options.name.empty()) {
            options.name = "main";
        }
        detail::TaskImpl<F> *task = spawn_task(std::move(future), std::move(options));
        task->retain(); // keep it readable whatever happens to the executor's list
        struct Release {
            detail::TaskImpl<F> *t;
            ~Release() { t->release(); }
        } release{task};
        RunReport report = drive([task] { return task->completed_; });
        if (!task->completed_) {
            throw RunError(report.reason, stop_message(report, task->id_));
        }
        if (task->panicked_) {
            throw Panic(task->panic_);
        }
        // The result leaves the task: keep its description for summaries read afterwards.
        task->taken_result_ = task->describe_result();
        task->result_taken_ = true;
        return std::move(*task->result_);
    }

    // Runs until every non-daemon task completed, nothing can progress, or a limit is hit.
    RunReport run_all();
    // Runs until nothing is queued and no timer is live (daemons included), or a limit.
    RunReport run_until_idle();

    // Hand-stepping, for tests and the stepper: one task-level poll if a task is queued.
    // Returns false when the queue is empty.
    bool step();
    // When nothing is queued: moves the clock to the earliest live timer and fires every timer
    // due. Returns false when no timer is live.
    bool advance_clock();

    [[nodiscard]] TimeNs now() const noexcept { return now_ns_; }
    [[nodiscard]] std::uint64_t steps() const noexcept { return steps_; }
    [[nodiscard]] std::size_t task_count() const noexcept { return task_count_; }
    [[nodiscard]] bool has_ready() const noexcept {
        return ready_head_ != nullptr || local_queued_ != 0 || !uncoalesced_.empty();
    }

    // Turns the coalescing of unparks off (call before spawning, single-threaded only): an
    // unpark of a task already queued queues it once more, so each notify costs one poll, as
    // futures 0.1's test executor (tests/support/local_executor.rs) does. The default merges
    // them (DESIGN.md rule 3), as the library's own executors do.
    void set_coalesce_unparks(bool on);
    [[nodiscard]] bool coalesce_unparks() const noexcept { return coalesce_; }

    // The simulated multi-threaded runtime (call before spawning): `n` virtual workers, each
    // with a local FIFO queue, plus the global (injection) queue, still deterministic:
    //   - a task spawned or unparked from inside a poll joins the back of the local queue of
    //     the worker running that poll; from anywhere else (a timer, a socket, outside), the
    //     back of the global queue;
    //   - each step is the next worker's turn, in the order 1, 2, …, n, 1, …: it polls the front
    //     of its local queue, else the front of the global queue, else it steals the front
    //     half (rounded up) of the first non-empty local queue after its own, and polls the
    //     first task it stole;
    //   - the clock moves only when every queue is empty (rule 4).
    // A task may so resume on another worker after an await; an async fn suspended while it
    // holds a not-Send value fails its task with the compiler's error ("future cannot be sent
    // between threads safely"). n = 1 is the single-threaded executor of DESIGN.md.
    void set_workers(std::uint32_t n);
    [[nodiscard]] std::uint32_t workers() const noexcept { return workers_; }
    [[nodiscard]] std::size_t live_timers() const noexcept { return live_timers_; }
    [[nodiscard]] TaskView task(TaskId id) const;
    [[nodiscard]] std::vector<TaskView> tasks() const;

    // The simulation's one seeded generator (DESIGN.md: determinism boundary).
    [[nodiscard]] Rng &rng() noexcept { return rng_; }
    void set_seed(std::uint64_t seed) noexcept { rng_.reseed(seed); }

    void set_limits(const Limits &limits) noexcept { limits_ = limits; }
    [[nodiscard]] const Limits &limits() const noexcept { return limits_; }
    // The observer that receives this executor's events (null: none). It is installed for the
    // length of each step and timer firing, and around run() and run_all().
    void set_observer(Observer *observer) noexcept { observer_ = observer; }
    [[nodiscard]] Observer *observer() const noexcept { return observer_; }

    // Timers (DESIGN.md rules 4 and 5). `task` is unparked when the timer fires; `what` names
    // the timer's owner in "who will wake me" ("delay", "interval").
    TimerHandle
    add_timer(TimeNs deadline_ns, Task task, TimerAction action = {}, const char *what = "timer");
    // Replaces the task handle a live timer holds (a delay polled again).
    void refresh_timer(TimerHandle handle, Task task);
    // Cancels a live timer; a stale handle is ignored.
    void cancel_timer(TimerHandle handle) noexcept;
    [[nodiscard]] bool timer_live(TimerHandle handle) const noexcept;
    [[nodiscard]] TimerId timer_id(TimerHandle handle) const noexcept;

    // An explicit blocking operation inside a poll: the clock moves forward by `d` now
    // (rule 7), and timers that come due wait until the queue is empty.
    void block_for(TimeNs d);

    // "Who will wake me": while tracking is on, park() links each handle it hands out to its
    // task, and the storage sites name themselves (HeldBy). The detectors turn it on.
    void set_track_handles(bool on) noexcept { track_handles_ = on; }
    [[nodiscard]] bool tracks_handles() const noexcept { return track_handles_; }
    // What holds task `id`'s handle now, oldest first; a timer comes with its deadline.
    [[nodiscard]] std::vector<WaitHolder> waiting_on(TaskId id) const;
    // Whether task `id` waits in a ready queue (cheaper than task(id).state: no TaskView).
    [[nodiscard]] bool is_queued(TaskId id) const noexcept;
    // The tasks in the ready queue, front first.
    [[nodiscard]] std::vector<TaskId> queued_tasks() const;
    // The live timers due at or before `t`, with the task each would unpark, by deadline.
    struct DueTimer {
        TimerId id;
        TaskId task;
        TimeNs deadline_ns;
    };
    [[nodiscard]] std::vector<DueTimer> timers_due_by(TimeNs t) const;

    // The message of a run that stopped without its result.
    [[nodiscard]] std::string stop_message(const RunReport &report, TaskId waited_for) const;

    // Called by a task's handle (rule 3). Public for the tasks; not for users.
    void unpark(detail::TaskBase &task, const UnparkCause &cause);

  private:
    template <Future F>
    detail::TaskImpl<F> *spawn_task(F &&future, SpawnOptions &&options) {
        TaskId id = static_cast<TaskId>(task_count_ + 1);
        auto *task = new detail::TaskImpl<F>(
            this, id, std::move(options), current_task_id(), std::move(future));
        link_spawned(task);
        return task;
    }
    void link_spawned(detail::TaskBase *task);
    template <class Pred>
    RunReport drive(Pred done);
    RunReport drive_erased(const std::function<bool()> &done);
    void push_ready(detail::TaskBase *task) noexcept;
    detail::TaskBase *pop_ready() noexcept;
    // The same with coalescing off: out of line, so that the default path stays inlined.
    [[gnu::cold, gnu::noinline]] void push_uncoalesced(detail::TaskBase *task) noexcept;
    [[gnu::cold, gnu::noinline]] detail::TaskBase *pop_uncoalesced() noexcept;
    struct ReadyList {
        detail::TaskBase *head = nullptr;
        detail::TaskBase *tail = nullptr;
        std::size_t size = 0;
    };
    static void push_back(ReadyList &list, detail::TaskBase *task) noexcept;
    static detail::TaskBase *pop_front(ReadyList &list) noexcept;
    // One task-level poll of `task` on `worker` (kNoWorker: single-threaded).
    void poll_task(detail::TaskBase *task, std::uint32_t worker, std::uint32_t stolen_from);
    PollOutcome poll_guarded(detail::TaskBase &task);
    PollOutcome poll_on_worker(detail::TaskBase &task, std::uint32_t worker);
    bool step_workers();
    detail::TaskBase *take_for_worker(std::uint32_t w, std::uint32_t &stolen_from) noexcept;
    void complete(detail::TaskBase &task);
    [[nodiscard]] TaskView view(const detail::TaskBase &task) const;
    // The task with id `id`, or null: O(1) through tasks_by_id_, which it extends on demand.
    [[nodiscard]] detail::TaskBase *find(TaskId id) const noexcept;
    [[nodiscard]] detail::TaskBase *find_by_walk(TaskId id) const noexcept;

    struct TimerSlot {
        Task task{nullptr, 0};
        TimerAction action;
        TimeNs deadline_ns = 0;
        std::uint64_t seq = 0;
        TimerId id = 0;
        std::uint32_t generation = 0;
        bool live = false;
    };
    struct TimerEntry {
        TimeNs deadline_ns;
        std::uint64_t seq;
        std::uint32_t slot;
        std::uint32_t generation;
    };
    void release_slot(std::uint32_t slot) noexcept;
    // The deadline of the live timer `holder` names, -1 when it is gone.
    [[nodiscard]] TimeNs timer_deadline(const HeldBy &holder) const noexcept;
    // This executor's observer, or the one already installed around it (a test's probe).
    [[nodiscard]] Observer *active_observer() const noexcept {
        return observer_ != nullptr ? observer_ : current_observer();
    }
    void discard_dead_timers() noexcept;

    TimeNs now_ns_ = 0;
    std::uint64_t steps_ = 0;
    std::size_t task_count_ = 0;
    std::size_t live_non_daemon_ = 0;
    detail::TaskBase *all_head_ = nullptr;
    detail::TaskBase *all_tail_ = nullptr;
    // Task k at index k - 1. Ids are dense and tasks stay in the list until the executor goes,
    // so find() appends the tasks spawned since its last call: spawning itself stays one
    // allocation, and a run that never looks tasks up (no detectors) never builds it.
    mutable std::vector<detail::TaskBase *> tasks_by_id_;
    detail::TaskBase *ready_head_ = nullptr;
    detail::TaskBase *ready_tail_ = nullptr;
    std::vector<TimerSlot> timer_slots_; // index 0 unused: slot 0 means "no timer"
    std::vector<std::uint32_t> free_slots_;
    std::vector<TimerEntry> timer_heap_; // min-heap on (deadline, seq), lazily cleaned
    std::size_t live_timers_ = 0;
    std::uint64_t timer_seq_ = 0;
    TimerId next_timer_id_ = 1;
    Limits limits_;
    bool track_handles_ = false;
    std::uint32_t workers_ = 1;
    std::vector<ReadyList> local_queues_; // one per worker of the multi-threaded runtime
    std::size_t local_queued_ = 0;
    std::uint32_t next_worker_ = 0;
    std::uint32_t current_worker_ = kNoWorker;
    // With coalescing off: the ready queue as a plain FIFO of entries (a task may be in it
    // several times), and how many entries each queued task has.
    bool coalesce_ = true;
    std::deque<detail::TaskBase *> uncoalesced_;
    std::unordered_map<const detail::TaskBase *, std::uint32_t> entries_;
    Observer *observer_ = nullptr;
    Rng rng_;
};

template <class Pred>
RunReport Executor::drive(Pred done) {
    return drive_erased(std::function<bool()>(std::move(done)));
}

// Spawns onto the executor running the current poll (tokio-core's `Handle::spawn`).
template <Future F>
TaskId spawn(F future, SpawnOptions options = {}) {
    return current_executor().spawn(std::move(future), std::move(options));
}

// "timer #3 (delay, fires at 30ms)", "socket #4 (read)", "channel #2 (mpsc receiver)": what
// holds a task's handle, as the trace's `wait` events and the detectors say it.
[[nodiscard]] std::string describe_holder(const WaitHolder &h);

// "30ms", "1.5ms", "250us", "2s", "0ns": how durations read in labels and narration.
[[nodiscard]] std::string format_duration(TimeNs d);

// now + d, checked: virtual time is int64 nanoseconds (about 292 years), and a deadline past
// that panics the polling task with Rust's own text for `Instant + Duration` instead of wrapping
// round into the past. Every deadline the engine computes goes through here.
[[nodiscard]] inline TimeNs time_after(TimeNs now, TimeNs d) {
    TimeNs t = 0;
    if (__builtin_add_overflow(now, d, &t)) {
        throw Panic("overflow when adding duration to instant");
    }
    return t;
}

} // namespace futurescope
