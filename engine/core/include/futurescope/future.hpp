// The Future and Stream concepts, and the methods every future and stream has (`map`,
// `and_then`, `select`, `fold`, …). A future is any movable value with `item_type`, `error_type`
// and `poll()` answering Ready / NotReady / Err; a stream's poll answers Ready(Some(item)),
// Ready(None) at its end, NotReady or Err.
//
// Combinators are value types that own their inner futures by value: building and composing them
// allocates nothing. Each lives in the header named after its method (`and_then.hpp` defines
// `AndThen` and `FutureExt::and_then`); include "futurescope/futures.hpp" for all of them.
//
// [SECTION] Concepts
// [SECTION] Calling user functions
// [SECTION] FutureExt: the methods of every future
// [SECTION] StreamExt: the methods of every stream
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "futurescope/observe/observe.hpp"
#include "futurescope/poll.hpp"

namespace futurescope {

// [SECTION] Concepts

template <class F>
concept Future = std::move_constructible<F> && requires(F &f) {
    typename F::item_type;
    typename F::error_type;
    { f.poll() } -> std::same_as<Poll<typename F::item_type, typename F::error_type>>;
};

template <class S>
concept Stream = std::move_constructible<S> && requires(S &s) {
    typename S::item_type;
    typename S::error_type;
    {
        s.poll()
        } -> std::same_as<Poll<std::optional<typename S::item_type>, typename S::error_type>>;
};

template <class F>
using item_t = typename F::item_type;
template <class F>
using error_t = typename F::error_type;

// The Poll type of a stream's poll.
template <class T, class E>
using StreamPoll = Poll<std::optional<T>, E>;

// [SECTION] Calling user functions

// Calls `f` with `value`; a function of no arguments is accepted where the value is Unit, so a
// continuation after a delay reads `[] { return 7; }` rather than `[](Unit) { return 7; }`. A
// function returning void gives Unit.
template <class Fn, class T>
decltype(auto) call_with(Fn &f, T &&value) {
    if constexpr (std::is_invocable_v<Fn &, T &&>) {
        if constexpr (std::is_void_v<std::invoke_result_t<Fn &, T &&>>) {
            std::invoke(f, std::forward<T>(value));
            return Unit{};
        } else {
            return std::invoke(f, std::forward<T>(value));
        }
    } else {
        static_assert(std::is_same_v<std::decay_t<T>, Unit> && std::is_invocable_v<Fn &>,
                      "futurescope: the function cannot be called with this value");
        if constexpr (std::is_void_v<std::invoke_result_t<Fn &>>) {
            std::invoke(f);
            return Unit{};
        } else {
            return std::invoke(f);
        }
    }
}

template <class Fn, class T>
using call_result_t = std::decay_t<decltype(call_with(std::declval<Fn &>(), std::declval<T>()))>;

// [SECTION] FutureExt: the methods of every future

// Forward declarations: each is defined in the header named after its method.
template <class F, class Fn>
class Map;
template <class F, class Fn>
class MapErr;
template <class F, class Fn>
class Then;
template <class F, class Fn>
class AndThen;
template <class F, class Fn>
class OrElse;
template <class F, class Fn>
class Inspect;
template <class A, class B>
class Select;
template <class A, class B>
class Select2;
template <class... Fs>
class Join;
template <class F>
class Fuse;
template <class F>
class Flatten;
template <class F>
class FlattenStream;
template <class F>
class IntoStream;
template <class F>
class Timeout;
template <class T, class E>
class BoxFuture;
template <class F>
class Shared;

// The methods of every future (CRTP base). Methods take the future by value (`&&`), as Rust's
// take `self`: write `std::move(f).map(…)` for a named future.
template <class Derived>
class FutureExt {
  public:
    // Ready(f(item)); errors pass through.
    template <class Fn>
    [[nodiscard]] auto map(Fn f) &&;
    // Err(f(error)); items pass through.
    template <class Fn>
    [[nodiscard]] auto map_err(Fn f) &&;
    // f(Result) → a future (or a Result), run to completion.
    template <class Fn>
    [[nodiscard]] auto then(Fn f) &&;
    // f(item) → the next future; an error skips f.
    template <class Fn>
    [[nodiscard]] auto and_then(Fn f) &&;
    // f(error) → the next future; an item skips f.
    template <class Fn>
    [[nodiscard]] auto or_else(Fn f) &&;
    // Calls f(const item&) and passes the item on.
    template <class Fn>
    [[nodiscard]] auto inspect(Fn f) &&;
    // The first of the two to resolve, with the other one still running.
    template <class B>
    [[nodiscard]] auto select(B other) &&;
    // Like select, for two futures of different types: an Either of the two outcomes.
    template <class B>
    [[nodiscard]] auto select2(B other) &&;
    // Both items, as a tuple; the first error drops both.
    template <class B>
    [[nodiscard]] auto join(B other) &&;
    template <class B, class C>
    [[nodiscard]] auto join3(B b, C c) &&;
    template <class B, class C, class D>
    [[nodiscard]] auto join4(B b, C c, D d) &&;
    template <class B, class C, class D, class E>
    [[nodiscard]] auto join5(B b, C c, D d, E e) &&;
    // NotReady forever after completing, without polling the inner future again.
    [[nodiscard]] auto fuse() &&;
    // Runs the future this one resolves to.
    [[nodiscard]] auto flatten() &&;
    // Streams the stream this future resolves to.
    [[nodiscard]] auto flatten_stream() &&;
    // A stream of this future's one item (or error), then the end.
    [[nodiscard]] auto into_stream() &&;
    // Err(TimeoutError::elapsed) unless this future resolves within `d` of virtual time.
    [[nodiscard]] auto timeout(std::chrono::nanoseconds d) &&;
    // The type-erased form: one allocation.
    [[nodiscard]] auto boxed() &&;
    // A future that can be cloned; every clone resolves to a copy of the one result.
    [[nodiscard]] auto shared() &&;
};

// [SECTION] StreamExt: the methods of every stream

template <class S, class Fn>
class MapStream;
template <class S, class Fn>
class MapErrStream;
template <class S, class Fn>
class FilterStream;
template <class S, class Fn>
class FilterMapStream;
template <class S, class Fn>
class ThenStream;
template <class S, class Fn>
class AndThenStream;
template <class S, class Fn>
class OrElseStream;
template <class S, class Fn>
class InspectStream;
template <class S, class Fn, class T>
class Fold;
template <class S, class Fn>
class ForEach;
template <class S>
class Collect;
template <class S>
class TakeStream;
template <class S>
class SkipStream;
template <class S, class Fn>
class TakeWhileStream;
template <class S, class Fn>
class SkipWhileStream;
template <class S>
class ChunksStream;
template <class S>
class BufferedStream;
template <class S>
class BufferUnorderedStream;
template <class S1, class S2>
class SelectStream;
template <class S1, class S2>
class MergeStream;
template <class S1, class S2>
class ZipStream;
template <class S>
class FuseStream;
template <class S>
class PeekableStream;
template <class S>
class StreamFuture;
template <class S>
class FlattenStreamStream;
template <class T, class E>
class BoxStream;
template <class S, class E>
class FromErrStream;
template <class S, class Fn>
class InspectErrStream;
template <class S>
class Concat2;
template <class S>
class Concat;
template <class S>
class CatchUnwindStream;
template <class S>
class SplitSink;
template <class S>
class SplitStream;

template <class Derived>
class StreamExt {
  public:
    template <class Fn>
    [[nodiscard]] auto map(Fn f) &&;
    template <class Fn>
    [[nodiscard]] auto map_err(Fn f) &&;
    // Items for which p(const item&) is true.
    template <class Fn>
    [[nodiscard]] auto filter(Fn p) &&;
    // f(item) → optional; the Some values.
    template <class Fn>
    [[nodiscard]] auto filter_map(Fn f) &&;
    // f(Result) → a future per item or error, one at a time.
    template <class Fn>
    [[nodiscard]] auto then(Fn f) &&;
    template <class Fn>
    [[nodiscard]] auto and_then(Fn f) &&;
    template <class Fn>
    [[nodiscard]] auto or_else(Fn f) &&;
    template <class Fn>
    [[nodiscard]] auto inspect(Fn f) &&;
    // A future: f(acc, item) → a future of the next acc; resolves to the last acc.
    template <class T, class Fn>
    [[nodiscard]] auto fold(T init, Fn f) &&;
    // A future: f(item) → a future of Unit, each run before the next item is pulled.
    template <class Fn>
    [[nodiscard]] auto for_each(Fn f) &&;
    // A future of every item in a vector.
    [[nodiscard]] auto collect() &&;
    [[nodiscard]] auto take(std::uint64_t n) &&;
    [[nodiscard]] auto skip(std::uint64_t n) &&;
    // p(const item&) → a future of bool (or a bool).
    template <class Fn>
    [[nodiscard]] auto take_while(Fn p) &&;
    template <class Fn>
    [[nodiscard]] auto skip_while(Fn p) &&;
    [[nodiscard]] auto chunks(std::size_t n) &&;
    // For a stream of futures: up to n running at once, results in input order.
    [[nodiscard]] auto buffered(std::size_t n) &&;
    // The same, results in completion order.
    [[nodiscard]] auto buffer_unordered(std::size_t n) &&;
    // Round-robin over both streams.
    template <class S2>
    [[nodiscard]] auto select(S2 other) &&;
    template <class S2>
    [[nodiscard]] auto merge(S2 other) &&;
    template <class S2>
    [[nodiscard]] auto zip(S2 other) &&;
    [[nodiscard]] auto fuse() &&;
    [[nodiscard]] auto peekable() &&;
    // A future of (the next item, the rest of the stream).
    [[nodiscard]] auto into_future() &&;
    // For a stream of streams: their items, one stream after the other.
    [[nodiscard]] auto flatten() &&;
    // A future that sends every item into `sink`, then closes it; resolves to (stream, sink).
    template <class Sink>
    [[nodiscard]] auto forward(Sink sink) &&;
    [[nodiscard]] auto boxed() &&;
    // Errors converted into E (Rust's `From`).
    template <class E>
    [[nodiscard]] auto from_err() &&;
    // Calls f(const error&) and passes the error on.
    template <class Fn>
    [[nodiscard]] auto inspect_err(Fn f) &&;
    // A future of every item (each a container) appended into one; empty gives an empty one.
    [[nodiscard]] auto concat2() &&;
    // The same, but an empty stream panics (deprecated in futures 0.1).
    [[nodiscard]] auto concat() &&;
    // Ok(item) and Err(error) as items; a panic in the inner poll becomes the error, then the end.
    [[nodiscard]] auto catch_unwind() &&;
    // For a stream that is also a sink: (sink half, stream half), sharing it through a BiLock.
    [[nodiscard]] auto split() &&;
};

// The CRTP accessor the out-of-class method definitions use: `self_of<Derived>(this)` is the
// future itself, as an rvalue (the method consumes it).
template <class Derived, class Base>
Derived &&self_of(Base *base) {
    return static_cast<Derived &&>(*static_cast<Derived *>(base));
}

} // namespace futurescope
