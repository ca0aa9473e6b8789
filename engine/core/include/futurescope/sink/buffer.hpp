// A sink with room for `n` items in front of another: `sink.buffer(n)` accepts up to n items
// while the inner sink refuses them, and passes them on in order as it takes them (futures 0.1's
// `Buffer`). Each start_send first offers the held items to the inner sink; with n held it hands
// the new one back (NotReady). poll_complete sends everything held, then flushes the inner sink.
// `buffer(0)` is the inner sink unchanged. The held items live in a deque (it allocates, as
// Rust's VecDeque does).
#pragma once

#include <cstddef>
#include <deque>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"

namespace futurescope {

template <class S>
class BufferSink : public SinkExt<BufferSink<S>> {
  public:
    using sink_item_type = sink_item_t<S>;
    using sink_error_type = sink_error_t<S>;

    BufferSink(S sink, std::size_t capacity) : sink_(std::move(sink)), cap_(capacity) {}

    StartSend<sink_item_type, sink_error_type> start_send(sink_item_type item) {
        if (cap_ == 0) {
            return sink_.start_send(std::move(item));
        }
        auto p = try_empty_buffer();
        if (p.is_err()) {
            return Err<sink_error_type>{std::move(p).error()};
        }
        if (buf_.size() == cap_) {
            return SinkNotReady<sink_item_type>{std::move(item)};
        }
        buf_.push_back(std::move(item));
        return sink_ready;
    }

    Poll<Unit, sink_error_type> poll_complete() {
        if (cap_ == 0) {
            return sink_.poll_complete();
        }
        auto p = try_empty_buffer();
        if (!p.is_ready()) {
            return p;
        }
        return sink_.poll_complete();
    }

    Poll<Unit, sink_error_type> close() {
        if (cap_ == 0) {
            return sink_.close();
        }
        auto p = try_empty_buffer();
        if (!p.is_ready()) {
            return p;
        }
        return sink_.close();
    }

    // The items held, not yet taken by the inner sink.
    [[nodiscard]] std::size_t held() const noexcept { return buf_.size(); }
    [[nodiscard]] S &get_mut() noexcept { return sink_; }
    [[nodiscard]] S &&into_inner() &&noexcept { return std::move(sink_); }

  private:
    Poll<Unit, sink_error_type> try_empty_buffer() {
        while (!buf_.empty()) {
            auto r = sink_.start_send(std::move(buf_.front()));
            if (r.is_err()) {
                buf_.pop_front();
                return Err<sink_error_type>{std::move(r).error()};
            }
            if (r.is_not_ready()) {
                buf_.front() = std::move(r).item();
                return not_ready;
            }
            buf_.pop_front();
        }
        return ready();
    }

    S sink_;
    std::size_t cap_;
    std::deque<sink_item_type> buf_;
};

template <class Derived>
auto SinkExt<Derived>::buffer(std::size_t n) && {
    return BufferSink<Derived>(self_of<Derived>(this), n);
}

} // namespace futurescope
