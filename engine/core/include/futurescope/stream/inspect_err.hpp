// Looks at each error as it passes: `s.inspect_err(fn)` calls fn(const error&) and yields the
// error unchanged; items and the end pass through without a call (futures 0.1's stream
// `InspectErr`). The stream goes on after an error.
#pragma once

#include <functional>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/stream/map.hpp"

namespace futurescope {

template <class S, class Fn>
class [[nodiscard]] InspectErrStream : public StreamExt<InspectErrStream<S, Fn>> {
  public:
    using item_type = item_t<S>;
    using error_type = error_t<S>;

    static constexpr FutureKind kind_info{"InspectErrStream", streaming_state_names};

    InspectErrStream(S stream, Fn fn) : stream_(std::move(stream)), fn_(std::move(fn)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = stream_.poll();
        if (result.is_err()) {
            std::invoke(fn_, std::as_const(result.error()));
        }
        scope.exit(result);
        return result;
    }

    [[nodiscard]] S &get_mut() noexcept { return stream_; }

  private:
    S stream_;
    Fn fn_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::inspect_err(Fn f) && {
    return InspectErrStream<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
