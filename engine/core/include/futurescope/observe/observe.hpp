// Observation points: the engine reports every future-level poll (enter/exit with its result),
// every state change of a combinator's state machine, every park, unpark, timer, clock move and
// channel event to one Observer — the trace recorder, a test probe, a detector. With no observer
// installed each point costs one load and one predictable branch.
//
// [SECTION] Ids and kinds
// [SECTION] Observer
// [SECTION] Installing an observer
// [SECTION] ObsId: the identity of one future instance
// [SECTION] PollScope and state changes: what combinators call
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "futurescope/observe/describe.hpp"
#include "futurescope/poll.hpp"

namespace futurescope {

// [SECTION] Ids and kinds

using TaskId = std::uint32_t;   // 1, 2, … in spawn order; 0 is "no task"
using FutureId = std::uint32_t; // given by the observer on a future's first observed poll; 0 = none
using TimerId = std::uint32_t;  // given by the executor in creation order, from 1
using ChannelId = std::uint32_t;
using TimeNs = std::int64_t; // virtual nanoseconds since the executor started

// What kind of future an instance is, and the names of its states (the viewer draws them and the
// narration says them). Each combinator has one, as a static constexpr member `kind_info`.
struct FutureKind {
    std::string_view name;
    std::span<const std::string_view> states;
};

// Who called unpark. Inferred from where it happens (inside a task's poll, while a timer fires),
// with a short `via` naming the mechanism ("oneshot sender dropped").
enum class SourceKind : std::uint8_t { external, task, timer, io, channel };
[[nodiscard]] const char *to_string(SourceKind kind) noexcept;

struct UnparkCause {
    SourceKind kind = SourceKind::external;
    std::uint32_t id = 0;      // the task, timer, socket or channel
    const char *via = nullptr; // static text, or null
};

// What unpark did under the scheduling policy (DESIGN.md rule 3).
enum class UnparkOutcome : std::uint8_t { queued, coalesced, ignored };
[[nodiscard]] const char *to_string(UnparkOutcome outcome) noexcept;

enum class ChannelEventKind : std::uint8_t { send, recv, full, close, cancel };
[[nodiscard]] const char *to_string(ChannelEventKind kind) noexcept;

struct ChannelEvent {
    ChannelEventKind kind;
    ChannelId channel;
    ValueRef value;     // the item sent or received, when there is one
    const char *detail; // static text: "sender parked", "receiver dropped", … or null
};

// The virtual network's events (DESIGN.md: connect, accept, send, deliver, close, reset), then
// the faults a world schedules: a link's partition and heal, hold and release, a host's crash and
// restart (socket 0; local and remote name the link's hosts, or the host).
enum class NetEventKind : std::uint8_t {
    listen,
    connect,
    accept,
    send,
    deliver,
    close,
    reset,
    tls,
    partition,
    heal,
    hold,
    release,
    crash,
    restart,
};
[[nodiscard]] const char *to_string(NetEventKind kind) noexcept;

struct NetEvent {
    NetEventKind kind;
    std::uint32_t socket = 0;     // the socket (or listener) the event is about
    std::uint32_t peer = 0;       // the socket at the other end, 0 when none yet
    std::uint64_t bytes = 0;      // payload size for send / deliver / tls records
    std::string_view local;       // "host:port"
    std::string_view remote;      // "host:port"
    const char *detail = nullptr; // static text: "connection refused", "handshake done", …
};

// A detected problem (lost wakeup, deadlock, busy loop, …) and its explanation.
struct Diagnostic {
    std::string_view kind;    // stable id: "lost_wakeup", "deadlock", "busy_loop", …
    TaskId task = 0;          // the task concerned, 0 when none
    FutureId future = 0;      // the future concerned, 0 when none
    std::string_view message; // one or two sentences for a learner
};

// Something that holds a task's handle and may unpark it: a timer, a socket's read or write
// interest, a channel's waiting receiver or sender, or a future that kept the handle itself.
struct WaitHolder {
    SourceKind kind = SourceKind::external;
    std::uint32_t id = 0;       // the timer, socket or channel; 0 when none
    const char *what = nullptr; // static text: "delay", "read", "oneshot receiver", … or null
    TimeNs at = -1;             // a timer's deadline, -1 otherwise
};

inline constexpr std::uint32_t kNoWorker = 0xffffffffu;

struct TaskInfo {
    TaskId id;
    std::string_view name;
    bool daemon;
    TaskId parent; // the task that spawned it, 0 when spawned from outside a task
};

// [SECTION] Observer

// Every method has an empty default, so an observer overrides what it needs.
class Observer {
  public:
    virtual ~Observer() = default;

    // Future level. `register_future` is called once per instance, on its first observed poll,
    // in the context of the task polling it; it returns the id the instance keeps.
    virtual FutureId register_future(const FutureKind &kind, std::string_view label) {
        (void)kind;
        (void)label;
        return 0;
    }
    // The same with `source`: where the future was written, when something said so (a scenario
    // file's JSON path, via WithSource); empty otherwise. By default it forgets the source.
    virtual FutureId
    register_future(const FutureKind &kind, std::string_view label, std::string_view source) {
        (void)source;
        return register_future(kind, label);
    }
    virtual void on_enter(FutureId future, int state) {
        (void)future;
        (void)state;
    }
    virtual void on_exit(FutureId future, PollOutcome outcome, ValueRef value) {
        (void)future;
        (void)outcome;
        (void)value;
    }
    virtual void on_state(FutureId future, int from, int to) {
        (void)future;
        (void)from;
        (void)to;
    }
    // A state change that also says which values the new state holds ("non_send = Rc(1)"): an
    // async function suspending at an await. By default it is an ordinary state change.
    virtual void on_state_held(FutureId future, int from, int to, std::string_view held) {
        (void)held;
        on_state(future, from, to);
    }
    // The instance just registered is a stream (its Ready(Some) is not its end).
    virtual void on_stream(FutureId future) { (void)future; }
    virtual void on_drop(FutureId future) { (void)future; }

    // Task level.
    virtual void on_spawn(const TaskInfo &task) { (void)task; }
    virtual void on_poll_begin(TaskId task) { (void)task; }
    // The simulated multi-threaded runtime only: called just before on_poll_begin with the
    // worker that runs this poll, and the worker whose queue the task was stolen from
    // (kNoWorker when it was not stolen).
    virtual void on_worker(TaskId task, std::uint32_t worker, std::uint32_t stolen_from) {
        (void)task;
        (void)worker;
        (void)stolen_from;
    }
    virtual void on_poll_end(TaskId task, PollOutcome outcome) {
        (void)task;
        (void)outcome;
    }
    // `panic` is the message when the poll threw, empty otherwise.
    virtual void
    on_complete(TaskId task, PollOutcome outcome, ValueRef value, std::string_view panic) {
        (void)task;
        (void)outcome;
        (void)value;
        (void)panic;
    }
    // The current task's handle was taken (park / task::current()). `future` is the future being
    // polled when it happened, 0 when unknown.
    virtual void on_park(TaskId task, FutureId future) {
        (void)task;
        (void)future;
    }
    virtual void on_unpark(TaskId target, const UnparkCause &cause, UnparkOutcome outcome) {
        (void)target;
        (void)cause;
        (void)outcome;
    }

    // Time.
    virtual void on_timer_set(TimerId timer, TimeNs deadline, TaskId task) {
        (void)timer;
        (void)deadline;
        (void)task;
    }
    virtual void on_timer_cancel(TimerId timer) { (void)timer; }
    virtual void on_timer_fire(TimerId timer, TaskId task) {
        (void)timer;
        (void)task;
    }
    // `blocking` is true when a poll moved the clock (an explicit `block`).
    virtual void on_clock(TimeNs from, TimeNs to, bool blocking) {
        (void)from;
        (void)to;
        (void)blocking;
    }

    // Channels.
    virtual ChannelId register_channel(std::string_view kind, std::int64_t capacity) {
        (void)kind;
        (void)capacity;
        return 0;
    }
    virtual void on_channel(const ChannelEvent &event) { (void)event; }
    // A program said which task holds one end of a channel (`role`: "sender" or "receiver").
    // Not a trace event: the detectors use it to follow wait-for chains.
    virtual void on_channel_owner(ChannelId channel, const char *role, TaskId task) {
        (void)channel;
        (void)role;
        (void)task;
    }
    // A program said what its source calls a channel ("jobs"), for the trace's channel table.
    virtual void on_channel_name(ChannelId channel, std::string_view name) {
        (void)channel;
        (void)name;
    }

    // The network and the detectors.
    virtual void on_net(const NetEvent &event) { (void)event; }
    virtual void on_diag(const Diagnostic &diag) { (void)diag; }
    // After a task-level poll answered NotReady: who holds the task's handle now, i.e. who will
    // wake it ("who will wake me"). Empty `holders` while the task is not queued is a lost wakeup.
    virtual void on_wait(TaskId task, std::span<const WaitHolder> holders) {
        (void)task;
        (void)holders;
    }
};

// An observer in front of another (detectors in front of the recorder, a tee): it passes every
// event on unchanged. Subclasses override what they watch and call the base to pass it on, so a
// method added to Observer needs forwarding in one place only.
class ForwardingObserver : public Observer {
  public:
    explicit ForwardingObserver(Observer *next) noexcept : next_(next) {}
    [[nodiscard]] Observer *next() const noexcept { return next_; }
    // Stops passing events on (the next observer is going away first).
    void detach() noexcept { next_ = nullptr; }

    FutureId register_future(const FutureKind &kind, std::string_view label) override {
        return next_ != nullptr ? next_->register_future(kind, label) : 0;
    }
    FutureId register_future(const FutureKind &kind,
                             std::string_view label,
                             std::string_view source) override {
        return next_ != nullptr ? next_->register_future(kind, label, source) : 0;
    }
    void on_stream(FutureId future) override { pass(&Observer::on_stream, future); }
    void on_enter(FutureId future, int state) override { pass(&Observer::on_enter, future, state); }
    void on_exit(FutureId future, PollOutcome outcome, ValueRef value) override {
        pass(&Observer::on_exit, future, outcome, value);
    }
    void on_state(FutureId future, int from, int to) override {
        pass(&Observer::on_state, future, from, to);
    }
    void on_state_held(FutureId future, int from, int to, std::string_view held) override {
        pass(&Observer::on_state_held, future, from, to, held);
    }
    void on_drop(FutureId future) override { pass(&Observer::on_drop, future); }
    void on_spawn(const TaskInfo &task) override { pass(&Observer::on_spawn, task); }
    void on_poll_begin(TaskId task) override { pass(&Observer::on_poll_begin, task); }
    void on_worker(TaskId task, std::uint32_t worker, std::uint32_t stolen_from) override {
        pass(&Observer::on_worker, task, worker, stolen_from);
    }
    void on_poll_end(TaskId task, PollOutcome outcome) override {
        pass(&Observer::on_poll_end, task, outcome);
    }
    void
    on_complete(TaskId task, PollOutcome outcome, ValueRef value, std::string_view panic) override {
        pass(&Observer::on_complete, task, outcome, value, panic);
    }
    void on_park(TaskId task, FutureId future) override { pass(&Observer::on_park, task, future); }
    void on_unpark(TaskId target, const UnparkCause &cause, UnparkOutcome outcome) override {
        pass(&Observer::on_unpark, target, cause, outcome);
    }
    void on_timer_set(TimerId timer, TimeNs deadline, TaskId task) override {
        pass(&Observer::on_timer_set, timer, deadline, task);
    }
    void on_timer_cancel(TimerId timer) override { pass(&Observer::on_timer_cancel, timer); }
    void on_timer_fire(TimerId timer, TaskId task) override {
        pass(&Observer::on_timer_fire, timer, task);
    }
    void on_clock(TimeNs from, TimeNs to, bool blocking) override {
        pass(&Observer::on_clock, from, to, blocking);
    }
    ChannelId register_channel(std::string_view kind, std::int64_t capacity) override {
        return next_ != nullptr ? next_->register_channel(kind, capacity) : 0;
    }
    void on_channel(const ChannelEvent &event) override { pass(&Observer::on_channel, event); }
    void on_channel_owner(ChannelId channel, const char *role, TaskId task) override {
        pass(&Observer::on_channel_owner, channel, role, task);
    }
    void on_channel_name(ChannelId channel, std::string_view name) override {
        pass(&Observer::on_channel_name, channel, name);
    }
    void on_net(const NetEvent &event) override { pass(&Observer::on_net, event); }
    void on_diag(const Diagnostic &diag) override { pass(&Observer::on_diag, diag); }
    void on_wait(TaskId task, std::span<const WaitHolder> holders) override {
        pass(&Observer::on_wait, task, holders);
    }

  protected:
    Observer *next_;

  private:
    template <class... Params, class... Args>
    void pass(void (Observer::*method)(Params...), Args &&...args) {
        if (next_ != nullptr) {
            (next_->*method)(std::forward<Args>(args)...);
        }
    }
};

// [SECTION] Installing an observer

namespace detail {
// One per thread: the engine is single-threaded, and each thread may run its own executor.
extern thread_local Observer *tl_observer;
} // namespace detail

[[nodiscard]] inline Observer *current_observer() noexcept { return detail::tl_observer; }

// Installs an observer for a scope; restores the previous one when it ends.
class ObserverScope {
  public:
    explicit ObserverScope(Observer *observer) noexcept
        : previous_(std::exchange(detail::tl_observer, observer)) {}
    ~ObserverScope() { detail::tl_observer = previous_; }
    ObserverScope(const ObserverScope &) = delete;
    ObserverScope &operator=(const ObserverScope &) = delete;

  private:
    Observer *previous_;
};

// [SECTION] ObsId: the identity of one future instance

// Held by every observable future. Moving a future moves its identity (select's loser keeps
// its id as it goes on); copying makes a new, not yet registered instance. Destroying a
// registered future reports its drop.
class ObsId {
  public:
    ObsId() = default;
    ObsId(const ObsId &) noexcept {}
    ObsId(ObsId &&other) noexcept : id_(std::exchange(other.id_, 0)) {}
    ObsId &operator=(const ObsId &other) noexcept {
        if (this != &other) {
            reset();
        }
        return *this;
    }
    ObsId &operator=(ObsId &&other) noexcept {
        if (this != &other) {
            reset();
            id_ = std::exchange(other.id_, 0);
        }
        return *this;
    }
    ~ObsId() { reset(); }

    [[nodiscard]] FutureId get() const noexcept { return id_; }
    void set(FutureId id) noexcept { id_ = id; }

  private:
    void reset() noexcept {
        if (id_ != 0) {
            if (Observer *o = current_observer()) {
                o->on_drop(id_);
            }
            id_ = 0;
        }
    }
    FutureId id_ = 0;
};

// [SECTION] PollScope and state changes: what combinators call

namespace detail {
// The source a WithSource wrapper announces for the future it is about to poll; the next future
// to enter a PollScope takes it (and registers with it on its first poll).
extern thread_local std::string_view tl_pending_source;

template <class F>
concept has_obs_label = requires(const F &f) {
    { f.obs_label() } -> std::convertible_to<std::string>;
};
template <class F>
concept has_obs_state = requires(const F &f) {
    { f.obs_state() } -> std::convertible_to<int>;
};

// A stream's poll answers Poll<optional<Item>, Error>; a future's Poll<Item, Error>.
template <class F>
inline constexpr bool is_stream_poll =
    std::is_same_v<decltype(std::declval<F &>().poll()),
                   Poll<std::optional<typename F::item_type>, typename F::error_type>>;

template <class F>
FutureId ensure_registered(Observer *o, ObsId &id, const F &self) {
    // Taken whether or not this poll registers: a source belongs to the future polled right
    // after its wrapper, never to a descendant registered later.
    std::string_view source = std::exchange(tl_pending_source, std::string_view());
    if (id.get() == 0) {
        if constexpr (has_obs_label<F>) {
            id.set(o->register_future(F::kind_info, self.obs_label(), source));
        } else {
            id.set(o->register_future(F::kind_info, {}, source));
        }
    }
    return id.get();
}
} // namespace detail

// Brackets one poll of one future instance:
//
//     Poll<T, E> poll() {
//         PollScope scope(obs_, *this);
//         Poll<T, E> result = poll_inner();
//         scope.exit(result);
//         return result;
//     }
//
// A poll that throws (a contract violation) is reported as an `err` exit.
class PollScope {
  public:
    template <class F>
    PollScope(ObsId &id, const F &self) {
        if (Observer *o = current_observer()) [[unlikely]] {
            observer_ = o;
            stream_ = detail::is_stream_poll<F>;
            bool fresh = id.get() == 0;
            id_ = detail::ensure_registered(o, id, self);
            if (fresh && stream_ && id_ != 0) {
                o->on_stream(id_);
            }
            int state = 0;
            if constexpr (detail::has_obs_state<F>) {
                state = self.obs_state();
            }
            o->on_enter(id_, state);
        }
    }
    PollScope(const PollScope &) = delete;
    PollScope &operator=(const PollScope &) = delete;
    ~PollScope() {
        if (observer_ != nullptr) [[unlikely]] {
            observer_->on_exit(id_, PollOutcome::err, ValueRef{});
        }
    }

    template <class T, class E>
    void exit(const Poll<T, E> &result) noexcept {
        if (observer_ != nullptr) [[unlikely]] {
            exit_slow(result);
        }
    }

  private:
    template <class T, class E>
    void exit_slow(const Poll<T, E> &result) noexcept {
        Observer *o = std::exchange(observer_, nullptr);
        PollOutcome outcome = result.outcome();
        ValueRef value{};
        if (outcome == PollOutcome::ready) {
            if constexpr (requires { result.value().has_value(); }) {
                // A stream's Ready(None) is its end; Ready(Some(x)) reads as x.
                if (stream_ && !result.value().has_value()) {
                    outcome = PollOutcome::end;
                } else if (stream_) {
                    value = ValueRef::of(*result.value());
                } else {
                    value = ValueRef::of(result.value());
                }
            } else {
                value = ValueRef::of(result.value());
            }
        } else if (outcome == PollOutcome::err) {
            value = ValueRef::of(result.error());
        }
        o->on_exit(id_, outcome, value);
    }

    Observer *observer_ = nullptr;
    FutureId id_ = 0;
    bool stream_ = false;
};

// Reports a state machine's move; combinators call it from their `set_state`.
inline void observe_state(const ObsId &id, int from, int to) noexcept {
    if (id.get() != 0) {
        if (Observer *o = current_observer()) [[unlikely]] {
            o->on_state(id.get(), from, to);
        }
    }
}

} // namespace futurescope
