// Lowering a lesson's program: `fn main()` and its tasks (`core.run(f)`, `handle.spawn(f)`,
// `tokio::spawn(f)`), the channels it makes, the `#![…]` header (world, expect, limits, …), the
// `//!` title and description, the `// note(…)` comments, and async fns with their await points.
//
// [SECTION] Nodes and errors
// [SECTION] The program
// [SECTION] main and its tasks
// [SECTION] Header, doc comments and notes
// [SECTION] Async fns
#include <algorithm>
#include <charconv>
#include <functional>

#include "../loader.hpp"
#include "lower.hpp"

namespace futurescope::scenario::rust {

// [SECTION] Nodes and errors

Node Lowering::at(std::size_t begin, std::size_t end) const {
    Node n;
    auto [line, column] = lines_.at(begin);
    n.line = line;
    n.column = column;
    n.begin = begin;
    n.end = end;
    return n;
}

Node Lowering::str(std::string text, std::size_t begin, std::size_t end) const {
    Node n = at(begin, end);
    n.type = Node::Type::string;
    n.text = std::move(text);
    return n;
}

Node Lowering::num(std::int64_t v, std::size_t begin, std::size_t end) const {
    Node n = at(begin, end);
    n.type = Node::Type::number;
    n.integral = true;
    n.integer = v;
    n.number = static_cast<double>(v);
    return n;
}

Node Lowering::arr(std::vector<Node> items, std::size_t begin, std::size_t end) const {
    Node n = at(begin, end);
    n.type = Node::Type::array;
    n.items = std::move(items);
    return n;
}

Node Lowering::obj(std::vector<std::pair<std::string, Node>> members,
                   std::size_t b,
                   std::size_t e) const {
    Node n = at(b, e);
    n.type = Node::Type::object;
    for (auto &[k, v] : members) {
        n.key_pos.emplace_back(v.line, v.column);
        n.members.push_back({std::move(k), std::move(v)});
    }
    return n;
}

void Lowering::fail(std::size_t begin,
                    std::size_t end,
                    std::string message,
                    std::string label) const {
    throw SyntaxError{begin, end, std::move(message), std::move(label)};
}

const FnItem *Lowering::find_fn(std::string_view name) const {
    for (const FnItem &f : p_.fns) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
}

// [SECTION] The program

namespace {

// The world of a lesson that uses the network and declares none: the seed's www.rust-lang.org
// (HTTPS on 443, 20 ms and 1 MB/s away) and the local host.
const char *default_world = R"({
  "hosts": [
    {"name": "client", "address": "10.0.0.1"},
    {"name": "www.rust-lang.org", "address": "10.0.0.2", "services": [{"kind": "https",
     "port": 443, "body": "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Rust Programming Language</title></head><body><h1>Rust</h1></body></html>\n"}]}
  ],
  "links": [{"between": ["client", "www.rust-lang.org"], "latency": 20, "bandwidth": 1000000}]
})";

// Every node at 1:1 (the default world is not in the file).
void place_at_start(Node &n) {
    n.line = 1;
    n.column = 1;
    n.begin = 0;
    n.end = 0;
    for (auto &kp : n.key_pos) {
        kp = {1, 1};
    }
    for (Node &i : n.items) {
        place_at_start(i);
    }
    for (json::Member &m : n.members) {
        place_at_start(m.second);
    }
}

} // namespace

Node Lowering::run() {
    Node root = obj({}, 0, 0);
    auto add = [&](const std::string &k, Node v) {
        root.key_pos.emplace_back(v.line, v.column);
        root.members.push_back({k, std::move(v)});
    };
    add("version", num(1, 0, 0));
    doc_comments(root);
    const FnItem *main = find_fn("main");
    if (main == nullptr) {
        fail(0, 0, "a lesson needs a `fn main()`");
    }
    if (std::any_of(main->attributes.begin(), main->attributes.end(), [](const std::string &a) {
            return a.rfind("tokio::main", 0) == 0;
        })) {
        tokio_main(*main);
    } else {
        main_fn(*main);
    }
    headers(root);
    if (root.find("name") == nullptr) {
        std::string name = stem_;
        std::size_t dash = name.find('-');
        if (dash != std::string::npos && dash > 0 && std::isdigit(name[0]) != 0) {
            name = name.substr(dash + 1); // "01-hello-world" → "hello-world"
        }
        add("name", str(name, 0, 0));
    }
    if (root.find("world") == nullptr && uses_network_) {
        Node w = json::parse(default_world);
        place_at_start(w);
        add("world", std::move(w));
    }
    if (!channels_.empty()) {
        add("channels", arr(std::move(channels_), 0, 0));
    }
    if (!p_.impls.empty() || !p_.structs.empty()) {
        add("types", types_section());
    }
    add("tasks", arr(std::move(tasks_), main->begin, main->end));
    if (runtime_ && root.find("runtime") == nullptr) {
        add("runtime", std::move(*runtime_));
    }
    notes();
    if (!narration_.empty() && root.find("narration") == nullptr) {
        add("narration", arr(std::move(narration_), 0, 0));
    }
    return root;
}

// [SECTION] main and its tasks

void Lowering::main_fn(const FnItem &f) {
    if (f.is_async) {
        fail(f.name_begin, f.name_end, "`async fn main` needs `#[tokio::main]`");
    }
    Env env;
    for (const Ast &s : f.body.kids) {
        main_statement(s, env);
    }
    if (tasks_.empty()) {
        fail(f.name_begin,
             f.name_end,
             "this program runs nothing: futures are lazy until `core.run(f)` or "
             "`handle.spawn(f)`",
             "a lesson needs at least one task");
    }
}

void Lowering::main_statement(const Ast &s, Env &env) {
    if (s.kind == Ast::Kind::let) {
        if (s.kids.size() < 2) {
            fail(s, "a `let` needs a value here");
        }
        const Ast &init = s.kids[1];
        if (task_statement(init, env, false)) {
            return; // let (_, data) = core.run(f).unwrap();
        }
        Val v = expr(init, env, 0);
        if (v.t == Val::T::channel) {
            channel_let(s, v);
            Val tx;
            tx.t = Val::T::sender;
            tx.text = s.kids[0].kids[1].name;
            Val rx = tx;
            rx.t = Val::T::receiver;
            env.emplace_back(s.kids[0].kids[0].name, tx);
            env.emplace_back(s.kids[0].kids[1].name, rx);
            return;
        }
        if (v.t == Val::T::listener) {
            listeners_.emplace_back(s.kids[0].name, v);
        }
        bind(s.kids[0], std::move(v), env);
        return;
    }
    const Ast &e = s.kids[0];
    if (task_statement(e, env, false) || helper_call(e, env, false)) {
        return;
    }
    if (e.kind == Ast::Kind::macro && (e.name == "println" || e.name == "print")) {
        return; // the program's own output is not part of the model
    }
    // Anything else is built and dropped: futures are lazy, so nothing runs.
    (void)expr(e, env, 0);
}

// `core.run(f)`, `handle.spawn(f)` or `tokio::spawn(f)`, possibly followed by `.unwrap()` or `?`:
// a task. Returns false for any other expression.
bool Lowering::task_statement(const Ast &stmt_expr, Env &env, bool tokio) {
    const Ast *e = &stmt_expr;
    while ((e->kind == Ast::Kind::method && (e->name == "unwrap" || e->name == "expect")) ||
           e->kind == Ast::Kind::try_) {
        e = &e->kids[0];
    }
    const Ast *future = nullptr;
    std::string name;
    if (e->kind == Ast::Kind::method && (e->name == "run" || e->name == "spawn") &&
        e->kids.size() == 2 && !tokio) {
        Val r = expr(e->kids[0], env, 0);
        if (r.t != (e->name == "run" ? Val::T::core : Val::T::handle)) {
            return false;
        }
        future = &e->kids[1];
        name = e->name == "run" ? "main" : "";
    } else if (e->kind == Ast::Kind::call && e->kids[0].kind == Ast::Kind::path &&
               (e->kids[0].name == "tokio::spawn" || (tokio && e->kids[0].name == "spawn")) &&
               e->kids.size() == 2) {
        future = &e->kids[1];
    } else {
        return false;
    }
    if (name.empty()) {
        if (future->kind == Ast::Kind::path) {
            name = future->name;
        } else if (future->kind == Ast::Kind::call && future->kids[0].kind == Ast::Kind::path) {
            name = std::string(future->kids[0].name);
        } else {
            name = "task" + std::to_string(tasks_.size() + 1);
        }
    }
    Node f = node(*future, env, 0);
    add_task(stmt_expr, *future, std::move(f), name);
    return true;
}

void Lowering::add_task(const Ast &stmt, const Ast &future_ast, Node future, std::string name) {
    bool daemon = false;
    if (std::optional<std::string> d = directive(stmt, "task")) {
        std::string text = *d;
        std::size_t comma = text.find(',');
        std::string rest = comma == std::string::npos ? "" : text.substr(comma + 1);
        name = text.substr(0, comma);
        while (!name.empty() && name.back() == ' ') {
            name.pop_back();
        }
        rest.erase(std::remove(rest.begin(), rest.end(), ' '), rest.end());
        if (rest == "daemon") {
            daemon = true;
        } else if (!rest.empty()) {
            fail(stmt, "unknown task option `" + rest + "`", "expected `// task: NAME, daemon`");
        }
    }
    // A listener the future uses is bound when its task first polls: the model's bind is a
    // future, tokio-core's a call that cannot fail in the simulation.
    std::function<bool(const Node &, const std::string &)> uses = [&](const Node &n,
                                                                      const std::string &var) {
        if (n.is_object() && n.members.size() == 1 && n.members[0].first == "var" &&
            n.members[0].second.text == var) {
            return true;
        }
        return std::any_of(
                   n.items.begin(), n.items.end(), [&](const Node &i) { return uses(i, var); }) ||
               std::any_of(n.members.begin(), n.members.end(), [&](const json::Member &m) {
                   return uses(m.second, var);
               });
    };
    // Innermost first: the listener bound last wraps the future first.
    for (std::size_t k = listeners_.size(); k-- > 0;) {
        const auto &[var, l] = listeners_[k];
        if (!uses(future, var)) {
            continue;
        }
        std::size_t b = l.begin;
        std::size_t e = l.end;
        std::vector<std::pair<std::string, Node>> fn;
        fn.emplace_back("fn", str(var, b, e));
        fn.emplace_back("body", std::move(future));
        std::vector<Node> steps;
        steps.push_back(one("bind", str(l.text, b, e), b, e));
        steps.push_back(one("and_then", obj(std::move(fn), b, e), b, e));
        future = one("chain", arr(std::move(steps), b, e), b, e);
    }
    std::vector<std::pair<std::string, Node>> task;
    task.emplace_back("name", str(name, stmt.begin, stmt.end));
    if (daemon) {
        Node d = at(stmt.begin, stmt.end);
        d.type = Node::Type::boolean;
        d.boolean = true;
        task.emplace_back("daemon", std::move(d));
    }
    (void)future_ast;
    task.emplace_back("future", std::move(future));
    tasks_.push_back(obj(std::move(task), stmt.begin, stmt.end));
}

// `spawner();`: a plain fn of the file called as a statement of main, whose statements are
// main's — the tutorial's `fn spawner() { tokio::spawn(example()); }`.
bool Lowering::helper_call(const Ast &e, Env &env, bool tokio) {
    if (e.kind != Ast::Kind::call || e.kids[0].kind != Ast::Kind::path) {
        return false;
    }
    const FnItem *f = find_fn(e.kids[0].name);
    if (f == nullptr || f->is_async || f->name == "main") {
        return false;
    }
    if (e.kids.size() - 1 != f->params.size()) {
        fail(e,
             "this function takes " + std::to_string(f->params.size()) + " arguments but " +
                 std::to_string(e.kids.size() - 1) + " were supplied");
    }
    if (++helper_depth_ > max_depth) {
        fail(e, "functions call each other deeper than " + std::to_string(max_depth) + " levels");
    }
    Env inner;
    for (std::size_t i = 1; i < e.kids.size(); ++i) {
        inner.emplace_back(f->params[i - 1], measured(expr(e.kids[i], env, 0), e.kids[i]));
    }
    for (const Ast &s : f->body.kids) {
        if (tokio && s.kind != Ast::Kind::let && !task_statement(s.kids[0], inner, true) &&
            !helper_call(s.kids[0], inner, true)) {
            fail(s, "only `tokio::spawn(f)` and `let` are supported in a function main calls");
        }
        if (!tokio || s.kind == Ast::Kind::let) {
            main_statement(s, inner);
        }
    }
    --helper_depth_;
    return true;
}

void Lowering::channel_let(const Ast &let, const Val &ctor) {
    const Ast &p = let.kids[0];
    if (p.kind != Ast::Kind::pat_tuple || p.kids.size() != 2 ||
        p.kids[0].kind != Ast::Kind::pat_ident || p.kids[1].kind != Ast::Kind::pat_ident) {
        fail(p, "a channel is split where it is made: `let (tx, rx) = …;`");
    }
    std::vector<std::pair<std::string, Node>> c;
    // The channel is named after its receiving half, which the trace shows.
    c.emplace_back("name", str(p.kids[1].name, p.kids[1].begin, p.kids[1].end));
    c.emplace_back("kind", str(ctor.text, ctor.begin, ctor.end));
    if (ctor.text == "mpsc") {
        c.emplace_back("capacity", ctor.node);
    }
    channels_.push_back(obj(std::move(c), let.begin, let.end));
}

void Lowering::tokio_main(const FnItem &f) {
    if (!f.is_async) {
        fail(f.name_begin, f.name_end, "`#[tokio::main]` needs an `async fn main`");
    }
    std::string attr;
    for (const std::string &a : f.attributes) {
        if (a.rfind("tokio::main", 0) == 0) {
            attr = a;
        }
    }
    if (attr.find("current_thread") == std::string::npos) {
        // The multi-threaded runtime, tokio's default: two workers, as the lessons' machine.
        std::size_t w = attr.find("worker_threads=");
        std::int64_t workers = 2;
        if (w != std::string::npos) {
            std::string_view digits = std::string_view(attr).substr(w + 15);
            auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), workers);
            if (ec != std::errc() || workers < 1) {
                fail(f.begin, f.name_end, "expected `worker_threads = N` with N a number");
            }
        }
        runtime_ = one("workers", num(workers, f.begin, f.name_end), f.begin, f.name_end);
    }
    Env env;
    for (const Ast &s : f.body.kids) {
        if (s.kind == Ast::Kind::let) {
            main_statement(s, env);
            continue;
        }
        const Ast &e = s.kids[0];
        if (e.kind == Ast::Kind::macro && (e.name == "println" || e.name == "print")) {
            continue;
        }
        if (!task_statement(e, env, true) && !helper_call(e, env, true)) {
            fail(s,
                 "only `tokio::spawn(f)`, `let` and `println!` are supported in "
                 "`#[tokio::main] async fn main`",
                 "spawn the work as a task");
        }
    }
    if (tasks_.empty()) {
        fail(f.name_begin, f.name_end, "this program spawns no task");
    }
}

// [SECTION] Header, doc comments and notes

std::optional<std::string> Lowering::directive(const Ast &stmt, std::string_view key) {
    auto [first, _c] = lines_.at(stmt.begin);
    auto [last, _d] = lines_.at(stmt.end);
    const std::string prefix = std::string(key) + ":";
    const auto &cs = p_.comments; // in line order
    auto take = [&](std::size_t i) -> std::optional<std::string> {
        if (cs[i].text.rfind(prefix, 0) != 0) {
            return std::nullopt;
        }
        used_comments_.insert(i);
        std::string v = cs[i].text.substr(prefix.size());
        v.erase(0, v.find_first_not_of(' '));
        return v;
    };
    auto by_line = [](const Comment &c, int line) { return c.line < line; };
    // A trailing comment on the statement's lines.
    auto it = std::lower_bound(cs.begin(), cs.end(), first, by_line);
    for (; it != cs.end() && it->line <= last; ++it) {
        if (it->trailing) {
            if (auto v = take(static_cast<std::size_t>(it - cs.begin()))) {
                return v;
            }
        }
    }
    // Or one of the comment lines right above it, nothing else between.
    auto above = std::lower_bound(cs.begin(), cs.end(), first, by_line);
    int line = first - 1;
    while (above != cs.begin() && std::prev(above)->line == line && !std::prev(above)->trailing) {
        --above;
        --line;
    }
    for (; above != cs.end() && above->line < first; ++above) {
        if (auto v = take(static_cast<std::size_t>(above - cs.begin()))) {
            return v;
        }
    }
    return std::nullopt;
}

void Lowering::doc_comments(Node &root) {
    std::vector<const Comment *> docs;
    for (const Comment &c : p_.comments) {
        if (c.doc) {
            docs.push_back(&c);
        }
    }
    if (docs.empty() || docs[0]->text.empty()) {
        fail(0, 0, "a lesson starts with its title: a `//! Title` line");
    }
    std::string description;
    bool paragraph = false;
    for (std::size_t i = 1; i < docs.size(); ++i) {
        const std::string &t = docs[i]->text;
        if (t.empty()) {
            paragraph = !description.empty();
            continue;
        }
        if (!description.empty()) {
            description += paragraph ? "\n\n" : " ";
        }
        paragraph = false;
        description += t;
    }
    const Comment &t = *docs[0];
    Node title = str(t.text, t.begin, t.end);
    root.key_pos.emplace_back(title.line, title.column);
    root.members.push_back({"title", std::move(title)});
    if (!description.empty()) {
        Node d = str(description, docs[1]->begin, docs.back()->end);
        root.key_pos.emplace_back(d.line, d.column);
        root.members.push_back({"description", std::move(d)});
    }
}

void Lowering::headers(Node &root) {
    static const std::vector<std::string_view> known{
        "name", "seed", "world", "expect", "limits", "runtime", "narration", "channels"};
    for (const Header &h : p_.headers) {
        if (std::find(known.begin(), known.end(), h.name) == known.end()) {
            std::string hint = loading::suggest(h.name, known);
            fail(h.begin,
                 h.end,
                 "unknown header `#![" + h.name + "]`",
                 hint.empty() ? "expected one of name, seed, world, expect, limits, runtime, "
                                "narration"
                              : "did you mean `" + hint.substr(16, hint.size() - 19) + "`?");
        }
        if (root.find(h.name) != nullptr) {
            fail(h.begin, h.end, "duplicate header `#![" + h.name + "]`");
        }
        Node v = h.value;
        if (h.name == "channels") {
            for (Node &c : v.items) {
                channels_.insert(channels_.begin(), c);
            }
            continue;
        }
        root.key_pos.emplace_back(v.line, v.column);
        root.members.push_back({h.name, std::move(v)});
    }
}

// `// note(TASK, poll N): text` or `// note(TASK, EVENT): text`, continued on the comment lines
// below it: the lesson's narration, in file order.
void Lowering::notes() {
    const auto &cs = p_.comments;
    for (std::size_t i = 0; i < cs.size(); ++i) {
        const Comment &c = cs[i];
        if (c.doc || c.text.rfind("note(", 0) != 0) {
            continue;
        }
        std::size_t close = c.text.find("):");
        if (close == std::string::npos) {
            fail(c.begin, c.end, "a note reads `// note(TASK, poll N): text`");
        }
        std::string where = c.text.substr(5, close - 5);
        std::string text = c.text.substr(close + 2);
        text.erase(0, text.find_first_not_of(' '));
        std::size_t end = c.end;
        for (std::size_t j = i + 1; j < cs.size() && cs[j].line == cs[j - 1].line + 1 &&
                                    !cs[j].trailing && !cs[j].doc && !cs[j].text.empty();
             ++j) {
            if (cs[j].text.rfind("note(", 0) == 0 || cs[j].text.rfind("task:", 0) == 0 ||
                cs[j].text.rfind("state:", 0) == 0) {
                break;
            }
            text += " " + cs[j].text;
            end = cs[j].end;
            i = j;
        }
        std::size_t comma = where.find(',');
        if (comma == std::string::npos) {
            fail(c.begin, c.end, "a note reads `// note(TASK, poll N): text`");
        }
        std::string task = where.substr(0, comma);
        std::string when = where.substr(comma + 1);
        when.erase(0, when.find_first_not_of(' '));
        std::vector<std::pair<std::string, Node>> a;
        a.emplace_back("task", str(task, c.begin, c.end));
        if (when.rfind("poll ", 0) == 0) {
            std::string n = when.substr(5);
            std::int64_t poll = 0;
            auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), poll);
            if (n.empty() || ec != std::errc() || p != n.data() + n.size()) {
                fail(c.begin, c.end, "expected `poll N` with N a number");
            }
            a.emplace_back("poll", num(poll, c.begin, c.end));
        } else {
            a.emplace_back("event", str(when, c.begin, c.end));
        }
        std::vector<std::pair<std::string, Node>> note;
        note.emplace_back("at", obj(std::move(a), c.begin, c.end));
        note.emplace_back("text", str(text, c.begin, end));
        narration_.push_back(obj(std::move(note), c.begin, end));
    }
}

// [SECTION] Async fns

Node Lowering::async_fn(
    const FnItem &f, std::vector<Val> args, const Ast &call, Env &env, int depth) {
    (void)env;
    Env inner;
    for (std::size_t i = 0; i < args.size(); ++i) {
        inner.emplace_back(f.params[i], measured(std::move(args[i]), call));
    }
    Node n = async_body(f.name, f.body, inner, depth);
    n.begin = call.begin;
    n.end = call.end;
    auto [line, column] = lines_.at(call.begin);
    n.line = line;
    n.column = column;
    return n;
}

Node Lowering::async_body(const std::string &name, const Ast &body, Env &env, int depth) {
    if (depth > max_depth) {
        fail(body, "async fns nested deeper than " + std::to_string(max_depth) + " levels");
    }
    ++async_depth_;
    Env inner = env;
    std::vector<Node> steps = async_steps(body, inner, depth + 1);
    --async_depth_;
    std::vector<std::pair<std::string, Node>> a;
    a.emplace_back("name", str(name, body.begin, body.end));
    a.emplace_back("body", arr(std::move(steps), body.begin, body.end));
    return one("async", obj(std::move(a), body.begin, body.end), body.begin, body.end);
}

std::vector<Node> Lowering::async_steps(const Ast &body, Env &env, int depth) {
    std::vector<Node> steps;
    auto awaited =
        [&](const Ast &e, const Ast &stmt, std::vector<std::pair<std::string, Node>> &m) {
            const Ast *x = &e;
            while (x->kind == Ast::Kind::try_) {
                x = &x->kids[0];
            }
            if (x->kind != Ast::Kind::await) {
                return false;
            }
            m.emplace_back("await", node(x->kids[0], env, depth));
            if (std::optional<std::string> s = directive(stmt, "state")) {
                m.emplace_back("state", str(*s, stmt.begin, stmt.end));
            }
            return true;
        };
    for (const Ast &s : body.kids) {
        std::vector<std::pair<std::string, Node>> m;
        if (s.kind == Ast::Kind::let) {
            const Ast &p = s.kids[0];
            if (p.kind != Ast::Kind::pat_ident || s.kids.size() < 2) {
                fail(s, "an async fn's `let` binds one name to a value: `let x = …;`");
            }
            m.emplace_back("let", str(p.name, p.begin, p.end));
            if (!awaited(s.kids[1], s, m)) {
                m.emplace_back("value", node(s.kids[1], env, depth));
            }
            Val var;
            var.node = one("var", str(p.name, p.begin, p.end), p.begin, p.end);
            env.emplace_back(p.name, var);
            steps.push_back(obj(std::move(m), s.begin, s.end));
            continue;
        }
        const Ast &e = s.kids[0];
        if (e.kind == Ast::Kind::macro && (e.name == "println" || e.name == "print")) {
            m.emplace_back("print", format_args(e, 0, env, depth));
        } else if (e.kind == Ast::Kind::return_ || s.kind == Ast::Kind::expr_tail) {
            const Ast *v =
                e.kind == Ast::Kind::return_ ? (e.kids.empty() ? nullptr : &e.kids[0]) : &e;
            if (v != nullptr && v->kind == Ast::Kind::await) {
                fail(*v, "an awaited tail is not supported yet: `let x = f.await;` then `x`");
            }
            if (v == nullptr || v->kind == Ast::Kind::unit) {
                continue;
            }
            m.emplace_back("return", node(*v, env, depth));
        } else if (!awaited(e, s, m)) {
            fail(s,
                 "this statement is not supported in an async fn: `let`, `.await`, "
                 "`println!` and `return`");
        }
        steps.push_back(obj(std::move(m), s.begin, s.end));
    }
    return steps;
}

} // namespace futurescope::scenario::rust

namespace futurescope::scenario::rust {

json::Node lower(std::string_view text, const Program &program, std::string stem) {
    return Lowering(text, program, std::move(stem)).run();
}

} // namespace futurescope::scenario::rust
