// Lowering calls and macros: the seed's names (Core, TcpStream, write_all, oneshot, Timeout, …)
// to the operators they stand for, the model's other operators called as functions, the file's
// own fns (inlined, or async), and vec!, format! and println!.
//
// [SECTION] Calls and the seed's names
// [SECTION] Macros
#include <algorithm>

#include "../loader.hpp"
#include "lower.hpp"

namespace futurescope::scenario::rust {

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
            inner.emplace_back(f->params[i], measured(std::move(args[i]), c));
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
    if (full == "task::current" || full == "task::park" || full == "futures::task::current" ||
        full == "futures::task::park") {
        // The handle of the task being polled: 0.1.31's name and the tutorial's.
        need(0);
        return op1(name == "park" ? "park" : "current_task", obj({}, b, e));
    }
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
    } else if (name == "done" || name == "result" || name == "String::from") {
        // The value itself: `future::result(r)`, `String::from("…")`.
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

} // namespace futurescope::scenario::rust
