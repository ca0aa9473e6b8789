// The state machine that and_then, or_else, then and flatten share (futures 0.1's `Chain`):
// First — poll the first future; when it resolves, drop it, then let the combinator decide to
// finish or to continue with a second future, which is polled in that same poll;
// Second — poll the second future (again after it resolved, too: it decides);
// Done — finished without a second future; another poll is "cannot poll a chained future twice".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <variant>

#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

inline constexpr std::array<std::string_view, 3> chain_state_names{"first", "second", "done"};

// What the combinator's step makes of the first future's result: the final result, or the
// second future to run.
template <class T, class E, class B>
using ChainStep = std::variant<Result<T, E>, B>;

template <class A, class B, class Data>
class Chain {
  public:
    enum class State : std::uint8_t { first, second, done };

    Chain(A a, Data data) : v_(std::in_place_index<0>, First{std::move(a), std::move(data)}) {}

    [[nodiscard]] State state() const noexcept { return static_cast<State>(v_.index()); }

    // `step(Result<item_t<A>, error_t<A>>&&, Data&&)` returns a ChainStep<T, E, B>. The first
    // future is destroyed before step runs (eager drop, as futures 0.1's tests check).
    template <class T, class E, class Step>
    Poll<T, E> poll(const ObsId &obs, Step &&step) {
        if (v_.index() == 0) {
            First &first = *std::get_if<0>(&v_);
            auto p = first.a.poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            Data data = std::move(first.data);
            auto r = into_result(std::move(p));
            v_.template emplace<2>(); // drops the first future
            ChainStep<T, E, B> next = step(std::move(r), std::move(data));
            if (next.index() == 0) {
                observe_state(obs, 0, 2);
                return std::move(*std::get_if<0>(&next)).into_poll();
            }
            v_.template emplace<1>(std::move(*std::get_if<1>(&next)));
            observe_state(obs, 0, 1);
        } else if (v_.index() == 2) {
            throw Panic("cannot poll a chained future twice");
        }
        return std::get_if<1>(&v_)->poll();
    }

  private:
    struct First {
        A a;
        Data data;
    };
    std::variant<First, B, std::monostate> v_;
};

} // namespace futurescope
