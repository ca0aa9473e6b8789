// A future that never resolves: `empty<T, E>()` answers NotReady to every poll and never arranges
// a wakeup (futures 0.1's Empty). Its item and error types are Never unless given, so it combines
// with any future (`ok(1).select(empty())`).
#pragma once

#include <array>
#include <string_view>

#include "futurescope/future.hpp"

namespace futurescope {

template <class T, class E>
class [[nodiscard]] Empty : public FutureExt<Empty<T, E>> {
  public:
    using item_type = T;
    using error_type = E;

    static constexpr std::array<std::string_view, 1> state_names{"pending"};
    static constexpr FutureKind kind_info{"Empty", state_names};

    Poll<T, E> poll() {
        PollScope scope(obs_, *this);
        Poll<T, E> result = not_ready;
        scope.exit(result);
        return result;
    }

  private:
    ObsId obs_;
};

template <class T = Never, class E = Never>
[[nodiscard]] Empty<T, E> empty() {
    return Empty<T, E>();
}

} // namespace futurescope
