// A stream whose poll is a function: `stream_poll_fn([&] { … })`, the function returning a
// StreamPoll<T, E> — Ready(item), Ready(std::nullopt) at the end, NotReady or Err. It is called on
// every poll, also after the end (futures 0.1's `stream::poll_fn`): the way to write a stream
// source by hand.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/future/poll_fn.hpp"

namespace futurescope {

template <class Fn>
class [[nodiscard]] StreamPollFn : public StreamExt<StreamPollFn<Fn>> {
    using poll_type = std::invoke_result_t<Fn &>;

  public:
    // The function answers Poll<std::optional<T>, E>.
    using item_type = typename detail::poll_types<poll_type>::item::value_type;
    using error_type = typename detail::poll_types<poll_type>::error;

    static constexpr std::array<std::string_view, 1> state_names{"polling"};
    static constexpr FutureKind kind_info{"StreamPollFn", state_names};

    explicit StreamPollFn(Fn fn) : fn_(std::move(fn)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = fn_();
        scope.exit(result);
        return result;
    }

  private:
    Fn fn_;
    ObsId obs_;
};

template <class Fn>
[[nodiscard]] StreamPollFn<Fn> stream_poll_fn(Fn fn) {
    return StreamPollFn<Fn>(std::move(fn));
}

} // namespace futurescope
