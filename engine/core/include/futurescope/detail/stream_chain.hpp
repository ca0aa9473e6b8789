// The state machine that then, and_then and or_else on streams share (futures 0.1's stream
// `Then`, `AndThen` and `OrElse`):
// Pulling — poll the stream; the combinator either passes what it gave through, or makes a future
// of it, which is polled in that same poll;
// Running — poll only that future: the stream is not polled again until the future resolved.
// The future's item is the next item and its error a stream error; either way the chain goes
// back to Pulling and the stream goes on.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <variant>

#include "futurescope/future.hpp"

namespace futurescope {

inline constexpr std::array<std::string_view, 2> stream_chain_state_names{"pulling", "running"};

// What the combinator makes of one answer of the stream: an answer to return now, or the future
// to run.
template <class T, class E, class Fut>
using StreamChainStep = std::variant<StreamPoll<T, E>, Fut>;

template <class S, class Fut, class Fn>
class StreamChain {
  public:
    enum class State : std::uint8_t { pulling, running };

    StreamChain(S stream, Fn fn) : stream_(std::move(stream)), fn_(std::move(fn)) {}

    [[nodiscard]] State state() const noexcept { return future_ ? State::running : State::pulling; }

    // `step(StreamPoll<item_t<S>, error_t<S>>&&, Fn&)` gets every answer of the stream that is
    // not NotReady and returns a StreamChainStep<T, E, Fut>.
    template <class T, class E, class Step>
    StreamPoll<T, E> poll(const ObsId &obs, Step &&step) {
        if (!future_) {
            auto p = stream_.poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            StreamChainStep<T, E, Fut> next = step(std::move(p), fn_);
            if (next.index() == 0) {
                return std::move(*std::get_if<0>(&next));
            }
            future_.emplace(std::move(*std::get_if<1>(&next)));
            observe_state(obs, 0, 1);
        }
        auto r = future_->poll();
        if (r.is_not_ready()) {
            return not_ready;
        }
        future_.reset();
        observe_state(obs, 1, 0);
        if (r.is_err()) {
            return Err<E>{std::move(r).error()};
        }
        return ready(std::move(r).value());
    }

  private:
    S stream_;
    Fn fn_;
    std::optional<Fut> future_;
};

} // namespace futurescope
