// Filters and transforms in one step: `s.filter_map(f)` calls f(item), which returns a
// std::optional, and yields the values it holds. One poll pulls items until f gives a value, the
// stream is NotReady, or it ends; an error is returned at once (futures 0.1's `FilterMap`).
#pragma once

#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/stream/map.hpp"

namespace futurescope {

template <class S, class Fn>
class [[nodiscard]] FilterMapStream : public StreamExt<FilterMapStream<S, Fn>> {
    using option_type = call_result_t<Fn, item_t<S>>;

  public:
    using item_type = typename option_type::value_type;
    using error_type = error_t<S>;

    static constexpr FutureKind kind_info{"FilterMapStream", streaming_state_names};

    FilterMapStream(S stream, Fn fn) : stream_(std::move(stream)), fn_(std::move(fn)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        for (;;) {
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
            option_type mapped = call_with(fn_, std::move(*p.value()));
            if (mapped) {
                return ready(std::move(mapped));
            }
        }
    }

    S stream_;
    Fn fn_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::filter_map(Fn f) && {
    return FilterMapStream<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
