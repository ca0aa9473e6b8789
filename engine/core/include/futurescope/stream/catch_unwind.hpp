// Turns a panic inside a stream's poll into a stream error: `s.catch_unwind()` yields
// Ready(Ok(item)) for each item and Ready(Err(error)) for each of the stream's own errors; a
// Panic thrown by the inner poll is caught, the inner stream is dropped, and the Panic is
// yielded as this stream's error, after which the stream ends (futures 0.1's stream
// `CatchUnwind`; the engine's panics are `Panic` exceptions, so only those are caught). A poll
// after the end panics "cannot poll after eof". States: streaming, eof, done.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] CatchUnwindStream : public StreamExt<CatchUnwindStream<S>> {
  public:
    using item_type = Result<item_t<S>, error_t<S>>;
    using error_type = Panic;

    enum class State : std::uint8_t { streaming, eof, done };
    static constexpr std::array<std::string_view, 3> state_names{"streaming", "eof", "done"};
    static constexpr FutureKind kind_info{"CatchUnwindStream", state_names};

    explicit CatchUnwindStream(S stream) : stream_(std::move(stream)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        switch (state_) {
        case State::done:
            throw Panic("cannot poll after eof");
        case State::eof:
            set_state(State::done);
            return ready(std::nullopt);
        case State::streaming:
            break;
        }
        std::optional<StreamPoll<item_t<S>, error_t<S>>> p;
        try {
            p.emplace(stream_->poll());
        } catch (const Panic &panic) {
            stream_.reset();
            set_state(State::eof);
            return Err<Panic>{panic};
        }
        if (p->is_not_ready()) {
            return not_ready;
        }
        if (p->is_err()) {
            return ready(std::optional<item_type>(Err<error_t<S>>{std::move(*p).error()}));
        }
        if (!p->value()) {
            return ready(std::nullopt);
        }
        return ready(std::optional<item_type>(Ready<item_t<S>>{std::move(*p->value())}));
    }

    void set_state(State s) noexcept {
        if (s != state_) {
            observe_state(obs_, static_cast<int>(state_), static_cast<int>(s));
            state_ = s;
        }
    }

    std::optional<S> stream_;
    State state_ = State::streaming;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::catch_unwind() && {
    return CatchUnwindStream<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
