// Runs a future for each item of a stream: `s.and_then(fn)` calls fn(item) and yields what that
// future resolves to; the stream's errors pass through without a call, and the future's error is
// yielded as a stream error — the stream goes on after either. One future at a time, polled in
// the poll that made it (futures 0.1's stream `AndThen`). States: pulling → running → pulling.
#pragma once

#include <optional>
#include <utility>

#include "futurescope/detail/stream_chain.hpp"
#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

template <class S, class Fn>
class [[nodiscard]] AndThenStream : public StreamExt<AndThenStream<S, Fn>> {
  public:
    using future_type = into_future_t<call_result_t<Fn, item_t<S>>>;
    using item_type = item_t<future_type>;
    using error_type = unify_t<error_t<S>, error_t<future_type>>;

    static constexpr FutureKind kind_info{"AndThenStream", stream_chain_state_names};

    AndThenStream(S stream, Fn fn) : chain_(std::move(stream), std::move(fn)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result =
            chain_.template poll<item_type, error_type>(obs_, [](auto &&p, Fn &fn) {
                using Step = StreamChainStep<item_type, error_type, future_type>;
                if (p.is_err()) {
                    return Step(std::in_place_index<0>, Err<error_type>{std::move(p).error()});
                }
                if (!p.value()) {
                    return Step(std::in_place_index<0>, ready(std::nullopt));
                }
                return Step(std::in_place_index<1>,
                            into_future(call_with(fn, std::move(*p.value()))));
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
auto StreamExt<Derived>::and_then(Fn f) && {
    return AndThenStream<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
