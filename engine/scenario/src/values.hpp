// The adapters between engine objects and Values: to_value converts an engine item or error
// (a socket, a sender, a pair, an Either, any future or stream) into a Value; ValueFuture and
// ValueStream do it for a whole future or stream, and erase() boxes a built future with its
// source. All of them are transparent in the trace: it shows the same AndThen, Join, Select, …
// instances as a C++ program would.
//
// [SECTION] Converting engine values
// [SECTION] Transparent adapters
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "futurescope/future/with_source.hpp"
#include "futurescope/futures.hpp"
#include "futurescope/net/net.hpp"
#include "model.hpp"

namespace futurescope::scenario::building {

using mpsc::Receiver;
using mpsc::Sender;
using mpsc::SendError;
using mpsc::UnboundedSender;
using BF = BoxFuture<Value, Value>;
using BS = BoxStream<Value, Value>;

// [SECTION] Converting engine values

// The conversions that are not templates are in values.cpp.
Value to_value(Value v);
Value to_value(Unit);
Value to_value(const Never &n);
Value to_value(bool b);
template <class T>
requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) Value to_value(T v) {
    return Value(static_cast<std::int64_t>(v));
}
Value to_value(std::string s);
Value to_value(Bytes b);
Value to_value(TcpStream s);
Value to_value(TlsStream s);
Value to_value(TcpListener l);
Value to_value(const IoError &e);
Value to_value(const Canceled &);
Value to_value(Sender<Value> s);
Value to_value(SendError<Value> e);
Value to_value(TimeoutError<Value> e);
Value to_value(UnboundedSender<Value> s);
Value to_value(unsync_mpsc::Sender<Value> s);
Value to_value(const SocketAddr &a);
Value to_value(BF f);
template <class A, class B>
Value to_value(Either<A, B> e);
template <class K>
class ValueSink;
template <class K>
Value to_value(ValueSink<K> k);
template <class T>
Value to_value(std::optional<T> o);
template <class T>
Value to_value(std::vector<T> v);
template <class A, class B>
Value to_value(std::pair<A, B> p);
template <class... Ts>
Value to_value(std::tuple<Ts...> t);
template <class A, class B>
Value to_value(MergedItem<A, B> m);
template <Future F>
requires(!std::is_same_v<F, BF>) Value to_value(F f);
template <Stream S>
requires(!std::is_same_v<S, BS> && !Future<S>) Value to_value(S s);
Value to_value(BS s);
template <class T>
Value to_value(std::optional<T> o) {
    return o ? to_value(std::move(*o)) : Value();
}
template <class T>
Value to_value(std::vector<T> v) {
    std::vector<Value> items;
    items.reserve(v.size());
    for (T &x : v) {
        items.push_back(to_value(std::move(x)));
    }
    return Value::list(std::move(items));
}
template <class A, class B>
Value to_value(std::pair<A, B> p) {
    return Value::tuple(
        std::vector<Value>{to_value(std::move(p.first)), to_value(std::move(p.second))});
}
template <class... Ts>
Value to_value(std::tuple<Ts...> t) {
    return std::apply(
        [](auto &&...xs) { return Value::tuple(std::vector<Value>{to_value(std::move(xs))...}); },
        std::move(t));
}
template <class A, class B>
Value to_value(MergedItem<A, B> m) {
    switch (m.kind()) {
    case MergedItem<A, B>::Kind::first:
        return to_value(std::move(m.first_item()));
    case MergedItem<A, B>::Kind::second:
        return to_value(std::move(m.second_item()));
    case MergedItem<A, B>::Kind::both:
        break;
    }
    return Value::tuple(std::vector<Value>{to_value(std::move(m.first_item())),
                                           to_value(std::move(m.second_item()))});
}
// select2's Either::A((value, loser)) / Either::B((value, loser)): tagged "A" / "B".
template <class A, class B>
Value to_value(Either<A, B> e) {
    if (e.is_a()) {
        return Value::tagged("A", to_value(std::move(e).a()));
    }
    return Value::tagged("B", to_value(std::move(e).b()));
}
// Any other future (a select's loser) or stream (the rest after into_future) becomes a handle.
template <Future F>
requires(!std::is_same_v<F, BF>) Value to_value(F f) { return to_value(BF(std::move(f))); }
template <Stream S>
requires(!std::is_same_v<S, BS> && !Future<S>) Value to_value(S s) {
    return to_value(BS(std::move(s)));
}

// [SECTION] Transparent adapters

template <class F>
class [[nodiscard]] ValueFuture : public FutureExt<ValueFuture<F>> {
  public:
    using item_type = Value;
    using error_type = Value;
    explicit ValueFuture(F f) : f_(std::move(f)) {}
    Poll<Value, Value> poll() {
        auto p = f_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_ready()) {
            return ready(to_value(std::move(p.value())));
        }
        return Err<Value>{to_value(std::move(p.error()))};
    }

  private:
    F f_;
};

template <class S>
class [[nodiscard]] ValueStream : public StreamExt<ValueStream<S>> {
  public:
    using item_type = Value;
    using error_type = Value;
    explicit ValueStream(S s) : s_(std::move(s)) {}
    StreamPoll<Value, Value> poll() {
        auto p = s_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_ready()) {
            if (!p.value()) {
                return ready(std::optional<Value>());
            }
            return ready(std::optional<Value>(to_value(std::move(*p.value()))));
        }
        return Err<Value>{to_value(std::move(p.error()))};
    }

  private:
    S s_;
};

// A stream of future handles as a stream of futures, for buffered and buffer_unordered.
class [[nodiscard]] FutureItems : public StreamExt<FutureItems> {
  public:
    using item_type = BF;
    using error_type = Value;
    explicit FutureItems(BS s) : s_(std::move(s)) {}
    StreamPoll<BF, Value> poll();

  private:
    BS s_;
};

// A sender as a sink of Values whose error is a Value: send_all's stream errors are Values, and
// SendError<Value> becomes the Value "SendError(item)". Transparent (not observed).
template <class K>
class ValueSink : public SinkExt<ValueSink<K>> {
  public:
    using sink_item_type = Value;
    using sink_error_type = Value;
    explicit ValueSink(K sink) : sink_(std::move(sink)) {}
    StartSend<Value, Value> start_send(Value v) {
        auto s = sink_.start_send(std::move(v));
        if (s.is_ready()) {
            return sink_ready;
        }
        if (s.is_not_ready()) {
            return SinkNotReady<Value>{std::move(s).item()};
        }
        return Err<Value>{to_value(std::move(s).error())};
    }
    Poll<Unit, Value> poll_complete() { return convert(sink_.poll_complete()); }
    Poll<Unit, Value> close() { return convert(sink_.close()); }
    K into_inner() && { return std::move(sink_); }

  private:
    template <class E>
    static Poll<Unit, Value> convert(Poll<Unit, E> p) {
        if (p.is_ready()) {
            return ready();
        }
        if (p.is_not_ready()) {
            return not_ready;
        }
        return Err<Value>{to_value(std::move(p).error())};
    }
    K sink_;
};

template <class K>
Value to_value(ValueSink<K> k) {
    return to_value(std::move(k).into_inner());
}

// `fail` in a function: the function's value is an error (Rust's closure returning Err(e)).
// Caught where a function gives a future; elsewhere (a map's function cannot fail) it is a panic.
class Failure : public Panic {
  public:
    explicit Failure(Value v)
        : Panic("fail(" + v.describe() +
                ") in a function that cannot fail: only a function that gives a future "
                "(and_then, then, or_else, loop_fn, unfold, …) can fail"),
          value_(std::move(v)) {}
    [[nodiscard]] const Value &value() const noexcept { return value_; }

  private:
    Value value_;
};

// Futures whose item is converted for a combinator that needs a particular type: a future of a
// future for flatten, a round of loop_fn (a Loop), a step of unfold (a pair). Transparent: the
// trace shows the engine combinator polling the built future directly.
template <class Item, class Convert>
class [[nodiscard]] ConvertFuture : public FutureExt<ConvertFuture<Item, Convert>> {
  public:
    using item_type = Item;
    using error_type = Value;
    ConvertFuture(BF f, Convert c) : f_(std::move(f)), c_(std::move(c)) {}
    Poll<Item, Value> poll() {
        auto p = f_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<Value>{std::move(p).error()};
        }
        return Ready<Item>{c_(std::move(p).value())};
    }

  private:
    BF f_;
    Convert c_;
};
template <class Item, class Convert>
ConvertFuture<Item, Convert> convert_future(BF f, Convert c) {
    return ConvertFuture<Item, Convert>(std::move(f), std::move(c));
}

// A stream of stream values as a stream of streams, for flatten: a stream handle, or a list
// (streamed with iter_ok).
class [[nodiscard]] StreamItems : public StreamExt<StreamItems> {
  public:
    using item_type = BS;
    using error_type = Value;
    explicit StreamItems(BS s) : s_(std::move(s)) {}
    StreamPoll<BS, Value> poll() {
        auto p = s_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<Value>{std::move(p).error()};
        }
        if (!p.value()) {
            return ready(std::optional<BS>());
        }
        Value v = std::move(*p.value());
        if (v.type() == Value::Type::list) {
            return ready(std::optional<BS>(BS(iter_ok<Value>(v.items()))));
        }
        return ready(std::optional<BS>(v.take<BS>("a stream or a list")));
    }

  private:
    BS s_;
};

// A built future boxed with its source: the trace shows the engine future itself, labelled
// with the JSON path of its expression.
template <class F>
BF erase(F f, const Expr &e) {
    if constexpr (std::is_same_v<F, BF>) {
        return f;
    } else if constexpr (std::is_same_v<item_t<F>, Value> && std::is_same_v<error_t<F>, Value>) {
        return BF(WithSource<F>(std::move(f), e.path));
    } else {
        return BF(ValueFuture<WithSource<F>>(WithSource<F>(std::move(f), e.path)));
    }
}

// The same for a built stream.
template <class S>
BS erase_stream(S s, const Expr &e) {
    if constexpr (std::is_same_v<S, BS>) {
        return s;
    } else if constexpr (std::is_same_v<item_t<S>, Value> && std::is_same_v<error_t<S>, Value>) {
        return BS(WithSourceStream<S>(std::move(s), e.path));
    } else {
        return BS(ValueStream<WithSourceStream<S>>(WithSourceStream<S>(std::move(s), e.path)));
    }
}

} // namespace futurescope::scenario::building
