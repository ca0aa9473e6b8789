// A channel for one value (futures 0.1's `sync::oneshot`): `auto [tx, rx] = oneshot<int>();`.
// The receiver is a future of the value; its error is Canceled when the sender goes away without
// sending. `std::move(tx).send(v)` consumes the sender, and — as in Rust, where `send(self)`
// drops the Sender as it returns — the receiver's wakeup comes from that drop, not from the
// store. The sender can wait for the receiver to lose interest: poll_cancel() (or the future
// `std::move(tx).cancellation()`) is Ready once the receiver was dropped or closed.
//
// `unsync_oneshot<T>()` is futures 0.1's `unsync::oneshot`. Single-threaded, it behaves the same
// except in one observable point: the unsync Receiver::close() forgets the receiving task, while
// the sync one keeps it, so a sync sender dropped (or sending, and failing) after close() still
// wakes the task that last polled the receiver.
//
// [SECTION] Canceled
// [SECTION] Shared state
// [SECTION] OneshotSender
// [SECTION] OneshotReceiver
// [SECTION] Cancellation: poll_cancel as a future
// [SECTION] Constructors
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/observe/channel_observe.hpp"
#include "futurescope/poll.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope {

// [SECTION] Canceled

// The error of a oneshot receiver whose sender was dropped without sending.
struct Canceled {
    [[nodiscard]] std::string describe() const { return "Canceled"; }
    friend constexpr bool operator==(Canceled, Canceled) noexcept { return true; }
};

// [SECTION] Shared state

namespace detail {

// Rust's `Inner`: `complete` is set when the sender is done (sent or dropped) or the receiver
// closed or dropped; each side parks in its own slot. Owned by both handles, plainly counted.
template <class T>
struct OneshotShared {
    explicit OneshotShared(bool unsync_flavour)
        : unsync(unsync_flavour), obs(unsync_flavour ? "unsync_oneshot" : "oneshot", 1) {}

    std::uint32_t refs = 2;
    bool unsync;
    bool complete = false;
    std::optional<T> data;
    std::optional<Task> rx_task;
    std::optional<Task> tx_task;
    ChannelObs obs;

    // Out of line: inlined into code that holds two handles of one object, GCC 12 reports
    // the second handle's release as a use after free (-Wuse-after-free false positive).
    [[gnu::noinline]] void release() noexcept {
        if (--refs == 0) {
            delete this;
        }
    }
};

} // namespace detail

// [SECTION] OneshotSender

template <class T>
class OneshotSender {
  public:
    explicit OneshotSender(detail::OneshotShared<T> *inner) noexcept : inner_(inner) {}
    OneshotSender(OneshotSender &&other) noexcept : inner_(std::exchange(other.inner_, nullptr)) {}
    OneshotSender &operator=(OneshotSender &&other) noexcept {
        if (this != &other) {
            drop();
            inner_ = std::exchange(other.inner_, nullptr);
        }
        return *this;
    }
    OneshotSender(const OneshotSender &) = delete;
    OneshotSender &operator=(const OneshotSender &) = delete;
    ~OneshotSender() { drop(); }

    // Stores the value and drops the sender, which wakes the receiver. Err(value) when the
    // receiver is gone or closed.
    Result<Unit, T> send(T value) && {
        auto &s = channel_state();
        if (s.complete) {
            s.obs.emit(
                ChannelEventKind::close, ValueRef::of(value), "send refused: receiver dropped");
            drop();
            return Err<T>{std::move(value)};
        }
        s.obs.emit(ChannelEventKind::send, ValueRef::of(value));
        s.data.emplace(std::move(value));
        drop();
        return Ready<Unit>{Unit{}};
    }

    // Ready once the receiver was dropped or closed; otherwise parks the current task, which
    // the receiver's drop or close() will unpark.
    Poll<Unit, Never> poll_cancel() {
        auto &s = channel_state();
        if (s.complete) {
            return ready();
        }
        s.tx_task.emplace(park(HeldBy{SourceKind::channel, s.obs.id(), "oneshot sender"}));
        return not_ready;
    }

    [[nodiscard]] bool is_canceled() const {
        if (inner_ == nullptr) {
            throw Panic(consumed_message);
        }
        return inner_->complete;
    }

    // A future that resolves (to Unit) when the receiver goes away; it owns the sender.
    [[nodiscard]] auto cancellation() &&;

    // Tells the detectors which task holds this end ("who will wake me", deadlock chains).
    void declare_owner(TaskId task) { channel_state().obs.note_owner("sender", task); }
    // Names the channel in the trace (a scenario's channel name).
    void declare_name(std::string_view name) { channel_state().obs.note_name(name); }

  private:
    static constexpr const char *consumed_message = "oneshot Sender used after it was consumed";

    detail::OneshotShared<T> &channel_state() {
        if (inner_ == nullptr) {
            throw Panic(consumed_message);
        }
        return *inner_;
    }

    // Rust's `drop_tx`: flag completion and wake the receiver.
    void drop() noexcept {
        if (inner_ == nullptr) {
            return;
        }
        detail::OneshotShared<T> *s = std::exchange(inner_, nullptr);
        bool was_complete = s->complete;
        s->complete = true;
        if (!was_complete && !s->data) {
            s->obs.emit(ChannelEventKind::cancel, {}, "sender dropped");
        }
        s->tx_task.reset();
        detail::unpark_slot(s->rx_task, "oneshot sender dropped");
        s->release();
    }

    detail::OneshotShared<T> *inner_;
};

// [SECTION] OneshotReceiver

template <class T>
class [[nodiscard]] OneshotReceiver : public FutureExt<OneshotReceiver<T>> {
  public:
    using item_type = T;
    using error_type = Canceled;

    enum class State : std::uint8_t { waiting, done };
    static constexpr std::array<std::string_view, 2> state_names{"waiting", "done"};
    static constexpr FutureKind kind_info{"oneshot::Receiver", state_names};

    explicit OneshotReceiver(detail::OneshotShared<T> *inner) noexcept : inner_(inner) {}
    OneshotReceiver(OneshotReceiver &&other) noexcept
        : inner_(std::exchange(other.inner_, nullptr)), state_(other.state_),
          obs_(std::move(other.obs_)) {}
    OneshotReceiver &operator=(OneshotReceiver &&) = delete;
    OneshotReceiver(const OneshotReceiver &) = delete;
    OneshotReceiver &operator=(const OneshotReceiver &) = delete;
    ~OneshotReceiver() { drop(); }

    Poll<T, Canceled> poll() {
        PollScope scope(obs_, *this);
        Poll<T, Canceled> result = poll_inner();
        scope.exit(result);
        return result;
    }

    // Refuses the value from now on: a later send fails and the sender's poll_cancel is Ready.
    // A value sent before can still be received.
    void close() {
        if (inner_ == nullptr) {
            return;
        }
        auto &s = *inner_;
        if (!s.complete) {
            s.obs.emit(ChannelEventKind::close, {}, "receiver closed");
        }
        s.complete = true;
        if (s.unsync) {
            s.rx_task.reset();
        }
        detail::unpark_slot(s.tx_task, "oneshot receiver closed");
    }

    // The value if it is there (Some), None while the sender is still deciding, Err(Canceled)
    // when it never will be there. Never parks.
    Result<std::optional<T>, Canceled> try_recv() {
        auto &s = channel_state();
        if (!s.complete) {
            return Ready<std::optional<T>>{std::nullopt};
        }
        if (s.data) {
            std::optional<T> v(std::move(*s.data));
            s.data.reset();
            s.obs.emit(ChannelEventKind::recv, ValueRef::of(*v));
            return Ready<std::optional<T>>{std::move(v)};
        }
        return Err<Canceled>{Canceled{}};
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }
    [[nodiscard]] std::string obs_label() const {
        return inner_ != nullptr && inner_->unsync ? "unsync_oneshot" : "oneshot";
    }

    // Tells the detectors which task holds this end ("who will wake me", deadlock chains).
    void declare_owner(TaskId task) { channel_state().obs.note_owner("receiver", task); }

  private:
    detail::OneshotShared<T> &channel_state() {
        if (inner_ == nullptr) {
            throw Panic("oneshot Receiver used after it was moved from");
        }
        return *inner_;
    }

    Poll<T, Canceled> poll_inner() {
        auto &s = channel_state();
        if (!s.complete) {
            s.rx_task.emplace(park(HeldBy{SourceKind::channel, s.obs.id(), "oneshot receiver"}));
            return not_ready;
        }
        set_state(State::done);
        if (s.data) {
            T v = std::move(*s.data);
            s.data.reset();
            s.obs.emit(ChannelEventKind::recv, ValueRef::of(v));
            return Ready<T>{std::move(v)};
        }
        return Err<Canceled>{Canceled{}};
    }

    void set_state(State s) noexcept {
        if (s != state_) {
            observe_state(obs_, static_cast<int>(state_), static_cast<int>(s));
            state_ = s;
        }
    }

    // Rust's `drop_rx`: flag completion, forget our task, wake a sender waiting in poll_cancel.
    void drop() noexcept {
        if (inner_ == nullptr) {
            return;
        }
        detail::OneshotShared<T> *s = std::exchange(inner_, nullptr);
        if (!s->complete) {
            s->obs.emit(ChannelEventKind::cancel, {}, "receiver dropped");
        }
        s->complete = true;
        s->rx_task.reset();
        detail::unpark_slot(s->tx_task, "oneshot receiver dropped");
        s->release();
    }

    detail::OneshotShared<T> *inner_;
    State state_ = State::waiting;
    ObsId obs_;
};

// [SECTION] Cancellation: poll_cancel as a future

// Resolves when the receiver of its sender is dropped or closed (the `WaitForCancel` of
// futures-rs's tests). It owns the sender, which is dropped with it.
template <class T>
class [[nodiscard]] Cancellation : public FutureExt<Cancellation<T>> {
  public:
    using item_type = Unit;
    using error_type = Never;

    static constexpr std::array<std::string_view, 2> state_names{"waiting", "canceled"};
    static constexpr FutureKind kind_info{"Cancellation", state_names};

    explicit Cancellation(OneshotSender<T> sender) : sender_(std::move(sender)) {}

    Poll<Unit, Never> poll() {
        PollScope scope(obs_, *this);
        Poll<Unit, Never> result = sender_.poll_cancel();
        if (result.is_ready() && !canceled_) {
            canceled_ = true;
            observe_state(obs_, 0, 1);
        }
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return canceled_ ? 1 : 0; }
    [[nodiscard]] OneshotSender<T> &sender() noexcept { return sender_; }

  private:
    OneshotSender<T> sender_;
    bool canceled_ = false;
    ObsId obs_;
};

template <class T>
auto OneshotSender<T>::cancellation() && {
    return Cancellation<T>(std::move(*this));
}

// [SECTION] Constructors

template <class T>
[[nodiscard]] std::pair<OneshotSender<T>, OneshotReceiver<T>> oneshot() {
    auto *inner = new detail::OneshotShared<T>(false);
    return {OneshotSender<T>(inner), OneshotReceiver<T>(inner)};
}

template <class T>
[[nodiscard]] std::pair<OneshotSender<T>, OneshotReceiver<T>> unsync_oneshot() {
    auto *inner = new detail::OneshotShared<T>(true);
    return {OneshotSender<T>(inner), OneshotReceiver<T>(inner)};
}

} // namespace futurescope
