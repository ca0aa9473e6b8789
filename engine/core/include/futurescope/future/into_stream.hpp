// A future seen as a stream: `f.into_stream()` yields f's item (or fails with f's error) once,
// then ends. f is dropped as soon as it resolves; after that every poll answers Ready(None)
// without polling anything, as futures 0.1's IntoStream does.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class F>
class [[nodiscard]] IntoStream : public StreamExt<IntoStream<F>> {
  public:
    using item_type = item_t<F>;
    using error_type = error_t<F>;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"IntoStream", state_names};

    explicit IntoStream(F inner) : inner_(std::in_place, std::move(inner)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return inner_ ? 0 : 1; }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        if (!inner_) {
            return ready(std::optional<item_type>());
        }
        auto p = inner_->poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        inner_.reset();
        observe_state(obs_, 0, 1);
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        return Ready<std::optional<item_type>>{std::optional<item_type>(std::move(p).value())};
    }

    std::optional<F> inner_;
    ObsId obs_;
};

template <class Derived>
auto FutureExt<Derived>::into_stream() && {
    return IntoStream<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
