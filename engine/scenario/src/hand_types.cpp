// Compiling futures and streams written by hand: the "types" section (each a struct's fields and
// the statements of its poll, one JSON statement for each Rust statement), the struct literal
// that makes an instance ({"new": {"Countdown": {…}}}) and {"field": "n"} (`self.n`). The
// statements are checked where they are written — every field named exists, every match covers
// every answer, every path through poll ends in a return — so that a run never meets a
// malformed poll. hand_future.cpp runs them.
//
// [SECTION] Declarations
// [SECTION] Instances and fields
// [SECTION] Statements
// [SECTION] Matches and answers
#include <algorithm>

#include "compiler.hpp"

namespace futurescope::scenario::loading {

namespace {

bool valid_type_name(const std::string &s) {
    if (s.empty() || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

std::vector<std::string_view> views(const std::vector<std::string> &v) {
    return {v.begin(), v.end()};
}

// True when running `stmts` cannot reach their end: the last one returns, or branches that all
// do. A loop without a break never ends either (it returns from inside, or runs out of budget).
bool diverges(const std::vector<HandStmt> &stmts);

bool has_break(const std::vector<HandStmt> &stmts) {
    for (const HandStmt &s : stmts) {
        if (s.kind == HandStmt::Kind::break_) {
            return true;
        }
        if (s.kind == HandStmt::Kind::loop) {
            continue; // its breaks are its own
        }
        if (has_break(s.body) || has_break(s.else_body)) {
            return true;
        }
        for (const HandArm &a : s.arms) {
            if (has_break(a.body)) {
                return true;
            }
        }
    }
    return false;
}

bool diverges(const std::vector<HandStmt> &stmts) {
    if (stmts.empty()) {
        return false;
    }
    const HandStmt &s = stmts.back();
    switch (s.kind) {
    case HandStmt::Kind::return_:
    case HandStmt::Kind::break_:
    case HandStmt::Kind::continue_:
        return true;
    case HandStmt::Kind::if_:
        return !s.else_body.empty() && diverges(s.body) && diverges(s.else_body);
    case HandStmt::Kind::match:
        return std::all_of(
            s.arms.begin(), s.arms.end(), [](const HandArm &a) { return diverges(a.body); });
    case HandStmt::Kind::loop:
        return !has_break(s.body);
    default:
        return false;
    }
}

} // namespace

// [SECTION] Declarations

// Two passes: every type's name, kind and fields first, so that a poll may make an instance of
// any type of the file (another's, or its own); then each poll's statements.
void load_types(Loader &l, const Node &t, Scenario::Impl &out) {
    const std::string path = "/types";
    l.expect_type(t, Node::Type::array, path, "an array");
    for (std::size_t i = 0; i < t.items.size(); ++i) {
        const Node &n = t.items[i];
        std::string p = child(path, i);
        l.expect_type(n, Node::Type::object, p, "an object");
        l.only_keys(n, p, {"struct", "impl", "fields", "poll"});
        const Node &name_node = l.required(n, p, "struct");
        std::string name = l.string_of(name_node, child(p, "struct"));
        if (!valid_type_name(name)) {
            l.fail(name_node,
                   child(p, "struct"),
                   "expected a type name (a letter, then letters, digits or _), found " + qt(name));
        }
        for (const auto &o : out.types) {
            if (o->name == name) {
                l.fail(name_node, child(p, "struct"), "duplicate type " + qt(name));
            }
        }
        const Node &impl = l.required(n, p, "impl");
        std::string trait = l.string_of(impl, child(p, "impl"));
        if (trait != "Future" && trait != "Stream") {
            l.fail(impl,
                   child(p, "impl"),
                   R"(expected "Future" or "Stream", found )" + qt(trait) +
                       " (a type written by hand implements one of them)");
        }
        auto type = std::make_shared<HandType>(name, trait == "Stream");
        type->path = p;
        const Node &fields = l.required(n, p, "fields");
        l.expect_type(fields, Node::Type::array, child(p, "fields"), "an array of field names");
        for (std::size_t j = 0; j < fields.items.size(); ++j) {
            std::string fp = child(child(p, "fields"), j);
            std::string f = l.string_of(fields.items[j], fp);
            if (!valid_type_name(f)) {
                l.fail(fields.items[j], fp, "expected a field name, found " + qt(f));
            }
            if (std::find(type->fields.begin(), type->fields.end(), f) != type->fields.end()) {
                l.fail(fields.items[j], fp, "duplicate field " + qt(f) + " of " + qt(name));
            }
            type->fields.push_back(f);
        }
        (void)l.required(n, p, "poll");
        out.types.push_back(std::move(type));
    }
    l.types_ = out.types;
    Compiler c(l);
    for (std::size_t i = 0; i < t.items.size(); ++i) {
        std::string p = child(path, i);
        c.compile_poll(*out.types[i], *t.items[i].find("poll"), child(p, "poll"));
    }
}

void Compiler::compile_poll(HandType &type, const Node &poll, const std::string &path) {
    l_.expect_type(poll, Node::Type::array, path, "an array of statements");
    hand_ = &type;
    loops_ = 0;
    type.poll = hand_block(poll, path, {}, 0);
    hand_ = nullptr;
    if (!diverges(type.poll)) {
        l_.fail(poll,
                path,
                "the poll of " + qt(type.name) +
                    " can reach its end without returning: every path must end in a return");
    }
}

// [SECTION] Instances and fields

const HandType *Compiler::hand_type(const std::string &name) const {
    for (const auto &t : l_.types_) {
        if (t->name == name) {
            return t.get();
        }
    }
    return nullptr;
}

Expr Compiler::compile_held(const Node &n, const std::string &path, const Scope &scope, int depth) {
    Kind k = infer(n, Kind::value);
    if (k == Kind::value) {
        return compile(n, path, Kind::value, scope, depth + 1);
    }
    Expr e;
    e.op = k == Kind::future ? Op::future_value : Op::stream_value;
    e.kind = Kind::value;
    e.path = path;
    e.args.push_back(compile(n, path, k, scope, depth + 1));
    return e;
}

// {"new": {"Countdown": {"n": 3, …}}}: Rust's struct literal `Countdown { n: 3, … }`, every
// field given. The initial values are compiled in the order of the declaration's fields.
Expr Compiler::compile_new(const Node &arg,
                           const std::string &apath,
                           const std::string &path,
                           const Scope &scope,
                           int depth) {
    if (!arg.is_object() || arg.members.size() != 1) {
        l_.fail(arg, apath, "expected {\"TypeName\": {\"field\": value, …}}");
    }
    const std::string &name = arg.members[0].first;
    const Node &init = arg.members[0].second;
    std::string tpath = apath + "/" + name;
    const HandType *type = hand_type(name);
    if (type == nullptr) {
        std::vector<std::string> names;
        for (const auto &t : l_.types_) {
            names.push_back(t->name);
        }
        l_.fail_key(arg, 0, tpath, "unknown type " + qt(name) + suggest(name, views(names)));
    }
    l_.expect_type(init, Node::Type::object, tpath, "an object: {\"field\": value, …}");
    for (std::size_t i = 0; i < init.members.size(); ++i) {
        const std::string &f = init.members[i].first;
        if (std::find(type->fields.begin(), type->fields.end(), f) == type->fields.end()) {
            l_.fail_key(init,
                        i,
                        tpath + "/" + f,
                        "struct " + qt(name) + " has no field named " + qt(f) +
                            suggest(f, views(type->fields)));
        }
    }
    Expr e;
    e.op = type->stream ? Op::new_hand_stream : Op::new_hand;
    e.kind = type->stream ? Kind::stream : Kind::future;
    e.path = path;
    e.name = name;
    e.hand = type;
    for (const std::string &f : type->fields) {
        const Node *v = init.find(f);
        if (v == nullptr) {
            l_.fail(init, tpath, "missing field " + qt(f) + " in initializer of " + qt(name));
        }
        e.args.push_back(compile_held(*v, tpath + "/" + f, scope, depth));
    }
    return e;
}

int Compiler::field_index(const Node &n, const std::string &path) const {
    std::string f = l_.string_of(n, path);
    auto it = std::find(hand_->fields.begin(), hand_->fields.end(), f);
    if (it == hand_->fields.end()) {
        l_.fail(n,
                path,
                "unknown field " + qt(f) + " of " + qt(hand_->name) +
                    suggest(f, views(hand_->fields)));
    }
    return static_cast<int>(it - hand_->fields.begin());
}

// {"field": "n"}: `self.n`, only in the statements of a poll (a function's body runs later,
// when self may be gone: copy the field into a let first).
Expr Compiler::compile_field(const Node &arg,
                             const std::string &apath,
                             const std::string &path) const {
    if (hand_ == nullptr) {
        l_.fail(arg,
                path,
                "{\"field\": …} is only allowed in the statements of a poll (not inside a "
                "function: copy the field into a let first)");
    }
    Expr e;
    e.op = Op::field;
    e.kind = Kind::value;
    e.path = path;
    e.num = field_index(arg, apath);
    e.name = hand_->fields[static_cast<std::size_t>(e.num)];
    return e;
}

bool Compiler::poll_cancel_method(const Node &n, const std::string &path) const {
    const Node *m = n.find("method");
    if (m == nullptr) {
        return false;
    }
    std::string name = l_.string_of(*m, child(path, "method"));
    if (name != "poll" && name != "poll_cancel") {
        l_.fail(*m,
                child(path, "method"),
                R"(expected "poll" or "poll_cancel" (a oneshot sender's), found )" + qt(name));
    }
    return name == "poll_cancel";
}

// [SECTION] Statements

std::vector<HandStmt>
Compiler::hand_block(const Node &n, const std::string &path, Scope scope, int depth) {
    l_.expect_type(n, Node::Type::array, path, "an array of statements");
    if (depth > json::max_depth) {
        l_.fail(n,
                path,
                "statements nested deeper than " + std::to_string(json::max_depth) + " levels");
    }
    std::vector<HandStmt> out;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        out.push_back(hand_stmt(n.items[i], child(path, i), scope, depth + 1));
    }
    return out;
}

namespace {

constexpr const char *stmt_expected =
    "expected a statement: {\"let\": …}, {\"set\": …}, {\"if\": …}, {\"match\": …}, "
    "{\"try_ready\": …}, {\"loop\": […]}, {\"break\": {}}, {\"continue\": {}}, {\"notify\": …}, "
    "{\"unpark\": …}, {\"print\": …}, {\"do\": …} or {\"return\": …}";

} // namespace

HandStmt Compiler::hand_stmt(const Node &n, const std::string &path, Scope &scope, int depth) {
    if (!n.is_object() || n.members.empty()) {
        l_.fail(n, path, stmt_expected);
    }
    HandStmt s;
    s.path = path;
    const std::string &key = n.members[0].first;
    const Node &arg = n.members[0].second;
    std::string apath = child(path, key);
    if (key == "let") {
        s.name = l_.string_of(arg, apath);
        if (const Node *tr = n.find("try_ready")) {
            l_.only_keys(n, path, {"let", "try_ready", "method"});
            s.kind = HandStmt::Kind::try_ready;
            s.field = field_index(*tr, child(path, "try_ready"));
            s.poll_cancel = poll_cancel_method(n, path);
        } else {
            l_.only_keys(n, path, {"let", "value"});
            s.kind = HandStmt::Kind::let;
            s.expr =
                compile_held(l_.required(n, path, "value"), child(path, "value"), scope, depth);
        }
        if (s.name != "_") {
            scope.push_back(s.name);
        }
        return s;
    }
    if (key == "set") {
        l_.only_keys(n, path, {"set", "value"});
        s.kind = HandStmt::Kind::set;
        s.field = field_index(arg, apath);
        s.expr = compile_held(l_.required(n, path, "value"), child(path, "value"), scope, depth);
        return s;
    }
    if (key == "if") {
        l_.only_keys(n, path, {"if", "then", "else"});
        s.kind = HandStmt::Kind::if_;
        s.expr = compile(arg, apath, Kind::value, scope, depth + 1);
        s.body = hand_block(l_.required(n, path, "then"), child(path, "then"), scope, depth);
        if (const Node *e = n.find("else")) {
            s.else_body = hand_block(*e, child(path, "else"), scope, depth);
        }
        return s;
    }
    if (key == "match") {
        hand_match(n, path, scope, depth, s);
        return s;
    }
    if (key == "loop") {
        l_.only_keys(n, path, {"loop"});
        s.kind = HandStmt::Kind::loop;
        ++loops_;
        s.body = hand_block(arg, apath, scope, depth);
        --loops_;
        return s;
    }
    if (key == "break" || key == "continue") {
        l_.only_keys(n, path, {key});
        if (loops_ == 0) {
            l_.fail(n, path, qt(key) + " outside a loop");
        }
        s.kind = key == "break" ? HandStmt::Kind::break_ : HandStmt::Kind::continue_;
        return s;
    }
    if (key == "return") {
        l_.only_keys(n, path, {"return"});
        hand_return(arg, apath, scope, depth, s);
        return s;
    }
    if (key == "try_ready") {
        l_.only_keys(n, path, {"try_ready", "method"});
        s.kind = HandStmt::Kind::try_ready;
        s.field = field_index(arg, apath);
        s.poll_cancel = poll_cancel_method(n, path);
        return s;
    }
    l_.only_keys(n, path, {key});
    if (key == "print" || key == "do") {
        s.kind = key == "print" ? HandStmt::Kind::print : HandStmt::Kind::do_;
        s.expr = compile(arg, apath, Kind::value, scope, depth + 1);
        return s;
    }
    if (key == "notify" || key == "unpark") {
        // `handle.notify();`: the value operator notify, for its effect.
        s.kind = HandStmt::Kind::do_;
        s.expr.op = Op::notify;
        s.expr.kind = Kind::value;
        s.expr.path = path;
        s.expr.args.push_back(compile(arg, apath, Kind::value, scope, depth + 1));
        s.expr.depth = s.expr.args[0].depth + 1;
        return s;
    }
    static const std::vector<std::string_view> keys{"let",
                                                    "set",
                                                    "if",
                                                    "match",
                                                    "try_ready",
                                                    "loop",
                                                    "break",
                                                    "continue",
                                                    "notify",
                                                    "unpark",
                                                    "print",
                                                    "do",
                                                    "return"};
    l_.fail_key(
        n, 0, apath, "unknown statement " + qt(key) + suggest(key, keys) + "; " + stmt_expected);
}

// [SECTION] Matches and answers

namespace {

struct PatternName {
    std::string_view name;
    HandPattern pattern;
};
constexpr std::array<PatternName, 6> patterns{{{"ready", HandPattern::ready},
                                               {"not_ready", HandPattern::not_ready},
                                               {"err", HandPattern::err},
                                               {"some", HandPattern::some},
                                               {"none", HandPattern::none},
                                               {"_", HandPattern::any}}};

} // namespace

// {"match": "inner", "arms": [{"pattern": "ready", "bind": "v", "body": […]}, …]}:
// `match self.inner.poll() { Ok(Async::Ready(v)) => { … }, … }`.
void Compiler::hand_match(
    const Node &n, const std::string &path, const Scope &scope, int depth, HandStmt &s) {
    l_.only_keys(n, path, {"match", "method", "arms"});
    s.kind = HandStmt::Kind::match;
    s.field = field_index(*n.find("match"), child(path, "match"));
    s.poll_cancel = poll_cancel_method(n, path);
    const Node &arms = l_.required(n, path, "arms");
    std::string apath = child(path, "arms");
    l_.expect_type(arms, Node::Type::array, apath, "an array of arms");
    bool seen[6] = {};
    for (std::size_t i = 0; i < arms.items.size(); ++i) {
        const Node &a = arms.items[i];
        std::string p = child(apath, i);
        l_.expect_type(a, Node::Type::object, p, "an arm: {\"pattern\": …, \"body\": […]}");
        l_.only_keys(a, p, {"pattern", "bind", "body"});
        const Node &pn = l_.required(a, p, "pattern");
        std::string pname = l_.string_of(pn, child(p, "pattern"));
        HandArm arm;
        auto it = std::find_if(patterns.begin(), patterns.end(), [&](const PatternName &x) {
            return x.name == pname;
        });
        if (it == patterns.end()) {
            std::vector<std::string_view> names;
            for (const PatternName &x : patterns) {
                names.push_back(x.name);
            }
            l_.fail(pn,
                    child(p, "pattern"),
                    "unknown pattern " + qt(pname) + suggest(pname, names) +
                        R"(; expected "ready", "not_ready", "err", "some", "none" or "_")");
        }
        arm.pattern = it->pattern;
        seen[static_cast<int>(arm.pattern)] = true;
        Scope inner = scope;
        if (const Node *b = a.find("bind")) {
            if (arm.pattern == HandPattern::not_ready || arm.pattern == HandPattern::none ||
                arm.pattern == HandPattern::any) {
                l_.fail(*b, child(p, "bind"), "the pattern " + qt(pname) + " holds no value");
            }
            arm.bind = l_.string_of(*b, child(p, "bind"));
            if (arm.bind != "_") {
                inner.push_back(arm.bind);
            }
        }
        arm.body = hand_block(l_.required(a, p, "body"), child(p, "body"), inner, depth);
        s.arms.push_back(std::move(arm));
    }
    bool future_arms = seen[static_cast<int>(HandPattern::ready)];
    bool stream_arms =
        seen[static_cast<int>(HandPattern::some)] || seen[static_cast<int>(HandPattern::none)];
    if (future_arms && stream_arms) {
        l_.fail(arms,
                apath,
                "a match cannot mix \"ready\" (a future's answer) with \"some\" or \"none\" (a "
                "stream's)");
    }
    if (seen[static_cast<int>(HandPattern::any)]) {
        return;
    }
    std::vector<HandPattern> needed{HandPattern::not_ready, HandPattern::err};
    if (stream_arms) {
        needed.insert(needed.begin(), {HandPattern::some, HandPattern::none});
    } else {
        needed.insert(needed.begin(), HandPattern::ready);
    }
    for (HandPattern p : needed) {
        if (!seen[static_cast<int>(p)]) {
            l_.fail(arms,
                    apath,
                    "non-exhaustive patterns: " + qt(patterns[static_cast<int>(p)].name) +
                        " not covered (add its arm, or a \"_\" arm)");
        }
    }
}

// {"return": {"ready": V}} and the other answers of a poll.
void Compiler::hand_return(
    const Node &arg, const std::string &path, const Scope &scope, int depth, HandStmt &s) {
    s.kind = HandStmt::Kind::return_;
    if (!arg.is_object() || arg.members.size() != 1) {
        l_.fail(arg,
                path,
                "expected an answer: {\"ready\": V}, {\"not_ready\": {}}, {\"err\": V}, "
                "{\"some\": V} or {\"none\": {}}");
    }
    const std::string &k = arg.members[0].first;
    const Node &v = arg.members[0].second;
    std::string vpath = child(path, k);
    static const std::vector<std::string_view> answers{"ready", "not_ready", "err", "some", "none"};
    auto it = std::find(answers.begin(), answers.end(), k);
    if (it == answers.end()) {
        l_.fail_key(arg, 0, vpath, "unknown answer " + qt(k) + suggest(k, answers));
    }
    s.answer = static_cast<HandAnswer>(it - answers.begin());
    bool stream_answer = s.answer == HandAnswer::some || s.answer == HandAnswer::none;
    if (stream_answer && !hand_->stream) {
        l_.fail_key(arg,
                    0,
                    vpath,
                    "{\"return\": {" + qt(k) + ": …}} is a stream's answer: " + qt(hand_->name) +
                        " implements Future");
    }
    if (s.answer == HandAnswer::ready && hand_->stream) {
        l_.fail_key(arg,
                    0,
                    vpath,
                    R"({"return": {"ready": …}} is a future's answer: )" + qt(hand_->name) +
                        R"x( implements Stream (write {"some": V} or {"none": {}}))x");
    }
    if (s.answer == HandAnswer::not_ready || s.answer == HandAnswer::none) {
        bool empty = (v.is_object() && v.members.empty()) || v.type == Node::Type::null;
        if (!empty) {
            l_.fail(v, vpath, "expected {} (" + qt(k) + " holds no value)");
        }
        return;
    }
    s.expr = compile(v, vpath, Kind::value, scope, depth + 1);
}

} // namespace futurescope::scenario::loading
