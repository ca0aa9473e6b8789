// Sinks: values that accept items asynchronously (futures 0.1's `Sink`). `start_send(item)`
// either takes the item (Ready), hands it back because the sink cannot take it now (NotReady —
// having arranged a wakeup, like a future's NotReady), or fails; `poll_complete()` is Ready once
// everything accepted so far has been flushed; `close()` flushes and shuts the sink down.
// `SinkExt` gives every sink `send(item)` (send.hpp), `send_all(stream)` (send_all.hpp), and
// the adapters in sink/ (with, with_flat_map, buffer, fanout, sink_map_err, sink_from_err, flush).
//
// [SECTION] StartSend: what start_send answers
// [SECTION] The Sink concept
// [SECTION] SinkExt: the methods of every sink
// [SECTION] Error conversion between a stream and a sink
#pragma once

#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>
#include <variant>

#include "futurescope/future.hpp"
#include "futurescope/poll.hpp"

namespace futurescope {

// [SECTION] StartSend: what start_send answers

// AsyncSink::Ready: the sink took the item.
struct SinkReadyT {
    explicit constexpr SinkReadyT() = default;
};
inline constexpr SinkReadyT sink_ready{};

// AsyncSink::NotReady(item): the sink cannot take the item now and gives it back.
template <class T>
struct SinkNotReady {
    T item;
};
template <class T>
SinkNotReady(T) -> SinkNotReady<T>;

template <class T>
[[nodiscard]] constexpr SinkNotReady<std::decay_t<T>> sink_not_ready(T &&item) {
    return SinkNotReady<std::decay_t<T>>{std::forward<T>(item)};
}

// Rust's `StartSend<T, E> = Result<AsyncSink<T>, E>`, flattened into one three-way value like
// Poll: Ready | NotReady(item back) | Err(error).
template <class T, class E>
class [[nodiscard]] StartSend {
  public:
    using item_type = T;
    using error_type = E;

    // NOLINTNEXTLINE(google-explicit-constructor)
    StartSend(SinkReadyT) noexcept : v_(std::in_place_index<0>) {}

    template <class U>
    requires std::is_constructible_v<T, U &&>
    StartSend(SinkNotReady<U> r) // NOLINT(google-explicit-constructor)
        : v_(std::in_place_index<1>, std::move(r.item)) {}

    template <class U>
    requires std::is_constructible_v<E, U &&>
    StartSend(Err<U> e) // NOLINT(google-explicit-constructor)
        : v_(std::in_place_index<2>, std::move(e.error)) {}

    [[nodiscard]] bool is_ready() const noexcept { return v_.index() == 0; }
    [[nodiscard]] bool is_not_ready() const noexcept { return v_.index() == 1; }
    [[nodiscard]] bool is_err() const noexcept { return v_.index() == 2; }

    // The item handed back by a NotReady.
    [[nodiscard]] T &item() & { return *std::get_if<1>(&v_); }
    [[nodiscard]] T &&item() && { return std::move(*std::get_if<1>(&v_)); }
    [[nodiscard]] E &error() & { return *std::get_if<2>(&v_); }
    [[nodiscard]] const E &error() const & { return *std::get_if<2>(&v_); }
    [[nodiscard]] E &&error() && { return std::move(*std::get_if<2>(&v_)); }

    friend bool operator==(const StartSend &, const StartSend &) = default;

  private:
    std::variant<std::monostate, T, E> v_;
};

// [SECTION] The Sink concept

template <class S>
concept Sink = std::move_constructible<S> && requires(S &s, typename S::sink_item_type &&item) {
    typename S::sink_error_type;
    {
        s.start_send(std::move(item))
        } -> std::same_as<StartSend<typename S::sink_item_type, typename S::sink_error_type>>;
    { s.poll_complete() } -> std::same_as<Poll<Unit, typename S::sink_error_type>>;
    { s.close() } -> std::same_as<Poll<Unit, typename S::sink_error_type>>;
};

template <class S>
using sink_item_t = typename S::sink_item_type;
template <class S>
using sink_error_t = typename S::sink_error_type;

// [SECTION] SinkExt: the methods of every sink

template <class S>
class Send;
template <class K, class S>
class SendAll;
template <class S, class U, class Fn>
class With;
template <class S, class U, class Fn>
class WithFlatMap;
template <class S>
class BufferSink;
template <class A, class B>
class Fanout;
template <class S, class Fn>
class SinkMapErr;
template <class S, class E>
class SinkFromErr;
template <class S>
class Flush;

// The methods of every sink (CRTP base). Like FutureExt's, they consume the sink: the futures
// they make own it and give it back when they resolve (`std::move(tx).send(1)`).
template <class Derived>
class SinkExt {
  public:
    // A future that sends one item and then waits until the sink has flushed it
    // (poll_complete); resolves to the sink itself.
    template <class Item>
    [[nodiscard]] auto send(Item item) &&;
    // A future that sends every item of `stream`, flushing whenever the stream has nothing
    // ready, and closes the sink at the end; resolves to (sink, stream).
    template <class S>
    [[nodiscard]] auto send_all(S stream) &&;
    // A future that waits until everything sent is flushed; resolves to the sink.
    [[nodiscard]] auto flush() &&;
    // Accepts U and sends the item of the future fn(U) gives (with.hpp); U is fn's parameter
    // type unless given.
    template <class U = void, class Fn>
    [[nodiscard]] auto with(Fn f) &&;
    // Accepts U and sends every item of the stream fn(U) gives.
    template <class U = void, class Fn>
    [[nodiscard]] auto with_flat_map(Fn f) &&;
    // Room for n items while the sink refuses them.
    [[nodiscard]] auto buffer(std::size_t n) &&;
    // Every item copied into this sink and `other`, with backpressure from the slower.
    template <class Other>
    [[nodiscard]] auto fanout(Other other) &&;
    // Err(fn(error)) for the sink's error.
    template <class Fn>
    [[nodiscard]] auto sink_map_err(Fn f) &&;
    // The sink's error converted into E.
    template <class E>
    [[nodiscard]] auto sink_from_err() &&;
};

// [SECTION] Error conversion between a stream and a sink

// send_all and forward move errors of one side into the error type of the other (Rust's
// `From`). Never converts into anything, and a Never target takes the other side's type, so an
// infallible stream forwards into a fallible sink without adapters (and vice versa).
template <class Target, class Source>
struct from_error {
    static_assert(std::is_constructible_v<Target, Source &&>,
                  "futurescope: the error of one side must convert into the error of the other");
    using type = Target;
};
template <class Source>
requires(!std::is_same_v<Source, Never>) struct from_error<Never, Source> {
    using type = Source;
};
template <class Target>
struct from_error<Target, Never> {
    using type = Target;
};
template <class Target, class Source>
using from_error_t = typename from_error<Target, Source>::type;

} // namespace futurescope
