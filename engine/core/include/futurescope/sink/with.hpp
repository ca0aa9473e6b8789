// A sink that runs each item through a function before the inner sink sees it:
// `sink.with(fn)` accepts U, calls fn(U), which gives a future (or a Result) of the inner sink's
// item, runs that future and then starts sending its item (futures 0.1's `With`). One item is in
// flight at a time: while the previous item's future is running, or the inner sink refuses its
// result, start_send hands the new item back (NotReady). poll_complete drives the pending item,
// then flushes the inner sink; it is Ready only when both are done. U is the function's
// parameter type, or given: `sink.with<int>([](auto x) { … })`.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/sink.hpp"

namespace futurescope {

namespace detail {

// The parameter type of a function of one argument (a lambda that is not generic, a function
// pointer): what with and with_flat_map accept when no type is given.
template <class Fn>
struct sole_parameter : sole_parameter<decltype(&Fn::operator())> {};
template <class R, class A>
struct sole_parameter<R (*)(A)> {
    using type = std::decay_t<A>;
};
template <class C, class R, class A>
struct sole_parameter<R (C::*)(A) const> {
    using type = std::decay_t<A>;
};
template <class C, class R, class A>
struct sole_parameter<R (C::*)(A)> {
    using type = std::decay_t<A>;
};
template <class U, class Fn>
using sink_input_t = std::conditional_t<std::is_void_v<U>, typename sole_parameter<Fn>::type, U>;

} // namespace detail

template <class S, class U, class Fn>
class With : public SinkExt<With<S, U, Fn>> {
    using future_type = into_future_t<std::invoke_result_t<Fn &, U &&>>;

  public:
    using sink_item_type = U;
    using sink_error_type = from_error_t<error_t<future_type>, sink_error_t<S>>;

    static_assert(std::is_constructible_v<sink_item_t<S>, item_t<future_type> &&>,
                  "futurescope: with's function must give a future of the inner sink's item");

    With(S sink, Fn fn) : sink_(std::move(sink)), fn_(std::move(fn)) {}

    StartSend<U, sink_error_type> start_send(U item) {
        auto p = drive();
        if (p.is_err()) {
            return Err<sink_error_type>{std::move(p).error()};
        }
        if (p.is_not_ready()) {
            return SinkNotReady<U>{std::move(item)};
        }
        state_.template emplace<1>(into_future(std::invoke(fn_, std::move(item))));
        return sink_ready;
    }

    Poll<Unit, sink_error_type> poll_complete() {
        auto me = drive();
        if (me.is_err()) {
            return Err<sink_error_type>{std::move(me).error()};
        }
        auto inner = sink_.poll_complete();
        if (inner.is_err()) {
            return Err<sink_error_type>{std::move(inner).error()};
        }
        if (inner.is_not_ready()) {
            return not_ready;
        }
        return me;
    }

    Poll<Unit, sink_error_type> close() {
        auto me = drive();
        if (!me.is_ready()) {
            return me;
        }
        auto inner = sink_.close();
        if (inner.is_err()) {
            return Err<sink_error_type>{std::move(inner).error()};
        }
        return inner.is_ready() ? Poll<Unit, sink_error_type>(ready()) : not_ready;
    }

    [[nodiscard]] S &get_mut() noexcept { return sink_; }
    [[nodiscard]] S &&into_inner() &&noexcept { return std::move(sink_); }
    // True while an item is in flight (its future running, or its result refused by the sink).
    [[nodiscard]] bool is_busy() const noexcept { return state_.index() != 0; }

  private:
    // Rust's With::poll: runs the pending future, then offers its item to the inner sink.
    Poll<Unit, sink_error_type> drive() {
        for (;;) {
            if (auto *fut = std::get_if<1>(&state_)) {
                auto p = fut->poll();
                if (p.is_not_ready()) {
                    return not_ready;
                }
                if (p.is_err()) {
                    state_.template emplace<0>();
                    return Err<sink_error_type>{std::move(p).error()};
                }
                sink_item_t<S> item(std::move(p).value());
                state_.template emplace<2>(std::move(item));
            } else if (auto *buffered = std::get_if<2>(&state_)) {
                auto r = sink_.start_send(std::move(*buffered));
                if (r.is_not_ready()) {
                    *buffered = std::move(r).item();
                    return not_ready;
                }
                state_.template emplace<0>();
                if (r.is_err()) {
                    return Err<sink_error_type>{std::move(r).error()};
                }
            } else {
                return ready();
            }
        }
    }

    S sink_;
    Fn fn_;
    std::variant<std::monostate, future_type, sink_item_t<S>> state_;
};

template <class Derived>
template <class U, class Fn>
auto SinkExt<Derived>::with(Fn f) && {
    using input = detail::sink_input_t<U, Fn>;
    return With<Derived, input, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
