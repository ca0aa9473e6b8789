// A future whose poll is a function: `poll_fn([&] { … return not_ready; })`. The function must
// return a Poll<T, E>; it is called on every poll, also after it returned Ready. It is the way
// to write a leaf future by hand, and the way a lesson shows one that forgets to park.
#pragma once

#include <array>
#include <string_view>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

namespace detail {
template <class P>
struct poll_types;
template <class T, class E>
struct poll_types<Poll<T, E>> {
    using item = T;
    using error = E;
};
} // namespace detail

template <class Fn>
class [[nodiscard]] PollFn : public FutureExt<PollFn<Fn>> {
    using poll_type = std::invoke_result_t<Fn &>;

  public:
    using item_type = typename detail::poll_types<poll_type>::item;
    using error_type = typename detail::poll_types<poll_type>::error;

    static constexpr std::array<std::string_view, 1> state_names{"polling"};
    static constexpr FutureKind kind_info{"PollFn", state_names};

    explicit PollFn(Fn fn) : fn_(std::move(fn)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = fn_();
        scope.exit(result);
        return result;
    }

  private:
    Fn fn_;
    ObsId obs_;
};

template <class Fn>
[[nodiscard]] PollFn<Fn> poll_fn(Fn fn) {
    return PollFn<Fn>(std::move(fn));
}

} // namespace futurescope
