// Looks at a future's item on its way through: `f.inspect(fn)` calls fn(const item&) when the
// item is ready and resolves to that same item. An error passes through and fn is not called.
// Polling again after an item polls the inner future once more and then fails with "cannot poll
// Inspect twice", as futures 0.1 does.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class F, class Fn>
class [[nodiscard]] Inspect : public FutureExt<Inspect<F, Fn>> {
  public:
    using item_type = item_t<F>;
    using error_type = error_t<F>;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"Inspect", state_names};

    Inspect(F inner, Fn fn) : inner_(std::move(inner)), fn_(std::move(fn)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return done_ ? 1 : 0; }

  private:
    Poll<item_type, error_type> poll_inner() {
        Poll<item_type, error_type> p = inner_.poll();
        if (p.is_not_ready()) {
            return p;
        }
        set_done();
        if (p.is_err()) {
            // futures 0.1 takes the function only for an item: after an error it stays, and a
            // later item would still reach it.
            return p;
        }
        if (!fn_) {
            throw Panic("cannot poll Inspect twice");
        }
        Fn fn = std::move(*fn_);
        fn_.reset();
        const item_type &item = p.value();
        (void)call_with(fn, item);
        return p;
    }
    void set_done() noexcept {
        if (!done_) {
            done_ = true;
            observe_state(obs_, 0, 1);
        }
    }

    F inner_;
    std::optional<Fn> fn_;
    bool done_ = false;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto FutureExt<Derived>::inspect(Fn f) && {
    return Inspect<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
