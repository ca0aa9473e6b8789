// Runs a future as a task of its own and hands back a future of its result:
// `oneshot_spawn(f, executor)` (futures 0.1's `sync::oneshot::spawn`; `unsync_oneshot_spawn` is
// `unsync::oneshot::spawn`). The task polls `f` and sends its result through a oneshot; the
// SpawnHandle is that oneshot's receiver. Dropping the handle cancels the task: on its next poll
// it sees the cancellation and completes, dropping `f` — unless `forget()` was called, which lets
// it run to the end. A handle whose task went away without a result panics "future was canceled
// before completion". Two allocations: the task, and the oneshot with the keep-running flag.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future.hpp"
#include "futurescope/sync/oneshot.hpp"

namespace futurescope {

namespace detail {

// The spawned task's future (Rust's `Execute`): the cancellation first, then `f`, whose result
// goes to the handle.
template <class F>
class OneshotExecute : public FutureExt<OneshotExecute<F>> {
  public:
    using item_type = Unit;
    using error_type = Never;
    using result_type = Result<item_t<F>, error_t<F>>;

    static constexpr std::array<std::string_view, 1> state_names{"running"};
    static constexpr FutureKind kind_info{"SpawnedFuture", state_names};

    OneshotExecute(F future, OneshotSender<result_type> tx, std::shared_ptr<bool> keep_running)
        : future_(std::move(future)), tx_(std::move(tx)), keep_running_(std::move(keep_running)) {}

    Poll<Unit, Never> poll() {
        PollScope scope(obs_, *this);
        Poll<Unit, Never> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    Poll<Unit, Never> poll_inner() {
        if (tx_->poll_cancel().is_ready() && !*keep_running_) {
            return ready();
        }
        auto p = future_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        OneshotSender<result_type> tx = std::move(*tx_);
        tx_.reset();
        (void)std::move(tx).send(into_result(std::move(p)));
        return ready();
    }

    F future_;
    std::optional<OneshotSender<result_type>> tx_;
    std::shared_ptr<bool> keep_running_;
    ObsId obs_;
};

} // namespace detail

template <class T, class E>
class [[nodiscard]] SpawnHandle : public FutureExt<SpawnHandle<T, E>> {
  public:
    using item_type = T;
    using error_type = E;

    static constexpr std::array<std::string_view, 1> state_names{"waiting"};
    static constexpr FutureKind kind_info{"SpawnHandle", state_names};

    SpawnHandle(OneshotReceiver<Result<T, E>> rx, std::shared_ptr<bool> keep_running)
        : rx_(std::move(rx)), keep_running_(std::move(keep_running)) {}

    Poll<T, E> poll() {
        PollScope scope(obs_, *this);
        Poll<T, E> result = poll_inner();
        scope.exit(result);
        return result;
    }

    // Lets the task run to completion although nobody waits for its result any more.
    void forget() && {
        *keep_running_ = true;
        auto gone = std::move(rx_);
    }

  private:
    Poll<T, E> poll_inner() {
        auto p = rx_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            throw Panic("future was canceled before completion");
        }
        return std::move(p).value().into_poll();
    }

    OneshotReceiver<Result<T, E>> rx_;
    std::shared_ptr<bool> keep_running_;
    ObsId obs_;
};

namespace detail {
template <class F, class MakeChannel>
SpawnHandle<item_t<F>, error_t<F>>
spawn_with_oneshot(F future, Executor &executor, MakeChannel make_channel) {
    auto [tx, rx] = make_channel();
    auto keep_running = std::make_shared<bool>(false);
    executor.spawn(OneshotExecute<F>(std::move(future), std::move(tx), keep_running));
    return SpawnHandle<item_t<F>, error_t<F>>(std::move(rx), std::move(keep_running));
}
} // namespace detail

template <class F>
[[nodiscard]] SpawnHandle<item_t<F>, error_t<F>> oneshot_spawn(F future, Executor &executor) {
    return detail::spawn_with_oneshot(
        std::move(future), executor, [] { return oneshot<Result<item_t<F>, error_t<F>>>(); });
}

template <class F>
[[nodiscard]] SpawnHandle<item_t<F>, error_t<F>> unsync_oneshot_spawn(F future,
                                                                      Executor &executor) {
    return detail::spawn_with_oneshot(std::move(future), executor, [] {
        return unsync_oneshot<Result<item_t<F>, error_t<F>>>();
    });
}

} // namespace futurescope
