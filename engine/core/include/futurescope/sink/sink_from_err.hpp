// Converts a sink's error into another type: `sink.sink_from_err<E>()` answers Err(E(error))
// where the inner sink fails (futures 0.1's `SinkFromErr`, which uses `From`).
#pragma once

#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"

namespace futurescope {

template <class S, class E>
class SinkFromErr : public SinkExt<SinkFromErr<S, E>> {
  public:
    using sink_item_type = sink_item_t<S>;
    using sink_error_type = E;

    static_assert(std::is_constructible_v<E, sink_error_t<S> &&>,
                  "futurescope: sink_from_err needs an error type the sink's error converts into");

    explicit SinkFromErr(S sink) : sink_(std::move(sink)) {}

    StartSend<sink_item_type, E> start_send(sink_item_type item) {
        auto r = sink_.start_send(std::move(item));
        if (r.is_err()) {
            return Err<E>{E(std::move(r).error())};
        }
        if (r.is_not_ready()) {
            return SinkNotReady<sink_item_type>{std::move(r).item()};
        }
        return sink_ready;
    }
    Poll<Unit, E> poll_complete() { return sink_.poll_complete(); }
    Poll<Unit, E> close() { return sink_.close(); }

    [[nodiscard]] S &get_mut() noexcept { return sink_; }
    [[nodiscard]] S &&into_inner() &&noexcept { return std::move(sink_); }

  private:
    S sink_;
};

template <class Derived>
template <class E>
auto SinkExt<Derived>::sink_from_err() && {
    return SinkFromErr<Derived, E>(self_of<Derived>(this));
}

} // namespace futurescope
