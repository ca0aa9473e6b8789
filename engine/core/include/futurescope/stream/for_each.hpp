// Runs a body for each item of a stream: `s.for_each(fn)` is a future of Unit. fn(item) returns a
// future of Unit (or a Result, or nothing), which runs to completion — polled first in the poll
// that made it — before the stream is polled again. It resolves at the end of the stream; the
// first error, of the stream or of a body, is its error (futures 0.1's `ForEach`).
// States: pulling → running → pulling.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/detail/lift.hpp"
#include "futurescope/future.hpp"

namespace futurescope {

template <class S, class Fn>
class [[nodiscard]] ForEach : public FutureExt<ForEach<S, Fn>> {
    using body_type = lift_t<call_result_t<Fn, item_t<S>>>;
    static_assert(std::is_same_v<item_t<body_type>, Unit> ||
                      std::is_same_v<item_t<body_type>, Never>,
                  "futurescope: a for_each body must return a future of Unit, a "
                  "Result<Unit, E>, or nothing");

  public:
    using item_type = Unit;
    using error_type = unify_t<error_t<S>, error_t<body_type>>;

    static constexpr std::array<std::string_view, 2> state_names{"pulling", "running"};
    static constexpr FutureKind kind_info{"ForEach", state_names};

    ForEach(S stream, Fn fn) : stream_(std::move(stream)), fn_(std::move(fn)) {}

    Poll<Unit, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<Unit, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return body_ ? 1 : 0; }

  private:
    Poll<Unit, error_type> poll_inner() {
        for (;;) {
            if (body_) {
                auto r = body_->poll();
                if (r.is_not_ready()) {
                    return not_ready;
                }
                body_.reset();
                observe_state(obs_, 1, 0);
                if (r.is_err()) {
                    return Err<error_type>{std::move(r).error()};
                }
            }
            auto p = stream_.poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return Err<error_type>{std::move(p).error()};
            }
            if (!p.value()) {
                return ready();
            }
            body_.emplace(lift(call_with(fn_, std::move(*p.value()))));
            observe_state(obs_, 0, 1);
        }
    }

    S stream_;
    Fn fn_;
    std::optional<body_type> body_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::for_each(Fn f) && {
    return ForEach<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
