// Runs up to n futures of a stream of futures at once: `s.buffered(n)` yields their results in
// input order (futures 0.1's `Buffered`). Each poll first pulls futures from the stream while
// fewer than n are queued — a result that finished early and waits for an earlier one still
// counts, so it holds back new work — then polls the queue, a FuturesOrdered. It ends when the
// stream ended and the queue is empty. `buffer_unordered` (buffer_unordered_stream.hpp) is the
// same over a FuturesUnordered. States: pulling → draining (the stream ended).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/stream/fuse.hpp"
#include "futurescope/stream/futures_ordered.hpp"

namespace futurescope {

namespace detail {

inline constexpr std::array<std::string_view, 2> buffer_state_names{"pulling", "draining"};

// The pump both buffer combinators share; `Queue` is a FuturesOrdered or a FuturesUnordered.
template <class S, class Queue>
class BufferPump {
  public:
    using future_type = into_future_t<item_t<S>>;
    using item_type = item_t<future_type>;
    using error_type = unify_t<error_t<S>, error_t<future_type>>;

    BufferPump(S stream, std::size_t n) : stream_(std::move(stream)), max_(n) {}

    StreamPoll<item_type, error_type> poll(const ObsId &obs) {
        while (queue_.len() < max_) {
            bool was_done = stream_.is_done();
            auto p = stream_.poll();
            if (p.is_err()) {
                return Err<error_type>{std::move(p).error()};
            }
            if (!p.is_ready() || !p.value()) {
                if (!was_done && stream_.is_done()) {
                    observe_state(obs, 0, 1);
                }
                break;
            }
            queue_.push(into_future(std::move(*p.value())));
        }
        auto q = queue_.poll();
        if (q.is_err()) {
            return Err<error_type>{std::move(q).error()};
        }
        if (q.is_not_ready()) {
            return not_ready;
        }
        if (q.value()) {
            return ready(std::move(*q.value()));
        }
        if (stream_.is_done()) {
            return ready(std::nullopt);
        }
        return not_ready;
    }

    [[nodiscard]] bool stream_done() const noexcept { return stream_.is_done(); }
    [[nodiscard]] const Queue &queue() const noexcept { return queue_; }

  private:
    Fused<S> stream_;
    Queue queue_;
    std::size_t max_;
};

} // namespace detail

template <class S>
class [[nodiscard]] BufferedStream : public StreamExt<BufferedStream<S>> {
    using pump_type = detail::BufferPump<S, FuturesOrdered<into_future_t<item_t<S>>>>;

  public:
    using item_type = typename pump_type::item_type;
    using error_type = typename pump_type::error_type;

    static constexpr FutureKind kind_info{"BufferedStream", detail::buffer_state_names};

    BufferedStream(S stream, std::size_t n) : pump_(std::move(stream), n) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = pump_.poll(obs_);
        scope.exit(result);
        return result;
    }

    // Futures running plus results held back for order.
    [[nodiscard]] std::size_t queued() const noexcept { return pump_.queue().len(); }
    [[nodiscard]] int obs_state() const noexcept { return pump_.stream_done() ? 1 : 0; }

  private:
    pump_type pump_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::buffered(std::size_t n) && {
    return BufferedStream<Derived>(self_of<Derived>(this), n);
}

} // namespace futurescope
