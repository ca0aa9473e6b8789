// What a stream's per-item function may return where futures 0.1 takes `IntoFuture`: a future
// (run as it is), a Result (resolved on its first poll), or a plain value — a bool from a
// predicate, an accumulator from a fold step, void from a for_each body — which becomes a future
// that is Ready with it on its first poll. `lift(x)` makes the future; fold, for_each, take_while
// and skip_while use it, so `fold(0, [](int a, int b) { return a + b; })` reads as it would
// with `ok(a + b)`.
#pragma once

#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

template <class X>
struct LiftTraits {
    using type = FutureResult<X, Never>;
    static type convert(X &&x) { return type(Ready<X>{std::move(x)}); }
};

template <Future X>
struct LiftTraits<X> {
    using type = X;
    static X convert(X &&x) { return std::move(x); }
};

template <class T, class E>
struct LiftTraits<Result<T, E>> {
    using type = FutureResult<T, E>;
    static type convert(Result<T, E> &&r) { return type(std::move(r)); }
};

template <class X>
using lift_t = typename LiftTraits<std::decay_t<X>>::type;

template <class X>
[[nodiscard]] lift_t<X> lift(X &&x) {
    std::decay_t<X> value(std::forward<X>(x));
    return LiftTraits<std::decay_t<X>>::convert(std::move(value));
}

} // namespace futurescope
