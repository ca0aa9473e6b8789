// Transforms each error of a stream: `s.map_err(fn)` yields Err(fn(error)) for each error; items
// and the end pass through (futures 0.1's stream `MapErr`). The stream goes on after an error.
#pragma once

#include <optional>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/stream/map.hpp"

namespace futurescope {

template <class S, class Fn>
class [[nodiscard]] MapErrStream : public StreamExt<MapErrStream<S, Fn>> {
  public:
    using item_type = item_t<S>;
    using error_type = call_result_t<Fn, error_t<S>>;

    static constexpr FutureKind kind_info{"MapErrStream", streaming_state_names};

    MapErrStream(S stream, Fn fn) : stream_(std::move(stream)), fn_(std::move(fn)) {}

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
            return Err<error_type>{call_with(fn_, std::move(p).error())};
        }
        return ready(std::move(p).value());
    }

    S stream_;
    Fn fn_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::map_err(Fn f) && {
    return MapErrStream<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
