// Compiling async fns ({"async": {"name": …, "body": [steps]}}): the steps, their await points
// (the states of the function's state machine, named as rustc's generator would show them) and
// each step as Rust source, which the Send check quotes.
//
// [SECTION] Names and Rust source
// [SECTION] Async fns and their steps
#include <algorithm>

#include "compiler.hpp"

namespace futurescope::scenario::loading {

namespace {

// [SECTION] Names and Rust source

std::string camel(std::string_view op) {
    std::string out;
    bool up = true;
    for (char c : op) {
        if (c == '_') {
            up = true;
            continue;
        }
        out += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        up = false;
    }
    return out;
}

// What an awaited expression is called in a state's name: "YieldNow", "Delay", the nested
// async fn's name, the variable.
std::string await_label(const Node &n) {
    if (!n.is_object() || n.members.size() != 1) {
        return "Ready";
    }
    const auto &[k, v] = n.members[0];
    if (k == "chain" && v.is_array() && !v.items.empty()) {
        return await_label(v.items.size() == 1 ? v.items[0] : v.items.back());
    }
    if (k == "async" && v.is_object()) {
        const Node *name = v.find("name");
        return name != nullptr && name->is_string() ? name->text : "async";
    }
    if (k == "var" && v.is_string()) {
        return v.text;
    }
    return camel(k);
}

std::string source_of(const Node &n) {
    switch (n.type) {
    case Node::Type::null:
        return "()";
    case Node::Type::boolean:
        return n.boolean ? "true" : "false";
    case Node::Type::number:
        return n.integral ? std::to_string(n.integer) : std::to_string(n.number);
    case Node::Type::string:
        return qt(n.text);
    case Node::Type::array:
        return "vec![…]";
    case Node::Type::object:
        break;
    }
    if (n.members.size() != 1) {
        return "…";
    }
    const auto &[k, v] = n.members[0];
    if (k == "var" && v.is_string()) {
        return v.text;
    }
    if (k == "rc") {
        return "Rc::new(" + source_of(v) + ")";
    }
    if (k == "async" && v.is_object()) {
        const Node *name = v.find("name");
        return (name != nullptr && name->is_string() ? name->text : "async") + "()";
    }
    if (k == "chain" && v.is_array() && !v.items.empty()) {
        std::string out = source_of(v.items[0]);
        for (std::size_t i = 1; i < v.items.size(); ++i) {
            const Node &m = v.items[i];
            out +=
                "." +
                (m.is_object() && m.members.size() == 1 ? m.members[0].first : std::string("…")) +
                "(…)";
        }
        return out;
    }
    bool none = v.type == Node::Type::null || (v.is_object() && v.members.empty()) ||
                (v.is_array() && v.items.empty());
    bool simple = v.type == Node::Type::number || v.type == Node::Type::string;
    return k + "(" + (none ? "" : simple ? source_of(v) : "…") + ")";
}

// Rust's name of a not-Send value's type, as rustc infers it for a literal: "Rc<i32>" (an
// integer literal with nothing else to go by is an i32).
std::string rust_type(const Node &rc_arg) {
    switch (rc_arg.type) {
    case Node::Type::number:
        return rc_arg.integral ? "Rc<i32>" : "Rc<f64>";
    case Node::Type::string:
        return "Rc<String>";
    case Node::Type::boolean:
        return "Rc<bool>";
    case Node::Type::null:
        return "Rc<()>";
    default:
        return "Rc<_>";
    }
}

constexpr const char *step_expected = "expected a step: {\"let\": …, \"value\" or \"await\": …}, "
                                      "{\"await\": …}, {\"print\": …}, {\"return\": …}, "
                                      "{\"for_each\": …, \"as\": …, \"body\": […]} or "
                                      "{\"scope\": […]}";

} // namespace

std::string Compiler::rust_source(const Node &n) { return source_of(n); }

// [SECTION] Async fns and their steps

// {"async": {"name": "example", "body": [steps]}}: the steps, then the declaration (its
// states are the await points, numbered in the order they are written).
Expr Compiler::compile_async(const Node &arg,
                             const std::string &apath,
                             const std::string &path,
                             const Scope &scope,
                             int depth) {
    l_.expect_type(arg, Node::Type::object, apath, "an object: {\"name\": …, \"body\": […]}");
    l_.only_keys(arg, apath, {"name", "body"});
    std::string fn_name = "async";
    if (const Node *n = arg.find("name")) {
        fn_name = l_.string_of(*n, apath + "/name");
        if (fn_name.empty()) {
            l_.fail(*n, apath + "/name", "an async fn's name cannot be empty");
        }
    }
    const Node &body = l_.required(arg, apath, "body");
    std::vector<std::string> points;
    Scope inner = scope;
    std::vector<AsyncStep> steps = async_steps(body, apath + "/body", inner, depth + 1, points);
    std::vector<std::string> states{"NotStarted"};
    states.insert(states.end(), points.begin(), points.end());
    states.emplace_back("Terminated");
    auto spec = std::make_shared<AsyncSpec>(fn_name, std::move(states));
    spec->body = std::move(steps);
    Expr e;
    e.op = Op::async_fn;
    e.kind = Kind::future;
    e.path = path;
    e.name = fn_name;
    e.async = std::move(spec);
    return e;
}

std::string Compiler::await_point(const Node &step,
                                  const std::string &path,
                                  const std::string &label,
                                  std::vector<std::string> &points) const {
    std::string point;
    if (const Node *st = step.find("state")) {
        point = l_.string_of(*st, path + "/state");
        if (point.empty() || point == "NotStarted" || point == "Terminated") {
            l_.fail(*st,
                    path + "/state",
                    "an await point's name cannot be empty, \"NotStarted\" or \"Terminated\"");
        }
        if (std::find(points.begin(), points.end(), point) != points.end()) {
            l_.fail(*st, path + "/state", "duplicate await point " + qt(point));
        }
    } else {
        point = "Await" + std::to_string(points.size() + 1) + "(" + label + ")";
    }
    points.push_back(point);
    return point;
}

std::vector<AsyncStep> Compiler::async_steps(const Node &body,
                                             const std::string &path,
                                             Scope &scope,
                                             int depth,
                                             std::vector<std::string> &points) {
    if (depth > json::max_depth) {
        l_.fail(body,
                path,
                "expression nested deeper than " + std::to_string(json::max_depth) + " levels");
    }
    l_.expect_type(body, Node::Type::array, path, "an array of steps");
    std::vector<AsyncStep> steps;
    for (std::size_t i = 0; i < body.items.size(); ++i) {
        steps.push_back(
            async_step(body.items[i], path + "/" + std::to_string(i), scope, depth, points));
    }
    return steps;
}

AsyncStep Compiler::async_step(const Node &n,
                               const std::string &p,
                               Scope &scope,
                               int depth,
                               std::vector<std::string> &points) {
    if (!n.is_object()) {
        l_.fail(n, p, step_expected);
    }
    AsyncStep s;
    s.path = p;
    s.line = n.line;
    s.column = n.column;
    if (const Node *let = n.find("let")) {
        let_step(n, *let, p, scope, depth, points, s);
    } else if (const Node *awaited = n.find("await")) {
        l_.only_keys(n, p, {"await", "state"});
        s.kind = AsyncStep::Kind::await;
        s.expr = compile(*awaited, p + "/await", Kind::future, scope, depth + 1);
        s.point = await_point(n, p, await_label(*awaited), points);
        s.source = source_of(*awaited) + ".await;";
    } else if (const Node *print = n.find("print")) {
        l_.only_keys(n, p, {"print"});
        s.kind = AsyncStep::Kind::print;
        s.expr = compile(*print, p + "/print", Kind::value, scope, depth + 1);
        s.source = "println!(\"{}\", " + source_of(*print) + ");";
    } else if (const Node *ret = n.find("return")) {
        l_.only_keys(n, p, {"return"});
        s.kind = AsyncStep::Kind::return_;
        s.expr = compile(*ret, p + "/return", Kind::value, scope, depth + 1);
        s.source = "return " + source_of(*ret) + ";";
    } else if (const Node *stream = n.find("for_each")) {
        for_each_step(n, *stream, p, scope, depth, points, s);
    } else if (const Node *block = n.find("scope")) {
        // { … }: a block whose lets end with it (Rust's fix for a value that must not live
        // across an await).
        l_.only_keys(n, p, {"scope"});
        s.kind = AsyncStep::Kind::scope;
        s.source = "{";
        Scope inner = scope;
        s.body = async_steps(*block, p + "/scope", inner, depth + 1, points);
    } else {
        l_.fail(n, p, step_expected);
    }
    return s;
}

// {"let": name, "value": V} or {"let": name, "await": F, "state": …}.
void Compiler::let_step(const Node &n,
                        const Node &let,
                        const std::string &p,
                        Scope &scope,
                        int depth,
                        std::vector<std::string> &points,
                        AsyncStep &s) {
    s.name = l_.string_of(let, p + "/let");
    if (s.name.empty() || s.name == "_") {
        l_.fail(let, p + "/let", "expected a variable name");
    }
    const Node *value = n.find("value");
    const Node *awaited = n.find("await");
    if ((value == nullptr) == (awaited == nullptr)) {
        l_.fail(n, p, "a let takes one of \"value\" and \"await\"");
    }
    if (value != nullptr) {
        l_.only_keys(n, p, {"let", "value"});
        s.kind = AsyncStep::Kind::let_value;
        s.expr = compile(*value, p + "/value", Kind::value, scope, depth + 1);
        s.not_send =
            value->is_object() && value->members.size() == 1 && value->members[0].first == "rc";
        if (s.not_send) {
            s.type = rust_type(value->members[0].second);
        }
        s.source = "let " + s.name + " = " + source_of(*value) + ";";
    } else {
        l_.only_keys(n, p, {"let", "await", "state"});
        s.kind = AsyncStep::Kind::let_await;
        s.expr = compile(*awaited, p + "/await", Kind::future, scope, depth + 1);
        s.point = await_point(n, p, await_label(*awaited), points);
        s.source = "let " + s.name + " = " + source_of(*awaited) + ".await;";
    }
    scope.push_back(s.name);
}

// {"for_each": S, "as": name, "body": [steps], "state": …}: Rust's while-let over next().await.
void Compiler::for_each_step(const Node &n,
                             const Node &stream,
                             const std::string &p,
                             const Scope &scope,
                             int depth,
                             std::vector<std::string> &points,
                             AsyncStep &s) {
    l_.only_keys(n, p, {"for_each", "as", "body", "state"});
    s.kind = AsyncStep::Kind::for_each;
    s.expr = compile(stream, p + "/for_each", Kind::stream, scope, depth + 1);
    s.name = l_.string_of(l_.required(n, p, "as"), p + "/as");
    s.point = await_point(n, p, "Next", points);
    s.source = "while let Some(" + s.name + ") = " + source_of(stream) + ".next().await {";
    Scope inner = scope;
    inner.push_back(s.name);
    s.body = async_steps(l_.required(n, p, "body"), p + "/body", inner, depth + 1, points);
}

} // namespace futurescope::scenario::loading
