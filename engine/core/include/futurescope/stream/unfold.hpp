// A stream built from a state and a step: `unfold(state, f)` calls f(state) in the poll that
// asks for the next item; f returns std::nullopt to end the stream, or a future (or Result) of
// (item, next state) — a std::pair or std::tuple — which is polled in that same poll. An error
// of that future is yielded once and then the stream ends (futures 0.1's `unfold`).
// States: ready (holds the state) → processing (a step is running) → ready …; done after the end
// or an error.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

template <class T, class Fn>
class [[nodiscard]] Unfold : public StreamExt<Unfold<T, Fn>> {
    using step_option = call_result_t<Fn, T>;
    using step_type = into_future_t<typename step_option::value_type>;
    using pair_type = item_t<step_type>;

  public:
    using item_type = std::decay_t<std::tuple_element_t<0, pair_type>>;
    using error_type = error_t<step_type>;

    enum class State : std::uint8_t { ready, processing, done };
    static constexpr std::array<std::string_view, 3> state_names{"ready", "processing", "done"};
    static constexpr FutureKind kind_info{"Unfold", state_names};

    Unfold(T init, Fn fn) : fn_(std::move(fn)), state_(std::in_place_index<0>, std::move(init)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_.index()); }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        if (state_.index() == 0) {
            T state = std::move(*std::get_if<0>(&state_));
            step_option next = call_with(fn_, std::move(state));
            if (!next) {
                finish();
                return ready(std::nullopt);
            }
            state_.template emplace<1>(into_future(std::move(*next)));
            observe_state(obs_, 0, 1);
        }
        if (state_.index() == 2) {
            return ready(std::nullopt);
        }
        auto p = std::get_if<1>(&state_)->poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            finish(); // an error ends the stream: the state went into the failed step
            return Err<error_type>{std::move(p).error()};
        }
        pair_type pair = std::move(p).value();
        state_.template emplace<0>(std::get<1>(std::move(pair)));
        observe_state(obs_, 1, 0);
        return ready(std::get<0>(std::move(pair)));
    }

    void finish() {
        int from = static_cast<int>(state_.index());
        state_.template emplace<2>();
        observe_state(obs_, from, static_cast<int>(State::done));
    }

    Fn fn_;
    std::variant<T, step_type, std::monostate> state_;
    ObsId obs_;
};

template <class T, class Fn>
[[nodiscard]] Unfold<std::decay_t<T>, Fn> unfold(T &&init, Fn fn) {
    return Unfold<std::decay_t<T>, Fn>(std::forward<T>(init), std::move(fn));
}

} // namespace futurescope
