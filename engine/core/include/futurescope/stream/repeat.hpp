// A stream that yields a copy of the same value on every poll and never ends: `repeat(v)`
// (futures 0.1's `stream::repeat`). Bound it with take() or take_while().
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class T, class E>
class [[nodiscard]] RepeatStream : public StreamExt<RepeatStream<T, E>> {
  public:
    using item_type = T;
    using error_type = E;

    static constexpr std::array<std::string_view, 1> state_names{"streaming"};
    static constexpr FutureKind kind_info{"RepeatStream", state_names};

    explicit RepeatStream(T value) : value_(std::move(value)) {}

    StreamPoll<T, E> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<T, E> p = ready(std::optional<T>(value_));
        scope.exit(p);
        return p;
    }

  private:
    T value_;
    ObsId obs_;
};

// repeat(7): 7, 7, 7, …; the error type is Never unless given, repeat<std::string>(7).
template <class E = Never, class T>
[[nodiscard]] RepeatStream<std::decay_t<T>, E> repeat(T &&value) {
    return RepeatStream<std::decay_t<T>, E>(std::forward<T>(value));
}

} // namespace futurescope
