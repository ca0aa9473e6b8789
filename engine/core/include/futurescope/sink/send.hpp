// Sends one item into a sink and waits until the sink has flushed it: `std::move(sink).send(x)`
// resolves to the sink, ready for the next send. While start_send refuses the item, the future
// keeps it and waits; once it is taken, poll_complete decides when the future is done — for a
// bounded mpsc sender that went over the buffer, that is when the receiver unparks it.
// States: sending → flushing → done.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] Send : public FutureExt<Send<S>> {
  public:
    using item_type = S;
    using error_type = sink_error_t<S>;

    enum class State : std::uint8_t { sending, flushing, done };
    static constexpr std::array<std::string_view, 3> state_names{"sending", "flushing", "done"};
    static constexpr FutureKind kind_info{"Send", state_names};

    Send(S sink, sink_item_t<S> item) : sink_(std::move(sink)), item_(std::move(item)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }

    // The sink, while the future still owns it.
    [[nodiscard]] S &get_mut() {
        if (!sink_) {
            throw Panic("Attempted Send::get_mut after completion");
        }
        return *sink_;
    }

  private:
    Poll<item_type, error_type> poll_inner() {
        if (!sink_) {
            throw Panic("Attempted to poll Send after completion");
        }
        if (item_) {
            auto started = sink_->start_send(std::move(*item_));
            item_.reset();
            if (started.is_not_ready()) {
                item_.emplace(std::move(started).item());
                return not_ready;
            }
            // An error loses the item, as in Rust: the next poll only flushes.
            set_state(State::flushing);
            if (started.is_err()) {
                return Err<error_type>{std::move(started).error()};
            }
        }
        auto flushed = sink_->poll_complete();
        if (flushed.is_err()) {
            return Err<error_type>{std::move(flushed).error()};
        }
        if (flushed.is_not_ready()) {
            return not_ready;
        }
        S sink = std::move(*sink_);
        sink_.reset();
        set_state(State::done);
        return Ready<S>{std::move(sink)};
    }

    void set_state(State s) noexcept {
        if (s != state_) {
            observe_state(obs_, static_cast<int>(state_), static_cast<int>(s));
            state_ = s;
        }
    }

    std::optional<S> sink_;
    std::optional<sink_item_t<S>> item_;
    State state_ = State::sending;
    ObsId obs_;
};

template <class Derived>
template <class Item>
auto SinkExt<Derived>::send(Item item) && {
    static_assert(Sink<Derived>, "futurescope: send() needs a Sink");
    return Send<Derived>(self_of<Derived>(this), sink_item_t<Derived>(std::move(item)));
}

} // namespace futurescope
