// Runs a future for each answer of a stream: `s.then(fn)` calls fn(Result<item, error>) for every
// item and every error, and yields what that future resolves to — its error as a stream error.
// One future at a time: the stream is not polled while it runs, and it is polled in the poll that
// made it (futures 0.1's stream `Then`). States: pulling → running → pulling.
#pragma once

#include <optional>
#include <utility>

#include "futurescope/detail/stream_chain.hpp"
#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

template <class S, class Fn>
class [[nodiscard]] ThenStream : public StreamExt<ThenStream<S, Fn>> {
    using input_type = Result<item_t<S>, error_t<S>>;

  public:
    using future_type = into_future_t<call_result_t<Fn, input_type>>;
    using item_type = item_t<future_type>;
    using error_type = error_t<future_type>;

    static constexpr FutureKind kind_info{"ThenStream", stream_chain_state_names};

    ThenStream(S stream, Fn fn) : chain_(std::move(stream), std::move(fn)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result =
            chain_.template poll<item_type, error_type>(obs_, [](auto &&p, Fn &fn) {
                using Step = StreamChainStep<item_type, error_type, future_type>;
                if (p.is_ready() && !p.value()) {
                    return Step(std::in_place_index<0>, ready(std::nullopt));
                }
                input_type input = p.is_err() ? input_type(Err{std::move(p).error()})
                                              : input_type(Ready{std::move(*p.value())});
                return Step(std::in_place_index<1>, into_future(call_with(fn, std::move(input))));
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
auto StreamExt<Derived>::then(Fn f) && {
    return ThenStream<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
