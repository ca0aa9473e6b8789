// Lowering expressions: literals and operators to the model's value operators, method chains to
// {"chain": […]}, closures to {"fn": …, "body": …}; calls and macros are in lower_calls.cpp. A
// `let` outside an async fn binds its value by substitution: a future is moved where it is used,
// as Rust moves it.
//
// [SECTION] Helpers
// [SECTION] Expressions
// [SECTION] Methods
// [SECTION] Closures, blocks and patterns
#include <algorithm>
#include <cctype>
#include <charconv>

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
        // The innermost binding of the name first.
        for (std::size_t k = env.size(); k-- > 0;) {
            const auto &[bound, value] = env[k];
            if (bound == a.name) {
                Val found = value;
                if (found.t == Val::T::listener) {
                    found.name = a.name;
                }
                if (found.moved) {
                    if (*found.moved) {
                        fail(a,
                             "use of moved value: `" + a.name + "`",
                             "a future is moved where it is used: it can be used once");
                    }
                    *found.moved = true;
                }
                substituted_ += found.size;
                if (substituted_ > max_substituted_nodes) {
                    fail(a,
                         "this program copies more than " + std::to_string(max_substituted_nodes) +
                             " expressions substituting its `let`s",
                         "use each future once, as Rust moves it");
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
        if (a.kind == Ast::Kind::field && a.kids[0].kind == Ast::Kind::path &&
            a.kids[0].name == "self") {
            if (poll_struct_ == nullptr) {
                fail(a.kids[0], "`self` is only allowed in a hand-written `fn poll(&mut self)`");
            }
            const auto &fields = poll_struct_->fields;
            if (std::find(fields.begin(), fields.end(), a.name) == fields.end()) {
                std::vector<std::string_view> known(fields.begin(), fields.end());
                std::string hint = loading::suggest(a.name, known);
                fail(a,
                     "no field `" + a.name + "` on type `" + poll_struct_->name + "`",
                     hint.empty() ? ""
                                  : "did you mean `" + hint.substr(16, hint.size() - 19) + "`?");
            }
            v.node = one("field", str(a.name, a.begin, a.end), a.begin, a.end);
            return v;
        }
        std::int64_t index = 0;
        if (a.kind == Ast::Kind::field) {
            auto [p, ec] = std::from_chars(a.name.data(), a.name.data() + a.name.size(), index);
            if (ec != std::errc() || p != a.name.data() + a.name.size()) {
                fail(a, "fields are not supported in the Rust form (no structs yet)");
            }
        }
        Node r = node(a.kids[0], env, depth);
        Node i =
            a.kind == Ast::Kind::field ? num(index, a.begin, a.end) : node(a.kids[1], env, depth);
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
        fail(a, "`return` is only supported in an async fn or a hand-written poll");
    case Ast::Kind::struct_lit:
        v.node = struct_literal(a, env, depth);
        return v;
    case Ast::Kind::assign:
    case Ast::Kind::loop:
    case Ast::Kind::break_:
    case Ast::Kind::continue_:
    case Ast::Kind::match:
        fail(a, "this is supported only as a statement of a hand-written `fn poll(&mut self)`");
    default:
        break;
    }
    fail(a, "this expression is not supported in the Rust form");
}

// [SECTION] Methods

Val Lowering::method(const Ast &m, Env &env, int depth) {
    auto name_begin = static_cast<std::size_t>(m.integer);
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
    if (!chainable && !specs.empty() && !specs[0]->args.empty() && specs[0]->args[0] == 'V' &&
        specs[0]->args.find('*') == std::string_view::npos &&
        specs[0]->args.size() == m.kids.size()) {
        // An operator of the model whose first argument is a value, as a method of it:
        // `self.clock.unbounded_send(x)`, `task.notify()`.
        std::vector<Node> args;
        args.push_back(std::move(receiver));
        for (std::size_t i = 1; i < m.kids.size(); ++i) {
            args.push_back(node(m.kids[i], env, depth));
        }
        v.node = one(m.name,
                     args.size() == 1 ? std::move(args[0]) : arr(std::move(args), m.begin, m.end),
                     m.begin,
                     m.end);
        return v;
    }
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
    auto name_begin = static_cast<std::size_t>(m.integer);
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
        if ((n == "send" || n == "complete") && m.kids.size() == 2) {
            // A sender held in a variable (a fold's accumulator): mpsc's Sender::send, which
            // consumes it and resolves to it once the channel took the item.
            Node value = node(m.kids[1], env, depth);
            v.node = one("send", arr({r.node, std::move(value)}, m.begin, m.end), m.begin, m.end);
            return v;
        }
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

namespace {

// The nodes of `n`, or false when it nests deeper than `limit`.
bool count_nodes(const Node &n, int limit, std::size_t &count) {
    if (limit < 0) {
        return false;
    }
    ++count;
    for (const Node &i : n.items) {
        if (!count_nodes(i, limit - 1, count)) {
            return false;
        }
    }
    for (const json::Member &m : n.members) {
        if (!count_nodes(m.second, limit - 1, count)) {
            return false;
        }
    }
    return true;
}

} // namespace

Val Lowering::measured(Val v, const Ast &at) const {
    v.size = 0;
    if (v.t == Val::T::node && v.node.is_object() && v.node.members.size() == 1) {
        const std::string &key = v.node.members[0].first;
        const auto specs = loading::specs_named(key);
        bool future = key == "chain" || key == "async" ||
                      std::any_of(specs.begin(), specs.end(), [](const loading::OpSpec *s) {
                          return s->result != Kind::value;
                      });
        if (future) {
            v.moved = std::make_shared<bool>(false);
        }
    }
    if (!count_nodes(v.node, 2 * max_depth, v.size)) {
        fail(at, "expression nested deeper than " + std::to_string(max_depth) + " levels");
    }
    return v;
}

void Lowering::bind(const Ast &pattern, Val v, Env &env) const {
    v = measured(std::move(v), pattern);
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
    for (const Ast &s : b.kids) {
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
