// A future that may be polled after it resolved: `f.fuse()` answers as f does until f resolves
// (an error counts), drops f at once, and from then on answers NotReady forever without polling
// anything — and without arranging a wakeup, as futures 0.1's Fuse does. `is_done()` tells.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class F>
class [[nodiscard]] Fuse : public FutureExt<Fuse<F>> {
  public:
    using item_type = item_t<F>;
    using error_type = error_t<F>;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"Fuse", state_names};

    explicit Fuse(F inner) : inner_(std::in_place, std::move(inner)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] bool is_done() const noexcept { return !inner_; }
    [[nodiscard]] int obs_state() const noexcept { return inner_ ? 0 : 1; }

  private:
    Poll<item_type, error_type> poll_inner() {
        if (!inner_) {
            return not_ready;
        }
        Poll<item_type, error_type> p = inner_->poll();
        if (!p.is_not_ready()) {
            inner_.reset();
            observe_state(obs_, 0, 1);
        }
        return p;
    }

    std::optional<F> inner_;
    ObsId obs_;
};

template <class Derived>
auto FutureExt<Derived>::fuse() && {
    return Fuse<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
