// Sends every item of a stream into a sink: `std::move(sink).send_all(stream)` resolves to
// (sink, stream) once the stream ended and the sink closed. Each poll first retries the item the
// sink refused last time, then pulls items and start_sends them until the sink refuses one (it
// is kept: state blocked), the stream has nothing ready (the sink is then flushed with
// poll_complete, so a sender can be parked there), or the stream ends (the sink is closed).
// A stream error becomes the sink's error type; either error fails the future.
// States: sending → blocked ⇄ sending → closing → done.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"

namespace futurescope {

inline constexpr std::array<std::string_view, 4> send_all_state_names{
    "sending", "blocked", "closing", "done"};

namespace detail {

// The loop send_all and forward share (futures 0.1 has two copies: sink/send_all.rs and
// stream/forward.rs). The stream is fused by a flag rather than a Fuse wrapper: once it ended it
// is never polled again, which is all Fuse does here.
template <class K, class S>
class SendAllCore {
  public:
    enum class State : std::uint8_t { sending, blocked, closing, done };

    SendAllCore(K sink, S stream) : sink_(std::move(sink)), stream_(std::move(stream)) {}

    [[nodiscard]] State state() const noexcept { return state_; }

    // One poll. `E` is the resulting error type; `after_completion` the panic text.
    template <class E>
    Poll<Unit, E> poll(const ObsId &obs, const char *after_completion) {
        if (!sink_) {
            throw Panic(after_completion);
        }
        if (buffered_) {
            sink_item_t<K> item = std::move(*buffered_);
            buffered_.reset();
            Poll<Unit, E> sent = try_start_send<E>(obs, std::move(item));
            if (!sent.is_ready()) {
                return sent;
            }
        }
        for (;;) {
            if (!stream_done_) {
                auto next = stream_->poll();
                if (next.is_err()) {
                    return Err<E>{E(std::move(next).error())};
                }
                if (next.is_not_ready()) {
                    // Nothing to send now: flush what was sent, so that the sink can park us
                    // (a bounded mpsc sender waits here to be unparked by the receiver).
                    auto flushed = sink_->poll_complete();
                    if (flushed.is_err()) {
                        return Err<E>{E(std::move(flushed).error())};
                    }
                    return not_ready;
                }
                if (next.value()) {
                    Poll<Unit, E> sent =
                        try_start_send<E>(obs, sink_item_t<K>(std::move(*next.value())));
                    if (!sent.is_ready()) {
                        return sent;
                    }
                    continue;
                }
                stream_done_ = true;
                set_state(obs, State::closing);
            }
            auto closed = sink_->close();
            if (closed.is_err()) {
                return Err<E>{E(std::move(closed).error())};
            }
            if (closed.is_not_ready()) {
                return not_ready;
            }
            set_state(obs, State::done);
            return ready();
        }
    }

    K take_sink() {
        K sink = std::move(*sink_);
        sink_.reset();
        return sink;
    }
    S take_stream() {
        S stream = std::move(*stream_);
        stream_.reset();
        return stream;
    }

  private:
    template <class E>
    Poll<Unit, E> try_start_send(const ObsId &obs, sink_item_t<K> &&item) {
        auto started = sink_->start_send(std::move(item));
        if (started.is_ready()) {
            set_state(obs, State::sending);
            return ready();
        }
        if (started.is_err()) {
            return Err<E>{E(std::move(started).error())};
        }
        buffered_.emplace(std::move(started).item());
        set_state(obs, State::blocked);
        return not_ready;
    }

    void set_state(const ObsId &obs, State s) noexcept {
        if (s != state_) {
            observe_state(obs, static_cast<int>(state_), static_cast<int>(s));
            state_ = s;
        }
    }

    std::optional<K> sink_;
    std::optional<S> stream_;
    std::optional<sink_item_t<K>> buffered_;
    bool stream_done_ = false;
    State state_ = State::sending;
};

} // namespace detail

template <class K, class S>
class [[nodiscard]] SendAll : public FutureExt<SendAll<K, S>> {
    static_assert(std::is_constructible_v<sink_item_t<K>, item_t<S> &&>,
                  "futurescope: send_all needs a stream of the sink's item type");

  public:
    using item_type = std::pair<K, S>;
    using error_type = from_error_t<sink_error_t<K>, error_t<S>>;

    static constexpr FutureKind kind_info{"SendAll", send_all_state_names};

    SendAll(K sink, S stream) : core_(std::move(sink), std::move(stream)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(core_.state()); }

  private:
    Poll<item_type, error_type> poll_inner() {
        Poll<Unit, error_type> p =
            core_.template poll<error_type>(obs_, "Attempted to poll SendAll after completion");
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        K sink = core_.take_sink();
        return Ready<item_type>{item_type(std::move(sink), core_.take_stream())};
    }

    detail::SendAllCore<K, S> core_;
    ObsId obs_;
};

template <class Derived>
template <class S>
auto SinkExt<Derived>::send_all(S stream) && {
    static_assert(Sink<Derived>, "futurescope: send_all() needs a Sink");
    static_assert(Stream<S>, "futurescope: send_all() needs a Stream");
    return SendAll<Derived, S>(self_of<Derived>(this), std::move(stream));
}

} // namespace futurescope
