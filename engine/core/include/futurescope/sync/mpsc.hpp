// The multi-producer, single-consumer channel with back pressure (futures 0.1's `sync::mpsc`):
// `auto [tx, rx] = mpsc::channel<int>(16);`. The Receiver is a Stream that ends once every
// Sender is gone; a Sender is a Sink (`send`, `send_all`) and is cloned with `clone()`.
// `mpsc::unbounded<T>()` gives an UnboundedSender whose `unbounded_send` never waits.
//
// Single-threaded here (plain counts, no locks), it reproduces who the sync channel notifies,
// when, and how often — task poll counts depend on it:
//   - Capacity is buffer + the number of live senders: each sender has one guaranteed slot.
//   - start_send queues the item even when that goes over the buffer; the sender then parks
//     itself (its handle joins a FIFO of parked senders), so its next start_send is refused
//     (NotReady, item back) and its poll_complete stays NotReady until it is unparked.
//   - The receiver, for each message it takes, unparks the first parked sender (FIFO).
//   - A sender signals the receiver only if no signal is pending (the `unparked` flag): wakeups
//     merge until the receiver parks again, and a receiver that finds its queue empty with a
//     signal pending consumes it and looks once more before parking.
//   - The last sender's drop closes the channel with an end marker: the receiver yields what
//     is queued, then None. Receiver::close() (or its drop) refuses further sends and unparks
//     every parked sender.
//
// [SECTION] Errors
// [SECTION] Shared state
// [SECTION] Sender
// [SECTION] UnboundedSender
// [SECTION] Receiver
// [SECTION] Constructors
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/observe/channel_observe.hpp"
#include "futurescope/observe/describe.hpp"
#include "futurescope/poll.hpp"
#include "futurescope/sink.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope::mpsc {

// [SECTION] Errors

// A send to a channel whose receiver is gone or closed; carries the item back.
template <class T>
struct SendError {
    T item;

    [[nodiscard]] T into_inner() && { return std::move(item); }
    [[nodiscard]] std::string describe() const { return "SendError(" + describe_any(item) + ")"; }
    friend bool operator==(const SendError &, const SendError &) = default;
};

// What try_send refuses: Full (this sender is parked) or Disconnected (the receiver is gone).
template <class T>
struct TrySendError {
    bool full;
    T item;

    [[nodiscard]] bool is_full() const noexcept { return full; }
    [[nodiscard]] bool is_disconnected() const noexcept { return !full; }
    [[nodiscard]] T into_inner() && { return std::move(item); }
    [[nodiscard]] std::string describe() const {
        return std::string(full ? "Full(" : "Disconnected(") + describe_any(item) + ")";
    }
    friend bool operator==(const TrySendError &, const TrySendError &) = default;
};

// [SECTION] Shared state

namespace detail {

// A sender's parking slot (Rust's `Arc<Mutex<SenderTask>>`): owned by the sender and by every
// entry of the parked queue that names it, so a sender dropped while parked still gets its
// entry popped — and the task it held notified — by the receiver.
struct SenderTask {
    std::uint32_t refs = 1;
    std::optional<Task> task;
    bool is_parked = false;

    // Out of line: inlined into code that holds two handles of one object, GCC 12 reports
    // the second handle's release as a use after free (-Wuse-after-free false positive).
    [[gnu::noinline]] void release() noexcept {
        if (--refs == 0) {
            delete this;
        }
    }
    void notify(const char *via) {
        is_parked = false;
        futurescope::detail::unpark_slot(task, via);
    }
};

class SenderTaskRef {
  public:
    explicit SenderTaskRef(SenderTask *t) noexcept : t_(t) { ++t_->refs; }
    SenderTaskRef(SenderTaskRef &&other) noexcept : t_(std::exchange(other.t_, nullptr)) {}
    SenderTaskRef &operator=(SenderTaskRef &&) = delete;
    SenderTaskRef(const SenderTaskRef &) = delete;
    SenderTaskRef &operator=(const SenderTaskRef &) = delete;
    ~SenderTaskRef() {
        if (t_ != nullptr) {
            t_->release();
        }
    }
    SenderTask *operator->() const noexcept { return t_; }

  private:
    SenderTask *t_;
};

template <class T>
struct MpscShared {
    explicit MpscShared(std::optional<std::size_t> buffer_size)
        : buffer(buffer_size), obs(buffer_size ? "mpsc" : "mpsc_unbounded",
                                   buffer_size ? static_cast<std::int64_t>(*buffer_size) : -1) {}
    MpscShared(const MpscShared &) = delete;
    MpscShared &operator=(const MpscShared &) = delete;

    std::optional<std::size_t> buffer; // none: unbounded
    bool open = true;
    std::size_t num_messages = 0;       // queued, the end marker included
    std::deque<std::optional<T>> queue; // none is the end marker of the last sender
    std::deque<SenderTaskRef> parked;   // FIFO of parked senders
    std::size_t num_senders = 1;
    bool recv_unparked = false; // a signal is pending for the receiver
    std::optional<Task> recv_task;
    std::uint32_t refs = 2; // handles: senders + the receiver
    futurescope::detail::ChannelObs obs;

    // Out of line: inlined into code that holds two handles of one object, GCC 12 reports
    // the second handle's release as a use after free (-Wuse-after-free false positive).
    [[gnu::noinline]] void release() noexcept {
        if (--refs == 0) {
            delete this;
        }
    }

    // Counts a new message; none when the channel is closed, else whether the sender must
    // park (the count went over the buffer).
    std::optional<bool> inc_num_messages(bool close) noexcept {
        if (!open) {
            return std::nullopt;
        }
        ++num_messages;
        if (close) {
            open = false;
        }
        return buffer && num_messages > *buffer;
    }

    // Wakes the receiver unless a signal is already pending.
    void signal(const char *via) {
        if (recv_unparked) {
            return;
        }
        recv_unparked = true;
        futurescope::detail::unpark_slot(recv_task, via);
    }

    void unpark_one() {
        if (!parked.empty()) {
            SenderTaskRef t = std::move(parked.front());
            parked.pop_front();
            t->notify("mpsc item received");
        }
    }
};

} // namespace detail

template <class T>
class UnboundedSender;

// [SECTION] Sender

template <class T>
class Sender : public SinkExt<Sender<T>> {
  public:
    using sink_item_type = T;
    using sink_error_type = SendError<T>;

    explicit Sender(detail::MpscShared<T> *inner) noexcept : inner_(inner) {}
    Sender(Sender &&other) noexcept
        : inner_(std::exchange(other.inner_, nullptr)), task_(std::exchange(other.task_, nullptr)),
          maybe_parked_(other.maybe_parked_) {}
    Sender &operator=(Sender &&other) noexcept {
        if (this != &other) {
            drop();
            inner_ = std::exchange(other.inner_, nullptr);
            task_ = std::exchange(other.task_, nullptr);
            maybe_parked_ = other.maybe_parked_;
        }
        return *this;
    }
    // Copying would change the channel's capacity silently: clone() says it.
    Sender(const Sender &) = delete;
    Sender &operator=(const Sender &) = delete;
    ~Sender() { drop(); }

    // A new sender on the same channel, with its own guaranteed slot and parking slot.
    [[nodiscard]] Sender clone() const {
        auto &s = shared();
        ++s.num_senders;
        ++s.refs;
        return Sender(inner_);
    }

    // Queues the item unless this sender is parked (then NotReady, item back). Going over the
    // buffer queues the item and parks this sender.
    StartSend<T, SendError<T>> start_send(T msg) {
        auto &s = shared();
        if (!poll_unparked(true)) {
            s.obs.emit(ChannelEventKind::full, ValueRef::of(msg), "send refused: sender parked");
            return SinkNotReady<T>{std::move(msg)};
        }
        if (!do_send(msg, true)) {
            s.obs.emit(
                ChannelEventKind::close, ValueRef::of(msg), "send refused: receiver dropped");
            return Err<SendError<T>>{SendError<T>{std::move(msg)}};
        }
        return sink_ready;
    }

    // Ready unless this sender is parked; a closed channel counts as flushed.
    Poll<Unit, SendError<T>> poll_complete() {
        auto p = poll_ready();
        if (p.is_not_ready()) {
            return not_ready;
        }
        return ready();
    }

    Poll<Unit, SendError<T>> close() { return ready(); }

    // Ready when a send would not be refused; Err when the receiver is gone or closed.
    Poll<Unit, SendError<Unit>> poll_ready() {
        auto &s = shared();
        if (!s.open) {
            return Err<SendError<Unit>>{SendError<Unit>{Unit{}}};
        }
        if (!poll_unparked(true)) {
            return not_ready;
        }
        return ready();
    }

    // Sends without waiting: Full if this sender is parked (this also forgets the task it
    // parked with), Disconnected if the receiver is gone. It may park the sender, taskless.
    Result<Unit, TrySendError<T>> try_send(T msg) {
        auto &s = shared();
        if (!poll_unparked(false)) {
            s.obs.emit(
                ChannelEventKind::full, ValueRef::of(msg), "try_send refused: sender parked");
            return Err<TrySendError<T>>{TrySendError<T>{true, std::move(msg)}};
        }
        if (!do_send(msg, false)) {
            s.obs.emit(
                ChannelEventKind::close, ValueRef::of(msg), "send refused: receiver dropped");
            return Err<TrySendError<T>>{TrySendError<T>{false, std::move(msg)}};
        }
        return Ready<Unit>{Unit{}};
    }

    [[nodiscard]] bool is_closed() const { return !shared().open; }

    [[nodiscard]] std::string describe() const { return "Sender"; }

    // Tells the detectors which task holds this end ("who will wake me", deadlock chains).
    void declare_owner(TaskId task) { shared().obs.note_owner("sender", task); }
    // Names the channel in the trace (a scenario's channel name).
    void declare_name(std::string_view name) { shared().obs.note_name(name); }

  private:
    friend class UnboundedSender<T>;

    detail::MpscShared<T> &shared() const {
        if (inner_ == nullptr) {
            throw Panic("mpsc Sender used after it was moved from");
        }
        return *inner_;
    }

    // Ready unless parked; when parked, refreshes (or, without do_park, clears) the task the
    // receiver will unpark.
    bool poll_unparked(bool do_park) {
        if (!maybe_parked_) {
            return true;
        }
        if (!task_->is_parked) {
            maybe_parked_ = false;
            return true;
        }
        if (do_park) {
            task_->task.emplace(park(HeldBy{SourceKind::channel, inner_->obs.id(), "mpsc sender"}));
        } else {
            task_->task.reset();
        }
        return false;
    }

    // Queues msg (moved from only on success); false when the channel is closed.
    bool do_send(T &msg, bool do_park) {
        auto &s = *inner_;
        std::optional<bool> park_self = s.inc_num_messages(false);
        if (!park_self) {
            return false;
        }
        if (*park_self) {
            park_sender(do_park);
        }
        s.obs.emit(ChannelEventKind::send, ValueRef::of(msg));
        s.queue.emplace_back(std::move(msg));
        if (*park_self) {
            s.obs.emit(ChannelEventKind::full, {}, "sender parked");
        }
        s.signal("mpsc item sent");
        return true;
    }

    void park_sender(bool can_park) {
        auto &s = *inner_;
        if (task_ == nullptr) {
            task_ = new detail::SenderTask();
        }
        if (can_park) {
            task_->task.emplace(park(HeldBy{SourceKind::channel, s.obs.id(), "mpsc sender"}));
        } else {
            task_->task.reset();
        }
        task_->is_parked = true;
        s.parked.emplace_back(task_);
        maybe_parked_ = s.open;
    }

    // The last sender closes the channel with the end marker (Rust's `do_send(None, false)`).
    void drop() noexcept {
        if (inner_ == nullptr) {
            return;
        }
        auto &s = *inner_;
        if (--s.num_senders == 0) {
            std::optional<bool> park_self = s.inc_num_messages(true);
            if (park_self) {
                if (*park_self) {
                    park_sender(false);
                }
                s.obs.emit(ChannelEventKind::close, {}, "last sender dropped");
                s.queue.emplace_back(std::nullopt);
                s.signal("mpsc last sender dropped");
            }
        }
        if (task_ != nullptr) {
            std::exchange(task_, nullptr)->release();
        }
        std::exchange(inner_, nullptr)->release();
    }

    detail::MpscShared<T> *inner_;
    detail::SenderTask *task_ = nullptr; // made on the first park
    bool maybe_parked_ = false;
};

// [SECTION] UnboundedSender

template <class T>
class UnboundedSender : public SinkExt<UnboundedSender<T>> {
  public:
    using sink_item_type = T;
    using sink_error_type = SendError<T>;

    explicit UnboundedSender(Sender<T> tx) noexcept : tx_(std::move(tx)) {}

    // Tells the detectors which task holds this end ("who will wake me", deadlock chains).
    void declare_owner(TaskId task) { tx_.declare_owner(task); }
    void declare_name(std::string_view name) { tx_.declare_name(name); }

    [[nodiscard]] UnboundedSender clone() const { return UnboundedSender(tx_.clone()); }

    // Queues the item at once; Err when the receiver is gone or closed.
    Result<Unit, SendError<T>> unbounded_send(T msg) const {
        auto &s = tx_.shared();
        if (!s.inc_num_messages(false)) {
            s.obs.emit(
                ChannelEventKind::close, ValueRef::of(msg), "send refused: receiver dropped");
            return Err<SendError<T>>{SendError<T>{std::move(msg)}};
        }
        s.obs.emit(ChannelEventKind::send, ValueRef::of(msg));
        s.queue.emplace_back(std::move(msg));
        s.signal("mpsc item sent");
        return Ready<Unit>{Unit{}};
    }

    StartSend<T, SendError<T>> start_send(T msg) { return tx_.start_send(std::move(msg)); }
    Poll<Unit, SendError<T>> poll_complete() { return tx_.poll_complete(); }
    Poll<Unit, SendError<T>> close() { return ready(); }
    [[nodiscard]] bool is_closed() const { return tx_.is_closed(); }

    [[nodiscard]] std::string describe() const { return "UnboundedSender"; }

  private:
    Sender<T> tx_;
};

// [SECTION] Receiver

template <class T>
class [[nodiscard]] Receiver : public StreamExt<Receiver<T>> {
  public:
    using item_type = T;
    using error_type = Never; // Rust's `()`, which it never returns

    enum class State : std::uint8_t { open, ended };
    static constexpr std::array<std::string_view, 2> state_names{"open", "ended"};
    static constexpr FutureKind kind_info{"mpsc::Receiver", state_names};

    explicit Receiver(detail::MpscShared<T> *inner) noexcept : inner_(inner) {}
    Receiver(Receiver &&other) noexcept
        : inner_(std::exchange(other.inner_, nullptr)), state_(other.state_),
          obs_(std::move(other.obs_)) {}
    Receiver &operator=(Receiver &&) = delete;
    Receiver(const Receiver &) = delete;
    Receiver &operator=(const Receiver &) = delete;
    ~Receiver() { drop(); }

    StreamPoll<T, Never> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<T, Never> result = poll_inner();
        scope.exit(result);
        return result;
    }

    // Refuses further sends and unparks every parked sender; what is queued can still be
    // received, then the stream ends.
    void close() { close_with("receiver closed"); }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }
    [[nodiscard]] std::string obs_label() const {
        if (inner_ == nullptr) {
            return {};
        }
        return inner_->buffer ? "mpsc(" + std::to_string(*inner_->buffer) + ")"
                              : std::string("mpsc_unbounded");
    }

    // Tells the detectors which task holds this end ("who will wake me", deadlock chains).
    void declare_owner(TaskId task) { shared().obs.note_owner("receiver", task); }

  private:
    detail::MpscShared<T> &shared() {
        if (inner_ == nullptr) {
            throw Panic("mpsc Receiver used after it was moved from");
        }
        return *inner_;
    }

    StreamPoll<T, Never> poll_inner() {
        auto &s = shared();
        for (;;) {
            if (!s.queue.empty()) {
                std::optional<T> msg = std::move(s.queue.front());
                s.queue.pop_front();
                s.unpark_one();
                --s.num_messages;
                if (!msg) {
                    set_state(State::ended);
                    return ready(std::nullopt);
                }
                s.obs.emit(ChannelEventKind::recv, ValueRef::of(*msg));
                return Ready<std::optional<T>>{std::move(msg)};
            }
            if (!s.open && s.num_messages == 0) {
                set_state(State::ended);
                return ready(std::nullopt);
            }
            if (s.recv_unparked) {
                // A sender signalled since we last parked: consume the signal and look again.
                s.recv_unparked = false;
                continue;
            }
            s.recv_task.emplace(park(HeldBy{SourceKind::channel, s.obs.id(), "mpsc receiver"}));
            return not_ready;
        }
    }

    void close_with(const char *why) {
        if (inner_ == nullptr) {
            return;
        }
        auto &s = *inner_;
        if (s.open) {
            s.open = false;
            s.obs.emit(ChannelEventKind::close, {}, why);
        }
        while (!s.parked.empty()) {
            detail::SenderTaskRef t = std::move(s.parked.front());
            s.parked.pop_front();
            t->notify("mpsc receiver closed");
        }
    }

    // Closes, then drops every queued message (unparking a sender for each, as receiving does).
    void drop() noexcept {
        if (inner_ == nullptr) {
            return;
        }
        close_with("receiver dropped");
        auto &s = *inner_;
        while (!s.queue.empty()) {
            s.queue.pop_front();
            s.unpark_one();
            --s.num_messages;
        }
        s.recv_task.reset();
        std::exchange(inner_, nullptr)->release();
    }

    void set_state(State st) noexcept {
        if (st != state_) {
            observe_state(obs_, static_cast<int>(state_), static_cast<int>(st));
            state_ = st;
        }
    }

    detail::MpscShared<T> *inner_;
    State state_ = State::open;
    ObsId obs_;
};

// The receiver of an unbounded channel is the same stream.
template <class T>
using UnboundedReceiver = Receiver<T>;

// [SECTION] Constructors

// A bounded channel: it holds `buffer` items plus one per live sender.
template <class T>
[[nodiscard]] std::pair<Sender<T>, Receiver<T>> channel(std::size_t buffer) {
    if (buffer >= (SIZE_MAX >> 2)) {
        throw Panic("requested buffer size too large");
    }
    auto *inner = new detail::MpscShared<T>(buffer);
    return {Sender<T>(inner), Receiver<T>(inner)};
}

// A channel whose senders never wait.
template <class T>
[[nodiscard]] std::pair<UnboundedSender<T>, UnboundedReceiver<T>> unbounded() {
    auto *inner = new detail::MpscShared<T>(std::nullopt);
    return {UnboundedSender<T>(Sender<T>(inner)), Receiver<T>(inner)};
}

} // namespace futurescope::mpsc
