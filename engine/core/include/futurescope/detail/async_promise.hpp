// The coroutine machinery behind Async (future/async_fn.hpp): the promise that keeps the outcome
// and the future being awaited, the awaiter that polls an awaited future until it is ready, and
// the scope that marks the async fn whose body is running. Nothing here is for users.
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/future/async_frame.hpp"
#include "futurescope/future/await.hpp"
#include "futurescope/observe/observe.hpp"
#include "futurescope/poll.hpp"

namespace futurescope::detail {

// The name an awaited future answers to when matched against await points: its await_name()
// (an async fn's function name), else its kind.
template <class F>
constexpr std::string_view await_name_of(const F &future) noexcept {
    if constexpr (requires { future.await_name(); }) {
        return future.await_name();
    } else if constexpr (requires { F::kind_info.name; }) {
        return F::kind_info.name;
    } else {
        return {};
    }
}

enum class AwaitStatus : std::uint8_t { not_ready, ready, failed };

// The promise's part that knows T and E: the outcome, the future being awaited, a panic.
template <class T, class E>
class AsyncPromiseBase : public AsyncFrame {
  public:
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() noexcept { exception_ = std::current_exception(); }

    // An awaited future failed: the async fn ends with its error, without resuming.
    template <class U>
    void fail_with(U &&error) {
        outcome_ = Err<E>{E(std::forward<U>(error))};
        aborted_ = true;
    }

    void suspend_at(int state, std::string_view awaited) noexcept {
        this->state_ = state;
        this->awaited_ = awaited;
    }
    void resumed() noexcept { this->awaited_ = {}; }

    Poll<T, E> outcome_ = not_ready;
    std::exception_ptr exception_;
    bool aborted_ = false;
    // The awaiter (in the frame) of the future this function is suspended on, and how to poll it.
    void *awaiting_ = nullptr;
    AwaitStatus (*poll_awaiting_)(void *) = nullptr;

  protected:
    using AsyncFrame::AsyncFrame;
};

template <class T, class E>
class AsyncReturn : public AsyncPromiseBase<T, E> {
  public:
    void return_value(T value) { this->outcome_ = Ready<T>{std::move(value)}; }
    // `co_return fail(error);` ends the async fn with an Err of its own.
    template <class U>
    void return_value(Err<U> e) {
        this->outcome_ = Err<E>{E(std::move(e.error))};
    }

  protected:
    using AsyncPromiseBase<T, E>::AsyncPromiseBase;
};

template <class E>
class AsyncReturn<Unit, E> : public AsyncPromiseBase<Unit, E> {
  public:
    void return_void() { this->outcome_ = Ready<Unit>{Unit{}}; }

  protected:
    using AsyncPromiseBase<Unit, E>::AsyncPromiseBase;
};

// The awaiter of one `co_await`: holds the awaited future by value in the coroutine frame.
template <class Promise, class F, AwaitMode M>
class FutureAwaiter {
  public:
    using poll_type = Poll<item_t<F>, error_t<F>>;

    FutureAwaiter(Promise &promise, F &&future, std::string_view point)
        : promise_(promise), future_(std::move(future)), point_(point) {}
    FutureAwaiter(const FutureAwaiter &) = delete;
    FutureAwaiter &operator=(const FutureAwaiter &) = delete;

    // The first poll happens here, in the body: a future ready at once does not suspend.
    bool await_ready() {
        state_ = promise_.resolve_point(point_, await_name_of(future_));
        return settle(future_.poll());
    }
    void await_suspend(std::coroutine_handle<>) noexcept {
        if (!promise_.aborted_) {
            promise_.awaiting_ = this;
            promise_.poll_awaiting_ = &poll_erased;
            promise_.suspend_at(state_, await_name_of(future_));
        }
    }
    auto await_resume() {
        if constexpr (M == AwaitMode::attempt) {
            return into_result(std::move(*result_));
        } else {
            return item_t<F>(std::move(*result_).value());
        }
    }

  private:
    // Keeps a resolved poll; false when the body must not go on now (NotReady, or an Err that
    // ends the function).
    bool settle(poll_type &&p) {
        if (p.is_not_ready()) {
            return false;
        }
        if constexpr (M == AwaitMode::propagate) {
            if (p.is_err()) {
                promise_.fail_with(std::move(p).error());
                return false;
            }
        }
        result_.emplace(std::move(p));
        return true;
    }
    static AwaitStatus poll_erased(void *self) {
        auto *a = static_cast<FutureAwaiter *>(self);
        poll_type p = a->future_.poll();
        if (p.is_not_ready()) {
            return AwaitStatus::not_ready;
        }
        return a->settle(std::move(p)) ? AwaitStatus::ready : AwaitStatus::failed;
    }

    Promise &promise_;
    F future_;
    std::string_view point_;
    int state_ = 0;
    std::optional<poll_type> result_;
};

template <class X>
struct awaitable_traits {
    static constexpr bool is_awaitable = false;
};
template <class F, AwaitMode M>
struct awaitable_traits<Awaitable<F, M>> {
    static constexpr bool is_awaitable = true;
    using future_type = F;
    static constexpr AwaitMode mode = M;
};

// The declaration among a RuntimeAsync coroutine's parameters (the promise sees them all, the
// object first for a member function or a lambda).
template <class A, class... Rest>
constexpr const AsyncFnInfo &find_async_fn_info(const A &a, const Rest &...rest) noexcept {
    if constexpr (std::is_same_v<A, AsyncFnInfo>) {
        return a;
    } else {
        static_assert(sizeof...(Rest) > 0,
                      "futurescope: a RuntimeAsync coroutine takes its declaration as a "
                      "parameter: const AsyncFnInfo &");
        return find_async_fn_info(rest...);
    }
}

// Sets the running async fn for the length of one resume (nested async fns stack).
class CurrentFrameScope {
  public:
    explicit CurrentFrameScope(AsyncFrame *frame) noexcept
        : previous_(std::exchange(tl_async_frame, frame)) {}
    ~CurrentFrameScope() { tl_async_frame = previous_; }
    CurrentFrameScope(const CurrentFrameScope &) = delete;
    CurrentFrameScope &operator=(const CurrentFrameScope &) = delete;

  private:
    AsyncFrame *previous_;
};

} // namespace futurescope::detail
