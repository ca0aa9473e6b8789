// Runs a stream as a task of its own that feeds a channel, and hands back a stream of its items:
// `mpsc::spawn(s, executor, n)` (futures 0.1's `sync::mpsc::spawn`; `unsync_mpsc::spawn` is
// `unsync::mpsc::spawn`). The task sends every item and error of `s`, as Results, into a
// channel(n) with send_all; the handle is the receiver, which yields the items and errors again.
// The handle also holds the sender of a cancel oneshot whose receiver the task polls first, so
// dropping the handle wakes the task, which then completes and drops `s` (futures 0.1 does the
// same: a stream that never wakes its task would otherwise never be dropped). Backpressure is the
// channel's: the task runs at most n items (plus its own slot, for the sync channel) ahead of the
// handle.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/sink/send_all.hpp"
#include "futurescope/stream/then.hpp"
#include "futurescope/sync/mpsc.hpp"
#include "futurescope/sync/oneshot.hpp"
#include "futurescope/unsync/mpsc.hpp"

namespace futurescope {

namespace detail {

// The spawned task's future (Rust's mpsc `Execute`): the send_all, whose end — the stream done,
// or the receiver gone — completes the task.
template <class F>
class StreamExecute : public FutureExt<StreamExecute<F>> {
  public:
    using item_type = Unit;
    using error_type = Never;

    static constexpr std::array<std::string_view, 1> state_names{"running"};
    static constexpr FutureKind kind_info{"SpawnedStream", state_names};

    StreamExecute(F send_all, OneshotReceiver<Unit> cancel)
        : send_all_(std::move(send_all)), cancel_(std::move(cancel)) {}

    Poll<Unit, Never> poll() {
        PollScope scope(obs_, *this);
        Poll<Unit, Never> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    Poll<Unit, Never> poll_inner() {
        if (!cancel_.poll().is_not_ready()) {
            return ready();
        }
        return send_all_.poll().is_not_ready() ? Poll<Unit, Never>(not_ready) : ready();
    }

    F send_all_;
    OneshotReceiver<Unit> cancel_;
    ObsId obs_;
};

// Each item and error of a stream as an item: Ok(item) or Err(error).
template <class S>
auto results_of(S stream) {
    return std::move(stream).then(
        [](Result<item_t<S>, error_t<S>> r) { return ok<Never>(std::move(r)); });
}

} // namespace detail

// The receiving end of a spawned stream: its items, and its errors as errors (the stream goes
// on after one, as the spawned stream did).
template <class R, class T, class E>
class [[nodiscard]] StreamSpawnHandle : public StreamExt<StreamSpawnHandle<R, T, E>> {
  public:
    using item_type = T;
    using error_type = E;

    static constexpr std::array<std::string_view, 1> state_names{"streaming"};
    static constexpr FutureKind kind_info{"SpawnHandle", state_names};

    StreamSpawnHandle(R rx, OneshotSender<Unit> cancel)
        : rx_(std::move(rx)), cancel_(std::move(cancel)) {}

    StreamPoll<T, E> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<T, E> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    StreamPoll<T, E> poll_inner() {
        auto p = rx_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (!p.value()) {
            return ready(std::nullopt);
        }
        Result<T, E> r = std::move(*p.value());
        if (r.is_err()) {
            return Err<E>{std::move(r).error()};
        }
        return ready(std::optional<T>(std::move(r).value()));
    }

    R rx_;
    OneshotSender<Unit> cancel_; // dropped with the handle: that wakes and ends the task
    ObsId obs_;
};

namespace detail {
template <class S, class Channel>
auto spawn_stream(S stream, Executor &executor, Channel channel) {
    auto [tx, rx] = channel();
    auto [cancel_tx, cancel_rx] = oneshot<Unit>();
    using R = decltype(rx);
    auto send_all = std::move(tx).send_all(results_of(std::move(stream)));
    executor.spawn(StreamExecute<decltype(send_all)>(std::move(send_all), std::move(cancel_rx)));
    return StreamSpawnHandle<R, item_t<S>, error_t<S>>(std::move(rx), std::move(cancel_tx));
}
} // namespace detail

namespace mpsc {
template <class S>
[[nodiscard]] auto spawn(S stream, Executor &executor, std::size_t buffer) {
    return futurescope::detail::spawn_stream(std::move(stream), executor, [buffer] {
        return channel<Result<item_t<S>, error_t<S>>>(buffer);
    });
}
} // namespace mpsc

namespace unsync_mpsc {
template <class S>
[[nodiscard]] auto spawn(S stream, Executor &executor, std::size_t buffer) {
    return futurescope::detail::spawn_stream(std::move(stream), executor, [buffer] {
        return channel<Result<item_t<S>, error_t<S>>>(buffer);
    });
}
} // namespace unsync_mpsc

} // namespace futurescope
