// A loop of futures: `loop_fn(initial, fn)` calls fn(state), which gives a future (or a Result)
// of a Loop — `Loop<T, S>::break_with(t)` ends the loop with t, `Loop<T, S>::continue_with(s)`
// calls fn(s) for the next round. As in futures 0.1, fn(initial) runs at once, inside loop_fn(),
// and a poll goes round for as long as each round's future is Ready at once: it never yields, so a
// loop of a million ready rounds is one poll. An error ends the loop and is the result. Polling
// again after the loop ended polls the last round's future again.
//
// [SECTION] Loop
// [SECTION] LoopFn
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/observe/describe.hpp"

namespace futurescope {

// [SECTION] Loop

// The tags that `loop_break(t)` and `loop_continue(s)` make: they convert into any Loop whose
// types fit, so a function with a declared return type can write
// `return ready(loop_break(i));` without naming the Loop type again.
template <class T>
struct LoopBreak {
    T value;
};
template <class S>
struct LoopContinue {
    S state;
};

template <class T>
[[nodiscard]] LoopBreak<std::decay_t<T>> loop_break(T &&value) {
    return {std::forward<T>(value)};
}
template <class S>
[[nodiscard]] LoopContinue<std::decay_t<S>> loop_continue(S &&state) {
    return {std::forward<S>(state)};
}

// What one round of a loop_fn resolves to: Break(T), the loop's result, or Continue(S), the
// state of the next round (Rust's `Loop<T, S>`).
template <class T, class S>
class Loop {
  public:
    using break_type = T;
    using continue_type = S;

    [[nodiscard]] static Loop break_with(T value) {
        return Loop(std::in_place_index<0>, std::move(value));
    }
    [[nodiscard]] static Loop continue_with(S state) {
        return Loop(std::in_place_index<1>, std::move(state));
    }

    template <class U>
    requires std::is_constructible_v<T, U &&>
    Loop(LoopBreak<U> b) // NOLINT(google-explicit-constructor)
        : v_(std::in_place_index<0>, std::move(b.value)) {}
    template <class U>
    requires std::is_constructible_v<S, U &&>
    Loop(LoopContinue<U> c) // NOLINT(google-explicit-constructor)
        : v_(std::in_place_index<1>, std::move(c.state)) {}

    [[nodiscard]] bool is_break() const noexcept { return v_.index() == 0; }
    [[nodiscard]] bool is_continue() const noexcept { return v_.index() == 1; }
    [[nodiscard]] T &break_value() & { return *std::get_if<0>(&v_); }
    [[nodiscard]] const T &break_value() const & { return *std::get_if<0>(&v_); }
    [[nodiscard]] T &&break_value() && { return std::move(*std::get_if<0>(&v_)); }
    [[nodiscard]] S &continue_state() & { return *std::get_if<1>(&v_); }
    [[nodiscard]] const S &continue_state() const & { return *std::get_if<1>(&v_); }
    [[nodiscard]] S &&continue_state() && { return std::move(*std::get_if<1>(&v_)); }

    [[nodiscard]] std::string describe() const {
        return is_break() ? "Break(" + describe_any(break_value()) + ")"
                          : "Continue(" + describe_any(continue_state()) + ")";
    }

    friend bool operator==(const Loop &, const Loop &) = default;

  private:
    template <std::size_t I, class V>
    Loop(std::in_place_index_t<I> tag, V &&v) : v_(tag, std::forward<V>(v)) {}

    std::variant<T, S> v_;
};

// [SECTION] LoopFn

namespace detail {
template <class X>
struct is_loop : std::false_type {};
template <class T, class S>
struct is_loop<Loop<T, S>> : std::true_type {};
template <class X>
struct is_future_result : std::false_type {};
template <class T, class E>
struct is_future_result<FutureResult<T, E>> : std::true_type {};
} // namespace detail

template <class S, class Fn>
class [[nodiscard]] LoopFn : public FutureExt<LoopFn<S, Fn>> {
  public:
    using fn_result_type = std::invoke_result_t<Fn &, S>;
    using round_type = into_future_t<fn_result_type>;
    using loop_type = item_t<round_type>;
    static_assert(detail::is_loop<loop_type>::value,
                  "futurescope: loop_fn's function must give a future (or Result) of a Loop<T, S>");
    static_assert(std::is_same_v<typename loop_type::continue_type, S>,
                  "futurescope: loop_fn's Loop<T, S> must continue with the type of the initial "
                  "state");
    using item_type = typename loop_type::break_type;
    using error_type = error_t<round_type>;

    static constexpr std::array<std::string_view, 2> state_names{"looping", "done"};
    static constexpr FutureKind kind_info{"LoopFn", state_names};

    LoopFn(S initial, Fn fn)
        : fn_(std::move(fn)),
          round_(std::in_place, into_future(std::invoke(fn_, std::move(initial)))) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return done_ ? 1 : 0; }

  private:
    Poll<item_type, error_type> poll_inner() {
        if constexpr (detail::is_future_result<round_type>::value && std::is_move_assignable_v<S>) {
            // One check per poll, not per round: with nothing observing, a round that is resolved
            // from the start is consumed without a poll of its own, which no one could tell
            // apart. With an observer, every round is polled and shows in the trace.
            if (current_observer() == nullptr) [[likely]] {
                return poll_resolved_rounds();
            }
        }
        return poll_rounds();
    }

    // Any round future: poll it; while it is Ready with Continue, make and poll the next one.
    Poll<item_type, error_type> poll_rounds() {
        for (;;) {
            auto p = round_->poll();
            if (!p.is_ready()) {
                if (p.is_err()) {
                    set_done();
                    return Err<error_type>{std::move(p).error()};
                }
                return not_ready;
            }
            loop_type &step = p.value();
            if (step.is_break()) {
                set_done();
                return Ready<item_type>{std::move(step).break_value()};
            }
            // As in Rust's `self.future = f(s)`, the next round is made before the last one is
            // dropped. emplace (destroy, then construct) rather than assignment: a future holding
            // a closure cannot be assigned.
            round_type next = into_future(std::invoke(fn_, std::move(step).continue_state()));
            round_.emplace(std::move(next));
        }
    }

    // The hot path of a long loop of resolved rounds (fn gives a Result, or ok/err/result): the
    // results are taken straight out, with no allocation, no string and no indirect call. The
    // round future left in round_ is spent, so a poll after the loop ended panics "cannot poll
    // Result twice", as re-polling the last round does in futures 0.1.
    Poll<item_type, error_type> poll_resolved_rounds() {
        std::optional<Result<loop_type, error_type>> first = round_->take_result();
        if (!first) {
            throw Panic("cannot poll Result twice");
        }
        if (first->is_err()) {
            set_done();
            return Err<error_type>{std::move(*first).error()};
        }
        if (first->value().is_break()) {
            set_done();
            return Ready<item_type>{std::move(*first).value().break_value()};
        }
        S state = std::move(*first).value().continue_state();
        // The loop carries the state, not the rounds: each round's result is looked at in place
        // and only the state is moved out, which keeps it in registers (copying whole results
        // through memory costs several times the round itself with some compilers).
        for (;;) {
            fn_result_type next = std::invoke(fn_, std::move(state));
            Result<loop_type, error_type> *round;
            std::optional<Result<loop_type, error_type>> taken;
            if constexpr (std::is_same_v<fn_result_type, round_type>) {
                taken = next.take_result();
                round = &*taken;
            } else {
                round = &next;
            }
            if (round->is_err()) [[unlikely]] {
                set_done();
                return Err<error_type>{std::move(*round).error()};
            }
            if (round->value().is_break()) [[unlikely]] {
                set_done();
                return Ready<item_type>{std::move(*round).value().break_value()};
            }
            state = std::move(*round).value().continue_state();
        }
    }

    void set_done() noexcept {
        if (!done_) {
            done_ = true;
            observe_state(obs_, 0, 1);
        }
    }

    Fn fn_;
    std::optional<round_type> round_;
    bool done_ = false;
    ObsId obs_;
};

// loop_fn(initial, fn): fn(initial) runs now; see the top of this file.
template <class S, class Fn>
[[nodiscard]] LoopFn<S, Fn> loop_fn(S initial, Fn fn) {
    return LoopFn<S, Fn>(std::move(initial), std::move(fn));
}

} // namespace futurescope
