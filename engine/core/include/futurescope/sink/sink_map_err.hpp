// Transforms a sink's error: `sink.sink_map_err(fn)` answers Err(fn(error)) where the inner sink
// fails (futures 0.1's `SinkMapErr`). The function is called once, as Rust's FnOnce: a second
// error panics "cannot use MapErr after an error".
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"

namespace futurescope {

template <class S, class Fn>
class SinkMapErr : public SinkExt<SinkMapErr<S, Fn>> {
  public:
    using sink_item_type = sink_item_t<S>;
    using sink_error_type = call_result_t<Fn, sink_error_t<S>>;

    SinkMapErr(S sink, Fn fn) : sink_(std::move(sink)), fn_(std::move(fn)) {}

    StartSend<sink_item_type, sink_error_type> start_send(sink_item_type item) {
        auto r = sink_.start_send(std::move(item));
        if (r.is_err()) {
            return Err<sink_error_type>{map(std::move(r).error())};
        }
        if (r.is_not_ready()) {
            return SinkNotReady<sink_item_type>{std::move(r).item()};
        }
        return sink_ready;
    }
    Poll<Unit, sink_error_type> poll_complete() { return lift(sink_.poll_complete()); }
    Poll<Unit, sink_error_type> close() { return lift(sink_.close()); }

    [[nodiscard]] S &get_mut() noexcept { return sink_; }
    [[nodiscard]] S &&into_inner() &&noexcept { return std::move(sink_); }

  private:
    sink_error_type map(sink_error_t<S> &&e) {
        if (!fn_) {
            throw Panic("cannot use MapErr after an error");
        }
        Fn fn = std::move(*fn_);
        fn_.reset();
        return call_with(fn, std::move(e));
    }
    Poll<Unit, sink_error_type> lift(Poll<Unit, sink_error_t<S>> &&p) {
        if (p.is_err()) {
            return Err<sink_error_type>{map(std::move(p).error())};
        }
        return p.is_ready() ? Poll<Unit, sink_error_type>(ready()) : not_ready;
    }

    S sink_;
    std::optional<Fn> fn_;
};

template <class Derived>
template <class Fn>
auto SinkExt<Derived>::sink_map_err(Fn f) && {
    return SinkMapErr<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
