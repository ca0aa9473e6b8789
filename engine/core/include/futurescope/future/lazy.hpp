// A future made on demand: `lazy(fn)` calls fn() on its first poll — not when it is built — and
// polls the future (or Result) fn gave in that same poll; later polls are that future's, also
// after it resolved. As in futures 0.1's Lazy, if fn throws, a later poll panics.
// States: deferred → running.
#pragma once

#include <array>
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

template <class Fn>
class [[nodiscard]] Lazy : public FutureExt<Lazy<Fn>> {
  public:
    using future_type = into_future_t<std::invoke_result_t<Fn &&>>;
    using item_type = item_t<future_type>;
    using error_type = error_t<future_type>;

    static constexpr std::array<std::string_view, 2> state_names{"deferred", "running"};
    static constexpr FutureKind kind_info{"Lazy", state_names};

    explicit Lazy(Fn fn) : v_(std::in_place_index<0>, std::move(fn)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = get().poll();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return v_.index() == 0 ? 0 : 1; }

  private:
    future_type &get() {
        if (v_.index() == 1) {
            return *std::get_if<1>(&v_);
        }
        if (v_.index() == 2) {
            throw Panic("explicit panic"); // fn threw in an earlier poll
        }
        Fn fn = std::move(*std::get_if<0>(&v_));
        v_.template emplace<2>(); // fn is consumed even if it throws
        v_.template emplace<1>(into_future(std::invoke(std::move(fn))));
        observe_state(obs_, 0, 1);
        return *std::get_if<1>(&v_);
    }

    // Deferred(fn) | Running(future) | Moved (fn threw).
    std::variant<Fn, future_type, std::monostate> v_;
    ObsId obs_;
};

template <class Fn>
[[nodiscard]] Lazy<Fn> lazy(Fn fn) {
    return Lazy<Fn>(std::move(fn));
}

} // namespace futurescope
