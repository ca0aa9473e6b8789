// Futures that are resolved from the start: `ok(v)`, `err(e)` and `result(r)` (futures 0.1's
// `FutureResult`). The first poll answers Ready or Err; polling again is a contract violation,
// "cannot poll Result twice", as in Rust.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class T, class E>
class [[nodiscard]] FutureResult : public FutureExt<FutureResult<T, E>> {
  public:
    using item_type = T;
    using error_type = E;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"Result", state_names};

    explicit FutureResult(Result<T, E> r) : result_(std::move(r)) {}

    Poll<T, E> poll() {
        PollScope scope(obs_, *this);
        if (!result_) {
            throw Panic("cannot poll Result twice");
        }
        Poll<T, E> p = std::move(*result_).into_poll();
        result_.reset();
        observe_state(obs_, 0, 1);
        scope.exit(p);
        return p;
    }

    [[nodiscard]] int obs_state() const noexcept { return result_ ? 0 : 1; }

    // Takes the result without a poll, leaving the future as spent as a poll would (another poll
    // panics). For a combinator that consumes resolved futures by the million when nothing
    // observes them (loop_fn's rounds), where a poll per round would cost more than the round.
    [[nodiscard]] std::optional<Result<T, E>> take_result() {
        if (result_) {
            observe_state(obs_, 0, 1);
        }
        return std::exchange(result_, std::nullopt);
    }

  private:
    std::optional<Result<T, E>> result_;
    ObsId obs_;
};

// ok(7): a future that is Ready(7) on its first poll. Its error type is Never unless given:
// ok<std::string>(7).
template <class E = Never, class T>
[[nodiscard]] FutureResult<std::decay_t<T>, E> ok(T &&value) {
    return FutureResult<std::decay_t<T>, E>(Ready<std::decay_t<T>>{std::forward<T>(value)});
}
[[nodiscard]] inline FutureResult<Unit, Never> ok() { return ok(Unit{}); }

// err(e): a future that is Err(e) on its first poll; its item type is Never unless given.
template <class T = Never, class E>
[[nodiscard]] FutureResult<T, std::decay_t<E>> err(E &&error) {
    return FutureResult<T, std::decay_t<E>>(Err<std::decay_t<E>>{std::forward<E>(error)});
}

template <class T, class E>
[[nodiscard]] FutureResult<T, E> result(Result<T, E> r) {
    return FutureResult<T, E>(std::move(r));
}

// [SECTION] IntoFuture

// What a continuation may return: a future, or a Result that becomes a FutureResult (Rust's
// IntoFuture for Result).
template <class X>
struct IntoFutureTraits;

template <class X>
requires Future<X>
struct IntoFutureTraits<X> {
    using type = X;
    static X convert(X &&x) { return std::move(x); }
};

template <class T, class E>
struct IntoFutureTraits<Result<T, E>> {
    using type = FutureResult<T, E>;
    static type convert(Result<T, E> &&r) { return type(std::move(r)); }
};

template <class X>
using into_future_t = typename IntoFutureTraits<std::decay_t<X>>::type;

template <class X>
[[nodiscard]] into_future_t<X> into_future(X &&x) {
    return IntoFutureTraits<std::decay_t<X>>::convert(std::forward<X>(x));
}

} // namespace futurescope
