// A sink that turns each item into a stream of items for the inner sink:
// `sink.with_flat_map(fn)` accepts U, calls fn(U), which gives a stream of the inner sink's
// items (with its error type), and sends every item of that stream before it accepts the next U
// (futures 0.1's `WithFlatMap`). While the stream is not drained — it is NotReady, or the inner
// sink refuses an item — start_send hands the new item back. poll_complete drains, then flushes.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"
#include "futurescope/sink/with.hpp"

namespace futurescope {

template <class S, class U, class Fn>
class WithFlatMap : public SinkExt<WithFlatMap<S, U, Fn>> {
    using stream_type = std::invoke_result_t<Fn &, U &&>;

  public:
    using sink_item_type = U;
    using sink_error_type = sink_error_t<S>;

    static_assert(Stream<stream_type>, "futurescope: with_flat_map's function must give a stream");

    WithFlatMap(S sink, Fn fn) : sink_(std::move(sink)), fn_(std::move(fn)) {}

    StartSend<U, sink_error_type> start_send(U item) {
        auto p = try_empty_stream();
        if (p.is_err()) {
            return Err<sink_error_type>{std::move(p).error()};
        }
        if (p.is_not_ready()) {
            return SinkNotReady<U>{std::move(item)};
        }
        stream_.emplace(std::invoke(fn_, std::move(item)));
        auto again = try_empty_stream();
        if (again.is_err()) {
            return Err<sink_error_type>{std::move(again).error()};
        }
        return sink_ready;
    }

    Poll<Unit, sink_error_type> poll_complete() {
        auto p = try_empty_stream();
        if (!p.is_ready()) {
            return p;
        }
        return sink_.poll_complete();
    }

    Poll<Unit, sink_error_type> close() {
        auto p = try_empty_stream();
        if (!p.is_ready()) {
            return p;
        }
        return sink_.close();
    }

    [[nodiscard]] S &get_mut() noexcept { return sink_; }
    [[nodiscard]] S &&into_inner() &&noexcept { return std::move(sink_); }

  private:
    // The refused item first, then the stream's items, until the stream ends or something waits.
    Poll<Unit, sink_error_type> try_empty_stream() {
        if (buffer_) {
            auto r = sink_.start_send(std::move(*buffer_));
            buffer_.reset();
            if (r.is_err()) {
                return Err<sink_error_type>{std::move(r).error()};
            }
            if (r.is_not_ready()) {
                buffer_.emplace(std::move(r).item());
                return not_ready;
            }
        }
        while (stream_) {
            auto p = stream_->poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                stream_.reset();
                return Err<sink_error_type>{std::move(p).error()};
            }
            if (!p.value()) {
                stream_.reset();
                break;
            }
            auto r = sink_.start_send(std::move(*p.value()));
            if (r.is_err()) {
                return Err<sink_error_type>{std::move(r).error()};
            }
            if (r.is_not_ready()) {
                buffer_.emplace(std::move(r).item());
                return not_ready;
            }
        }
        return ready();
    }

    S sink_;
    Fn fn_;
    std::optional<stream_type> stream_;
    std::optional<sink_item_t<S>> buffer_;
};

template <class Derived>
template <class U, class Fn>
auto SinkExt<Derived>::with_flat_map(Fn f) && {
    using input = detail::sink_input_t<U, Fn>;
    return WithFlatMap<Derived, input, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
