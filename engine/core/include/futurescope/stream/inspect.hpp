// Looks at each item as it passes: `s.inspect(fn)` calls fn(const item&) and yields the item
// unchanged; errors and the end pass through without a call (futures 0.1's stream `Inspect`).
#pragma once

#include <functional>
#include <optional>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/stream/map.hpp"

namespace futurescope {

template <class S, class Fn>
class [[nodiscard]] InspectStream : public StreamExt<InspectStream<S, Fn>> {
  public:
    using item_type = item_t<S>;
    using error_type = error_t<S>;

    static constexpr FutureKind kind_info{"InspectStream", streaming_state_names};

    InspectStream(S stream, Fn fn) : stream_(std::move(stream)), fn_(std::move(fn)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = stream_.poll();
        if (result.is_ready() && result.value()) {
            std::invoke(fn_, std::as_const(*result.value()));
        }
        scope.exit(result);
        return result;
    }

  private:
    S stream_;
    Fn fn_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::inspect(Fn f) && {
    return InspectStream<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
