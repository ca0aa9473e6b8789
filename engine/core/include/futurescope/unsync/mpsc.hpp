// The single-threaded mpsc channel (futures 0.1's `unsync::mpsc`):
// `auto [tx, rx] = unsync_mpsc::channel<int>(n);`. Simpler than the sync one (mpsc.hpp), and
// observably different:
//   - the capacity is strictly n, whatever the number of senders; `channel(0)` never accepts;
//   - a full channel refuses start_send (NotReady, item back) and queues the sender's task —
//     once per refusal, so a sender refused twice is queued twice; poll_complete is always
//     Ready, so a Send resolves as soon as its item is accepted;
//   - the receiver unparks the first queued sender for each item it takes, and nobody once
//     every sender is gone (it then drains what is left and ends);
//   - a send wakes a parked receiver every time (no merging flag), and the last sender's drop
//     wakes it too.
// `unsync_mpsc::unbounded<T>()` has no capacity at all.
//
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
#include "futurescope/poll.hpp"
#include "futurescope/sink.hpp"
#include "futurescope/sync/mpsc.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope::unsync_mpsc {

template <class T>
using SendError = mpsc::SendError<T>;

// [SECTION] Shared state

namespace detail {

// Rust's `Rc<RefCell<Shared>>` held strongly by the receiver and weakly by the senders:
// `receiver_open` is "the Rc is alive", `senders` the weak count.
template <class T>
struct UnsyncShared {
    explicit UnsyncShared(std::optional<std::size_t> cap)
        : capacity(cap), obs(cap ? "unsync_mpsc" : "unsync_mpsc_unbounded",
                             cap ? static_cast<std::int64_t>(*cap) : -1) {}
    UnsyncShared(const UnsyncShared &) = delete;
    UnsyncShared &operator=(const UnsyncShared &) = delete;

    std::deque<T> buffer;
    std::optional<std::size_t> capacity; // none: unbounded
    std::deque<Task> blocked_senders;
    std::optional<Task> blocked_recv;
    std::size_t senders = 1;
    bool receiver_open = true;
    std::uint32_t refs = 2;
    futurescope::detail::ChannelObs obs;

    // Out of line: inlined into code that holds two handles of one object, GCC 12 reports
    // the second handle's release as a use after free (-Wuse-after-free false positive).
    [[gnu::noinline]] void release() noexcept {
        if (--refs == 0) {
            delete this;
        }
    }

    // Queues msg (moved from only on success): Ready, NotReady when full, Err when the
    // receiver is gone.
    StartSend<Unit, Unit> push(T &msg) {
        if (!receiver_open) {
            obs.emit(ChannelEventKind::close, ValueRef::of(msg), "send refused: receiver dropped");
            return Err<Unit>{Unit{}};
        }
        if (capacity && buffer.size() == *capacity) {
            blocked_senders.push_back(
                park(HeldBy{SourceKind::channel, obs.id(), "unsync mpsc sender"}));
            obs.emit(ChannelEventKind::full, ValueRef::of(msg), "send refused: channel full");
            return SinkNotReady<Unit>{Unit{}};
        }
        obs.emit(ChannelEventKind::send, ValueRef::of(msg));
        buffer.push_back(std::move(msg));
        futurescope::detail::unpark_slot(blocked_recv, "unsync mpsc item sent");
        return sink_ready;
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

    explicit Sender(detail::UnsyncShared<T> *inner) noexcept : inner_(inner) {}
    Sender(Sender &&other) noexcept : inner_(std::exchange(other.inner_, nullptr)) {}
    Sender &operator=(Sender &&other) noexcept {
        if (this != &other) {
            drop();
            inner_ = std::exchange(other.inner_, nullptr);
        }
        return *this;
    }
    Sender(const Sender &) = delete;
    Sender &operator=(const Sender &) = delete;
    ~Sender() { drop(); }

    [[nodiscard]] Sender clone() const {
        auto &s = shared();
        ++s.senders;
        ++s.refs;
        return Sender(inner_);
    }

    StartSend<T, SendError<T>> start_send(T msg) {
        StartSend<Unit, Unit> r = shared().push(msg);
        if (r.is_ready()) {
            return sink_ready;
        }
        if (r.is_not_ready()) {
            return SinkNotReady<T>{std::move(msg)};
        }
        return Err<SendError<T>>{SendError<T>{std::move(msg)}};
    }
    Poll<Unit, SendError<T>> poll_complete() { return ready(); }
    Poll<Unit, SendError<T>> close() { return ready(); }

    [[nodiscard]] std::string describe() const { return "Sender"; }

    // Tells the detectors which task holds this end ("who will wake me", deadlock chains).
    void declare_owner(TaskId task) { shared().obs.note_owner("sender", task); }
    // Names the channel in the trace (a scenario's channel name).
    void declare_name(std::string_view name) { shared().obs.note_name(name); }

  private:
    friend class UnboundedSender<T>;

    detail::UnsyncShared<T> &shared() const {
        if (inner_ == nullptr) {
            throw Panic("unsync mpsc Sender used after it was moved from");
        }
        return *inner_;
    }

    void drop() noexcept {
        if (inner_ == nullptr) {
            return;
        }
        auto &s = *inner_;
        if (s.receiver_open && s.senders == 1) {
            s.obs.emit(ChannelEventKind::close, {}, "last sender dropped");
            futurescope::detail::unpark_slot(s.blocked_recv, "unsync mpsc last sender dropped");
        }
        --s.senders;
        std::exchange(inner_, nullptr)->release();
    }

    detail::UnsyncShared<T> *inner_;
};

// [SECTION] UnboundedSender

template <class T>
class UnboundedSender : public SinkExt<UnboundedSender<T>> {
  public:
    using sink_item_type = T;
    using sink_error_type = SendError<T>;

    explicit UnboundedSender(Sender<T> tx) noexcept : tx_(std::move(tx)) {}

    [[nodiscard]] UnboundedSender clone() const { return UnboundedSender(tx_.clone()); }

    Result<Unit, SendError<T>> unbounded_send(T msg) const {
        if (tx_.shared().push(msg).is_err()) {
            return Err<SendError<T>>{SendError<T>{std::move(msg)}};
        }
        return Ready<Unit>{Unit{}};
    }

    StartSend<T, SendError<T>> start_send(T msg) { return tx_.start_send(std::move(msg)); }
    Poll<Unit, SendError<T>> poll_complete() { return ready(); }
    Poll<Unit, SendError<T>> close() { return ready(); }

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
    static constexpr FutureKind kind_info{"unsync::mpsc::Receiver", state_names};

    explicit Receiver(detail::UnsyncShared<T> *inner) noexcept : inner_(inner) {}
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

    // Refuses further sends and wakes every blocked sender; what is queued stays receivable.
    void close() { close_with("receiver closed"); }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }
    [[nodiscard]] std::string obs_label() const {
        if (inner_ == nullptr) {
            return {};
        }
        return inner_->capacity ? "unsync_mpsc(" + std::to_string(*inner_->capacity) + ")"
                                : std::string("unsync_mpsc_unbounded");
    }

    // Tells the detectors which task holds this end ("who will wake me", deadlock chains).
    void declare_owner(TaskId task) { shared().obs.note_owner("receiver", task); }

  private:
    detail::UnsyncShared<T> &shared() {
        if (inner_ == nullptr) {
            throw Panic("unsync mpsc Receiver used after it was moved from");
        }
        return *inner_;
    }

    StreamPoll<T, Never> poll_inner() {
        auto &s = shared();
        if (!s.receiver_open || s.senders == 0) {
            // Closed, or every sender gone: drain, then end, waking nobody.
            return take_front(s);
        }
        if (!s.buffer.empty()) {
            if (!s.blocked_senders.empty()) {
                Task t = std::move(s.blocked_senders.front());
                s.blocked_senders.pop_front();
                t.unpark("unsync mpsc item received");
            }
            return take_front(s);
        }
        s.blocked_recv.emplace(
            park(HeldBy{SourceKind::channel, s.obs.id(), "unsync mpsc receiver"}));
        return not_ready;
    }

    StreamPoll<T, Never> take_front(detail::UnsyncShared<T> &s) {
        if (s.buffer.empty()) {
            set_state(State::ended);
            return ready(std::nullopt);
        }
        std::optional<T> msg(std::move(s.buffer.front()));
        s.buffer.pop_front();
        s.obs.emit(ChannelEventKind::recv, ValueRef::of(*msg));
        return Ready<std::optional<T>>{std::move(msg)};
    }

    void close_with(const char *why) {
        if (inner_ == nullptr || !inner_->receiver_open) {
            return;
        }
        auto &s = *inner_;
        s.receiver_open = false;
        s.obs.emit(ChannelEventKind::close, {}, why);
        s.blocked_recv.reset();
        std::deque<Task> blockers = std::move(s.blocked_senders);
        s.blocked_senders.clear();
        for (Task &t : blockers) {
            t.unpark("unsync mpsc receiver closed");
        }
    }

    // Closes, then drops what is still queued, as the Rust receiver drops its closed buffer.
    void drop() noexcept {
        if (inner_ == nullptr) {
            return;
        }
        close_with("receiver dropped");
        inner_->buffer.clear();
        std::exchange(inner_, nullptr)->release();
    }

    void set_state(State st) noexcept {
        if (st != state_) {
            observe_state(obs_, static_cast<int>(state_), static_cast<int>(st));
            state_ = st;
        }
    }

    detail::UnsyncShared<T> *inner_;
    State state_ = State::open;
    ObsId obs_;
};

template <class T>
using UnboundedReceiver = Receiver<T>;

// [SECTION] Constructors

// A channel of strict capacity n (0 never accepts an item).
template <class T>
[[nodiscard]] std::pair<Sender<T>, Receiver<T>> channel(std::size_t n) {
    auto *inner = new detail::UnsyncShared<T>(n);
    return {Sender<T>(inner), Receiver<T>(inner)};
}

template <class T>
[[nodiscard]] std::pair<UnboundedSender<T>, UnboundedReceiver<T>> unbounded() {
    auto *inner = new detail::UnsyncShared<T>(std::nullopt);
    return {UnboundedSender<T>(Sender<T>(inner)), Receiver<T>(inner)};
}

} // namespace futurescope::unsync_mpsc
