// Hand-made futures and streams for the stream tests, standing in for the channels futures-rs's
// own tests use (tests/support/mod.rs): a Slot is a future completed by hand, like a oneshot
// receiver; delay_future adds one NotReady, as futures-rs's `delay_future`; a Yielding stream
// answers NotReady (having woken its task) before each answer, like an mpsc receiver fed by
// another task. `show` writes a poll as text, and `record` runs a stream in the executor and logs
// each answer with the virtual time it came at.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/executor/spawn.hpp"
#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope::testing {

// [SECTION] show: a poll as text

// "7" for an item, "None" for the end, "NotReady", "Err(3)"; a future's Ready reads as its value.
template <class T, class E>
std::string show(const Poll<T, E> &p) {
    if (p.is_not_ready()) {
        return "NotReady";
    }
    if (p.is_err()) {
        return "Err(" + describe_any(p.error()) + ")";
    }
    if constexpr (requires { p.value().has_value(); }) {
        return p.value() ? describe_any(*p.value()) : std::string("None");
    } else {
        return describe_any(p.value());
    }
}

template <class T, class E>
std::string show(const Result<T, E> &r) {
    return r.is_ok() ? describe_any(r.value()) : "Err(" + describe_any(r.error()) + ")";
}

// [SECTION] Slot: a future completed by hand

template <class T, class E = Never>
class Slot {
    struct State {
        std::optional<Result<T, E>> value;
        std::optional<Task> waiter;
        int polls = 0;
        bool future_alive = false;
    };

  public:
    class Future : public FutureExt<Future> {
      public:
        using item_type = T;
        using error_type = E;

        static constexpr std::array<std::string_view, 1> state_names{"waiting"};
        static constexpr FutureKind kind_info{"Slot", state_names};

        explicit Future(std::shared_ptr<State> s) : s_(std::move(s)) { s_->future_alive = true; }
        Future(Future &&) noexcept = default;
        Future &operator=(Future &&) = delete;
        ~Future() {
            if (s_) {
                s_->future_alive = false;
                s_->waiter.reset();
            }
        }

        Poll<T, E> poll() {
            PollScope scope(obs_, *this);
            Poll<T, E> r = poll_inner();
            scope.exit(r);
            return r;
        }

      private:
        Poll<T, E> poll_inner() {
            ++s_->polls;
            if (!s_->value) {
                s_->waiter.emplace(park());
                return not_ready;
            }
            Result<T, E> v = std::move(*s_->value);
            s_->value.reset();
            return std::move(v).into_poll();
        }

        std::shared_ptr<State> s_;
        ObsId obs_;
    };

    Slot() : s_(std::make_shared<State>()) {}

    [[nodiscard]] Future future() const { return Future(s_); }
    void send(T value) {
        s_->value.emplace(Ready<T>{std::move(value)});
        wake();
    }
    void fail(E error) {
        s_->value.emplace(Err<E>{std::move(error)});
        wake();
    }
    [[nodiscard]] int polls() const { return s_->polls; }
    [[nodiscard]] bool future_alive() const { return s_->future_alive; }
    [[nodiscard]] bool waiting() const { return s_->waiter.has_value(); }

  private:
    void wake() {
        if (s_->waiter) {
            Task t = std::move(*s_->waiter);
            s_->waiter.reset();
            t.unpark("slot filled");
        }
    }
    std::shared_ptr<State> s_;
};

// [SECTION] delay_future: one NotReady first

template <class F>
class DelayFuture : public FutureExt<DelayFuture<F>> {
  public:
    using item_type = item_t<F>;
    using error_type = error_t<F>;

    explicit DelayFuture(F f) : f_(std::move(f)) {}

    Poll<item_type, error_type> poll() {
        if (!delayed_) {
            delayed_ = true;
            current().unpark();
            return not_ready;
        }
        return f_.poll();
    }

  private:
    F f_;
    bool delayed_ = false;
};

template <class X>
DelayFuture<into_future_t<X>> delay_future(X x) {
    return DelayFuture<into_future_t<X>>(into_future(std::move(x)));
}

// [SECTION] Yielding: a stream that makes its task wait before each answer

template <class T, class E>
class Yielding : public StreamExt<Yielding<T, E>> {
  public:
    using item_type = T;
    using error_type = E;

    static constexpr std::array<std::string_view, 1> state_names{"streaming"};
    static constexpr FutureKind kind_info{"Yielding", state_names};

    explicit Yielding(std::vector<Result<T, E>> answers) : answers_(std::move(answers)) {}

    StreamPoll<T, E> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<T, E> r = poll_inner();
        scope.exit(r);
        return r;
    }

  private:
    StreamPoll<T, E> poll_inner() {
        if (!armed_) {
            armed_ = true;
            current().unpark();
            return not_ready;
        }
        armed_ = false;
        if (next_ == answers_.size()) {
            return ready(std::nullopt);
        }
        const Result<T, E> &a = answers_[next_++];
        if (a.is_ok()) {
            return ready(a.value());
        }
        return Err<E>{a.error()};
    }

    std::vector<Result<T, E>> answers_;
    std::size_t next_ = 0;
    bool armed_ = false;
    ObsId obs_;
};

inline Result<int, int> Ok(int v) { return Result<int, int>::ok(v); }
inline Result<int, int> Er(int e) { return Result<int, int>::err(e); }

// futures-rs's `list()`: 1, 2, 3, each after a NotReady; `err_list()` ends with Err(3).
inline Yielding<int, int> list() { return Yielding<int, int>({Ok(1), Ok(2), Ok(3)}); }
inline Yielding<int, int> err_list() { return Yielding<int, int>({Ok(1), Ok(2), Er(3)}); }

// [SECTION] record: every answer of a stream, with the time it came at

template <class S>
class Record : public FutureExt<Record<S>> {
  public:
    using item_type = Unit;
    using error_type = Never;

    Record(S s, std::vector<std::string> &log) : s_(std::move(s)), log_(&log) {}

    Poll<Unit, Never> poll() {
        for (;;) {
            auto p = s_.poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            log_->push_back(show(p) + "@" + format_duration(current_executor().now()));
            if (p.is_ready() && !p.value()) {
                return ready();
            }
        }
    }

  private:
    S s_;
    std::vector<std::string> *log_;
};

// Runs to the end of the stream, errors included: "1@0ns", "Err(3)@10ms", "None@10ms".
template <class S>
Record<S> record(S s, std::vector<std::string> &log) {
    return Record<S>(std::move(s), log);
}

// [SECTION] Hand polling

// A stream or future polled by hand, outside the executor, with a counting notify target.
template <class S>
class ByHand {
  public:
    explicit ByHand(S s) : spawn_(std::move(s)) {}
    auto poll() { return spawn_.poll_future_notify(notify_); }
    // show(poll()).
    std::string next() { return show(poll()); }
    [[nodiscard]] std::uint32_t notified() const { return notify_.count(); }
    S &get() { return spawn_.get(); }

  private:
    // Declared first, destroyed last: the future's handles point at it.
    CountingNotify notify_;
    Spawn<S> spawn_;
};

template <class S>
ByHand<S> by_hand(S s) {
    return ByHand<S>(std::move(s));
}

} // namespace futurescope::testing
