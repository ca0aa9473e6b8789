// Streams the stream a future resolves to: `f.flatten_stream()`. While f is pending the stream
// is NotReady; when f is Ready, f is dropped and the stream it gave is polled in that same poll,
// and every later poll is that stream's. If f fails, its error is yielded once, then the end, as
// futures 0.1's FlattenStream does; a poll after that end panics "poll called after eof".
// States: future → stream, or future → eof → done.
//
// The error type is the stream's, and f's error converts into it; when the stream cannot fail
// (its error is Never), f's error type is used instead.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/future/flatten.hpp"

namespace futurescope {

template <class F>
class [[nodiscard]] FlattenStream : public StreamExt<FlattenStream<F>> {
  public:
    using stream_type = item_t<F>;
    static_assert(Stream<stream_type>, "futurescope: flatten_stream needs a future of a stream");
    using item_type = item_t<stream_type>;
    using error_type = detail::flatten_error_t<error_t<F>, error_t<stream_type>>;
    static_assert(std::is_constructible_v<error_type, error_t<F> &&>,
                  "futurescope: flatten_stream needs the future's error to convert into the "
                  "stream's error type");

    static constexpr std::array<std::string_view, 4> state_names{"future", "stream", "eof", "done"};
    static constexpr FutureKind kind_info{"FlattenStream", state_names};

    explicit FlattenStream(F f) : future_(std::in_place, std::move(f)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }

  private:
    enum class State : std::uint8_t { future, stream, eof, done };

    StreamPoll<item_type, error_type> poll_inner() {
        switch (state_) {
        case State::future: {
            auto p = future_->poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            future_.reset();
            if (p.is_err()) {
                set_state(State::eof);
                return Err<error_type>{error_type(std::move(p).error())};
            }
            // The future is dropped before the stream it gave is first polled, in this poll.
            stream_.emplace(std::move(p).value());
            set_state(State::stream);
            return stream_->poll();
        }
        case State::stream:
            return stream_->poll();
        case State::eof:
            set_state(State::done);
            return ready(std::optional<item_type>());
        case State::done:
            break;
        }
        throw Panic("poll called after eof");
    }
    void set_state(State s) noexcept {
        observe_state(obs_, static_cast<int>(state_), static_cast<int>(s));
        state_ = s;
    }

    // Two optionals and a state rather than a variant: the variant's move confuses GCC 12's
    // -Wmaybe-uninitialized when these are built and moved in place.
    std::optional<F> future_;
    std::optional<stream_type> stream_;
    State state_ = State::future;
    ObsId obs_;
};

template <class Derived>
auto FutureExt<Derived>::flatten_stream() && {
    return FlattenStream<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
