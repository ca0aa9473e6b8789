// Evaluating values: the pure operators of a scenario (arithmetic, comparisons, strings, lists,
// tagged values), over an environment of variables. A wrong type or a bad index is a panic of
// the task, with Rust's message where Rust has one.
//
// [SECTION] Variables
// [SECTION] Values
#include <limits>

#include "interpreter.hpp"

namespace futurescope::scenario::building {

// [SECTION] Variables

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

// [SECTION] Values

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

namespace {

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

// add, sub, mul, div, mod, neg: on ints, with the panics of Rust's debug build where the result
// does not fit or there is none (and never C++'s undefined behaviour, or SIGFPE for
// INT64_MIN / -1): "attempt to divide by zero", "attempt to add with overflow", ….
Value eval_arithmetic(const Expr &e, const Env &env, RunState *rs) {
    auto arg = [&](std::size_t i) { return eval(e.args[i], env, rs); };
    if (e.op == Op::neg) {
        std::int64_t a = int_of(arg(0), "neg");
        if (a == std::numeric_limits<std::int64_t>::min()) {
            throw Panic("attempt to negate with overflow");
        }
        return Value(-a);
    }
    const char *name = e.op == Op::add   ? "add"
                       : e.op == Op::sub ? "sub"
                       : e.op == Op::mul ? "mul"
                       : e.op == Op::div ? "div"
                                         : "mod";
    std::int64_t a = int_of(arg(0), name);
    std::int64_t b = int_of(arg(1), name);
    std::int64_t r = 0;
    switch (e.op) {
    case Op::add:
        if (__builtin_add_overflow(a, b, &r)) {
            throw Panic("attempt to add with overflow");
        }
        return Value(r);
    case Op::sub:
        if (__builtin_sub_overflow(a, b, &r)) {
            throw Panic("attempt to subtract with overflow");
        }
        return Value(r);
    case Op::mul:
        if (__builtin_mul_overflow(a, b, &r)) {
            throw Panic("attempt to multiply with overflow");
        }
        return Value(r);
    case Op::div:
        if (b == 0) {
            throw Panic("attempt to divide by zero");
        }
        if (b == -1 && a == std::numeric_limits<std::int64_t>::min()) {
            throw Panic("attempt to divide with overflow");
        }
        return Value(a / b);
    case Op::mod:
        if (b == 0) {
            throw Panic("attempt to calculate the remainder with a divisor of zero");
        }
        if (b == -1 && a == std::numeric_limits<std::int64_t>::min()) {
            throw Panic("attempt to calculate the remainder with overflow");
        }
        return Value(a % b);
    default:
        break;
    }
    throw Panic("not a value expression"); // the loader makes this unreachable
}

// Comparisons, not, and, or, if.
Value eval_logic(const Expr &e, const Env &env, RunState *rs) {
    auto arg = [&](std::size_t i) { return eval(e.args[i], env, rs); };
    switch (e.op) {
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
    default:
        break;
    }
    throw Panic("not a value expression"); // the loader makes this unreachable
}

// Lists, tuples and strings as sequences: concat, len, get.
Value eval_sequence(const Expr &e, const Env &env, RunState *rs) {
    auto arg = [&](std::size_t i) { return eval(e.args[i], env, rs); };
    switch (e.op) {
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
    default:
        break;
    }
    throw Panic("not a value expression"); // the loader makes this unreachable
}

// Strings and bytes: upper, to_string, parse_int, bytes.
Value eval_text(const Expr &e, const Env &env, RunState *rs) {
    auto arg = [&](std::size_t i) { return eval(e.args[i], env, rs); };
    switch (e.op) {
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
    default:
        break;
    }
    throw Panic("not a value expression"); // the loader makes this unreachable
}

// Engine objects as values: a channel's sender, a future or a stream, clone and drop.
Value eval_handle(const Expr &e, const Env &env, RunState *rs) {
    auto arg = [&](std::size_t i) { return eval(e.args[i], env, rs); };
    switch (e.op) {
    case Op::sender:
        return rs->channel(e.name).sender;
    case Op::future_value:
        return Value::object("future", build_future(e.args[0], env, *rs));
    case Op::stream_value:
        return Value::object("stream", build_stream(e.args[0], env, *rs));
    case Op::clone: {
        Value v = arg(0);
        if (std::optional<Value> clone = clone_shared(v)) {
            return std::move(*clone);
        }
        if (auto *h = v.as_handle<Sender<Value>>(); h != nullptr && h->peek() != nullptr) {
            return Value::object("sender", h->peek()->clone());
        }
        if (auto *h = v.as_handle<UnboundedSender<Value>>(); h != nullptr && h->peek() != nullptr) {
            return Value::object("unbounded sender", h->peek()->clone());
        }
        if (auto *h = v.as_handle<unsync_mpsc::Sender<Value>>();
            h != nullptr && h->peek() != nullptr) {
            return Value::object("unsync sender", h->peek()->clone());
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

// Tagged values (Rc(v), Break(v), Continue(s), A((v, loser))) and fail.
Value eval_tagged(const Expr &e, const Env &env, RunState *rs) {
    auto arg = [&](std::size_t i) { return eval(e.args[i], env, rs); };
    switch (e.op) {
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

} // namespace

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
    case Op::sub:
    case Op::mul:
    case Op::div:
    case Op::mod:
    case Op::neg:
        return eval_arithmetic(e, env, rs);
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge:
    case Op::not_:
    case Op::and_:
    case Op::or_:
    case Op::if_:
        return eval_logic(e, env, rs);
    case Op::concat:
    case Op::len:
    case Op::get:
        return eval_sequence(e, env, rs);
    case Op::upper:
    case Op::to_string:
    case Op::parse_int:
    case Op::bytes:
        return eval_text(e, env, rs);
    case Op::sender:
    case Op::future_value:
    case Op::stream_value:
    case Op::clone:
    case Op::drop:
        return eval_handle(e, env, rs);
    case Op::shared:
        return shared_value(e, env, rs);
    case Op::with:
    case Op::with_flat_map:
    case Op::buffer:
    case Op::fanout:
    case Op::sink_map_err:
    case Op::sink_from_err:
    case Op::into_inner:
        return eval_sink(e, env, rs);
    case Op::rc:
    case Op::fail:
    case Op::break_:
    case Op::continue_:
    case Op::tag_of:
    case Op::untag:
        return eval_tagged(e, env, rs);
    case Op::field:
    case Op::current_task:
    case Op::notify:
    case Op::now_ms:
    case Op::unbounded_send:
    case Op::cell:
    case Op::load:
    case Op::store:
    case Op::receiver:
    case Op::poll_by_hand:
        return eval_hand_value(e, env, rs);
    default:
        break;
    }
    throw Panic("not a value expression"); // the loader makes this unreachable
}

} // namespace futurescope::scenario::building
