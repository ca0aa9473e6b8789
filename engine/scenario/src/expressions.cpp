// Compiling expressions: literals, variables, chains of methods and the operators of the table,
// each checked where it is written so that a run never meets a malformed expression. An
// operator's arguments are compiled in arguments.cpp.
//
// [SECTION] Kinds: coercion and inference
// [SECTION] Expressions
// [SECTION] Constants
#include <algorithm>

#include "compiler.hpp"

namespace futurescope::scenario::loading {

// [SECTION] Kinds: coercion and inference

namespace {

int steps_depth(const std::vector<AsyncStep> &steps) {
    int d = 0;
    for (const AsyncStep &s : steps) {
        d = std::max({d, s.expr.depth, steps_depth(s.body)});
    }
    return d;
}

// 1 + the deepest of its arguments, its function's body and its async fn's steps, each of which
// has its depth already.
int depth_of(const Expr &e) {
    if (e.op == Op::literal && e.args.empty()) {
        return 0; // a constant builds nothing: ok(1) is one future deep
    }
    int d = 0;
    for (const Expr &a : e.args) {
        d = std::max(d, a.depth);
    }
    if (e.fn) {
        d = std::max(d, e.fn->body.depth);
    }
    if (e.async) {
        d = std::max(d, steps_depth(e.async->body));
    }
    return d + 1;
}

const std::string split_hint = "; split it, e.g. into a loop_fn or several tasks";

} // namespace

Expr Compiler::compile(
    const Node &n, const std::string &path, Kind want, const Scope &scope, int depth) {
    if (depth > json::max_depth) {
        l_.fail(n,
                path,
                "expression nested deeper than " + std::to_string(json::max_depth) + " levels");
    }
    Expr e = coerce(compile_any(n, path, want, scope, depth), n, path, want);
    e.depth = depth_of(e);
    if (e.depth > max_built_depth) {
        l_.fail(n,
                path,
                "futures nested deeper than the " + std::to_string(max_built_depth) +
                    " this tool builds" + split_hint);
    }
    return e;
}

Expr Compiler::coerce(Expr e, const Node &n, const std::string &path, Kind want) {
    if (e.kind == want) {
        return e;
    }
    if (want == Kind::future && e.kind == Kind::value) {
        Expr w;
        w.op = Op::value_as_future;
        w.kind = Kind::future;
        w.path = path;
        w.args.push_back(std::move(e));
        return w;
    }
    if (want == Kind::stream && e.kind == Kind::value && e.op == Op::var) {
        Expr w;
        w.op = Op::var_stream;
        w.kind = Kind::stream;
        w.path = path;
        w.args.push_back(std::move(e));
        return w;
    }
    std::string what = std::string(kind_name(e.kind));
    if (n.is_object() && n.members.size() == 1) {
        what += " (" + qt(n.members[0].first) + ")";
    }
    l_.fail(n, path, std::string("expected ") + kind_name(want) + ", found " + what);
}

Kind Compiler::infer(const Node &n, Kind context) const {
    if (!n.is_object() || n.members.size() != 1) {
        return Kind::value;
    }
    const std::string &name = n.members[0].first;
    const Node &arg = n.members[0].second;
    if (name == "var") {
        return context;
    }
    if (name == "new") {
        const HandType *t =
            arg.is_object() && arg.members.size() == 1 ? hand_type(arg.members[0].first) : nullptr;
        return t == nullptr ? Kind::value : t->stream ? Kind::stream : Kind::future;
    }
    if (name == "chain") {
        if (arg.is_array() && !arg.items.empty()) {
            Kind k = infer(arg.items[0], context);
            for (std::size_t i = 1; i < arg.items.size(); ++i) {
                k = infer_step(arg.items[i], k);
            }
            return k;
        }
        return context;
    }
    auto specs = specs_named(name);
    if (specs.empty()) {
        return Kind::value;
    }
    if (specs.size() == 1) {
        return specs[0]->result;
    }
    if (name == "recv") {
        const ChannelSpec *c = channel(arg.is_string() ? arg.text : "");
        return c != nullptr && c->kind == "oneshot" ? Kind::future : Kind::stream;
    }
    // Overloaded on the receiver: the first argument.
    const Node *receiver = arg.is_array() && !arg.items.empty() ? &arg.items[0] : &arg;
    Kind r = infer(*receiver, context == Kind::value ? Kind::future : context);
    return r == Kind::stream ? Kind::stream : Kind::future;
}

Kind Compiler::infer_step(const Node &step, Kind acc) const {
    if (!step.is_object() || step.members.size() != 1) {
        return acc;
    }
    auto specs = specs_named(step.members[0].first);
    for (const OpSpec *s : specs) {
        if (!s->args.empty() && (s->args[0] == 'F'   ? Kind::future
                                 : s->args[0] == 'S' ? Kind::stream
                                                     : Kind::value) == acc) {
            return s->result;
        }
    }
    return specs.empty() ? acc : specs[0]->result;
}

const ChannelSpec *Compiler::channel(const std::string &name) const {
    for (const ChannelSpec &c : l_.channels_) {
        if (c.name == name) {
            return &c;
        }
    }
    return nullptr;
}

std::vector<std::string_view> Compiler::channel_names() const {
    std::vector<std::string_view> v;
    for (const ChannelSpec &c : l_.channels_) {
        v.push_back(c.name);
    }
    return v;
}

const OpSpec *Compiler::choose(const std::string &name,
                               const Node &n,
                               const std::string &path,
                               Kind receiver_kind,
                               bool has_receiver) const {
    auto specs = specs_named(name);
    if (specs.empty()) {
        l_.fail_key(
            n, 0, path + "/" + name, "unknown operator " + qt(name) + suggest(name, op_names()));
    }
    if (specs.size() == 1) {
        return specs[0];
    }
    if (name == "recv") {
        return nullptr; // decided by the channel's kind
    }
    (void)has_receiver;
    for (const OpSpec *s : specs) {
        Kind first = s->args[0] == 'S' ? Kind::stream : Kind::future;
        if (first == receiver_kind) {
            return s;
        }
    }
    return specs[0];
}

// [SECTION] Expressions

Expr Compiler::literal_of(const Node &n, const std::string &path, const Scope &scope, int depth) {
    Expr e;
    e.path = path;
    e.kind = Kind::value;
    switch (n.type) {
    case Node::Type::null:
        e.literal = Value();
        return e;
    case Node::Type::boolean:
        e.literal = Value(n.boolean);
        return e;
    case Node::Type::number:
        if (!n.integral) {
            l_.fail(n, path, "expected an integer, found a fraction");
        }
        e.literal = Value(n.integer);
        return e;
    case Node::Type::string:
        e.literal = Value(n.text);
        return e;
    case Node::Type::array:
        e.op = Op::list;
        for (std::size_t i = 0; i < n.items.size(); ++i) {
            e.args.push_back(
                compile(n.items[i], path + "/" + std::to_string(i), Kind::value, scope, depth + 1));
        }
        return e;
    case Node::Type::object:
        break;
    }
    return e;
}

Expr Compiler::compile_any(
    const Node &n, const std::string &path, Kind want, const Scope &scope, int depth) {
    if (!n.is_object()) {
        return literal_of(n, path, scope, depth);
    }
    if (n.find("fn") != nullptr) {
        l_.fail(n, path, "a function is not allowed here");
    }
    if (n.members.size() != 1) {
        if (n.members.empty()) {
            l_.fail(n, path, "expected an operator: an object with one key, found an empty object");
        }
        l_.fail(n,
                path,
                "expected an operator: an object with one key, found " +
                    std::to_string(n.members.size()) + " keys");
    }
    const std::string &name = n.members[0].first;
    const Node &arg = n.members[0].second;
    std::string apath = path + "/" + name;
    if (name == "var") {
        return compile_var(arg, apath, path, scope);
    }
    if (name == "const") {
        Expr e;
        e.kind = Kind::value;
        e.path = path;
        e.literal = constant(arg, apath);
        return e;
    }
    if (name == "chain") {
        return compile_chain(arg, apath, want, scope, depth);
    }
    if (name == "async") {
        return compile_async(arg, apath, path, scope, depth);
    }
    if (name == "new") {
        return compile_new(arg, apath, path, scope, depth);
    }
    if (name == "field") {
        return compile_field(arg, apath, path);
    }
    if (name == "spawn" && arg.is_object() && arg.find("future") != nullptr) {
        return named_spawn(arg, apath, path, scope, depth);
    }
    return compile_operator(n, name, arg, path, want, scope, depth);
}

Expr Compiler::compile_var(const Node &arg,
                           const std::string &apath,
                           const std::string &path,
                           const Scope &scope) const {
    Expr e;
    e.op = Op::var;
    e.kind = Kind::value;
    e.path = path;
    e.name = l_.string_of(arg, apath);
    if (std::find(scope.begin(), scope.end(), e.name) == scope.end()) {
        l_.fail(arg,
                apath,
                "unknown variable " + qt(e.name) +
                    suggest(e.name, std::vector<std::string_view>(scope.begin(), scope.end())));
    }
    return e;
}

Kind Compiler::chain_head_kind(const Node &arg, Kind want) const {
    Kind base_kind = infer(arg.items[0], want == Kind::value ? Kind::future : want);
    if (base_kind == Kind::value) {
        base_kind = Kind::future;
    }
    if (arg.items.size() >= 2 && arg.items[0].is_object() && arg.items[0].members.size() == 1 &&
        arg.items[0].members[0].first == "var") {
        // A variable at the head: the first method says whether it is a stream.
        const Node &step = arg.items[1];
        if (step.is_object() && step.members.size() == 1) {
            auto specs = specs_named(step.members[0].first);
            bool future_ok = false;
            bool stream_ok = false;
            for (const OpSpec *s : specs) {
                future_ok = future_ok || (!s->args.empty() && s->args[0] == 'F');
                stream_ok = stream_ok || (!s->args.empty() && s->args[0] == 'S');
            }
            if (stream_ok && (!future_ok || want == Kind::stream)) {
                base_kind = Kind::stream;
            }
        }
    }
    return base_kind;
}

Expr Compiler::compile_chain(
    const Node &arg, const std::string &apath, Kind want, const Scope &scope, int depth) {
    l_.expect_type(arg, Node::Type::array, apath, "an array: a future or stream, then methods");
    if (arg.items.empty()) {
        l_.fail(arg, apath, "expected at least one element");
    }
    Kind base_kind = chain_head_kind(arg, want);
    Expr acc = compile(arg.items[0], apath + "/0", base_kind, scope, depth + 1);
    for (std::size_t i = 1; i < arg.items.size(); ++i) {
        const Node &step = arg.items[i];
        std::string spath = apath + "/" + std::to_string(i);
        if (!step.is_object() || step.members.size() != 1) {
            l_.fail(step, spath, "expected a method: an object with one key, such as {\"map\": …}");
        }
        acc = apply(step, spath, std::move(acc), scope, depth + 1);
        // Each step wraps the ones before it: checked as the chain grows, so that a long chain is
        // refused before it is built.
        acc.depth = depth_of(acc);
        if (acc.depth > max_built_depth) {
            l_.fail(arg,
                    apath,
                    "a chain of " + std::to_string(arg.items.size()) +
                        " steps is deeper than the " + std::to_string(max_built_depth) +
                        " futures this tool nests" + split_hint);
        }
    }
    return acc;
}

Expr Compiler::compile_operator(const Node &n,
                                const std::string &name,
                                const Node &arg,
                                const std::string &path,
                                Kind want,
                                const Scope &scope,
                                int depth) {
    std::string apath = path + "/" + name;
    Kind recv_kind = Kind::future;
    auto specs = specs_named(name);
    if (specs.size() > 1 && name != "recv") {
        const Node *receiver = arg.is_array() && !arg.items.empty() ? &arg.items[0] : &arg;
        recv_kind = infer(*receiver, want == Kind::value ? Kind::future : want);
        if (recv_kind == Kind::value) {
            recv_kind = Kind::future;
        }
    }
    const OpSpec *spec = choose(name, n, path, recv_kind, false);
    if (spec == nullptr) {
        return compile_recv(arg, apath, path);
    }
    std::vector<const Node *> args;
    std::vector<std::string> paths;
    split_args(*spec, arg, apath, args, paths, 0);
    return build(*spec, args, paths, path, scope, depth, std::nullopt);
}

Expr Compiler::compile_recv(const Node &arg,
                            const std::string &apath,
                            const std::string &path) const {
    std::string ch = l_.string_of(arg, apath);
    const ChannelSpec *c = channel(ch);
    if (c == nullptr) {
        l_.fail(arg, apath, "unknown channel " + qt(ch) + suggest(ch, channel_names()));
    }
    Expr e;
    e.op = c->kind == "oneshot" ? Op::recv_oneshot : Op::recv_stream;
    e.kind = c->kind == "oneshot" ? Kind::future : Kind::stream;
    e.path = path;
    e.name = ch;
    return e;
}

// {"spawn": {"name": "worker", "future": F, "daemon": false}}: a spawned task with a name.
Expr Compiler::named_spawn(const Node &arg,
                           const std::string &apath,
                           const std::string &path,
                           const Scope &scope,
                           int depth) {
    l_.only_keys(arg, apath, {"future", "name", "daemon"});
    Expr e;
    e.op = Op::spawn;
    e.kind = Kind::future;
    e.path = path;
    e.args.push_back(
        compile(*arg.find("future"), apath + "/future", Kind::future, scope, depth + 1));
    if (const Node *n = arg.find("name")) {
        e.name = l_.string_of(*n, apath + "/name");
        l_.claim_task_name(*n, apath + "/name", e.name);
        l_.spawn_names_.push_back(e.name);
    }
    if (const Node *d = arg.find("daemon")) {
        l_.expect_type(*d, Node::Type::boolean, apath + "/daemon", "true or false");
        e.num = d->boolean ? 1 : 0;
    }
    return e;
}

Expr Compiler::apply(
    const Node &step, const std::string &spath, Expr receiver, const Scope &scope, int depth) {
    const std::string &name = step.members[0].first;
    const Node &arg = step.members[0].second;
    auto specs = specs_named(name);
    if (specs.empty()) {
        l_.fail_key(step,
                    0,
                    spath + "/" + name,
                    "unknown operator " + qt(name) + suggest(name, op_names()));
    }
    if (receiver.kind == Kind::value) {
        // A step that gives a value (shared, future) followed by a method of futures: the value
        // stands for the future it holds, as a value does wherever a future is expected.
        receiver = coerce(std::move(receiver), step, spath, Kind::future);
    }
    const OpSpec *spec = nullptr;
    for (const OpSpec *s : specs) {
        if (!s->args.empty() && ((s->args[0] == 'F' && receiver.kind == Kind::future) ||
                                 (s->args[0] == 'S' && receiver.kind == Kind::stream))) {
            spec = s;
            break;
        }
    }
    if (spec == nullptr) {
        l_.fail_key(step,
                    0,
                    spath + "/" + name,
                    qt(name) + " is not a method of " + kind_name(receiver.kind));
    }
    std::vector<const Node *> args;
    std::vector<std::string> paths;
    split_args(*spec, arg, spath + "/" + name, args, paths, 1);
    return build(*spec, args, paths, spath, scope, depth, std::move(receiver));
}

// [SECTION] Constants

Value Compiler::constant(const Node &n, const std::string &path) const {
    switch (n.type) {
    case Node::Type::null:
        return Value();
    case Node::Type::boolean:
        return Value(n.boolean);
    case Node::Type::number:
        if (!n.integral) {
            l_.fail(n, path, "expected an integer, found a fraction");
        }
        return Value(n.integer);
    case Node::Type::string:
        return Value(n.text);
    case Node::Type::array: {
        std::vector<Value> items;
        for (std::size_t i = 0; i < n.items.size(); ++i) {
            items.push_back(constant(n.items[i], path + "/" + std::to_string(i)));
        }
        return Value::list(std::move(items));
    }
    case Node::Type::object:
        l_.fail(n, path, "expected a constant, found an object");
    }
    return Value();
}

} // namespace futurescope::scenario::loading
