// Recovers from each error of a stream: `s.or_else(fn)` calls fn(error) and yields what that
// future resolves to (its error is a stream error); items and the end pass through. One future at
// a time, polled in the poll that made it (futures 0.1's stream `OrElse`).
// States: pulling → running → pulling.
#pragma once

#include <optional>
#include <utility>

#include "futurescope/detail/stream_chain.hpp"
#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

template <class S, class Fn>
class [[nodiscard]] OrElseStream : public StreamExt<OrElseStream<S, Fn>> {
  public:
    using future_type = into_future_t<call_result_t<Fn, error_t<S>>>;
    using item_type = unify_t<item_t<S>, item_t<future_type>>;
    using error_type = error_t<future_type>;

    static constexpr FutureKind kind_info{"OrElseStream", stream_chain_state_names};

    OrElseStream(S stream, Fn fn) : chain_(std::move(stream), std::move(fn)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result =
            chain_.template poll<item_type, error_type>(obs_, [](auto &&p, Fn &fn) {
                using Step = StreamChainStep<item_type, error_type, future_type>;
                if (p.is_ready()) {
                    return Step(std::in_place_index<0>, ready(std::move(p).value()));
                }
                return Step(std::in_place_index<1>,
                            into_future(call_with(fn, std::move(p).error())));
            });
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(chain_.state()); }

  private:
    StreamChain<S, future_type, Fn> chain_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::or_else(Fn f) && {
    return OrElseStream<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
