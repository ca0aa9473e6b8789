// Transforms each item of a stream: `s.map(fn)` yields fn(item) for each item; errors, NotReady
// and the end pass through untouched (futures 0.1's stream `Map`).
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

// The one state of a stream combinator that keeps no state of its own.
inline constexpr std::array<std::string_view, 1> streaming_state_names{"streaming"};

template <class S, class Fn>
class [[nodiscard]] MapStream : public StreamExt<MapStream<S, Fn>> {
  public:
    using item_type = call_result_t<Fn, item_t<S>>;
    using error_type = error_t<S>;

    static constexpr FutureKind kind_info{"MapStream", streaming_state_names};

    MapStream(S stream, Fn fn) : stream_(std::move(stream)), fn_(std::move(fn)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        auto p = stream_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        if (!p.value()) {
            return ready(std::nullopt);
        }
        return ready(call_with(fn_, std::move(*p.value())));
    }

    S stream_;
    Fn fn_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::map(Fn f) && {
    return MapStream<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
