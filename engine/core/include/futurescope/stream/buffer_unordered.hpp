// Runs up to n futures of a stream of futures at once: `s.buffer_unordered(n)` yields their
// results in completion order — the order of their wakeups (futures 0.1's `BufferUnordered`).
// Each poll first pulls futures from the stream while fewer than n are running, then polls the
// FuturesUnordered that runs them. It ends when the stream ended and no future is left.
// States: pulling → draining (the stream ended).
#pragma once

#include <cstddef>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/stream/buffered.hpp"
#include "futurescope/stream/futures_unordered.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] BufferUnorderedStream : public StreamExt<BufferUnorderedStream<S>> {
    using pump_type = detail::BufferPump<S, FuturesUnordered<into_future_t<item_t<S>>>>;

  public:
    using item_type = typename pump_type::item_type;
    using error_type = typename pump_type::error_type;

    static constexpr FutureKind kind_info{"BufferUnorderedStream", detail::buffer_state_names};

    BufferUnorderedStream(S stream, std::size_t n) : pump_(std::move(stream), n) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = pump_.poll(obs_);
        scope.exit(result);
        return result;
    }

    // Futures running.
    [[nodiscard]] std::size_t running() const noexcept { return pump_.queue().len(); }
    [[nodiscard]] int obs_state() const noexcept { return pump_.stream_done() ? 1 : 0; }

  private:
    pump_type pump_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::buffer_unordered(std::size_t n) && {
    return BufferUnorderedStream<Derived>(self_of<Derived>(this), n);
}

} // namespace futurescope
