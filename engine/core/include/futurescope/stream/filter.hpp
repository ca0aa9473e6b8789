// Keeps the items a predicate accepts: `s.filter(p)` calls p(const item&) and yields the item when
// it is true. One poll pulls items until one passes, the stream is NotReady, or it ends; an error
// is returned at once (futures 0.1's stream `Filter`).
#pragma once

#include <functional>
#include <optional>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/stream/map.hpp"

namespace futurescope {

template <class S, class Fn>
class [[nodiscard]] FilterStream : public StreamExt<FilterStream<S, Fn>> {
  public:
    using item_type = item_t<S>;
    using error_type = error_t<S>;

    static constexpr FutureKind kind_info{"FilterStream", streaming_state_names};

    FilterStream(S stream, Fn pred) : stream_(std::move(stream)), pred_(std::move(pred)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        for (;;) {
            StreamPoll<item_type, error_type> p = stream_.poll();
            if (!p.is_ready() || !p.value() || std::invoke(pred_, std::as_const(*p.value()))) {
                return p;
            }
        }
    }

    S stream_;
    Fn pred_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::filter(Fn p) && {
    return FilterStream<Derived, Fn>(self_of<Derived>(this), std::move(p));
}

} // namespace futurescope
