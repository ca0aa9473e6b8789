// Waits until a sink has flushed everything it accepted: `sink.flush()` is a future that polls
// poll_complete until it is Ready and resolves to the sink (futures 0.1's `Flush`). Polling it
// again after that panics "Attempted to poll Flush after it completed". States: flushing, done.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] Flush : public FutureExt<Flush<S>> {
  public:
    using item_type = S;
    using error_type = sink_error_t<S>;

    static constexpr std::array<std::string_view, 2> state_names{"flushing", "done"};
    static constexpr FutureKind kind_info{"Flush", state_names};

    explicit Flush(S sink) : sink_(std::move(sink)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return sink_ ? 0 : 1; }
    [[nodiscard]] S &get_mut() {
        if (!sink_) {
            throw Panic("Attempted `Flush::get_mut` after the flush completed");
        }
        return *sink_;
    }

  private:
    Poll<item_type, error_type> poll_inner() {
        if (!sink_) {
            throw Panic("Attempted to poll Flush after it completed");
        }
        auto p = sink_->poll_complete();
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        if (p.is_not_ready()) {
            return not_ready;
        }
        S sink = std::move(*sink_);
        sink_.reset();
        observe_state(obs_, 0, 1);
        return Ready<S>{std::move(sink)};
    }

    std::optional<S> sink_;
    ObsId obs_;
};

template <class Derived>
auto SinkExt<Derived>::flush() && {
    return Flush<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
