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
#include <map>

#include "futurescope/futures.hpp"
#include "futurescope/net/net.hpp"
#include "futurescope/with_source.hpp"
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
            c.sender = Value::object("oneshot sender", std::move(tx));
            c.receiver = Value::object("oneshot receiver", std::move(rx));
        } else if (spec->kind == "mpsc") {
            auto [tx, rx] = mpsc::channel<Value>(static_cast<std::size_t>(spec->capacity));
            c.sender = Value::object("sender", std::move(tx));
            c.receiver = Value::object("receiver", std::move(rx));
        } else {
            auto [tx, rx] = mpsc::unbounded<Value>();
            c.sender = Value::object("unbounded sender", std::move(tx));
            c.receiver = Value::object("receiver", std::move(rx));
        }
        return channels.emplace(name, std::move(c)).first->second;
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
        return value_future(val(0));
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
    case Op::lazy: {
        const Expr *inner = &e.args[0];
        return erase(lazy([inner, env, r] { return build_future(*inner, env, *r); }), e);
    }
    case Op::empty:
        return erase(empty<Value, Value>(), e);
    case Op::yield_now:
        return erase(poll_fn([yielded = false]() mutable -> Poll<Value, Value> {
                         if (yielded) {
                             return ready(Value());
                         }
                         yielded = true;
                         park().unpark("yield_now");
                         return not_ready;
                     }),
                     e);
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
        return erase(lazy([inner, env, r]() -> Result<Value, Value> {
                         futurescope::spawn(build_future(*inner, env, *r));
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
    default:
        break;
    }
    throw Panic("not a future expression");
}

// [SECTION] Streams

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
    default:
        break;
    }
    throw Panic("not a stream expression");
}

} // namespace

// [SECTION] Running and checking

Value eval_constant(const Expr &e) { return eval(e, nullptr, nullptr); }

RunOutcome run_impl(const Scenario::Impl &impl, const RunOptions &options) {
    Executor ex;
    ex.set_seed(options.seed.value_or(impl.seed));
    ex.set_limits(impl.limits);
    if (options.on_start) {
        options.on_start(ex);
    }
    RunOutcome outcome;
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
        RunState rs{impl, net ? &*net : nullptr, {}};
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
        if (options.on_finish) {
            options.on_finish(ex, outcome.report);
        }
    }
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

} // namespace

std::vector<std::string> Scenario::check(const RunOutcome &outcome) const {
    std::vector<std::string> out;
    const Impl &impl = *impl_;
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
    return out;
}

} // namespace futurescope::scenario
