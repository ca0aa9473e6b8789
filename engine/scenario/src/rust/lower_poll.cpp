// Lowering futures and streams written by hand: `struct Name { … }` with its
// `impl Future for Name { fn poll(&mut self) -> Poll<…> { … } }` (or `impl Stream`) becomes one
// entry of the document's "types", each Rust statement of the poll one statement of the JSON form
// (scenarios/README.md, "Futures written by hand"), and `Name { field: value }` its "new".
//
// [SECTION] Types
// [SECTION] Statements of a poll
// [SECTION] Answers and match arms
#include <algorithm>

#include "../loader.hpp"
#include "lower.hpp"

namespace futurescope::scenario::rust {

// [SECTION] Types

Node Lowering::types_section() {
    std::vector<Node> types;
    for (const ImplItem &im : p_.impls) {
        auto st = std::find_if(p_.structs.begin(), p_.structs.end(), [&](const StructItem &x) {
            return x.name == im.type;
        });
        if (st == p_.structs.end()) {
            fail(im.begin, im.end, "cannot find type `" + im.type + "` in this scope");
        }
        std::vector<Node> fields;
        for (const std::string &f : st->fields) {
            fields.push_back(str(f, st->begin, st->end));
        }
        poll_struct_ = &*st;
        Env env;
        std::vector<Node> poll = poll_steps(im.poll, env, 0);
        poll_struct_ = nullptr;
        std::vector<std::pair<std::string, Node>> t;
        t.emplace_back("struct", str(im.type, im.begin, im.end));
        t.emplace_back("impl", str(im.trait, im.begin, im.end));
        t.emplace_back("fields", arr(std::move(fields), st->begin, st->end));
        t.emplace_back("poll", arr(std::move(poll), im.poll.begin, im.poll.end));
        types.push_back(obj(std::move(t), im.begin, im.end));
    }
    for (const StructItem &st : p_.structs) {
        if (std::none_of(p_.impls.begin(), p_.impls.end(), [&](const ImplItem &im) {
                return im.type == st.name;
            })) {
            fail(st.begin,
                 st.end,
                 "struct `" + st.name + "` has no `impl Future` or `impl Stream`",
                 "a lesson's structs are futures or streams written by hand");
        }
    }
    return arr(std::move(types), 0, 0);
}

Node Lowering::struct_literal(const Ast &s, Env &env, int depth) {
    std::vector<std::pair<std::string, Node>> fields;
    for (const Ast &f : s.kids) {
        fields.emplace_back(f.name, node(f.kids[0], env, depth));
    }
    Node init = obj(std::move(fields), s.begin, s.end);
    return one("new", one(s.name, std::move(init), s.begin, s.end), s.begin, s.end);
}

// [SECTION] Statements of a poll

// `self.inner.poll()`: "inner".
std::string Lowering::polled_field(const Ast &e) const {
    if (e.kind == Ast::Kind::method && e.name == "poll" && e.kids.size() == 1 &&
        e.kids[0].kind == Ast::Kind::field && e.kids[0].kids[0].kind == Ast::Kind::path &&
        e.kids[0].kids[0].name == "self") {
        return e.kids[0].name;
    }
    fail(e, "expected `self.field.poll()`", "a poll polls the futures and streams in its fields");
}

std::vector<Node> Lowering::poll_steps(const Ast &block, Env &env, int depth) {
    if (depth > max_depth) {
        fail(block, "statements nested deeper than " + std::to_string(max_depth) + " levels");
    }
    Env inner = env;
    std::vector<Node> steps;
    if (block.kind != Ast::Kind::block) {
        steps.push_back(poll_statement(block, block, true, inner, depth + 1));
        return steps;
    }
    for (const Ast &s : block.kids) {
        if (s.kind == Ast::Kind::let) {
            const Ast &p = s.kids[0];
            if (p.kind != Ast::Kind::pat_ident || s.kids.size() < 2) {
                fail(s, "a poll's `let` binds one name to a value: `let x = …;`");
            }
            std::vector<std::pair<std::string, Node>> m;
            m.emplace_back("let", str(p.name, p.begin, p.end));
            const Ast &init = s.kids[1];
            if (init.kind == Ast::Kind::macro && init.name == "try_ready" &&
                init.kids.size() == 1) {
                m.emplace_back("try_ready", str(polled_field(init.kids[0]), init.begin, init.end));
            } else {
                m.emplace_back("value", node(init, inner, depth + 1));
            }
            Val var;
            var.node = one("var", str(p.name, p.begin, p.end), p.begin, p.end);
            inner.emplace_back(p.name, var);
            steps.push_back(obj(std::move(m), s.begin, s.end));
            continue;
        }
        steps.push_back(
            poll_statement(s, s.kids[0], s.kind == Ast::Kind::expr_tail, inner, depth + 1));
    }
    return steps;
}

Node Lowering::poll_statement(const Ast &s, const Ast &e, bool tail, Env &env, int depth) {
    auto one_step = [&](const char *key, Node v) { return one(key, std::move(v), s.begin, s.end); };
    switch (e.kind) {
    case Ast::Kind::assign: {
        const Ast &place = e.kids[0];
        if (place.kind != Ast::Kind::field || place.kids[0].kind != Ast::Kind::path ||
            place.kids[0].name != "self") {
            fail(place, "only a field of `self` can be assigned: `self.n = …;`");
        }
        std::vector<std::pair<std::string, Node>> m;
        m.emplace_back("set", str(place.name, place.begin, place.end));
        m.emplace_back("value", node(e.kids[1], env, depth));
        return obj(std::move(m), s.begin, s.end);
    }
    case Ast::Kind::if_: {
        std::vector<std::pair<std::string, Node>> m;
        m.emplace_back("if", node(e.kids[0], env, depth));
        m.emplace_back("then", arr(poll_steps(e.kids[1], env, depth), e.kids[1].begin, e.end));
        if (e.kids.size() > 2) {
            const Ast &other = e.kids[2];
            std::vector<Node> steps =
                other.kind == Ast::Kind::if_
                    ? std::vector<Node>{poll_statement(other, other, tail, env, depth + 1)}
                    : poll_steps(other, env, depth);
            m.emplace_back("else", arr(std::move(steps), other.begin, other.end));
        }
        return obj(std::move(m), s.begin, s.end);
    }
    case Ast::Kind::match: {
        std::string field = polled_field(e.kids[0]);
        bool stream = false;
        std::vector<Node> arms;
        for (std::size_t i = 1; i < e.kids.size(); ++i) {
            arms.push_back(match_arm(e.kids[i], stream, env, depth));
        }
        std::vector<std::pair<std::string, Node>> m;
        m.emplace_back("match", str(field, e.kids[0].begin, e.kids[0].end));
        m.emplace_back("arms", arr(std::move(arms), e.begin, e.end));
        return obj(std::move(m), s.begin, s.end);
    }
    case Ast::Kind::loop:
        return one_step("loop", arr(poll_steps(e.kids[0], env, depth), e.begin, e.end));
    case Ast::Kind::break_:
        return one_step("break", obj({}, e.begin, e.end));
    case Ast::Kind::continue_:
        return one_step("continue", obj({}, e.begin, e.end));
    case Ast::Kind::return_:
        if (e.kids.empty()) {
            fail(e, "a poll returns its answer: `return Ok(Async::NotReady);`");
        }
        return one_step("return", poll_answer(e.kids[0], env, depth));
    case Ast::Kind::macro:
        if (e.name == "try_ready" && e.kids.size() == 1) {
            return one_step("try_ready", str(polled_field(e.kids[0]), e.begin, e.end));
        }
        if (e.name == "println" || e.name == "print") {
            return one_step("print", format_args(e, 0, env, depth));
        }
        break;
    case Ast::Kind::method:
        if ((e.name == "notify" || e.name == "unpark") && e.kids.size() == 1) {
            return one_step(e.name.c_str(), node(e.kids[0], env, depth));
        }
        break;
    default:
        break;
    }
    if (tail) {
        return one_step("return", poll_answer(e, env, depth));
    }
    return one_step("do", node(e, env, depth));
}

// [SECTION] Answers and match arms

Node Lowering::poll_answer(const Ast &e, Env &env, int depth) {
    auto is_call = [](const Ast &a, std::string_view name) {
        return a.kind == Ast::Kind::call && a.kids[0].kind == Ast::Kind::path &&
               a.kids[0].name == name && a.kids.size() == 2;
    };
    auto is_path = [](const Ast &a, std::string_view name) {
        return a.kind == Ast::Kind::path && a.name == name;
    };
    if (is_call(e, "Ok")) {
        const Ast &a = e.kids[1];
        if (is_path(a, "Async::NotReady")) {
            return one("not_ready", obj({}, e.begin, e.end), e.begin, e.end);
        }
        if (is_call(a, "Async::Ready")) {
            const Ast &v = a.kids[1];
            if (is_call(v, "Some")) {
                return one("some", node(v.kids[1], env, depth), e.begin, e.end);
            }
            if (is_path(v, "None")) {
                return one("none", obj({}, e.begin, e.end), e.begin, e.end);
            }
            return one("ready", node(v, env, depth), e.begin, e.end);
        }
    }
    if (is_call(e, "Err")) {
        return one("err", node(e.kids[1], env, depth), e.begin, e.end);
    }
    fail(e,
         "a poll answers `Ok(Async::Ready(v))`, `Ok(Async::NotReady)` or `Err(e)`",
         "a stream's: `Ok(Async::Ready(Some(v)))` or `Ok(Async::Ready(None))`");
}

Node Lowering::match_arm(const Ast &arm, bool stream, Env &env, int depth) {
    (void)stream;
    const Ast &p = arm.kids[0];
    std::string pattern;
    const Ast *bind = nullptr;
    auto call_of = [](const Ast &a, std::string_view name) -> const Ast * {
        return a.kind == Ast::Kind::call && a.kids[0].kind == Ast::Kind::path &&
                       a.kids[0].name == name && a.kids.size() == 2
                   ? &a.kids[1]
                   : nullptr;
    };
    if (p.kind == Ast::Kind::path && p.name == "_") {
        pattern = "_";
    } else if (const Ast *ok = call_of(p, "Ok")) {
        if (ok->kind == Ast::Kind::path && ok->name == "Async::NotReady") {
            pattern = "not_ready";
        } else if (const Ast *ready = call_of(*ok, "Async::Ready")) {
            if (const Ast *some = call_of(*ready, "Some")) {
                pattern = "some";
                bind = some;
            } else if (ready->kind == Ast::Kind::path && ready->name == "None") {
                pattern = "none";
            } else {
                pattern = "ready";
                bind = ready;
            }
        }
    } else if (const Ast *err = call_of(p, "Err")) {
        pattern = "err";
        bind = err;
    }
    if (pattern.empty() || (bind != nullptr && bind->kind != Ast::Kind::path)) {
        fail(p,
             "expected a poll's answer as the pattern",
             "`Ok(Async::Ready(v))`, `Ok(Async::NotReady)`, `Err(e)`, `_`");
    }
    Env inner = env;
    std::vector<std::pair<std::string, Node>> m;
    m.emplace_back("pattern", str(pattern, p.begin, p.end));
    if (bind != nullptr) {
        m.emplace_back("bind", str(bind->name, bind->begin, bind->end));
        if (bind->name != "_") {
            Val var;
            var.node = one("var", str(bind->name, bind->begin, bind->end), bind->begin, bind->end);
            inner.emplace_back(bind->name, var);
        }
    }
    m.emplace_back("body", arr(poll_steps(arm.kids[1], inner, depth + 1), arm.begin, arm.end));
    return obj(std::move(m), arm.begin, arm.end);
}

} // namespace futurescope::scenario::rust
