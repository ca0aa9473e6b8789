// A stream without its first n items: `s.skip(n)` pulls and drops n items (in one poll as far as
// the stream allows), then passes everything through. Errors pass through while skipping and are
// not counted (futures 0.1's stream `Skip`). States: skipping → passing.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] SkipStream : public StreamExt<SkipStream<S>> {
  public:
    using item_type = item_t<S>;
    using error_type = error_t<S>;

    static constexpr std::array<std::string_view, 2> state_names{"skipping", "passing"};
    static constexpr FutureKind kind_info{"SkipStream", state_names};

    SkipStream(S stream, std::uint64_t n) : stream_(std::move(stream)), remaining_(n) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return remaining_ == 0 ? 1 : 0; }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        while (remaining_ > 0) {
            StreamPoll<item_type, error_type> p = stream_.poll();
            if (!p.is_ready() || !p.value()) {
                return p;
            }
            if (--remaining_ == 0) {
                observe_state(obs_, 0, 1);
            }
        }
        return stream_.poll();
    }

    S stream_;
    std::uint64_t remaining_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::skip(std::uint64_t n) && {
    return SkipStream<Derived>(self_of<Derived>(this), n);
}

} // namespace futurescope
