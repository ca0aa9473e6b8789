// Transforms a future's item when it is ready: `f.map(fn)` resolves to fn(item). An error passes
// through and fn is dropped unused. Polling again after it resolved polls the inner future once
// more and then fails with "cannot poll Map twice", as futures 0.1 does.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class F, class Fn>
class [[nodiscard]] Map : public FutureExt<Map<F, Fn>> {
  public:
    using item_type = call_result_t<Fn, item_t<F>>;
    using error_type = error_t<F>;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"Map", state_names};

    Map(F inner, Fn fn) : inner_(std::move(inner)), fn_(std::move(fn)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return fn_ ? 0 : 1; }

  private:
    Poll<item_type, error_type> poll_inner() {
        auto p = inner_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (!fn_) {
            throw Panic("cannot poll Map twice");
        }
        Fn fn = std::move(*fn_);
        fn_.reset();
        observe_state(obs_, 0, 1);
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        return Ready<item_type>{call_with(fn, std::move(p).value())};
    }

    F inner_;
    std::optional<Fn> fn_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto FutureExt<Derived>::map(Fn f) && {
    return Map<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
