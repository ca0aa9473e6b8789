// The older concat2: `s.concat()` concatenates a stream of containers like concat2 does, but an
// empty stream panics "attempted concatenation of empty stream" (futures 0.1's deprecated
// `Concat`, kept because lessons written for early 0.1 releases use it).
#pragma once

#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/stream/concat2.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] Concat : public FutureExt<Concat<S>> {
  public:
    using item_type = item_t<S>;
    using error_type = error_t<S>;

    static constexpr FutureKind kind_info{"Concat", detail::concat_state_names};

    explicit Concat(S stream) : inner_(std::move(stream)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(inner_.state_); }

  private:
    using State = typename detail::ConcatInto<S>::State;

    Poll<item_type, error_type> poll_inner() {
        auto p = inner_.poll([this](State s) { set_state(s); });
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        if (!p.value()) {
            throw Panic("attempted concatenation of empty stream");
        }
        return Ready<item_type>{std::move(*p.value())};
    }

    void set_state(State s) noexcept {
        if (s != inner_.state_) {
            observe_state(obs_, static_cast<int>(inner_.state_), static_cast<int>(s));
            inner_.state_ = s;
        }
    }

    detail::ConcatInto<S> inner_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::concat() && {
    return Concat<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
