// Splits one object that is both a stream and a sink into its two halves: `s.split()` gives
// (SplitSink, SplitStream), which share `s` through a BiLock, so each can move to its own
// future (futures 0.1's `Stream::split`). Each call on a half locks `s` for the length of that
// call; when the other half holds it the call answers NotReady (a start_send hands its item back)
// and the unlock wakes the task. `sink.reunite(stream)` gives `s` back when the halves are a pair.
#pragma once

#include <string>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"
#include "futurescope/stream/map.hpp"
#include "futurescope/sync/bilock.hpp"

namespace futurescope {

template <class S>
class SplitSink;
template <class S>
class SplitStream;

// The halves handed back when they were not split from one object.
template <class S>
struct SplitReuniteError {
    SplitSink<S> sink;
    SplitStream<S> stream;
    [[nodiscard]] std::string describe() const {
        return "tried to reunite a SplitStream and SplitSink that don't form a pair";
    }
};

template <class S>
class [[nodiscard]] SplitStream : public StreamExt<SplitStream<S>> {
  public:
    using item_type = item_t<S>;
    using error_type = error_t<S>;

    static constexpr FutureKind kind_info{"SplitStream", streaming_state_names};

    explicit SplitStream(BiLock<S> lock) : lock_(std::move(lock)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] Result<S, SplitReuniteError<S>> reunite(SplitSink<S> sink) && {
        return std::move(sink).reunite(std::move(*this));
    }

  private:
    friend class SplitSink<S>;

    StreamPoll<item_type, error_type> poll_inner() {
        auto guard = lock_.poll_lock();
        if (guard.is_not_ready()) {
            return not_ready;
        }
        return (*guard.value()).poll();
    }

    BiLock<S> lock_;
    ObsId obs_;
};

template <class S>
class SplitSink : public SinkExt<SplitSink<S>> {
  public:
    using sink_item_type = sink_item_t<S>;
    using sink_error_type = sink_error_t<S>;

    explicit SplitSink(BiLock<S> lock) : lock_(std::move(lock)) {}

    StartSend<sink_item_type, sink_error_type> start_send(sink_item_type item) {
        auto guard = lock_.poll_lock();
        if (guard.is_not_ready()) {
            return SinkNotReady<sink_item_type>{std::move(item)};
        }
        return (*guard.value()).start_send(std::move(item));
    }
    Poll<Unit, sink_error_type> poll_complete() {
        auto guard = lock_.poll_lock();
        if (guard.is_not_ready()) {
            return not_ready;
        }
        return (*guard.value()).poll_complete();
    }
    Poll<Unit, sink_error_type> close() {
        auto guard = lock_.poll_lock();
        if (guard.is_not_ready()) {
            return not_ready;
        }
        return (*guard.value()).close();
    }

    [[nodiscard]] Result<S, SplitReuniteError<S>> reunite(SplitStream<S> stream) && {
        if (!lock_.is_pair_of(stream.lock_)) {
            return Err<SplitReuniteError<S>>{{std::move(*this), std::move(stream)}};
        }
        auto r = std::move(lock_).reunite(std::move(stream.lock_));
        return Ready<S>{std::move(r).value()};
    }

  private:
    BiLock<S> lock_;
};

template <class Derived>
auto StreamExt<Derived>::split() && {
    static_assert(Sink<Derived>,
                  "futurescope: split() needs an object that is a stream and a sink");
    auto [a, b] = BiLock<Derived>::make(self_of<Derived>(this));
    return std::pair<SplitSink<Derived>, SplitStream<Derived>>(SplitSink<Derived>(std::move(b)),
                                                               SplitStream<Derived>(std::move(a)));
}

} // namespace futurescope
