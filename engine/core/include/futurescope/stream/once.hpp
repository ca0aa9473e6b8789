// A stream of one item or one error, then the end: `once(result)` (futures 0.1's `stream::once`).
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class T, class E>
class [[nodiscard]] OnceStream : public StreamExt<OnceStream<T, E>> {
  public:
    using item_type = T;
    using error_type = E;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"OnceStream", state_names};

    explicit OnceStream(Result<T, E> r) : result_(std::move(r)) {}

    StreamPoll<T, E> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<T, E> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return result_ ? 0 : 1; }

  private:
    StreamPoll<T, E> poll_inner() {
        if (!result_) {
            return ready(std::nullopt);
        }
        Result<T, E> r = std::move(*result_);
        result_.reset();
        observe_state(obs_, 0, 1);
        if (r.is_ok()) {
            return ready(std::move(r).value());
        }
        return Err<E>{std::move(r).error()};
    }

    std::optional<Result<T, E>> result_;
    ObsId obs_;
};

// once(Result<int, std::string>::ok(7)) yields 7 then ends; an Err result yields one error.
template <class T, class E>
[[nodiscard]] OnceStream<T, E> once(Result<T, E> r) {
    return OnceStream<T, E>(std::move(r));
}

} // namespace futurescope
