// Small, local streams, sinks and futures for the channel and sink tests, written here so that
// those tests depend only on the channel headers and the core: a range stream, a list stream
// (items, errors, NotReady), a draining fold and a take-n, a consumer that takes one item per
// period of virtual time, a vector sink, a sequential sender, a drop-counting value, a Probe that
// also records unpark `via` texts, and `InTask`, which runs code inside a task context with a
// CountingNotify (futures-rs tests' `lazy(|| …).wait()` with `notify_noop()`).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/executor/spawn.hpp"
#include "futurescope/future.hpp"
#include "futurescope/sink.hpp"
#include "futurescope/sink/send.hpp"
#include "futurescope/task/task.hpp"
#include "futurescope/time/delay.hpp"
#include "support/probe.hpp"

namespace futurescope::testing {

// begin, begin + 1, …, end - 1; never NotReady.
template <class T = std::uint64_t, class E = Never>
class RangeStream : public StreamExt<RangeStream<T, E>> {
  public:
    using item_type = T;
    using error_type = E;
    static constexpr std::array<std::string_view, 1> state_names{"streaming"};
    static constexpr FutureKind kind_info{"RangeStream", state_names};

    RangeStream(T begin, T end) : next_(begin), end_(end) {}

    StreamPoll<T, E> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<T, E> r = next_ < end_ ? StreamPoll<T, E>(ready(std::optional<T>(next_++)))
                                          : StreamPoll<T, E>(ready(std::nullopt));
        scope.exit(r);
        return r;
    }

  private:
    T next_;
    T end_;
    ObsId obs_;
};

// One entry per poll: an item (Ok), an error (Err) or NotReady (nullopt, after unparking the
// task at once, as futures-rs tests' `delay_future` does); then the end.
template <class T, class E>
class ListStream : public StreamExt<ListStream<T, E>> {
  public:
    using item_type = T;
    using error_type = E;
    using Entry = std::optional<Result<T, E>>;

    explicit ListStream(std::vector<Entry> entries) : entries_(std::move(entries)) {}

    StreamPoll<T, E> poll() {
        ++polls;
        if (next_ == entries_.size()) {
            return ready(std::nullopt);
        }
        Entry &e = entries_[next_++];
        if (!e) {
            park().unpark();
            return not_ready;
        }
        if (e->is_ok()) {
            return ready(std::optional<T>(std::move(*e).value()));
        }
        return Err<E>{std::move(*e).error()};
    }

    int polls = 0;

  private:
    std::vector<Entry> entries_;
    std::size_t next_ = 0;
};

// Polls a stream until it ends, folding its items; the first error fails it.
template <class S, class Acc, class Fn>
class DrainFold : public FutureExt<DrainFold<S, Acc, Fn>> {
  public:
    using item_type = Acc;
    using error_type = error_t<S>;

    DrainFold(S stream, Acc init, Fn fn)
        : stream_(std::move(stream)), acc_(std::move(init)), fn_(std::move(fn)) {}

    Poll<Acc, error_type> poll() {
        for (;;) {
            auto p = stream_->poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return Err<error_type>{std::move(p).error()};
            }
            if (!p.value()) {
                stream_.reset(); // dropped in the poll that ends it, as Rust's Fold does
                return Ready<Acc>{std::move(acc_)};
            }
            acc_ = fn_(std::move(acc_), std::move(*p.value()));
        }
    }

  private:
    std::optional<S> stream_;
    Acc acc_;
    Fn fn_;
};

template <class S, class Acc, class Fn>
DrainFold<S, Acc, Fn> drain_fold(S stream, Acc init, Fn fn) {
    return DrainFold<S, Acc, Fn>(std::move(stream), std::move(init), std::move(fn));
}

// Every item of the stream, in a vector.
template <class S>
auto drain_all(S stream) {
    return drain_fold(std::move(stream), std::vector<item_t<S>>{}, [](auto acc, auto x) {
        acc.push_back(std::move(x));
        return acc;
    });
}

// The first n items (fewer if the stream ends); the stream is dropped when done.
template <class S>
class TakeN : public FutureExt<TakeN<S>> {
  public:
    using item_type = std::vector<item_t<S>>;
    using error_type = error_t<S>;

    TakeN(S stream, std::size_t n) : stream_(std::move(stream)), n_(n) {}

    Poll<item_type, error_type> poll() {
        while (items_.size() < n_) {
            auto p = stream_->poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return Err<error_type>{std::move(p).error()};
            }
            if (!p.value()) {
                break;
            }
            items_.push_back(std::move(*p.value()));
        }
        stream_.reset();
        return Ready<item_type>{std::move(items_)};
    }

  private:
    std::optional<S> stream_;
    std::size_t n_;
    item_type items_;
};

template <class S>
TakeN<S> take_n(S stream, std::size_t n) {
    return TakeN<S>(std::move(stream), n);
}

// Takes one item, then waits `period` of virtual time before asking for the next; records
// (item, time taken). Resolves to the number of items when the stream ends.
template <class S>
class PacedConsumer : public FutureExt<PacedConsumer<S>> {
  public:
    using item_type = std::size_t;
    using error_type = error_t<S>;

    PacedConsumer(S stream,
                  std::chrono::nanoseconds period,
                  std::vector<std::pair<item_t<S>, TimeNs>> *log)
        : stream_(std::move(stream)), period_(period), log_(log) {}

    Poll<std::size_t, error_type> poll() {
        for (;;) {
            if (delay_) {
                if (delay_->poll().is_not_ready()) {
                    return not_ready;
                }
                delay_.reset();
            }
            auto p = stream_.poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return Err<error_type>{std::move(p).error()};
            }
            if (!p.value()) {
                return Ready<std::size_t>{log_->size()};
            }
            log_->emplace_back(std::move(*p.value()), current_executor().now());
            delay_.emplace(period_);
        }
    }

  private:
    S stream_;
    std::chrono::nanoseconds period_;
    std::vector<std::pair<item_t<S>, TimeNs>> *log_;
    std::optional<Delay> delay_;
};

// A sink into a vector. `capacity` (when set) makes it refuse items (NotReady, unparking
// nobody: the test unparks by hand) while it holds that many unflushed items; `flush_ready`
// decides what poll_complete answers. Counts every call.
template <class T, class E = Never>
class VecSink : public SinkExt<VecSink<T, E>> {
  public:
    using sink_item_type = T;
    using sink_error_type = E;

    StartSend<T, E> start_send(T item) {
        ++start_sends;
        if (fail_next) {
            fail_next = false;
            return Err<E>{*error};
        }
        if (capacity && items.size() - flushed >= *capacity) {
            return SinkNotReady<T>{std::move(item)};
        }
        items.push_back(std::move(item));
        return sink_ready;
    }
    Poll<Unit, E> poll_complete() {
        ++flushes;
        if (!flush_ready) {
            return not_ready;
        }
        flushed = items.size();
        return ready();
    }
    Poll<Unit, E> close() {
        ++closes;
        return ready();
    }

    std::vector<T> items;
    std::optional<std::size_t> capacity;
    std::size_t flushed = 0;
    bool flush_ready = true;
    bool fail_next = false;
    std::optional<E> error;
    int start_sends = 0;
    int flushes = 0;
    int closes = 0;
};

// Runs code inside a task context whose notify target is a CountingNotify: `park()` works,
// and `notify.count()` tells whether (and how often) the task was woken. Declare it before
// the channels whose slots will hold its handles.
class InTask {
  public:
    explicit InTask(TaskId id = 1) : ctx_{nullptr, &notify, id, &locals, nullptr} {}
    InTask(const InTask &) = delete;
    InTask &operator=(const InTask &) = delete;

    template <class F>
    decltype(auto) operator()(F &&f) {
        ContextScope scope(&ctx_);
        return std::forward<F>(f)();
    }

    CountingNotify notify;
    TaskLocalMap locals;

  private:
    TaskContext ctx_;
};

// Sends `items` one after the other, each by a Send future that must resolve before the next
// starts (futures-rs's recursive `send(n).and_then(|tx| send(n - 1, tx))`); records the virtual
// time at which each Send resolved. The sink is dropped when the future completes.
template <class K>
class SendEach : public FutureExt<SendEach<K>> {
  public:
    using item_type = Unit;
    using error_type = sink_error_t<K>;

    SendEach(K sink, std::vector<sink_item_t<K>> items, std::vector<TimeNs> *done_ns = nullptr)
        : sink_(std::move(sink)), items_(std::move(items)), done_ns_(done_ns) {}

    Poll<Unit, error_type> poll() {
        for (;;) {
            if (!send_) {
                if (next_ == items_.size()) {
                    return ready();
                }
                send_.emplace(std::move(*sink_).send(std::move(items_[next_++])));
                sink_.reset();
            }
            auto p = send_->poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return Err<error_type>{std::move(p).error()};
            }
            if (done_ns_ != nullptr) {
                TaskContext *c = current_context();
                done_ns_->push_back(c != nullptr && c->executor != nullptr ? c->executor->now()
                                                                           : -1);
            }
            sink_.emplace(std::move(p).value());
            send_.reset();
        }
    }

  private:
    std::optional<K> sink_;
    std::vector<sink_item_t<K>> items_;
    std::vector<TimeNs> *done_ns_;
    std::size_t next_ = 0;
    std::optional<Send<K>> send_;
};

// A Probe that also records the `via` text of every unpark: "unpark 2 via mpsc item sent".
class ViaProbe : public Probe {
  public:
    void on_unpark(TaskId t, const UnparkCause &c, UnparkOutcome o) override {
        Probe::on_unpark(t, c, o);
        vias.push_back("unpark " + std::to_string(t) + " via " +
                       (c.via != nullptr ? std::string(c.via) : std::string("?")));
    }
    std::vector<std::string> vias;
};

// The channel events of a probe's lines, in order.
inline std::vector<std::string> channel_lines(const Probe &probe) {
    std::vector<std::string> out;
    for (const std::string &l : probe.lines) {
        if (l.rfind("chan_", 0) == 0) {
            out.push_back(l);
        }
    }
    return out;
}

// An object that counts how many of its kind are alive (futures-rs tests' drop counters).
struct Tracked {
    explicit Tracked(int v, int *live_count) : value(v), live(live_count) { ++*live; }
    Tracked(Tracked &&other) noexcept
        : value(other.value), live(std::exchange(other.live, nullptr)) {}
    Tracked &operator=(Tracked &&) = delete;
    Tracked(const Tracked &) = delete;
    Tracked &operator=(const Tracked &) = delete;
    ~Tracked() {
        if (live != nullptr) {
            --*live;
        }
    }
    int value;
    int *live;
};

} // namespace futurescope::testing
