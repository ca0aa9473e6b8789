// Running a scenario: each compiled expression builds the real engine objects over
// BoxFuture<Value, Value> and BoxStream<Value, Value>. Adapters that convert an engine item or
// error into a Value (ValueFuture, ValueStream) and the WithSource labels are transparent in the
// trace: it shows the same AndThen, Join, Select, … instances as a C++ program would.
//
// [SECTION] Converting engine values
// [SECTION] Transparent adapters
// [SECTION] Run state: channels, task-locals, the network
// [SECTION] Pure values
// [SECTION] Futures
// [SECTION] Streams
// [SECTION] Running and checking
#include <array>
#include <list>
#include <map>

#include "futurescope/observe/detect.hpp"
#include "futurescope/future/faulty.hpp"
#include "futurescope/futures.hpp"
#include "futurescope/net/net.hpp"
#include "futurescope/future/with_source.hpp"
#include "model.hpp"

namespace futurescope::scenario {

namespace {

using mpsc::Receiver;
using mpsc::Sender;
using mpsc::SendError;
using mpsc::UnboundedSender;
using BF = BoxFuture<Value, Value>;
using BS = BoxStream<Value, Value>;

// [SECTION] Converting engine values

Value to_value(Value v) { return v; }
Value to_value(Unit) { return Value(); }
Value to_value(const Never &n) { return Value(n); }
[[maybe_unused]] Value to_value(bool b) { return Value(b); }
template <class T>
requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) Value to_value(T v) {
    return Value(static_cast<std::int64_t>(v));
}
[[maybe_unused]] Value to_value(std::string s) { return Value(std::move(s)); }
Value to_value(Bytes b) { return Value::bytes(std::move(b).str()); }
Value to_value(TcpStream s) { return Value::object("socket", std::move(s)); }
Value to_value(TlsStream s) { return Value::object("tls stream", std::move(s)); }
Value to_value(TcpListener l) { return Value::object("listener", std::move(l)); }
Value to_value(const IoError &e) { return Value::error(e.describe()); }
Value to_value(const Canceled &) { return Value::error("Canceled"); }
Value to_value(Sender<Value> s) { return Value::object("sender", std::move(s)); }
Value to_value(SendError<Value> e) { return Value::error("SendError(" + e.item.describe() + ")"); }
Value to_value(TimeoutError<Value> e) {
    return e.is_elapsed() ? Value::error("Elapsed") : std::move(e.inner());
}
Value to_value(UnboundedSender<Value> s) { return Value::object("unbounded sender", std::move(s)); }
Value to_value(const SocketAddr &a) { return Value(a.describe()); }
Value to_value(BF f) { return Value::object("future", std::move(f)); }
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
Value to_value(BS s) { return Value::object("stream", std::move(s)); }
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

// poll_all: a hand-written future, not an engine combinator — the loop a learner writes to wait
// for several futures: every poll polls each of them, including those already finished, and it
// resolves to the list of their first values once each has been Ready. Polling a finished future
// is the bug (many futures panic, "cannot poll Map twice"); fused futures make it harmless.
class [[nodiscard]] PollAll : public FutureExt<PollAll> {
  public:
    using item_type = Value;
    using error_type = Value;
    static constexpr std::array<std::string_view, 2> state_names{"polling", "done"};
    static constexpr FutureKind kind_info{"PollAll", state_names};

    explicit PollAll(std::vector<BF> futures)
        : futures_(std::move(futures)), values_(futures_.size()) {}

    Poll<Value, Value> poll() {
        PollScope scope(obs_, *this);
        Poll<Value, Value> result = poll_inner();
        scope.exit(result);
        return result;
    }
    [[nodiscard]] int obs_state() const noexcept { return done_ ? 1 : 0; }

  private:
    Poll<Value, Value> poll_inner() {
        bool all = true;
        for (std::size_t i = 0; i < futures_.size(); ++i) {
            auto p = futures_[i].poll(); // finished or not: it does not remember
            if (p.is_err()) {
                finish();
                return Err<Value>{std::move(p).error()};
            }
            if (p.is_ready() && !values_[i]) {
                values_[i] = std::move(p).value();
            }
            all = all && values_[i].has_value();
        }
        if (!all) {
            return not_ready;
        }
        finish();
        std::vector<Value> items;
        for (std::optional<Value> &v : values_) {
            items.push_back(std::move(*v));
        }
        return ready(Value::list(std::move(items)));
    }
    void finish() noexcept {
        if (!done_) {
            done_ = true;
            observe_state(obs_, 0, 1);
        }
    }

    std::vector<BF> futures_;
    std::vector<std::optional<Value>> values_;
    bool done_ = false;
    ObsId obs_;
};

// peek: pulls the next item of a PeekableStream without taking it, and resolves to
// (item or (), the peekable stream, which yields that item first). Transparent: the trace shows
// the PeekableStream's own poll, as Rust's peek() does.
class [[nodiscard]] PeekFuture : public FutureExt<PeekFuture> {
  public:
    using item_type = Value;
    using error_type = Value;
    explicit PeekFuture(PeekableStream<BS> s) : s_(std::in_place, std::move(s)) {}
    Poll<Value, Value> poll() {
        if (!s_) {
            throw Panic("cannot poll peek twice");
        }
        auto p = s_->peek();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<Value>{std::move(p).error()};
        }
        Value item = p.value() != nullptr ? *p.value() : Value();
        BS rest(std::move(*s_));
        s_.reset();
        return ready(Value::tuple({std::move(item), Value::object("stream", std::move(rest))}));
    }

  private:
    std::optional<PeekableStream<BS>> s_;
};

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

// [SECTION] Run state: channels, task-locals, the network

struct Channel {
    Value sender;
    Value receiver;
};

struct RunState {
    const Scenario::Impl &impl;
    Network *net = nullptr;
    std::map<std::string, Channel> channels;
    std::vector<OutputLine> *output = nullptr;

    Channel &channel(const std::string &name) {
        auto it = channels.find(name);
        if (it != channels.end()) {
            return it->second;
        }
        const ChannelSpec *spec = nullptr;
        for (const ChannelSpec &c : impl.channels) {
            if (c.name == name) {
                spec = &c;
            }
        }
        Channel c;
        if (spec->kind == "oneshot") {
            auto [tx, rx] = oneshot<Value>();
            declare_owners(name, tx, rx);
            c.sender = Value::object("oneshot sender", std::move(tx));
            c.receiver = Value::object("oneshot receiver", std::move(rx));
        } else if (spec->kind == "mpsc") {
            auto [tx, rx] = mpsc::channel<Value>(static_cast<std::size_t>(spec->capacity));
            declare_owners(name, tx, rx);
            c.sender = Value::object("sender", std::move(tx));
            c.receiver = Value::object("receiver", std::move(rx));
        } else {
            auto [tx, rx] = mpsc::unbounded<Value>();
            declare_owners(name, tx, rx);
            c.sender = Value::object("unbounded sender", std::move(tx));
            c.receiver = Value::object("receiver", std::move(rx));
        }
        return channels.emplace(name, std::move(c)).first->second;
    }

    // Tells the detectors which of the file's tasks (ids 1, 2, … in file order) name each end
    // of the channel, so that a deadlock report can say which task could wake which.
    template <class Tx, class Rx>
    void declare_owners(const std::string &name, Tx &tx, Rx &rx) {
        for (std::size_t i = 0; i < impl.tasks.size(); ++i) {
            bool sends = false;
            bool receives = false;
            scan_ends(impl.tasks[i].future, name, sends, receives);
            auto id = static_cast<TaskId>(i + 1);
            if (sends) {
                tx.declare_owner(id);
            }
            if (receives) {
                rx.declare_owner(id);
            }
        }
    }
    static void scan_ends(const Expr &e, const std::string &name, bool &sends, bool &receives) {
        if (e.name == name) {
            sends = sends || e.op == Op::sender;
            receives = receives || e.op == Op::recv_oneshot || e.op == Op::recv_stream;
        }
        for (const Expr &a : e.args) {
            scan_ends(a, name, sends, receives);
        }
        if (e.fn) {
            scan_ends(e.fn->body, name, sends, receives);
        }
    }
};

const TaskLocal<std::map<std::string, Value>> &task_locals() {
    static const TaskLocal<std::map<std::string, Value>> locals(
        [] { return std::map<std::string, Value>(); });
    return locals;
}

struct Frame;
using Env = std::shared_ptr<const Frame>;
struct Frame {
    std::string name;
    Value value;
    Env parent;
};

const Value &lookup(const Env &env, const std::string &name) {
    for (const Frame *f = env.get(); f != nullptr; f = f->parent.get()) {
        if (f->name == name) {
            return f->value;
        }
    }
    throw Panic("unknown variable \"" + name + "\""); // the loader makes this unreachable
}

Env bind_one(Env env, const std::string &name, Value v) {
    if (name == "_") {
        return env;
    }
    return std::make_shared<const Frame>(Frame{name, std::move(v), std::move(env)});
}

Env bind(Env env, const Fn &fn, Value v) {
    if (fn.params.empty()) {
        return env;
    }
    if (!fn.destructure) {
        return bind_one(std::move(env), fn.params[0], std::move(v));
    }
    if (v.type() == Value::Type::tagged) {
        v = Value(v.inner()); // A((value, loser)) destructures as (value, loser)
    }
    if ((v.type() != Value::Type::tuple && v.type() != Value::Type::list) ||
        v.items().size() != fn.params.size()) {
        throw Panic("cannot destructure " + v.describe() + " into " +
                    std::to_string(fn.params.size()) + " names");
    }
    for (std::size_t i = 0; i < fn.params.size(); ++i) {
        env = bind_one(std::move(env), fn.params[i], v.items()[i]);
    }
    return env;
}

Env bind2(Env env, const Fn &fn, Value a, Value b) {
    env = bind_one(std::move(env), fn.params[0], std::move(a));
    return bind_one(std::move(env), fn.params[1], std::move(b));
}

BF build_future(const Expr &e, const Env &env, RunState &rs);
BS build_stream(const Expr &e, const Env &env, RunState &rs);

StreamPoll<BF, Value> FutureItems::poll() {
    auto p = s_.poll();
    if (p.is_not_ready()) {
        return not_ready;
    }
    if (p.is_err()) {
        return Err<Value>{std::move(p.error())};
    }
    if (!p.value()) {
        return ready(std::optional<BF>());
    }
    return ready(std::optional<BF>(p.value()->take<BF>("a future")));
}

// [SECTION] Pure values

std::int64_t int_of(const Value &v, const char *op) {
    if (v.type() != Value::Type::integer) {
        throw Panic(std::string(op) + ": expected an int, found " + v.type_name() + " " +
                    v.describe());
    }
    return v.as_int();
}

bool bool_of(const Value &v, const char *op) {
    if (v.type() != Value::Type::boolean) {
        throw Panic(std::string(op) + ": expected a bool, found " + v.type_name() + " " +
                    v.describe());
    }
    return v.as_bool();
}

int compare(const Value &a, const Value &b, const char *op) {
    if (a.type() == Value::Type::integer && b.type() == Value::Type::integer) {
        return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
    }
    if (a.type() == b.type() &&
        (a.type() == Value::Type::string || a.type() == Value::Type::bytes)) {
        return a.text().compare(b.text()) < 0 ? -1 : a.text() == b.text() ? 0 : 1;
    }
    throw Panic(std::string(op) + ": cannot compare " + a.type_name() + " and " + b.type_name());
}

Value eval(const Expr &e, const Env &env, RunState *rs) {
    auto arg = [&](std::size_t i) { return eval(e.args[i], env, rs); };
    switch (e.op) {
    case Op::literal:
        return e.literal;
    case Op::var:
        return lookup(env, e.name);
    case Op::list:
    case Op::tuple: {
        std::vector<Value> items;
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            items.push_back(arg(i));
        }
        return e.op == Op::list ? Value::list(std::move(items)) : Value::tuple(std::move(items));
    }
    case Op::add:
        return Value(int_of(arg(0), "add") + int_of(arg(1), "add"));
    case Op::sub:
        return Value(int_of(arg(0), "sub") - int_of(arg(1), "sub"));
    case Op::mul:
        return Value(int_of(arg(0), "mul") * int_of(arg(1), "mul"));
    case Op::div:
    case Op::mod: {
        std::int64_t a = int_of(arg(0), e.op == Op::div ? "div" : "mod");
        std::int64_t b = int_of(arg(1), e.op == Op::div ? "div" : "mod");
        if (b == 0) {
            throw Panic("attempt to divide by zero");
        }
        return Value(e.op == Op::div ? a / b : a % b);
    }
    case Op::neg:
        return Value(-int_of(arg(0), "neg"));
    case Op::eq:
        return Value(arg(0) == arg(1));
    case Op::ne:
        return Value(!(arg(0) == arg(1)));
    case Op::lt:
        return Value(compare(arg(0), arg(1), "lt") < 0);
    case Op::le:
        return Value(compare(arg(0), arg(1), "le") <= 0);
    case Op::gt:
        return Value(compare(arg(0), arg(1), "gt") > 0);
    case Op::ge:
        return Value(compare(arg(0), arg(1), "ge") >= 0);
    case Op::not_:
        return Value(!bool_of(arg(0), "not"));
    case Op::and_:
        return Value(bool_of(arg(0), "and") && bool_of(arg(1), "and"));
    case Op::or_:
        return Value(bool_of(arg(0), "or") || bool_of(arg(1), "or"));
    case Op::if_:
        return bool_of(arg(0), "if") ? arg(1) : arg(2);
    case Op::concat: {
        Value first = arg(0);
        if (first.type() == Value::Type::list) {
            std::vector<Value> items = first.items();
            for (std::size_t i = 1; i < e.args.size(); ++i) {
                Value v = arg(i);
                if (v.type() != Value::Type::list) {
                    throw Panic("concat: expected a list, found " + v.type_name());
                }
                items.insert(items.end(), v.items().begin(), v.items().end());
            }
            return Value::list(std::move(items));
        }
        std::string out;
        bool bytes = false;
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            Value v = i == 0 ? first : arg(i);
            if (v.type() == Value::Type::string || v.type() == Value::Type::bytes) {
                bytes = bytes || v.type() == Value::Type::bytes;
                out += v.text();
            } else {
                out += v.describe();
            }
        }
        return bytes ? Value::bytes(std::move(out)) : Value(std::move(out));
    }
    case Op::len: {
        Value v = arg(0);
        if (v.type() == Value::Type::string || v.type() == Value::Type::bytes) {
            return Value(static_cast<std::int64_t>(v.text().size()));
        }
        if (v.type() == Value::Type::list || v.type() == Value::Type::tuple) {
            return Value(static_cast<std::int64_t>(v.items().size()));
        }
        throw Panic("len: expected a string, bytes or a list, found " + v.type_name());
    }
    case Op::upper: {
        Value v = arg(0);
        if (v.type() != Value::Type::string) {
            throw Panic("upper: expected a string, found " + v.type_name());
        }
        std::string s = v.text();
        for (char &c : s) {
            if (c >= 'a' && c <= 'z') {
                c = static_cast<char>(c - 'a' + 'A');
            }
        }
        return Value(std::move(s));
    }
    case Op::get: {
        Value v = arg(0);
        if (v.type() == Value::Type::tagged) {
            v = v.inner(); // A((value, loser)): get reads the pair
        }
        std::int64_t i = int_of(arg(1), "get");
        if (v.type() != Value::Type::list && v.type() != Value::Type::tuple) {
            throw Panic("get: expected a tuple or a list, found " + v.type_name());
        }
        if (i < 0 || static_cast<std::size_t>(i) >= v.items().size()) {
            throw Panic("index out of bounds: the len is " + std::to_string(v.items().size()) +
                        " but the index is " + std::to_string(i));
        }
        return v.items()[static_cast<std::size_t>(i)];
    }
    case Op::to_string: {
        Value v = arg(0);
        return v.type() == Value::Type::string || v.type() == Value::Type::bytes ||
                       v.type() == Value::Type::error
                   ? Value(v.text())
                   : Value(v.describe());
    }
    case Op::parse_int: {
        Value v = arg(0);
        std::string s = v.text();
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) {
            s.pop_back();
        }
        try {
            std::size_t used = 0;
            long long n = std::stoll(s, &used);
            if (used != s.size()) {
                throw std::invalid_argument(s);
            }
            return Value(static_cast<std::int64_t>(n));
        } catch (const std::exception &) {
            throw Panic("parse_int: invalid digit in " + v.describe());
        }
    }
    case Op::bytes:
        return Value::bytes(arg(0).text());
    case Op::sender:
        return rs->channel(e.name).sender;
    case Op::future_value:
        return Value::object("future", build_future(e.args[0], env, *rs));
    case Op::stream_value:
        return Value::object("stream", build_stream(e.args[0], env, *rs));
    case Op::clone: {
        Value v = arg(0);
        if (auto *h = v.as_handle<Sender<Value>>(); h != nullptr && h->peek() != nullptr) {
            return Value::object("sender", h->peek()->clone());
        }
        if (auto *h = v.as_handle<UnboundedSender<Value>>(); h != nullptr && h->peek() != nullptr) {
            return Value::object("unbounded sender", h->peek()->clone());
        }
        if (v.type() == Value::Type::handle) {
            throw Panic("clone: cannot clone " + v.type_name());
        }
        return v;
    }
    case Op::drop: {
        Value v = arg(0);
        if (v.handle_ptr()) {
            v.handle_ptr()->reset();
        }
        return Value();
    }
    case Op::rc:
        return Value::tagged("Rc", arg(0));
    case Op::fail:
        throw Failure(arg(0));
    case Op::break_:
        return Value::tagged("Break", arg(0));
    case Op::continue_:
        return Value::tagged("Continue", arg(0));
    case Op::tag_of:
    case Op::untag: {
        Value v = arg(0);
        if (v.type() != Value::Type::tagged) {
            throw Panic(std::string(e.op == Op::tag_of ? "tag_of" : "untag") +
                        ": expected a tagged value such as A((1, <future>)), found " +
                        v.type_name() + " " + v.describe());
        }
        return e.op == Op::tag_of ? Value(v.tag()) : v.inner();
    }
    default:
        break;
    }
    throw Panic("not a value expression"); // the loader makes this unreachable
}

// [SECTION] Futures

template <class Stream>
BF write_all_to(Value stream, Value data, const Expr &e) {
    return erase(write_all(stream.take<Stream>("a socket"), Bytes(data.text())), e);
}

BF value_future(Value v) {
    if (auto *h = v.as_handle<BF>()) {
        return h->take();
    }
    return BF(ok<Value>(std::move(v)));
}

// [SECTION] Async functions

// A not-Send value an async fn holds ({"rc": …}): what makes Held report it as not Send.
struct NotSendValue {
    Value value;
    [[nodiscard]] std::string describe() const { return value.describe(); }
};

} // namespace
} // namespace futurescope::scenario

template <>
struct futurescope::is_send<futurescope::scenario::NotSendValue> : std::false_type {};

namespace futurescope::scenario {
namespace {

// What print shows: a string's text, Rc(1) as 1 (Rust's Display), anything else described.
std::string display(const Value &v) {
    if (v.type() == Value::Type::tagged && v.tag() == "Rc") {
        return display(v.inner());
    }
    if (v.type() == Value::Type::string || v.type() == Value::Type::bytes ||
        v.type() == Value::Type::error) {
        return v.text();
    }
    return v.describe();
}

// The locals of a running async fn as Held values, in declaration order, so that each suspended
// state shows what it holds ("non_send = Rc(1)") and a not-Send one is known to the runtime.
class Locals {
  public:
    void add(const AsyncStep &s, const Value &v) { add(s.name, v, s.not_send); }
    // `name` must outlive the local (it is the step's).
    void add(std::string_view name, const Value &v, bool not_send) {
        if (not_send) {
            not_send_.emplace_back(name, NotSendValue{v});
        } else {
            send_.emplace_back(name, v);
        }
        order_.push_back(not_send);
    }
    [[nodiscard]] std::size_t size() const noexcept { return order_.size(); }
    // Drops the locals declared after the first `n` (the end of a loop body's scope).
    void truncate(std::size_t n) {
        while (order_.size() > n) {
            if (order_.back()) {
                not_send_.pop_back();
            } else {
                send_.pop_back();
            }
            order_.pop_back();
        }
    }

  private:
    std::list<Held<Value>> send_;
    std::list<Held<NotSendValue>> not_send_;
    std::vector<bool> order_;
};

// The interpreter of a scenario's async fn: a real C++20 coroutine of the engine (RuntimeAsync),
// declared with the function's name and await points. Each await step co_awaits the engine future
// its expression builds, at its declared point; an awaited error ends the function with it
// (Rust's `?`).
RuntimeAsync<Value, Value>
run_async(const AsyncFnInfo &info, std::shared_ptr<const AsyncSpec> spec, Env env, RunState *rs) {
    (void)info;
    struct Scope {
        const std::vector<AsyncStep> *steps;
        std::size_t pc = 0;
        const AsyncStep *loop = nullptr; // the for_each whose body this is
        std::optional<BS> stream;
        Env env_at_entry;
        std::size_t locals_at_entry = 0;
        bool block = false; // a {"scope": […]}
    };
    Locals locals;
    std::vector<Scope> scopes;
    scopes.push_back(Scope{&spec->body, 0, nullptr, std::nullopt, env, 0, false});
    while (!scopes.empty()) {
        Scope &top = scopes.back();
        if (top.pc == top.steps->size()) {
            if (top.block) {
                // The end of a scope: its locals go.
                locals.truncate(top.locals_at_entry);
                env = top.env_at_entry;
                scopes.pop_back();
                continue;
            }
            if (top.loop == nullptr) {
                break;
            }
            // The end of an iteration: its locals go, then the next item.
            locals.truncate(top.locals_at_entry);
            std::optional<Value> item = co_await at(top.loop->point, next(*top.stream));
            Scope &again = scopes.back();
            if (!item) {
                env = again.env_at_entry;
                scopes.pop_back();
                continue;
            }
            locals.add(again.loop->name, *item, false);
            env = bind_one(again.env_at_entry, again.loop->name, std::move(*item));
            again.pc = 0;
            continue;
        }
        const AsyncStep &s = (*top.steps)[top.pc++];
        switch (s.kind) {
        case AsyncStep::Kind::let_value: {
            Value v = eval(s.expr, env, rs);
            locals.add(s, v);
            env = bind_one(env, s.name, std::move(v));
            break;
        }
        case AsyncStep::Kind::let_await: {
            Value v = co_await at(s.point, build_future(s.expr, env, *rs));
            locals.add(s, v);
            env = bind_one(env, s.name, std::move(v));
            break;
        }
        case AsyncStep::Kind::await:
            (void)co_await at(s.point, build_future(s.expr, env, *rs));
            break;
        case AsyncStep::Kind::print: {
            std::string text = display(eval(s.expr, env, rs));
            if (rs->output != nullptr) {
                OutputLine line;
                line.t = current_executor().now();
                if (TaskContext *c = current_context()) {
                    line.task = c->task;
                    line.task_name = current_executor().task(c->task).name;
                }
                line.text = std::move(text);
                rs->output->push_back(std::move(line));
            }
            break;
        }
        case AsyncStep::Kind::return_:
            co_return eval(s.expr, env, rs);
        case AsyncStep::Kind::scope:
            scopes.push_back(Scope{&s.body, 0, nullptr, std::nullopt, env, locals.size(), true});
            break;
        case AsyncStep::Kind::for_each: {
            BS stream = build_stream(s.expr, env, *rs);
            Scope loop{&s.body, 0, &s, std::move(stream), env, locals.size(), false};
            std::optional<Value> item = co_await at(s.point, next(*loop.stream));
            if (item) {
                locals.add(s.name, *item, false); // the loop's item lives for one iteration
                env = bind_one(env, s.name, std::move(*item));
                scopes.push_back(std::move(loop));
            }
            break;
        }
        }
    }
    co_return Value();
}

BF build_future(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    auto sub = [&](std::size_t i) { return build_future(e.args[i], env, rs); };
    auto sub_stream = [&](std::size_t i) { return build_stream(e.args[i], env, rs); };
    auto val = [&](std::size_t i) { return eval(e.args[i], env, r); };
    const Fn *fn = e.fn.get();
    auto future_fn = [fn, env, r](Value v) {
        return build_future(fn->body, bind(env, *fn, std::move(v)), *r);
    };
    auto value_fn = [fn, env, r](Value v) {
        return eval(fn->body, bind(env, *fn, std::move(v)), r);
    };
    switch (e.op) {
    case Op::value_as_future:
        try {
            return value_future(val(0));
        } catch (const Failure &f) {
            return BF(err<Value>(f.value())); // Rust's closure returning Err(e)
        }
    case Op::ok:
        return erase(ok<Value>(val(0)), e);
    case Op::err:
        return erase(err<Value>(val(0)), e);
    case Op::delay: {
        std::int64_t ns = e.num;
        if (!e.args.empty()) {
            std::int64_t ms = int_of(val(0), "delay");
            if (ms < 0) {
                throw Panic("delay: negative duration " + std::to_string(ms) + "ms");
            }
            ns = ms * 1'000'000;
        }
        return erase(delay(std::chrono::nanoseconds(ns)), e);
    }
    case Op::block:
        return erase(block(std::chrono::nanoseconds(e.num)), e);
    case Op::forgetful_delay:
        return erase(forgetful_delay(std::chrono::nanoseconds(e.num)), e);
    case Op::busy_wait:
        return erase(busy_wait(std::chrono::nanoseconds(e.num)), e);
    case Op::lazy: {
        const Expr *inner = &e.args[0];
        return erase(lazy([inner, env, r] { return build_future(*inner, env, *r); }), e);
    }
    case Op::empty:
        return erase(empty<Value, Value>(), e);
    case Op::yield_now:
        return erase(futurescope::yield_now(), e);
    case Op::map:
        return erase(sub(0).map(value_fn), e);
    case Op::map_err:
        return erase(sub(0).map_err(value_fn), e);
    case Op::then:
        return erase(sub(0).then([fn, env, r](Result<Value, Value> res) {
            Value v = res.is_ok() ? std::move(res.value()) : std::move(res.error());
            return build_future(fn->body, bind(env, *fn, std::move(v)), *r);
        }),
                     e);
    case Op::and_then:
        return erase(sub(0).and_then(future_fn), e);
    case Op::or_else:
        return erase(sub(0).or_else(future_fn), e);
    case Op::select:
        return erase(sub(0).select(sub(1)), e);
    case Op::join:
        switch (e.args.size()) {
        case 2:
            return erase(join(sub(0), sub(1)), e);
        case 3:
            return erase(join(sub(0), sub(1), sub(2)), e);
        case 4:
            return erase(join(sub(0), sub(1), sub(2), sub(3)), e);
        default:
            return erase(join(sub(0), sub(1), sub(2), sub(3), sub(4)), e);
        }
    case Op::async_fn:
        return erase(run_async(e.async->info, e.async, env, r), e);
    case Op::poll_all: {
        std::vector<BF> fs;
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            fs.push_back(sub(i));
        }
        return erase(PollAll(std::move(fs)), e);
    }
    case Op::join_all:
    case Op::select_all:
    case Op::select_ok: {
        std::vector<BF> fs;
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            fs.push_back(sub(i));
        }
        if (e.op == Op::join_all) {
            return erase(join_all(std::move(fs)), e);
        }
        if (e.op == Op::select_all) {
            return erase(select_all(std::move(fs)), e);
        }
        return erase(select_ok(std::move(fs)), e);
    }
    case Op::fuse:
        return erase(sub(0).fuse(), e);
    case Op::timeout:
        return erase(sub(0).timeout(std::chrono::nanoseconds(e.num)), e);
    case Op::boxed:
        return sub(0);
    case Op::spawn: {
        const Expr *inner = &e.args[0];
        SpawnOptions options{.name = e.name, .daemon = e.num != 0};
        return erase(lazy([inner, env, r, options]() -> Result<Value, Value> {
                         futurescope::spawn(build_future(*inner, env, *r), options);
                         return Result<Value, Value>(Ready<Value>{Value()});
                     }),
                     e);
    }
    case Op::local_get: {
        std::string key = e.name;
        return erase(lazy([key]() -> Result<Value, Value> {
                         Value v = task_locals().with([&](std::map<std::string, Value> &m) {
                             auto it = m.find(key);
                             return it == m.end() ? Value() : it->second;
                         });
                         return Result<Value, Value>(Ready<Value>{std::move(v)});
                     }),
                     e);
    }
    case Op::local_set: {
        std::string key = e.name;
        Value v = val(0);
        return erase(lazy([key, v]() -> Result<Value, Value> {
                         task_locals().with([&](std::map<std::string, Value> &m) { m[key] = v; });
                         return Result<Value, Value>(Ready<Value>{Value()});
                     }),
                     e);
    }
    case Op::connect:
        return erase(TcpStream::connect(*rs.net, e.name), e);
    case Op::bind: {
        std::string addr = e.name;
        return erase(lazy([addr, r] { return TcpListener::bind(*r->net, addr); }), e);
    }
    case Op::tls_handshake:
        return erase(TlsConnector().handshake(e.name, val(0).take<TcpStream>("a socket")), e);
    case Op::write_all: {
        Value s = val(0);
        Value data = val(1);
        if (s.as_handle<TlsStream>() != nullptr) {
            return write_all_to<TlsStream>(std::move(s), std::move(data), e);
        }
        return write_all_to<TcpStream>(std::move(s), std::move(data), e);
    }
    case Op::read_exact: {
        Value s = val(0);
        auto n = static_cast<std::size_t>(int_of(val(1), "read_exact"));
        if (s.as_handle<TlsStream>() != nullptr) {
            return erase(read_exact(s.take<TlsStream>("a socket"), n), e);
        }
        return erase(read_exact(s.take<TcpStream>("a socket"), n), e);
    }
    case Op::read_to_end: {
        Value s = val(0);
        if (s.as_handle<TlsStream>() != nullptr) {
            return erase(read_to_end(s.take<TlsStream>("a socket")), e);
        }
        return erase(read_to_end(s.take<TcpStream>("a socket")), e);
    }
    case Op::shutdown: {
        Value s = val(0);
        if (s.as_handle<TlsStream>() != nullptr) {
            return erase(shutdown(s.take<TlsStream>("a socket")), e);
        }
        return erase(shutdown(s.take<TcpStream>("a socket")), e);
    }
    case Op::recv_oneshot:
        return erase(rs.channel(e.name).receiver.take<OneshotReceiver<Value>>("a oneshot receiver"),
                     e);
    case Op::send: {
        Value s = val(0);
        Value v = val(1);
        if (s.as_handle<OneshotSender<Value>>() != nullptr) {
            Result<Unit, Value> sent = s.take<OneshotSender<Value>>("a sender").send(std::move(v));
            return erase(result(sent.is_ok()
                                    ? Result<Value, Value>(Ready<Value>{Value()})
                                    : Result<Value, Value>(Err<Value>{std::move(sent.error())})),
                         e);
        }
        if (s.as_handle<UnboundedSender<Value>>() != nullptr) {
            return erase(s.take<UnboundedSender<Value>>("a sender").send(std::move(v)), e);
        }
        return erase(s.take<Sender<Value>>("a sender").send(std::move(v)), e);
    }
    case Op::fold:
        return erase(
            sub_stream(0).fold(val(1),
                               [fn, env, r](Value acc, Value x) {
                                   return build_future(
                                       fn->body, bind2(env, *fn, std::move(acc), std::move(x)), *r);
                               }),
            e);
    case Op::for_each:
        return erase(sub_stream(0).for_each([fn, env, r](Value v) {
            return build_future(fn->body, bind(env, *fn, std::move(v)), *r).map([](Value) {
                return Unit{};
            });
        }),
                     e);
    case Op::collect:
        return erase(sub_stream(0).collect(), e);
    case Op::into_future:
        return erase(sub_stream(0).into_future(), e);
    case Op::select2:
        return erase(sub(0).select2(sub(1)), e);
    case Op::flatten:
        return erase(convert_future<BF>(sub(0), [](Value v) { return value_future(std::move(v)); })
                         .flatten(),
                     e);
    case Op::loop_fn:
        return erase(
            loop_fn(val(0),
                    [fn, env, r](Value state) {
                        return convert_future<Loop<Value, Value>>(
                            build_future(fn->body, bind(env, *fn, std::move(state)), *r),
                            [](Value v) {
                                if (v.type() == Value::Type::tagged && v.tag() == "Break") {
                                    return Loop<Value, Value>::break_with(v.inner());
                                }
                                if (v.type() == Value::Type::tagged && v.tag() == "Continue") {
                                    return Loop<Value, Value>::continue_with(v.inner());
                                }
                                throw Panic("loop_fn: a round must resolve to "
                                            "{\"break\": value} or {\"continue\": "
                                            "state}, found " +
                                            v.describe());
                            });
                    }),
            e);
    case Op::peek: {
        if (e.args[0].op == Op::peekable) {
            // {"peek": {"peekable": S}}: the PeekableStream the expression builds.
            return erase(PeekFuture(build_stream(e.args[0].args[0], env, rs).peekable()), e);
        }
        return erase(PeekFuture(sub_stream(0).peekable()), e);
    }
    case Op::task_rc: {
        Value v = val(0);
        return erase(lazy([v]() -> Result<Value, Value> {
                         return Result<Value, Value>(
                             Ready<Value>{Value::object("task rc", TaskRc<Value>(v))});
                     }),
                     e);
    }
    case Op::task_rc_get: {
        Value v = val(0);
        return erase(lazy([v]() -> Result<Value, Value> {
                         auto *h = v.as_handle<TaskRc<Value>>();
                         if (h == nullptr || h->peek() == nullptr) {
                             throw Panic("task_rc_get: expected a task rc, found " + v.type_name() +
                                         " " + v.describe());
                         }
                         Value inner = h->peek()->with([](Value &x) { return x; });
                         return Result<Value, Value>(Ready<Value>{std::move(inner)});
                     }),
                     e);
    }
    case Op::send_all: {
        Value s = val(0);
        if (s.as_handle<UnboundedSender<Value>>() != nullptr) {
            return erase(
                ValueSink<UnboundedSender<Value>>(s.take<UnboundedSender<Value>>("a sender"))
                    .send_all(sub_stream(1)),
                e);
        }
        return erase(ValueSink<Sender<Value>>(s.take<Sender<Value>>("an mpsc sender"))
                         .send_all(sub_stream(1)),
                     e);
    }
    default:
        break;
    }
    throw Panic("not a future expression");
}

// [SECTION] Streams

std::pair<Value, Value> unfold_pair(Value v) {
    if ((v.type() != Value::Type::tuple && v.type() != Value::Type::list) ||
        v.items().size() != 2) {
        throw Panic("unfold: a step must give () to end or a tuple (item, next state), found " +
                    v.describe());
    }
    return {v.items()[0], v.items()[1]};
}

BS build_stream(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    auto sub = [&](std::size_t i) { return build_stream(e.args[i], env, rs); };
    auto val = [&](std::size_t i) { return eval(e.args[i], env, r); };
    const Fn *fn = e.fn.get();
    auto future_fn = [fn, env, r](Value v) {
        return build_future(fn->body, bind(env, *fn, std::move(v)), *r);
    };
    auto value_fn = [fn, env, r](Value v) {
        return eval(fn->body, bind(env, *fn, std::move(v)), r);
    };
    auto pred_fn = [fn, env, r](const Value &v) {
        return bool_of(eval(fn->body, bind(env, *fn, v), r), "predicate");
    };
    switch (e.op) {
    case Op::var_stream:
        return val(0).take<BS>("a stream");
    case Op::iter: {
        Value v = val(0);
        if (v.type() != Value::Type::list) {
            throw Panic("iter: expected a list, found " + v.type_name());
        }
        return erase_stream(iter_ok<Value>(v.items()), e);
    }
    case Op::interval:
        return erase_stream(interval(std::chrono::nanoseconds(e.num)), e);
    case Op::incoming:
        return erase_stream(val(0).take<TcpListener>("a listener").incoming(), e);
    case Op::recv_stream:
        return erase_stream(rs.channel(e.name).receiver.take<Receiver<Value>>("a receiver"), e);
    case Op::smap:
        return erase_stream(sub(0).map(value_fn), e);
    case Op::smap_err:
        return erase_stream(sub(0).map_err(value_fn), e);
    case Op::filter:
        return erase_stream(sub(0).filter(pred_fn), e);
    case Op::filter_map:
        return erase_stream(sub(0).filter_map([fn, env, r](Value v) {
            Value out = eval(fn->body, bind(env, *fn, std::move(v)), r);
            return out.is_unit() ? std::optional<Value>() : std::optional<Value>(std::move(out));
        }),
                            e);
    case Op::sthen:
        return erase_stream(sub(0).then([fn, env, r](Result<Value, Value> res) {
            Value v = res.is_ok() ? std::move(res.value()) : std::move(res.error());
            return build_future(fn->body, bind(env, *fn, std::move(v)), *r);
        }),
                            e);
    case Op::sand_then:
        return erase_stream(sub(0).and_then(future_fn), e);
    case Op::sor_else:
        return erase_stream(sub(0).or_else(future_fn), e);
    case Op::take:
        return erase_stream(sub(0).take(static_cast<std::uint64_t>(e.num)), e);
    case Op::skip:
        return erase_stream(sub(0).skip(static_cast<std::uint64_t>(e.num)), e);
    case Op::take_while:
        return erase_stream(sub(0).take_while(pred_fn), e);
    case Op::skip_while:
        return erase_stream(sub(0).skip_while(pred_fn), e);
    case Op::chunks:
        return erase_stream(sub(0).chunks(static_cast<std::size_t>(e.num)), e);
    case Op::buffered:
        return erase_stream(FutureItems(sub(0)).buffered(static_cast<std::size_t>(e.num)), e);
    case Op::buffer_unordered:
        return erase_stream(FutureItems(sub(0)).buffer_unordered(static_cast<std::size_t>(e.num)),
                            e);
    case Op::sselect:
        return erase_stream(sub(0).select(sub(1)), e);
    case Op::merge:
        return erase_stream(sub(0).merge(sub(1)), e);
    case Op::zip:
        return erase_stream(sub(0).zip(sub(1)), e);
    case Op::sfuse:
        return erase_stream(sub(0).fuse(), e);
    case Op::into_stream:
        return erase_stream(build_future(e.args[0], env, rs).into_stream(), e);
    case Op::unfold: {
        // The function's value `()` ends the stream (Rust's None); a tuple (item, next state), or
        // a future of one, is the next step.
        using Step = ConvertFuture<std::pair<Value, Value>, std::pair<Value, Value> (*)(Value)>;
        return erase_stream(unfold(val(0),
                                   [fn, env, r](Value state) -> std::optional<Step> {
                                       Env inner = bind(env, *fn, std::move(state));
                                       if (fn->body.op != Op::value_as_future) {
                                           return Step(build_future(fn->body, inner, *r),
                                                       &unfold_pair);
                                       }
                                       Value v;
                                       try {
                                           v = eval(fn->body.args[0], inner, r);
                                       } catch (const Failure &f) {
                                           return Step(BF(err<Value>(f.value())), &unfold_pair);
                                       }
                                       if (v.is_unit()) {
                                           return std::nullopt;
                                       }
                                       BF step = value_future(std::move(v));
                                       return Step(std::move(step), &unfold_pair);
                                   }),
                            e);
    }
    case Op::peekable:
        return erase_stream(sub(0).peekable(), e);
    case Op::sflatten:
        return erase_stream(StreamItems(sub(0)).flatten(), e);
    case Op::iter_result: {
        std::vector<Result<Value, Value>> items;
        for (const Expr &a : e.args) {
            Value v = eval(a.args[0], env, r);
            items.push_back(a.op == Op::ok ? Result<Value, Value>(Ready<Value>{std::move(v)})
                                           : Result<Value, Value>(Err<Value>{std::move(v)}));
        }
        return erase_stream(iter_result(std::move(items)), e);
    }
    default:
        break;
    }
    throw Panic("not a stream expression");
}

// [SECTION] Collecting diagnostics

// Sits between the executor (or the detectors in front of it) and the caller's observer (the
// recorder): forwards every event unchanged and keeps each `diag` with the place it points to —
// the task, its task-level poll and the executor's step at that moment.
class DiagTee final : public ForwardingObserver {
  public:
    DiagTee(Executor &ex, Observer *next, std::vector<DiagnosticRecord> &out)
        : ForwardingObserver(next), ex_(ex), out_(out) {}

    void set_at_end() noexcept { at_end_ = true; }

    void on_spawn(const TaskInfo &task) override {
        names_[task.id] = std::string(task.name);
        ForwardingObserver::on_spawn(task);
    }
    void on_poll_begin(TaskId task) override {
        ++steps_;
        ++polls_[task];
        ForwardingObserver::on_poll_begin(task);
    }
    void on_diag(const Diagnostic &diag) override {
        DiagnosticRecord d;
        d.kind = std::string(diag.kind);
        d.task = diag.task;
        if (auto it = names_.find(diag.task); it != names_.end()) {
            d.task_name = it->second;
        }
        d.t = ex_.now();
        d.at_end = at_end_;
        d.step = at_end_ ? 0 : steps_;
        if (auto it = polls_.find(diag.task); it != polls_.end() && !at_end_) {
            d.poll = it->second;
        }
        d.message = std::string(diag.message);
        out_.push_back(std::move(d));
        ForwardingObserver::on_diag(diag);
    }

  private:
    Executor &ex_;
    std::vector<DiagnosticRecord> &out_;
    std::map<TaskId, std::string> names_;
    std::map<TaskId, std::uint64_t> polls_;
    std::uint64_t steps_ = 0;
    bool at_end_ = false;
};

} // namespace

// [SECTION] Running and checking

Value eval_constant(const Expr &e) { return eval(e, nullptr, nullptr); }

RunOutcome run_impl(const Scenario::Impl &impl, const RunOptions &options) {
    Executor ex;
    if (impl.workers > 1) {
        ex.set_workers(impl.workers);
    }
    ex.set_seed(options.seed.value_or(impl.seed));
    ex.set_limits(impl.limits);
    if (options.on_start) {
        options.on_start(ex);
    }
    RunOutcome outcome;
    // Detectors go in front of the tee: what they report reaches the tee, then the recorder.
    DiagTee tee(ex, ex.observer(), outcome.diagnostics);
    Detectors detectors(ex, &tee);
    ex.set_observer(&detectors);
    {
        std::optional<Network> net;
        if (!impl.hosts.empty()) {
            net.emplace(ex);
            for (const HostSpec &h : impl.hosts) {
                net->add_host(h.name, h.address);
            }
            for (const LinkSpec &l : impl.links) {
                net->add_link(l.a, l.b, l.params);
            }
            for (const FaultSpec &f : impl.faults) {
                if (f.kind == "partition") {
                    net->partition(f.a,
                                   f.b,
                                   std::chrono::nanoseconds(f.from_ns),
                                   std::chrono::nanoseconds(f.to_ns));
                } else if (f.kind == "crash") {
                    net->crash(f.a, std::chrono::nanoseconds(f.from_ns));
                } else {
                    net->restart(f.a, std::chrono::nanoseconds(f.from_ns));
                }
            }
            if (!impl.local_host.empty()) {
                net->set_local_host(impl.local_host);
            }
        }
        RunState rs{impl, net ? &*net : nullptr, {}, &outcome.output};
        {
            // Building the tasks' futures can make channels: the observer sees them.
            ObserverScope scope(ex.observer() != nullptr ? ex.observer() : current_observer());
            for (const TaskSpec &t : impl.tasks) {
                BF f = [&]() -> BF {
                    try {
                        return build_future(t.future, nullptr, rs);
                    } catch (const Panic &p) {
                        std::string message = p.what();
                        return BF(
                            lazy([message]() -> Result<Value, Value> { throw Panic(message); }));
                    }
                }();
                ex.spawn(std::move(f), SpawnOptions{.name = t.name, .daemon = t.daemon});
            }
            // The services start after the scenario's tasks, so those get the first ids.
            for (const HostSpec &h : impl.hosts) {
                for (const ServiceSpec &s : h.services) {
                    switch (s.kind) {
                    case ServiceKind::http:
                        net->serve_http(h.name, s.port, s.http);
                        break;
                    case ServiceKind::https:
                        net->serve_https(h.name, s.port, s.http);
                        break;
                    case ServiceKind::echo:
                        net->serve_echo(h.name, s.port);
                        break;
                    case ServiceKind::welcome:
                        net->serve_welcome(h.name, s.port);
                        break;
                    }
                }
            }
        }
        outcome.report = ex.run_all();
        outcome.tasks = ex.tasks();
        tee.set_at_end();
        detectors.finish(outcome.report);
        if (options.on_finish) {
            options.on_finish(ex, outcome.report);
        }
        // on_finish may have destroyed the caller's observer (the recorder is finished there):
        // what the network and the executor report while they shut down goes nowhere.
        tee.detach();
    }
    ex.set_observer(nullptr); // the tee ends before the executor
    return outcome;
}

namespace {

std::string describe_result(const TaskView &t) {
    if (t.state != TaskState::completed) {
        return "stuck";
    }
    if (!t.panic.empty()) {
        return "panic " + describe(t.panic);
    }
    return (t.outcome == PollOutcome::err ? "err " : "ok ") + t.result;
}

std::string where(const DiagnosticRecord &d) {
    std::string out =
        d.task != 0 ? "task " + (d.task_name.empty() ? "#" + std::to_string(d.task) : d.task_name)
                    : std::string("no task");
    if (d.at_end) {
        out += ", at the end";
    } else if (d.poll != 0) {
        out += ", poll " + std::to_string(d.poll) + ", step " + std::to_string(d.step);
    }
    return out + ", " + format_duration(d.t);
}

std::string where(const DiagExpect &x) {
    std::vector<std::string> parts;
    if (x.task) {
        parts.push_back("task " + *x.task);
    }
    if (x.at_end && *x.at_end) {
        parts.emplace_back("at the end");
    }
    if (x.poll) {
        parts.push_back("poll " + std::to_string(*x.poll));
    }
    if (x.step) {
        parts.push_back("step " + std::to_string(*x.step));
    }
    if (x.at_ns) {
        parts.push_back(format_duration(*x.at_ns));
    }
    std::string out;
    for (const std::string &p : parts) {
        out += (out.empty() ? "" : ", ") + p;
    }
    return out.empty() ? out : " (" + out + ")";
}

// What differs between an expected diagnostic and a reported one of the same id, one item each
// ("poll: expected 3, got 2"); empty when it matches.
std::vector<std::string> diag_differences(const DiagExpect &x, const DiagnosticRecord &d) {
    std::vector<std::string> out;
    if (x.task && *x.task != d.task_name) {
        out.push_back("task: expected " + *x.task + ", got " +
                      (d.task_name.empty() ? std::string("none") : d.task_name));
    }
    if (x.at_end && *x.at_end != d.at_end) {
        out.push_back(std::string("end: expected ") +
                      (*x.at_end ? "at the end" : "during the run") + ", got " +
                      (d.at_end ? "at the end" : "during the run"));
    }
    if (x.poll && *x.poll != d.poll) {
        out.push_back("poll: expected " + std::to_string(*x.poll) + ", got " +
                      (d.at_end ? std::string("the end") : std::to_string(d.poll)));
    }
    if (x.step && *x.step != d.step) {
        out.push_back("step: expected " + std::to_string(*x.step) + ", got " +
                      (d.at_end ? std::string("the end") : std::to_string(d.step)));
    }
    if (x.at_ns && *x.at_ns != d.t) {
        out.push_back("time: expected " + format_duration(*x.at_ns) + ", got " +
                      format_duration(d.t));
    }
    if (x.contains && d.message.find(*x.contains) == std::string::npos) {
        out.push_back("message: expected it to contain " + describe(*x.contains) + ", got " +
                      describe(d.message));
    }
    return out;
}

void check_diagnostics(const std::vector<DiagExpect> &expected,
                       const std::vector<DiagnosticRecord> &actual,
                       std::vector<std::string> &out) {
    std::vector<bool> used(actual.size(), false);
    std::vector<bool> found(expected.size(), false);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        for (std::size_t j = 0; j < actual.size(); ++j) {
            if (!used[j] && actual[j].kind == expected[i].kind &&
                diag_differences(expected[i], actual[j]).empty()) {
                used[j] = true;
                found[i] = true;
                break;
            }
        }
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (found[i]) {
            continue;
        }
        const DiagExpect &x = expected[i];
        std::string name = "diagnostic " + x.kind + where(x) + ": ";
        bool reported = false;
        for (std::size_t j = 0; j < actual.size() && !reported; ++j) {
            if (used[j] || actual[j].kind != x.kind || (x.task && *x.task != actual[j].task_name)) {
                continue;
            }
            used[j] = true;
            reported = true;
            for (const std::string &d : diag_differences(x, actual[j])) {
                out.push_back(name + d);
            }
        }
        if (!reported) {
            out.push_back(name + "expected, not reported");
        }
    }
    for (std::size_t j = 0; j < actual.size(); ++j) {
        if (!used[j]) {
            out.push_back("diagnostic " + actual[j].kind + " (" + where(actual[j]) +
                          "): not expected: " + actual[j].message);
        }
    }
}

} // namespace

std::string format_diagnostic(const DiagnosticRecord &d) {
    std::string task = d.task == 0           ? std::string("-")
                       : d.task_name.empty() ? "#" + std::to_string(d.task)
                                             : d.task_name;
    std::string at = d.at_end ? "end" : d.poll != 0 ? "poll " + std::to_string(d.poll) : "-";
    char line[256];
    std::snprintf(line,
                  sizeof line,
                  "%10s  %-12s %-22s %-8s ",
                  format_duration(d.t).c_str(),
                  task.c_str(),
                  d.kind.c_str(),
                  at.c_str());
    return line + d.message;
}

std::vector<std::string> Scenario::check(const RunOutcome &outcome) const {
    std::vector<std::string> out;
    const Impl &impl = *impl_;
    if (impl.expect_rejected) {
        if (!impl.rejection) {
            out.push_back("rejected: expected the file to be rejected with an error containing " +
                          describe(*impl.expect_rejected) + ", but it runs");
        } else if (impl.rejection->find(*impl.expect_rejected) == std::string::npos) {
            out.push_back("rejected: expected the error to contain " +
                          describe(*impl.expect_rejected) + ", got " +
                          describe(impl.rejection->substr(0, impl.rejection->find('\n'))));
        }
        return out;
    }
    if (impl.expect_end_ns && *impl.expect_end_ns != outcome.report.end_ns) {
        out.push_back("end: expected " + format_duration(*impl.expect_end_ns) + ", got " +
                      format_duration(outcome.report.end_ns));
    }
    if (impl.expect_steps && *impl.expect_steps != outcome.report.steps) {
        out.push_back("steps: expected " + std::to_string(*impl.expect_steps) + ", got " +
                      std::to_string(outcome.report.steps));
    }
    if (impl.expect_stop && *impl.expect_stop != to_string(outcome.report.reason)) {
        out.push_back("stop: expected " + *impl.expect_stop + ", got " +
                      to_string(outcome.report.reason));
    }
    for (const TaskExpect &x : impl.expect_tasks) {
        const TaskView *t = nullptr;
        for (const TaskView &v : outcome.tasks) {
            if (v.name == x.task) {
                t = &v;
                break;
            }
        }
        std::string prefix = "task " + x.task + ": ";
        if (t == nullptr) {
            out.push_back(prefix + "no such task in the run");
            continue;
        }
        if (x.result_kind) {
            std::string expected;
            bool same = false;
            if (*x.result_kind == "stuck") {
                expected = "stuck";
                same = t->state != TaskState::completed;
            } else if (*x.result_kind == "panic") {
                expected = "panic " + describe(*x.panic);
                same = t->state == TaskState::completed && t->panic == *x.panic;
            } else {
                bool is_err = *x.result_kind == "err";
                expected = *x.result_kind + " " + x.result->describe();
                bool outcome_ok = t->state == TaskState::completed && t->panic.empty() &&
                                  (t->outcome == PollOutcome::err) == is_err;
                // An engine error reads as its text ("Canceled"): a string matches it too.
                same = outcome_ok && (t->result == x.result->describe() ||
                                      (is_err && x.result->type() == Value::Type::string &&
                                       t->result == x.result->text()));
            }
            if (!same) {
                out.push_back(prefix + "result: expected " + expected + ", got " +
                              describe_result(*t));
            }
        }
        if (x.completed_ns && *x.completed_ns != t->completed_ns) {
            out.push_back(prefix + "completed: expected " + format_duration(*x.completed_ns) +
                          ", got " +
                          (t->completed_ns < 0 ? std::string("not completed")
                                               : format_duration(t->completed_ns)));
        }
        if (x.polls && *x.polls != t->polls) {
            out.push_back(prefix + "polls: expected " + std::to_string(*x.polls) + ", got " +
                          std::to_string(t->polls));
        }
        if (x.unparks && *x.unparks != t->unparks) {
            out.push_back(prefix + "unparks: expected " + std::to_string(*x.unparks) + ", got " +
                          std::to_string(t->unparks));
        }
    }
    if (impl.has_expect) {
        check_diagnostics(impl.expect_diagnostics, outcome.diagnostics, out);
    }
    return out;
}

std::string format_summary(const RunOutcome &outcome) {
    char line[512];
    std::string out;
    std::snprintf(line,
                  sizeof line,
                  "run %s at %s after %llu steps\n\n",
                  to_string(outcome.report.reason),
                  format_duration(outcome.report.end_ns).c_str(),
                  static_cast<unsigned long long>(outcome.report.steps));
    out += line;
    std::snprintf(line,
                  sizeof line,
                  "%-4s %-12s %-10s %-28s %-12s %6s %8s\n",
                  "id",
                  "task",
                  "state",
                  "result",
                  "completed",
                  "polls",
                  "unparks");
    out += line;
    for (const TaskView &t : outcome.tasks) {
        std::string result = t.state != TaskState::completed ? "-" : describe_result(t);
        if (result.size() > 60) {
            result = result.substr(0, 57) + "...";
        }
        std::string done = t.completed_ns >= 0 ? format_duration(t.completed_ns) : "-";
        std::snprintf(line,
                      sizeof line,
                      "%-4u %-12s %-10s %-28s %-12s %6llu %8llu\n",
                      t.id,
                      t.name.c_str(),
                      to_string(t.state),
                      result.c_str(),
                      done.c_str(),
                      static_cast<unsigned long long>(t.polls),
                      static_cast<unsigned long long>(t.unparks));
        out += line;
    }
    if (!outcome.output.empty()) {
        out += "\noutput:\n";
        for (const OutputLine &o : outcome.output) {
            std::snprintf(line,
                          sizeof line,
                          "%10s  %-12s ",
                          format_duration(o.t).c_str(),
                          o.task_name.c_str());
            out += line + o.text + "\n";
        }
    }
    if (!outcome.diagnostics.empty()) {
        out += "\ndiagnostics:\n";
        for (const DiagnosticRecord &d : outcome.diagnostics) {
            out += format_diagnostic(d) + "\n";
        }
    }
    return out;
}

} // namespace futurescope::scenario
