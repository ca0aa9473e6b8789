// A vector as a sink (futures 0.1 implements `Sink` for `Vec<T>`): `VectorSink<T>` takes every
// item at once, is always flushed, and never fails. What the tests and lessons collect into when
// the destination does not matter.
#pragma once

#include <utility>
#include <vector>

#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"

namespace futurescope {

template <class T>
class VectorSink : public SinkExt<VectorSink<T>> {
  public:
    using sink_item_type = T;
    using sink_error_type = Never;

    VectorSink() = default;
    explicit VectorSink(std::vector<T> items) : items_(std::move(items)) {}

    StartSend<T, Never> start_send(T item) {
        items_.push_back(std::move(item));
        return sink_ready;
    }
    Poll<Unit, Never> poll_complete() { return ready(); }
    Poll<Unit, Never> close() { return ready(); }

    [[nodiscard]] const std::vector<T> &items() const noexcept { return items_; }
    [[nodiscard]] std::vector<T> into_vec() &&noexcept { return std::move(items_); }

  private:
    std::vector<T> items_;
};

} // namespace futurescope
