// Converts each error of a stream into another type: `s.from_err<E>()` yields Err(E(error))
// where the inner stream yields Err(error); items and the end pass through (futures 0.1's stream
// `FromErr`, which uses `From`). The stream goes on after an error.
#pragma once

#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/stream/map.hpp"

namespace futurescope {

template <class S, class E>
class [[nodiscard]] FromErrStream : public StreamExt<FromErrStream<S, E>> {
  public:
    using item_type = item_t<S>;
    using error_type = E;

    static_assert(std::is_constructible_v<E, error_t<S> &&>,
                  "futurescope: from_err needs an error type the stream's error converts into");
    static constexpr FutureKind kind_info{"FromErrStream", streaming_state_names};

    explicit FromErrStream(S stream) : stream_(std::move(stream)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = stream_.poll();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] S &get_mut() noexcept { return stream_; }
    [[nodiscard]] S &&into_inner() &&noexcept { return std::move(stream_); }

  private:
    S stream_;
    ObsId obs_;
};

template <class Derived>
template <class E>
auto StreamExt<Derived>::from_err() && {
    return FromErrStream<Derived, E>(self_of<Derived>(this));
}

} // namespace futurescope
