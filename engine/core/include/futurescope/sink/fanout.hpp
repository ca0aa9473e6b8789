// A sink that copies every item into two sinks: `a.fanout(b)` (futures 0.1's `Fanout`). An item
// is taken only when both sides can take it; a side that refused its copy keeps it and is offered
// it again on every call, and until both have taken their copies a new item is handed back
// (NotReady) — backpressure from the slower side. poll_complete and close are Ready when both
// sides are. The item must be copyable; both sides take the same item and error types.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"

namespace futurescope {

namespace detail {

// One side of a fanout and the copy it refused, if any (Rust's `Downstream`).
template <class S>
struct Downstream {
    S sink;
    std::optional<sink_item_t<S>> pending;

    [[nodiscard]] bool is_ready() const noexcept { return !pending.has_value(); }

    // Offers the refused copy again.
    Poll<Unit, sink_error_t<S>> keep_flushing() {
        if (pending) {
            auto r = sink.start_send(std::move(*pending));
            pending.reset();
            if (r.is_err()) {
                return Err<sink_error_t<S>>{std::move(r).error()};
            }
            if (r.is_not_ready()) {
                pending.emplace(std::move(r).item());
            }
        }
        return ready();
    }
    Poll<Unit, sink_error_t<S>> start(sink_item_t<S> item) {
        auto r = sink.start_send(std::move(item));
        if (r.is_err()) {
            return Err<sink_error_t<S>>{std::move(r).error()};
        }
        if (r.is_not_ready()) {
            pending.emplace(std::move(r).item());
        }
        return ready();
    }
    template <class Finish>
    Poll<Unit, sink_error_t<S>> finish(Finish f) {
        auto k = keep_flushing();
        if (k.is_err()) {
            return k;
        }
        auto p = f(sink);
        if (p.is_err()) {
            return p;
        }
        return is_ready() && p.is_ready() ? Poll<Unit, sink_error_t<S>>(ready()) : not_ready;
    }
};

} // namespace detail

template <class A, class B>
class Fanout : public SinkExt<Fanout<A, B>> {
  public:
    using sink_item_type = sink_item_t<A>;
    using sink_error_type = sink_error_t<A>;

    static_assert(std::is_same_v<sink_item_t<A>, sink_item_t<B>> &&
                      std::is_same_v<sink_error_t<A>, sink_error_t<B>>,
                  "futurescope: both sides of a fanout take the same item and error types");
    static_assert(std::is_copy_constructible_v<sink_item_type>,
                  "futurescope: fanout copies each item, so the item must be copyable");

    Fanout(A left, B right) : left_{std::move(left), {}}, right_{std::move(right), {}} {}

    StartSend<sink_item_type, sink_error_type> start_send(sink_item_type item) {
        if (auto l = left_.keep_flushing(); l.is_err()) {
            return Err<sink_error_type>{std::move(l).error()};
        }
        if (auto r = right_.keep_flushing(); r.is_err()) {
            return Err<sink_error_type>{std::move(r).error()};
        }
        if (!left_.is_ready() || !right_.is_ready()) {
            return SinkNotReady<sink_item_type>{std::move(item)};
        }
        if (auto l = left_.start(item); l.is_err()) {
            return Err<sink_error_type>{std::move(l).error()};
        }
        if (auto r = right_.start(std::move(item)); r.is_err()) {
            return Err<sink_error_type>{std::move(r).error()};
        }
        return sink_ready;
    }

    Poll<Unit, sink_error_type> poll_complete() {
        return both([](auto &s) { return s.poll_complete(); });
    }
    Poll<Unit, sink_error_type> close() {
        return both([](auto &s) { return s.close(); });
    }

    [[nodiscard]] A &left() noexcept { return left_.sink; }
    [[nodiscard]] B &right() noexcept { return right_.sink; }
    // Both sinks back (Rust's `into_inner`); a copy not yet taken is dropped.
    [[nodiscard]] std::pair<A, B> into_inner() && {
        return {std::move(left_.sink), std::move(right_.sink)};
    }

  private:
    template <class Finish>
    Poll<Unit, sink_error_type> both(Finish f) {
        auto l = left_.finish(f);
        if (l.is_err()) {
            return l;
        }
        auto r = right_.finish(f);
        if (r.is_err()) {
            return r;
        }
        return l.is_ready() && r.is_ready() ? Poll<Unit, sink_error_type>(ready()) : not_ready;
    }

    detail::Downstream<A> left_;
    detail::Downstream<B> right_;
};

template <class Derived>
template <class Other>
auto SinkExt<Derived>::fanout(Other other) && {
    return Fanout<Derived, Other>(self_of<Derived>(this), std::move(other));
}

} // namespace futurescope
