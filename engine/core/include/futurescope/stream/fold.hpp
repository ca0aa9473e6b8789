// Folds a stream into one value: `s.fold(init, fn)` is a future. For each item it calls
// fn(acc, item), which returns the next accumulator — a future of it, a Result, or the value
// itself — and polls that future in the same poll; at the end of the stream it resolves to the
// accumulator. The first error, of the stream or of a step, is its error (futures 0.1's `Fold`).
// States: ready (holds the accumulator) → processing (a step is running) → ready …; done after it
// resolved or failed, when another poll is "cannot poll Fold twice".
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "futurescope/detail/lift.hpp"
#include "futurescope/future.hpp"

namespace futurescope {

template <class S, class Fn, class T>
class [[nodiscard]] Fold : public FutureExt<Fold<S, Fn, T>> {
    using step_type = lift_t<std::invoke_result_t<Fn &, T &&, item_t<S> &&>>;

  public:
    using item_type = T;
    using error_type = unify_t<error_t<S>, error_t<step_type>>;

    enum class State : std::uint8_t { ready, processing, done };
    static constexpr std::array<std::string_view, 3> state_names{"ready", "processing", "done"};
    static constexpr FutureKind kind_info{"Fold", state_names};

    Fold(S stream, Fn fn, T init)
        : stream_(std::move(stream)), fn_(std::move(fn)),
          state_(std::in_place_index<0>, std::move(init)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_.index()); }

  private:
    Poll<item_type, error_type> poll_inner() {
        if (state_.index() == 2) {
            throw Panic("cannot poll Fold twice");
        }
        for (;;) {
            if (state_.index() == 0) {
                auto p = stream_.poll();
                if (p.is_not_ready()) {
                    return not_ready;
                }
                if (p.is_err()) {
                    finish();
                    return Err<error_type>{std::move(p).error()};
                }
                T acc = std::move(*std::get_if<0>(&state_));
                if (!p.value()) {
                    finish();
                    return Ready<T>{std::move(acc)};
                }
                state_.template emplace<1>(
                    lift(std::invoke(fn_, std::move(acc), std::move(*p.value()))));
                observe_state(obs_, 0, 1);
            }
            auto r = std::get_if<1>(&state_)->poll();
            if (r.is_not_ready()) {
                return not_ready;
            }
            if (r.is_err()) {
                finish();
                return Err<error_type>{std::move(r).error()};
            }
            state_.template emplace<0>(std::move(r).value());
            observe_state(obs_, 1, 0);
        }
    }

    void finish() {
        int from = static_cast<int>(state_.index());
        state_.template emplace<2>();
        observe_state(obs_, from, static_cast<int>(State::done));
    }

    S stream_;
    Fn fn_;
    std::variant<T, step_type, std::monostate> state_;
    ObsId obs_;
};

template <class Derived>
template <class T, class Fn>
auto StreamExt<Derived>::fold(T init, Fn f) && {
    return Fold<Derived, Fn, T>(self_of<Derived>(this), std::move(f), std::move(init));
}

} // namespace futurescope
