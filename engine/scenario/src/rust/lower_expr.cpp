// Lowering expressions: literals and operators to the model's value operators, method chains to
// {"chain": […]}, closures to {"fn": …, "body": …}, and the seed's names (Core, TcpStream,
// write_all, oneshot, Timeout, …) to the operators they stand for. A `let` outside an async fn
// binds its value by substitution: a future is moved where it is used, as Rust moves it.
//
// [SECTION] Helpers
// [SECTION] Expressions
// [SECTION] Methods
// [SECTION] Calls and the seed's names
// [SECTION] Macros
// [SECTION] Closures, blocks and patterns
#include <algorithm>
#include <cctype>

#include "../loader.hpp"
#include "lower.hpp"

namespace futurescope::scenario::rust {

// [SECTION] Helpers

namespace {

bool is_literal(const Node &n) {
    if (n.is_array()) {
        return std::all_of(n.items.begin(), n.items.end(), is_literal);
    }
    return !n.is_object();
}

// The path without its crate and module prefixes the lessons may write.
std::string_view strip_prefix(std::string_view path) {
    static const std::vector<std::string_view> prefixes{"std::",
                                                        "futures::",
                                                        "tokio_core::",
                                                        "tokio_tls::",
                                                        "tokio::",
                                                        "sync::",
                                                        "unsync::",
                                                        "future::",
                                                        "stream::",
                                                        "io::",
                                                        "net::",
                                                        "reactor::",
                                                        "task::",
                                                        "time::",
                                                        "thread::",
                                                        "rc::"};
    bool again = true;
    while (again) {
        again = false;
        for (std::string_view p : prefixes) {
            if (path.substr(0, p.size()) == p && path.size() > p.size()) {
                path.remove_prefix(p.size());
                again = true;
            }
        }
    }
    return path;
}

const std::vector<std::string_view> &value_methods() {
    static const std::vector<std::string_view> m{
        "unwrap",       "expect", "clone",    "len",  "to_string",       "to_owned", "into",
        "to_uppercase", "parse",  "handle",   "run",  "spawn",           "incoming", "local_addr",
        "handshake",    "send",   "complete", "next", "to_socket_addrs", "as_bytes", "to_vec"};
    return m;
}

} // namespace

Node Lowering::as_node(const Val &v, const Ast &a) const {
    switch (v.t) {
    case Val::T::node:
        return v.node;
    case Val::T::sender:
        return one("sender", str(v.text, a.begin, a.end), a.begin, a.end);
    case Val::T::receiver:
        return one("recv", str(v.text, a.begin, a.end), a.begin, a.end);
    case Val::T::address:
        return str(v.text, a.begin, a.end);
    case Val::T::duration:
        return v.node;
    case Val::T::listener:
        // A listener where a future is needed: the model's bind, which resolves to it.
        return one("bind", str(v.text, v.begin, v.end), a.begin, a.end);
    case Val::T::core:
    case Val::T::handle:
        fail(a, "the event loop is not a value here", "pass futures to `core.run` or `spawn`");
    case Val::T::context:
        fail(a, "a TLS context is not a value here", "call `cx.handshake(domain, socket)`");
    case Val::T::channel:
        fail(a, "a channel must be split where it is made: `let (tx, rx) = …;`");
    }
    fail(a, "unsupported value");
}

Node Lowering::node(const Ast &a, Env &env, int depth) { return as_node(expr(a, env, depth), a); }

// [SECTION] Expressions

Val Lowering::expr(const Ast &a, Env &env, int depth) {
    if (depth > max_depth) {
        fail(a, "expression nested deeper than " + std::to_string(max_depth) + " levels");
    }
    ++depth;
    Val v;
    v.begin = a.begin;
    v.end = a.end;
    switch (a.kind) {
    case Ast::Kind::integer:
        v.node = num(a.integer, a.begin, a.end);
        return v;
    case Ast::Kind::floating:
        v.node = at(a.begin, a.end);
        v.node.type = Node::Type::number;
        v.node.number = a.number;
        return v;
    case Ast::Kind::string:
    case Ast::Kind::bytes:
        // Byte strings and strings are one kind of value in the model: bytes to write.
        v.node = str(a.text, a.begin, a.end);
        return v;
    case Ast::Kind::boolean:
        v.node = at(a.begin, a.end);
        v.node.type = Node::Type::boolean;
        v.node.boolean = a.flag;
        return v;
    case Ast::Kind::unit:
        v.node = at(a.begin, a.end);
        return v;
    case Ast::Kind::path: {
        for (auto it = env.rbegin(); it != env.rend(); ++it) {
            if (it->first == a.name) {
                Val found = it->second;
                if (found.t == Val::T::listener) {
                    found.name = a.name;
                }
                return found;
            }
        }
        std::string_view name = strip_prefix(a.name);
        if (name == "empty" || name == "yield_now") {
            fail(a, "`" + a.name + "` is a function: call it with `()`");
        }
        std::vector<std::string_view> names;
        for (const auto &[n, _] : env) {
            names.push_back(n);
        }
        std::string hint = loading::suggest(a.name, names);
        fail(a,
             "cannot find value `" + a.name + "` in this scope",
             hint.empty() ? "" : "did you mean `" + hint.substr(16, hint.size() - 19) + "`?");
    }
    case Ast::Kind::method:
        return method(a, env, depth);
    case Ast::Kind::call:
        return call(a, env, depth);
    case Ast::Kind::macro:
        return macro(a, env, depth);
    case Ast::Kind::field:
    case Ast::Kind::index: {
        Node r = node(a.kids[0], env, depth);
        Node i = a.kind == Ast::Kind::field ? num(std::stoll(a.name), a.begin, a.end)
                                            : node(a.kids[1], env, depth);
        if (a.kind == Ast::Kind::field && (a.name.empty() || !std::isdigit(a.name[0]))) {
            fail(a, "fields are not supported in the Rust form (no structs yet)");
        }
        v.node = one("get", arr({std::move(r), std::move(i)}, a.begin, a.end), a.begin, a.end);
        return v;
    }
    case Ast::Kind::tuple: {
        std::vector<Node> items;
        for (const Ast &k : a.kids) {
            items.push_back(node(k, env, depth));
        }
        v.node = one("tuple", arr(std::move(items), a.begin, a.end), a.begin, a.end);
        return v;
    }
    case Ast::Kind::array: {
        std::vector<Node> items;
        for (const Ast &k : a.kids) {
            items.push_back(node(k, env, depth));
        }
        Node list = arr(std::move(items), a.begin, a.end);
        v.node = is_literal(list) ? list : one("list", list, a.begin, a.end);
        return v;
    }
    case Ast::Kind::binary: {
        static const std::vector<std::pair<std::string_view, std::string_view>> ops{{"+", "add"},
                                                                                    {"-", "sub"},
                                                                                    {"*", "mul"},
                                                                                    {"/", "div"},
                                                                                    {"%", "mod"},
                                                                                    {"==", "eq"},
                                                                                    {"!=", "ne"},
                                                                                    {"<", "lt"},
                                                                                    {"<=", "le"},
                                                                                    {">", "gt"},
                                                                                    {">=", "ge"},
                                                                                    {"&&", "and"},
                                                                                    {"||", "or"}};
        auto it =
            std::find_if(ops.begin(), ops.end(), [&](const auto &o) { return o.first == a.name; });
        Node l = node(a.kids[0], env, depth);
        Node r = node(a.kids[1], env, depth);
        v.node = one(std::string(it->second),
                     arr({std::move(l), std::move(r)}, a.begin, a.end),
                     a.begin,
                     a.end);
        return v;
    }
    case Ast::Kind::unary: {
        const Ast &x = a.kids[0];
        if (a.name == "-" && (x.kind == Ast::Kind::integer || x.kind == Ast::Kind::floating)) {
            v.node = node(x, env, depth);
            v.node.integer = -v.node.integer;
            v.node.number = -v.node.number;
            v.node.begin = a.begin;
            return v;
        }
        v.node = one(a.name == "-" ? "neg" : "not", node(x, env, depth), a.begin, a.end);
        return v;
    }
    case Ast::Kind::if_: {
        Node c = node(a.kids[0], env, depth);
        Node t = as_node(block_value(a.kids[1], env, depth), a.kids[1]);
        if (a.kids.size() < 3) {
            fail(a, "an `if` without `else` has no value here: add an `else` branch");
        }
        const Ast &e = a.kids[2];
        Node f =
            e.kind == Ast::Kind::if_ ? node(e, env, depth) : as_node(block_value(e, env, depth), e);
        v.node = one(
            "if", arr({std::move(c), std::move(t), std::move(f)}, a.begin, a.end), a.begin, a.end);
        return v;
    }
    case Ast::Kind::block:
        return block_value(a, env, depth);
    case Ast::Kind::try_:
        // `?` propagates an error; in the model an error already ends the chain it is in.
        return expr(a.kids[0], env, depth);
    case Ast::Kind::await:
        fail(a, "`await` is only allowed inside `async` functions and blocks");
    case Ast::Kind::closure:
        fail(a, "a closure is only supported as the argument of a combinator");
    case Ast::Kind::async_block: {
        std::string name = "async_block";
        v.node = async_body(name, a.kids[0], env, depth);
        return v;
    }
    case Ast::Kind::return_:
        fail(a, "`return` is only supported in an async fn");
    default:
        break;
    }
    fail(a, "this expression is not supported in the Rust form");
}

// [SECTION] Methods

Val Lowering::method(const Ast &m, Env &env, int depth) {
    std::size_t name_begin = static_cast<std::size_t>(m.integer);
    std::size_t name_end = name_begin + m.name.size();
    const Ast &recv = m.kids[0];
    Val r = expr(recv, env, depth);
    bool found = false;
    Val special = special_method(m, r, env, depth, found);
    if (found) {
        return special;
    }
    Node receiver = as_node(r, recv);
    Val v;
    v.begin = m.begin;
    v.end = m.end;
    const auto specs = loading::specs_named(m.name);
    bool chainable = std::any_of(specs.begin(), specs.end(), [](const loading::OpSpec *s) {
        return !s->args.empty() && (s->args[0] == 'F' || s->args[0] == 'S');
    });
    if (!chainable) {
        std::vector<std::string_view> known;
        for (const loading::OpSpec &s : loading::op_table()) {
            if (!s.args.empty() && (s.args[0] == 'F' || s.args[0] == 'S')) {
                known.push_back(s.name);
            }
        }
        for (std::string_view k : value_methods()) {
            known.push_back(k);
        }
        std::string hint = loading::suggest(m.name, known);
        fail(name_begin,
             name_end,
             "unknown method `" + m.name + "` on a future",
             hint.empty() ? "" : "did you mean `" + hint.substr(16, hint.size() - 19) + "`?");
    }
    v.node = chain_step(m, std::move(receiver), env, depth);
    return v;
}

// `receiver.method(args)` as one more step of the receiver's chain.
Node Lowering::chain_step(const Ast &m, Node receiver, Env &env, int depth) {
    const loading::OpSpec *spec = nullptr;
    for (const loading::OpSpec *s : loading::specs_named(m.name)) {
        if (!s->args.empty() && (s->args[0] == 'F' || s->args[0] == 'S')) {
            spec = s;
            break;
        }
    }
    std::string_view codes = std::string_view(spec->args).substr(1);
    std::size_t given = m.kids.size() - 1;
    bool star = !codes.empty() && codes[0] == '*';
    std::size_t name_begin = static_cast<std::size_t>(m.integer);
    if (!star && given != codes.size()) {
        auto count = [](std::size_t n) {
            return std::to_string(n) + (n == 1 ? " argument" : " arguments");
        };
        fail(name_begin,
             name_begin + m.name.size(),
             "this method takes " + count(codes.size()) + " but " + count(given) +
                 (given == 1 ? " was" : " were") + " supplied",
             "`" + m.name + "` takes " + count(codes.size()));
    }
    std::vector<Node> args;
    for (std::size_t i = 1; i < m.kids.size(); ++i) {
        const Ast &a = m.kids[i];
        args.push_back(a.kind == Ast::Kind::closure ? closure(a, env, depth) : node(a, env, depth));
    }
    Node arg;
    if (codes.empty()) {
        arg = obj({}, m.begin, m.end);
    } else if (codes.size() == 1 && !star) {
        arg = std::move(args[0]);
    } else {
        arg = arr(std::move(args), m.begin, m.end);
    }
    Node step = one(m.name, std::move(arg), m.begin, m.end);
    if (receiver.is_object() && receiver.members.size() == 1 &&
        receiver.members[0].first == "chain") {
        Node &list = receiver.members[0].second;
        list.items.push_back(std::move(step));
        list.end = m.end;
        receiver.end = m.end;
        return receiver;
    }
    std::size_t b = receiver.begin;
    std::vector<Node> items;
    items.push_back(std::move(receiver));
    items.push_back(std::move(step));
    return one("chain", arr(std::move(items), b, m.end), b, m.end);
}

Val Lowering::special_method(const Ast &m, const Val &r, Env &env, int depth, bool &found) {
    found = true;
    const std::string &n = m.name;
    const Ast &recv = m.kids[0];
    Val v;
    v.begin = m.begin;
    v.end = m.end;
    auto no_args = [&] {
        if (m.kids.size() != 1) {
            fail(m, "`" + n + "` takes no arguments");
        }
    };
    if (n == "unwrap" || n == "expect") {
        return r; // a Result that the lessons never see fail
    }
    switch (r.t) {
    case Val::T::core:
        if (n == "handle") {
            no_args();
            v.t = Val::T::handle;
            return v;
        }
        if (n == "run") {
            fail(m, "`core.run(f)` runs a task: write it as a statement of `main`");
        }
        fail(m, "unknown method `" + n + "` on the event loop", "expected `handle` or `run`");
    case Val::T::handle:
        if (n == "spawn") {
            fail(m, "`handle.spawn(f)` is a statement: of `main`, or of a closure's block");
        }
        fail(m, "unknown method `" + n + "` on a handle", "expected `spawn`");
    case Val::T::listener:
        if (n == "incoming") {
            no_args();
            v.node = one("incoming",
                         one("var", str(r.name, recv.begin, recv.end), m.begin, m.end),
                         m.begin,
                         m.end);
            return v;
        }
        if (n == "local_addr") {
            v.t = Val::T::address;
            v.text = r.text;
            return v;
        }
        if (!loading::specs_named(n).empty()) {
            // Used as a future (`bind(…).and_then(|listener| …)`): the model's bind.
            found = false;
            return v;
        }
        fail(m, "unknown method `" + n + "` on a listener", "expected `incoming` or `local_addr`");
    case Val::T::context:
        if (n == "handshake") {
            if (m.kids.size() != 3) {
                fail(m, "`handshake` takes 2 arguments: the domain and the socket");
            }
            uses_network_ = true;
            Node domain = node(m.kids[1], env, depth);
            Node socket = node(m.kids[2], env, depth);
            v.node = one("tls_handshake",
                         arr({std::move(domain), std::move(socket)}, m.begin, m.end),
                         m.begin,
                         m.end);
            return v;
        }
        fail(m, "unknown method `" + n + "` on a TLS context", "expected `handshake`");
    case Val::T::sender:
        if (n == "send" || n == "complete") {
            if (m.kids.size() != 2) {
                fail(m, "`" + n + "` takes 1 argument: the value");
            }
            Node value = node(m.kids[1], env, depth);
            v.node = one(
                "send", arr({as_node(r, recv), std::move(value)}, m.begin, m.end), m.begin, m.end);
            return v;
        }
        if (n == "clone") {
            v.node = one("clone", as_node(r, recv), m.begin, m.end);
            return v;
        }
        fail(m, "unknown method `" + n + "` on a sender", "expected `send` or `clone`");
    case Val::T::address:
        if (n == "to_socket_addrs" || n == "parse" || n == "next") {
            return r;
        }
        break;
    case Val::T::node:
        if (n == "incoming" && m.kids.size() == 1) {
            v.node = one("incoming", r.node, m.begin, m.end);
            return v;
        }
        if (r.node.is_string() && (n == "to_socket_addrs" || n == "parse") && m.kids.size() == 1 &&
            r.node.text.find(':') != std::string::npos) {
            v.t = Val::T::address;
            v.text = r.node.text;
            return v;
        }
        break;
    default:
        break;
    }
    static const std::vector<std::pair<std::string_view, std::string_view>> value_ops{
        {"clone", "clone"},
        {"len", "len"},
        {"to_string", "to_string"},
        {"to_uppercase", "upper"},
        {"parse", "parse_int"}};
    for (const auto &[rust, op] : value_ops) {
        if (n == rust) {
            no_args();
            v.node = one(std::string(op), as_node(r, recv), m.begin, m.end);
            return v;
        }
    }
    if (n == "to_owned" || n == "into" || n == "as_bytes" || n == "to_vec") {
        no_args();
        return r;
    }
    found = false;
    return v;
}

// [SECTION] Calls and the seed's names

Val Lowering::call(const Ast &c, Env &env, int depth) {
    const Ast &callee = c.kids[0];
    if (callee.kind != Ast::Kind::path) {
        fail(callee, "only functions can be called here");
    }
    bool found = false;
    Val v = seed_call(c, callee.name, env, depth, found);
    if (found) {
        return v;
    }
    if (const FnItem *f = find_fn(callee.name)) {
        std::vector<Val> args;
        for (std::size_t i = 1; i < c.kids.size(); ++i) {
            args.push_back(expr(c.kids[i], env, depth));
        }
        if (args.size() != f->params.size()) {
            fail(c,
                 "this function takes " + std::to_string(f->params.size()) + " arguments but " +
                     std::to_string(args.size()) + " were supplied");
        }
        if (f->is_async) {
            v.node = async_fn(*f, std::move(args), c, env, depth);
            v.begin = c.begin;
            v.end = c.end;
            return v;
        }
        // A plain fn is inlined: its parameters bound to the arguments, its body's value.
        Env inner;
        for (std::size_t i = 0; i < args.size(); ++i) {
            inner.emplace_back(f->params[i], std::move(args[i]));
        }
        return block_value(f->body, inner, depth);
    }
    fail(callee, "cannot find function `" + callee.name + "` in this scope");
}

Node Lowering::duration(const Ast &a, Env &env, int depth) {
    Val d = expr(a, env, depth);
    if (d.t == Val::T::duration) {
        return d.node;
    }
    if (d.t == Val::T::node && d.node.is_number()) {
        return d.node;
    }
    fail(a, "expected a duration: `Duration::from_millis(n)`");
}

Val Lowering::seed_call(const Ast &c, const std::string &full, Env &env, int depth, bool &found) {
    found = true;
    std::string name(strip_prefix(full));
    std::size_t argc = c.kids.size() - 1;
    Val v;
    v.begin = c.begin;
    v.end = c.end;
    const std::size_t b = c.begin;
    const std::size_t e = c.end;
    auto need = [&](std::size_t n) {
        if (argc != n) {
            fail(c,
                 "`" + full + "` takes " + std::to_string(n) + " argument" + (n == 1 ? "" : "s") +
                     ", found " + std::to_string(argc));
        }
    };
    auto arg = [&](std::size_t i) { return node(c.kids[i + 1], env, depth); };
    auto op1 = [&](const char *op, Node x) {
        v.node = one(op, std::move(x), b, e);
        return v;
    };
    if (name == "Core::new") {
        need(0);
        v.t = Val::T::core;
    } else if (name == "ClientContext::new" || name == "TlsConnector::builder") {
        need(0);
        v.t = Val::T::context;
    } else if (name == "TcpStream::connect") {
        need(2);
        Val addr = expr(c.kids[1], env, depth);
        if (addr.t != Val::T::address) {
            fail(c.kids[1], "expected an address: `\"host:port\".parse().unwrap()`");
        }
        uses_network_ = true;
        return op1("connect", str(addr.text, c.kids[1].begin, c.kids[1].end));
    } else if (name == "TcpListener::bind") {
        need(2);
        Val addr = expr(c.kids[1], env, depth);
        if (addr.t != Val::T::address) {
            fail(c.kids[1], "expected an address: `\"host:port\".parse().unwrap()`");
        }
        uses_network_ = true;
        v.t = Val::T::listener;
        v.text = addr.text;
    } else if (name == "write_all" || name == "read_exact") {
        need(2);
        Node s = arg(0);
        Node buf = arg(1);
        return op1(name.c_str(), arr({std::move(s), std::move(buf)}, b, e));
    } else if (name == "read_to_end") {
        need(2);
        return op1("read_to_end", arg(0));
    } else if (name == "shutdown") {
        need(1);
        return op1("shutdown", arg(0));
    } else if (name == "Vec::new" || name == "String::new") {
        need(0);
        v.node = name == "Vec::new" ? arr({}, b, e) : str("", b, e);
    } else if (name == "Ok" || name == "ok" || name == "finished") {
        need(1);
        return op1("ok", arg(0));
    } else if (name == "Err" || name == "err" || name == "failed") {
        need(1);
        return op1("err", arg(0));
    } else if (name == "done" || name == "result") {
        need(1);
        return expr(c.kids[1], env, depth);
    } else if (name == "lazy") {
        need(1);
        const Ast &f = c.kids[1];
        if (f.kind != Ast::Kind::closure || f.kids.size() != 1) {
            fail(f, "`lazy` takes a closure without parameters: `lazy(|| …)`");
        }
        return op1("lazy", node(f.kids[0], env, depth));
    } else if (name == "empty" || name == "yield_now") {
        need(0);
        return op1(name.c_str(), obj({}, b, e));
    } else if (name == "iter_ok" || name == "iter") {
        need(1);
        return op1("iter", arg(0));
    } else if (name == "iter_result") {
        need(1);
        return op1("iter_result", arg(0));
    } else if (name == "oneshot" || name == "oneshot::channel" || name == "unbounded" ||
               name == "mpsc::unbounded" || name == "mpsc::channel") {
        v.t = Val::T::channel;
        v.text = name == "oneshot" || name == "oneshot::channel" ? "oneshot"
                 : name == "mpsc::channel"                       ? "mpsc"
                                                                 : "unbounded";
        need(v.text == "mpsc" ? 1 : 0);
        if (v.text == "mpsc") {
            v.node = arg(0);
        }
    } else if (name == "Timeout::new" || name == "Delay::new" || name == "sleep") {
        need(name == "Timeout::new" ? 2 : 1);
        return op1("delay", duration(c.kids[1], env, depth));
    } else if (name == "Interval::new" || name == "interval") {
        need(name == "Interval::new" ? 2 : 1);
        return op1("interval", duration(c.kids[1], env, depth));
    } else if (name.substr(0, 10) == "Duration::") {
        need(1);
        Node n = arg(0);
        std::string unit = name == "Duration::from_millis"   ? ""
                           : name == "Duration::from_secs"   ? "s"
                           : name == "Duration::from_micros" ? "us"
                           : name == "Duration::from_nanos"  ? "ns"
                                                             : "?";
        if (unit == "?") {
            fail(c.kids[0], "unknown function `" + full + "`", "expected `from_millis`");
        }
        v.t = Val::T::duration;
        v.node = unit.empty() ? n : one(unit, n, b, e);
    } else if (name == "Box::new") {
        need(1);
        return op1("boxed", arg(0));
    } else if (name == "Rc::new") {
        need(1);
        return op1("rc", arg(0));
    } else if (name == "String::from_utf8_lossy" || name == "String::from_utf8") {
        need(1);
        return op1("to_string", arg(0));
    } else if (name == "String::from") {
        need(1);
        return expr(c.kids[1], env, depth);
    } else if (name == "drop" || name == "mem::drop") {
        need(1);
        return op1("drop", arg(0));
    } else if (name == "Loop::Break" || name == "Loop::Continue") {
        need(1);
        return op1(name == "Loop::Break" ? "break" : "continue", arg(0));
    } else if (name == "spawn" || name == "thread::spawn") {
        fail(c, "`" + full + "` is a statement: of `main`, or of a closure's block");
    } else {
        // Functions of the operator table that take no receiver: join_all, select_all,
        // select_ok, loop_fn, unfold.
        static const std::vector<std::string_view> free_fns{
            "join_all", "select_all", "select_ok", "loop_fn", "unfold"};
        if (std::find(free_fns.begin(), free_fns.end(), name) == free_fns.end()) {
            return model_operator(c, full, env, depth, found);
        }
        std::vector<Node> args;
        for (std::size_t i = 1; i < c.kids.size(); ++i) {
            const Ast &a = c.kids[i];
            args.push_back(a.kind == Ast::Kind::closure ? closure(a, env, depth)
                                                        : node(a, env, depth));
        }
        if (name == "loop_fn" || name == "unfold") {
            need(2);
            return op1(name.c_str(), arr(std::move(args), b, e));
        }
        need(1);
        Node list = std::move(args[0]);
        if (list.is_object() && list.members.size() == 1 && list.members[0].first == "list") {
            list = list.members[0].second; // vec![a, b] of futures: the operator's array
        }
        return op1(name.c_str(), std::move(list));
    }
    return v;
}

// Any other operator of the model, called as a function with its arguments in the table's order:
// `forgetful_delay(10)`, `local_get("user")`, `select(a, b)`. The lessons use these where the
// tutorial's Rust has no name for what the model shows.
Val Lowering::model_operator(
    const Ast &c, const std::string &full, Env &env, int depth, bool &found) {
    Val v;
    v.begin = c.begin;
    v.end = c.end;
    const auto specs = loading::specs_named(full);
    if (specs.empty() || full.find("::") != std::string::npos || find_fn(full) != nullptr) {
        found = false;
        return v;
    }
    std::string_view codes = specs[0]->args;
    bool star = !codes.empty() && codes[0] == '*';
    std::size_t argc = c.kids.size() - 1;
    if (!star && argc != codes.size()) {
        fail(c,
             "`" + full + "` takes " + std::to_string(codes.size()) + " argument" +
                 (codes.size() == 1 ? "" : "s") + ", found " + std::to_string(argc));
    }
    std::vector<Node> args;
    for (std::size_t i = 1; i < c.kids.size(); ++i) {
        const Ast &a = c.kids[i];
        Val x = a.kind == Ast::Kind::closure ? Val{} : expr(a, env, depth);
        args.push_back(a.kind == Ast::Kind::closure ? closure(a, env, depth) : as_node(x, a));
    }
    Node arg;
    if (codes.empty()) {
        arg = obj({}, c.begin, c.end);
    } else if (codes.size() == 1 && !star) {
        arg = std::move(args[0]);
    } else {
        arg = arr(std::move(args), c.begin, c.end);
    }
    v.node = one(full, std::move(arg), c.begin, c.end);
    return v;
}

// [SECTION] Macros

Node Lowering::format_args(const Ast &m, std::size_t first, Env &env, int depth) {
    if (m.kids.size() <= first || m.kids[first].kind != Ast::Kind::string) {
        fail(m, "`" + m.name + "!` takes a format string first");
    }
    const std::string &f = m.kids[first].text;
    std::vector<Node> parts;
    std::size_t next_arg = first + 1;
    std::string piece;
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (f.compare(i, 2, "{{") == 0 || f.compare(i, 2, "}}") == 0) {
            piece += f[i];
            ++i;
            continue;
        }
        if (f[i] != '{') {
            piece += f[i];
            continue;
        }
        std::size_t close = f.find('}', i);
        std::string spec = f.substr(i + 1, close == std::string::npos ? 0 : close - i - 1);
        if (close == std::string::npos || (spec != "" && spec != ":?")) {
            fail(m.kids[first], "only `{}` and `{:?}` are supported in format strings");
        }
        if (next_arg >= m.kids.size()) {
            fail(m, "format string has more `{}` than arguments");
        }
        if (!piece.empty()) {
            parts.push_back(str(piece, m.kids[first].begin, m.kids[first].end));
            piece.clear();
        }
        parts.push_back(node(m.kids[next_arg++], env, depth));
        i = close;
    }
    if (next_arg != m.kids.size()) {
        fail(m.kids[next_arg], "argument never used by the format string");
    }
    if (!piece.empty()) {
        parts.push_back(str(piece, m.kids[first].begin, m.kids[first].end));
    }
    if (parts.size() == 1) {
        return parts[0];
    }
    if (parts.empty()) {
        return str("", m.begin, m.end);
    }
    return one("concat", arr(std::move(parts), m.begin, m.end), m.begin, m.end);
}

Val Lowering::macro(const Ast &m, Env &env, int depth) {
    Val v;
    v.begin = m.begin;
    v.end = m.end;
    if (m.name == "vec") {
        Ast list = m;
        list.kind = Ast::Kind::array;
        return expr(list, env, depth);
    }
    if (m.name == "format") {
        v.node = format_args(m, 0, env, depth);
        return v;
    }
    if (m.name == "println" || m.name == "print" || m.name == "eprintln") {
        fail(m, "`" + m.name + "!` is a statement of `main` or of an async fn");
    }
    fail(m.begin,
         m.begin + m.name.size() + 1,
         "macro `" + m.name + "!` is not supported in the Rust form",
         "the lessons know vec!, format! and println!");
}

// [SECTION] Closures, blocks and patterns

Node Lowering::closure(const Ast &c, Env &env, int depth) {
    std::size_t nparams = c.kids.size() - 1;
    Env inner = env;
    Node params;
    auto name_of = [&](const Ast &p) -> Node {
        if (p.kind == Ast::Kind::pat_wild) {
            return str("_", p.begin, p.end);
        }
        if (p.kind != Ast::Kind::pat_ident) {
            fail(p, "nested tuple patterns are not supported in closure parameters");
        }
        Val var;
        var.node = one("var", str(p.name, p.begin, p.end), p.begin, p.end);
        inner.emplace_back(p.name, var);
        return str(p.name, p.begin, p.end);
    };
    if (nparams == 1 && c.kids[0].kind == Ast::Kind::pat_tuple) {
        std::vector<Node> names;
        for (const Ast &p : c.kids[0].kids) {
            names.push_back(name_of(p));
        }
        params = arr(std::move(names), c.kids[0].begin, c.kids[0].end);
    } else if (nparams == 1) {
        params = name_of(c.kids[0]);
    } else if (nparams > 1) {
        std::vector<Node> names;
        for (std::size_t i = 0; i < nparams; ++i) {
            if (c.kids[i].kind == Ast::Kind::pat_tuple) {
                fail(c.kids[i], "tuple patterns are supported only as a closure's one parameter");
            }
            names.push_back(name_of(c.kids[i]));
        }
        params = arr(std::move(names), c.kids[0].begin, c.kids[nparams - 1].end);
    }
    const Ast &body = c.kids.back();
    Node b = as_node(expr(body, inner, depth + 1), body);
    if (nparams == 0) {
        return b; // || body: a function that ignores its argument
    }
    std::vector<std::pair<std::string, Node>> members;
    members.emplace_back("fn", std::move(params));
    members.emplace_back("body", std::move(b));
    return obj(std::move(members), c.begin, c.end);
}

void Lowering::bind(const Ast &pattern, Val v, Env &env) const {
    switch (pattern.kind) {
    case Ast::Kind::pat_ident:
        if (v.t == Val::T::listener) {
            v.name = pattern.name;
        }
        env.emplace_back(pattern.name, std::move(v));
        return;
    case Ast::Kind::pat_wild:
        return;
    default:
        fail(pattern, "a tuple pattern is supported here only for a channel: `let (tx, rx) = …;`");
    }
}

// A block's value: its `let`s bound by substitution, the `spawn`s it makes, then its tail.
Val Lowering::block_value(const Ast &b, Env &env, int depth) {
    if (b.kind != Ast::Kind::block) {
        return expr(b, env, depth);
    }
    Env inner = env;
    std::vector<Node> spawns;
    for (std::size_t i = 0; i < b.kids.size(); ++i) {
        const Ast &s = b.kids[i];
        if (s.kind == Ast::Kind::let) {
            if (s.kids.size() < 2) {
                fail(s, "a `let` needs a value here");
            }
            bind(s.kids[0], expr(s.kids[1], inner, depth), inner);
            continue;
        }
        const Ast &e = s.kids[0];
        if (s.kind == Ast::Kind::expr_tail) {
            Val tail = expr(e, inner, depth);
            if (spawns.empty()) {
                return tail;
            }
            Node t = as_node(tail, e);
            bool unit_ok = t.is_object() && t.members.size() == 1 && t.members[0].first == "ok" &&
                           t.members[0].second.type == Node::Type::null;
            if (!unit_ok || spawns.size() != 1) {
                fail(e, "a block that spawns must spawn one task and end with `Ok(())`");
            }
            Val v;
            v.node = std::move(spawns[0]);
            return v;
        }
        bool is_spawn = e.kind == Ast::Kind::method && e.name == "spawn";
        bool tokio_spawn = e.kind == Ast::Kind::call && e.kids[0].kind == Ast::Kind::path &&
                           strip_prefix(e.kids[0].name) == "spawn";
        if ((is_spawn || tokio_spawn) && e.kids.size() == 2) {
            if (is_spawn && expr(e.kids[0], inner, depth).t != Val::T::handle) {
                fail(e.kids[0], "`spawn` is a method of the event loop's handle");
            }
            spawns.push_back(one("spawn", node(e.kids[1], inner, depth), e.begin, e.end));
            continue;
        }
        fail(s, "this statement is not supported in a closure: only `let`, `spawn` and a tail");
    }
    fail(b, "this block has no value: end it with an expression");
}

} // namespace futurescope::scenario::rust
