// A stream that ends at once: `empty_stream<T, E>()` answers Ready(None) on every poll
// (futures 0.1's `stream::empty`; named apart from the future `empty()`, which never resolves).
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "futurescope/future.hpp"

namespace futurescope {

template <class T, class E>
class [[nodiscard]] EmptyStream : public StreamExt<EmptyStream<T, E>> {
  public:
    using item_type = T;
    using error_type = E;

    static constexpr std::array<std::string_view, 1> state_names{"done"};
    static constexpr FutureKind kind_info{"EmptyStream", state_names};

    StreamPoll<T, E> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<T, E> p = ready(std::nullopt);
        scope.exit(p);
        return p;
    }

  private:
    ObsId obs_;
};

template <class T = Unit, class E = Never>
[[nodiscard]] EmptyStream<T, E> empty_stream() {
    return EmptyStream<T, E>();
}

} // namespace futurescope
