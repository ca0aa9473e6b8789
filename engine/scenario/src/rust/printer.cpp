// The printer behind `futurescope fmt --to rs`: a JSON scenario as the Rust form that the front
// end reads back to the same document (same operators, same tasks in the same order), so a
// lesson converted with it records the same trace. Its output is a start: a lesson is then
// edited by hand to read like the tutorial.
//
// [SECTION] Text helpers
// [SECTION] Data (the header's values)
// [SECTION] Expressions
// [SECTION] Futures and streams written by hand
// [SECTION] The file
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "../loader.hpp"
#include "syntax.hpp"

namespace futurescope::scenario {

namespace {

using json::Node;

// [SECTION] Text helpers

std::string rust_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\0':
            out += "\\0";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

bool is_ident(std::string_view s) {
    static const std::vector<std::string_view> keywords{
        "as",     "async",  "await", "break", "const", "continue", "crate",  "else",
        "enum",   "fn",     "for",   "if",    "impl",  "in",       "let",    "loop",
        "match",  "mod",    "move",  "mut",   "pub",   "ref",      "return", "self",
        "static", "struct", "super", "trait", "true",  "false",    "type",   "unsafe",
        "use",    "where",  "while", "core",  "handle"};
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])) != 0) {
        return false;
    }
    for (char c : s) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') {
            return false;
        }
    }
    return std::find(keywords.begin(), keywords.end(), s) == keywords.end();
}

std::string number_text(const Node &n) {
    if (n.integral) {
        return std::to_string(n.integer);
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", n.number);
    std::string s = buf;
    if (s.find_first_of(".e") == std::string::npos) {
        s += ".0";
    }
    return s;
}

// `words` wrapped at `width` columns after `prefix`, one line each.
std::string wrap(const std::string &prefix, const std::string &text, std::size_t width) {
    std::string out;
    std::string line;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t sp = text.find(' ', start);
        std::string word = text.substr(start, sp == std::string::npos ? sp : sp - start);
        if (!line.empty() && prefix.size() + line.size() + 1 + word.size() > width) {
            out += prefix + line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        if (sp == std::string::npos) {
            break;
        }
        start = sp + 1;
    }
    out += prefix + line + "\n";
    return out;
}

std::string indent_of(int level) {
    std::string spaces(static_cast<std::size_t>(level) * 4, ' ');
    return spaces;
}

// [SECTION] Data (the header's values)

std::string data(const Node &n, int level) {
    switch (n.type) {
    case Node::Type::null:
        return "()";
    case Node::Type::boolean:
        return n.boolean ? "true" : "false";
    case Node::Type::number:
        return number_text(n);
    case Node::Type::string:
        return rust_string(n.text);
    case Node::Type::array:
    case Node::Type::object:
        break;
    }
    std::vector<std::string> parts;
    if (n.is_array()) {
        for (const Node &i : n.items) {
            parts.push_back(data(i, level + 1));
        }
    } else {
        for (const auto &[k, v] : n.members) {
            parts.push_back((is_ident(k) || k == "core" || k == "handle" ? k : rust_string(k)) +
                            ": " + data(v, level + 1));
        }
    }
    const char *open = n.is_array() ? "[" : "{ ";
    const char *close = n.is_array() ? "]" : " }";
    std::string flat;
    for (const std::string &p : parts) {
        flat += (flat.empty() ? "" : ", ") + p;
    }
    if (parts.empty()) {
        return n.is_array() ? "[]" : "{}";
    }
    if (flat.find('\n') == std::string::npos &&
        flat.size() + static_cast<std::size_t>(level) * 4 < 84) {
        return open + flat + close;
    }
    std::string out = n.is_array() ? "[\n" : "{\n";
    for (const std::string &p : parts) {
        out += indent_of(level + 1) + p + ",\n";
    }
    return out + indent_of(level) + (n.is_array() ? "]" : "}");
}

// [SECTION] Expressions

class Printer {
  public:
    std::string expr(const Node &n, int level);
    // The same without the parentheses around an outermost operator: a closure's body, an
    // argument, a statement's value.
    std::string bare(const Node &n, int level);
    std::vector<std::string> items_; // async fns, in the order first used
    // A future or stream written by hand (an entry of "types"): its struct and its impl.
    std::string hand_type(const Node &type, const Node &root);

  private:
    std::string op(const std::string &name, const Node &arg, int level);
    std::string arg_of(char code, const Node &a, int level);
    std::string closure(const Node &n, std::size_t arity, int level);
    std::string duration(const Node &n) const;
    std::string method_chain(std::string head, const std::vector<const Node *> &steps, int level);
    std::string method(const Node &step, int level);
    std::string async_fn(const Node &spec);
    std::string async_steps(const Node &body, int level);
    std::string print_line(const Node &p, int level);
    // `{ … }`; `body` for the poll's own block, whose last answer is its tail expression.
    std::string poll_block(const Node &steps, int level, bool body = false);
    std::string poll_stmt(const Node &s, int level);
    std::string answer(const Node &a, int level);
    std::map<std::string, std::string> async_names_;
    int in_async_ = 0;
    int in_poll_ = 0; // inside a hand-written poll, which has no tokio-core handle
};

[[noreturn]] void unsupported(const std::string &what) {
    throw ScenarioError("fmt --to rs: " + what + " has no Rust form yet");
}

std::string Printer::duration(const Node &n) const {
    const Node *v = &n;
    std::string unit = "millis";
    if (n.is_object() && n.members.size() == 1) {
        const std::string &u = n.members[0].first;
        unit = u == "s" ? "secs" : u == "us" ? "micros" : u == "ns" ? "nanos" : "millis";
        v = &n.members[0].second;
    }
    if (!v->is_number()) {
        unsupported("a duration that is not a number");
    }
    if (!v->integral) {
        double us = v->number * (unit == "secs" ? 1e6 : unit == "millis" ? 1e3 : 1);
        if (unit == "nanos" || std::floor(us) != us) {
            unsupported("a fractional duration");
        }
        return "Duration::from_micros(" + std::to_string(static_cast<std::int64_t>(us)) + ")";
    }
    return "Duration::from_" + unit + "(" + std::to_string(v->integer) + ")";
}

std::string Printer::bare(const Node &n, int level) {
    static const std::vector<std::string_view> binary{
        "add", "sub", "mul", "div", "mod", "eq", "ne", "lt", "le", "gt", "ge", "and", "or"};
    std::string e = expr(n, level);
    if (n.is_object() && n.members.size() == 1 &&
        std::find(binary.begin(), binary.end(), n.members[0].first) != binary.end() &&
        e.size() >= 2 && e.front() == '(' && e.back() == ')') {
        return e.substr(1, e.size() - 2);
    }
    return e;
}

std::string Printer::closure(const Node &n, std::size_t arity, int level) {
    if (n.is_object() && n.find("fn") != nullptr && n.find("body") != nullptr) {
        const Node &p = *n.find("fn");
        std::string params;
        if (p.is_string()) {
            params = p.text;
        } else {
            for (const Node &i : p.items) {
                params += (params.empty() ? "" : ", ") + i.text;
            }
            if (arity == 1) {
                params = "(" + params + ")";
            }
        }
        return "|" + params + "| " + bare(*n.find("body"), level);
    }
    return std::string(arity == 2 ? "|_, _| " : "|_| ") + bare(n, level);
}

std::string Printer::arg_of(char code, const Node &a, int level) {
    switch (code) {
    case 'f':
    case 'v':
        return closure(a, 1, level);
    case 'g':
        return closure(a, 2, level);
    case 'D':
        if (a.is_number() || (a.is_object() && a.members.size() == 1 &&
                              (a.find("s") != nullptr || a.find("ms") != nullptr ||
                               a.find("us") != nullptr || a.find("ns") != nullptr))) {
            return duration(a);
        }
        return "Duration::from_millis(" + expr(a, level) + ")"; // a delay of computed ms
    case 'C':
        return a.text;
    case 'R': {
        std::string out = "vec![";
        for (std::size_t i = 0; i < a.items.size(); ++i) {
            const Node &r = a.items[i];
            if (!r.is_object() || r.members.size() != 1) {
                unsupported("an iter_result item");
            }
            out += (i == 0 ? "" : ", ") + std::string(r.members[0].first == "ok" ? "Ok(" : "Err(") +
                   expr(r.members[0].second, level) + ")";
        }
        return out + "]";
    }
    default:
        return bare(a, level);
    }
}

std::string Printer::method(const Node &step, int level) {
    const std::string &name = step.members[0].first;
    const Node &arg = step.members[0].second;
    const loading::OpSpec *spec = nullptr;
    for (const loading::OpSpec *s : loading::specs_named(name)) {
        if (!s->args.empty() && (s->args[0] == 'F' || s->args[0] == 'S')) {
            spec = s;
            break;
        }
    }
    if (spec == nullptr) {
        unsupported("the chain step \"" + name + "\"");
    }
    std::string_view codes = std::string_view(spec->args).substr(1);
    std::string args;
    if (codes.size() == 1) {
        args = arg_of(codes[0], arg, level);
    } else if (codes.size() > 1) {
        if (!arg.is_array() || arg.items.size() != codes.size() || codes[0] == '*') {
            unsupported("the chain step \"" + name + "\" with these arguments");
        }
        for (std::size_t i = 0; i < codes.size(); ++i) {
            args += (i == 0 ? "" : ", ") + arg_of(codes[i], arg.items[i], level);
        }
    }
    return "." + name + "(" + args + ")";
}

std::string
Printer::method_chain(std::string head, const std::vector<const Node *> &steps, int level) {
    std::string flat = head;
    for (const Node *s : steps) {
        flat += method(*s, level);
    }
    if (flat.find('\n') == std::string::npos &&
        flat.size() + static_cast<std::size_t>(level) * 4 < 72) {
        return flat;
    }
    std::string out = std::move(head);
    bool multi = true;
    for (const Node *s : steps) {
        std::string m = method(*s, level + (multi ? 1 : 0));
        out += multi ? "\n" + indent_of(level + 1) + m : m;
    }
    return out;
}

std::string Printer::expr(const Node &n, int level) {
    switch (n.type) {
    case Node::Type::null:
        return "()";
    case Node::Type::boolean:
        return n.boolean ? "true" : "false";
    case Node::Type::number:
        return number_text(n);
    case Node::Type::string:
        return rust_string(n.text);
    case Node::Type::array: {
        std::string out = "vec![";
        for (std::size_t i = 0; i < n.items.size(); ++i) {
            out += (i == 0 ? "" : ", ") + expr(n.items[i], level);
        }
        return out + "]";
    }
    case Node::Type::object:
        break;
    }
    if (n.members.size() != 1) {
        unsupported("an object that is not one operator");
    }
    return op(n.members[0].first, n.members[0].second, level);
}

std::string Printer::op(const std::string &name, const Node &arg, int level) {
    auto x = [&](const Node &a) { return expr(a, level); };
    auto two = [&](const char *sep) {
        if (!arg.is_array() || arg.items.size() != 2) {
            unsupported("\"" + name + "\" without two arguments");
        }
        return "(" + x(arg.items[0]) + sep + x(arg.items[1]) + ")";
    };
    static const std::map<std::string, const char *> binary{{"add", " + "},
                                                            {"sub", " - "},
                                                            {"mul", " * "},
                                                            {"div", " / "},
                                                            {"mod", " % "},
                                                            {"eq", " == "},
                                                            {"ne", " != "},
                                                            {"lt", " < "},
                                                            {"le", " <= "},
                                                            {"gt", " > "},
                                                            {"ge", " >= "},
                                                            {"and", " && "},
                                                            {"or", " || "}};
    if (auto b = binary.find(name); b != binary.end()) {
        return two(b->second);
    }
    static const std::map<std::string, const char *> postfix{{"len", ".len()"},
                                                             {"to_string", ".to_string()"},
                                                             {"upper", ".to_uppercase()"},
                                                             {"clone", ".clone()"},
                                                             {"parse_int", ".parse()"},
                                                             {"incoming", ".incoming()"}};
    if (auto p = postfix.find(name); p != postfix.end()) {
        return x(arg) + p->second;
    }
    if (name == "var") {
        return arg.text;
    }
    if (name == "field" && arg.is_string()) {
        return "self." + arg.text;
    }
    if ((name == "current_task" || name == "park") && arg.is_object() && arg.members.empty()) {
        return name == "park" ? "task::park()" : "task::current()";
    }
    if (name == "new" && arg.is_object() && arg.members.size() == 1 &&
        arg.members[0].second.is_object()) {
        std::string out = arg.members[0].first + " {";
        const Node &fields = arg.members[0].second;
        for (std::size_t i = 0; i < fields.members.size(); ++i) {
            out += std::string(i == 0 ? " " : ", ") + fields.members[i].first + ": " +
                   bare(fields.members[i].second, level);
        }
        return out + (fields.members.empty() ? "}" : " }");
    }
    // The operators of a poll written by hand, as methods of their first argument:
    // `self.clock.unbounded_send(x)`, `task.notify()`.
    if (name == "unbounded_send" && arg.is_array() && arg.items.size() == 2) {
        return x(arg.items[0]) + ".unbounded_send(" + bare(arg.items[1], level) + ")";
    }
    if ((name == "notify" || name == "unpark") && !arg.is_array()) {
        return x(arg) + "." + name + "()";
    }
    if (name == "chain") {
        if (!arg.is_array() || arg.items.empty()) {
            unsupported("an empty chain");
        }
        std::vector<const Node *> steps;
        for (std::size_t i = 1; i < arg.items.size(); ++i) {
            steps.push_back(&arg.items[i]);
        }
        return method_chain(x(arg.items[0]), steps, level);
    }
    if (name == "async") {
        return async_fn(arg);
    }
    if (name == "neg") {
        return "-" + x(arg);
    }
    if (name == "not") {
        return "!" + x(arg);
    }
    if (name == "if" && arg.is_array() && arg.items.size() == 3) {
        return "if " + x(arg.items[0]) + " { " + x(arg.items[1]) + " } else { " + x(arg.items[2]) +
               " }";
    }
    if ((name == "list" || name == "tuple") && arg.is_array()) {
        std::string out = name == "list" ? "vec![" : "(";
        for (std::size_t i = 0; i < arg.items.size(); ++i) {
            out += (i == 0 ? "" : ", ") + x(arg.items[i]);
        }
        return out + (name == "list" ? "]" : arg.items.size() == 1 ? ",)" : ")");
    }
    if (name == "get" && arg.is_array() && arg.items.size() == 2) {
        return x(arg.items[0]) + "[" + x(arg.items[1]) + "]";
    }
    if (name == "concat" && arg.is_array()) {
        std::string f;
        std::string args;
        for (const Node &i : arg.items) {
            f += "{}";
            args += ", " + x(i);
        }
        return "format!(\"" + f + "\"" + args + ")";
    }
    if (name == "sender" && arg.is_string()) {
        return arg.text + "_tx";
    }
    if (name == "recv" && arg.is_string()) {
        return arg.text;
    }
    if (name == "send" && arg.is_array() && arg.items.size() == 2) {
        return x(arg.items[0]) + ".send(" + x(arg.items[1]) + ")";
    }
    if (name == "spawn") {
        if (arg.is_object() && arg.find("future") != nullptr) {
            unsupported("a named spawn");
        }
        return "{\n" + indent_of(level + 1) + "handle.spawn(" + expr(arg, level + 1) + ");\n" +
               indent_of(level + 1) + "Ok(())\n" + indent_of(level) + "}";
    }
    static const std::map<std::string, std::pair<const char *, const char *>> calls{
        {"ok", {"future::ok(", ")"}},
        {"err", {"future::err(", ")"}},
        {"lazy", {"future::lazy(|| ", ")"}},
        {"rc", {"Rc::new(", ")"}},
        {"drop", {"drop(", ")"}},
        {"break", {"Loop::Break(", ")"}},
        {"continue", {"Loop::Continue(", ")"}},
        {"boxed", {"Box::new(", ")"}},
        {"iter", {"stream::iter_ok(", ")"}},
        {"read_to_end", {"read_to_end(", ", Vec::new())"}},
        {"shutdown", {"shutdown(", ")"}}};
    if (auto c = calls.find(name); c != calls.end()) {
        return c->second.first + x(arg) + c->second.second;
    }
    if (name == "empty" || name == "yield_now") {
        return name == "empty" ? "future::empty()" : "yield_now()";
    }
    if (name == "delay") {
        // Inside an async fn there is no tokio-core handle: tokio's sleep.
        if (in_poll_ > 0) {
            return "Delay::new(" + arg_of('D', arg, level) + ")";
        }
        return in_async_ > 0 ? "tokio::time::sleep(" + arg_of('D', arg, level) + ")"
                             : "Timeout::new(" + arg_of('D', arg, level) + ", &handle).unwrap()";
    }
    if (name == "interval") {
        return "Interval::new(" + arg_of('D', arg, level) + ", &handle).unwrap()";
    }
    if ((name == "connect" || name == "bind") && arg.is_string()) {
        std::string a = "&" + rust_string(arg.text) + ".parse().unwrap()";
        return name == "connect" ? "TcpStream::connect(" + a + ", &handle)"
                                 : "TcpListener::bind(" + a + ", &handle).unwrap()";
    }
    if (name == "tls_handshake" && arg.is_array() && arg.items.size() == 2) {
        return "ClientContext::new().unwrap().handshake(" + x(arg.items[0]) + ", " +
               x(arg.items[1]) + ")";
    }
    // The other operators: a receiver's method, or the model's operator called as a function.
    const auto specs = loading::specs_named(name);
    if (specs.empty()) {
        unsupported("the operator \"" + name + "\"");
    }
    std::string_view codes = specs[0]->args;
    bool star = !codes.empty() && codes[0] == '*';
    if (!star && !codes.empty() && (codes[0] == 'F' || codes[0] == 'S')) {
        const Node *recv = codes.size() == 1 ? &arg : arg.is_array() ? &arg.items[0] : nullptr;
        if (recv == nullptr || (codes.size() > 1 && arg.items.size() != codes.size())) {
            unsupported("\"" + name + "\" with these arguments");
        }
        Node step;
        step.type = Node::Type::object;
        Node rest;
        if (codes.size() == 2) {
            rest = arg.items[1];
        } else if (codes.size() > 2) {
            rest.type = Node::Type::array;
            rest.items.assign(arg.items.begin() + 1, arg.items.end());
        } else {
            rest.type = Node::Type::object;
        }
        step.members.push_back({name, rest});
        return method_chain(x(*recv), {&step}, level);
    }
    static const std::vector<std::string_view> list_fns{"join_all", "select_all", "select_ok"};
    std::string args;
    if (star) {
        for (const Node &i : arg.items) {
            args += (args.empty() ? "" : ", ") + arg_of(codes[1], i, level);
        }
        if (std::find(list_fns.begin(), list_fns.end(), name) != list_fns.end()) {
            args = "vec![" + args + "]";
        }
    } else if (codes.size() == 1) {
        args = arg_of(codes[0], arg, level);
    } else if (codes.size() > 1) {
        for (std::size_t i = 0; i < codes.size() && i < arg.items.size(); ++i) {
            args += (i == 0 ? "" : ", ") + arg_of(codes[i], arg.items[i], level);
        }
    }
    return name + "(" + args + ")";
}

std::string Printer::async_fn(const Node &spec) {
    const Node *n = spec.find("name");
    std::string name = n != nullptr && n->is_string() ? n->text : "async_block";
    if (!is_ident(name)) {
        unsupported("an async fn named \"" + name + "\"");
    }
    const Node *body = spec.find("body");
    if (body == nullptr || !body->is_array()) {
        unsupported("an async fn without a body");
    }
    ++in_async_;
    std::string text = "async fn " + name + "() {\n" + async_steps(*body, 1) + "}\n";
    --in_async_;
    auto it = async_names_.find(name);
    if (it != async_names_.end() && it->second != text) {
        unsupported("two different async fns named \"" + name + "\"");
    }
    if (it == async_names_.end()) {
        async_names_.emplace(name, text);
        items_.push_back(text);
    }
    return name + "()";
}

std::string Printer::async_steps(const Node &body, int level) {
    std::string out;
    for (const Node &s : body.items) {
        std::string line;
        const Node *state = s.find("state");
        std::string note = state != nullptr ? " // state: " + state->text : "";
        if (const Node *l = s.find("let")) {
            if (const Node *a = s.find("await")) {
                line = "let " + l->text + " = " + expr(*a, level) + ".await;" + note;
            } else {
                line = "let " + l->text + " = " + bare(*s.find("value"), level) + ";";
            }
        } else if (const Node *a = s.find("await")) {
            line = expr(*a, level) + ".await;" + note;
        } else if (const Node *p = s.find("print")) {
            line = print_line(*p, level);
        } else if (const Node *r = s.find("return")) {
            line = "return " + bare(*r, level) + ";";
        } else {
            unsupported("this async fn step");
        }
        out += indent_of(level) + line + "\n";
    }
    return out;
}

std::string Printer::print_line(const Node &p, int level) {
    if (p.is_string() &&
        (p.text.find('{') != std::string::npos || p.text.find('}') != std::string::npos)) {
        return "println!(\"{}\", " + rust_string(p.text) + ");";
    }
    return p.is_string() ? "println!(" + rust_string(p.text) + ");"
                         : "println!(\"{}\", " + bare(p, level) + ");";
}

// [SECTION] Futures and streams written by hand

namespace {

// The Rust type of a value, as far as the JSON says; `_` where it does not. The front end reads
// no type, so this is for the reader of the printed file.
std::string type_of(const Node &v, const std::map<std::string, std::string> &fields) {
    switch (v.type) {
    case Node::Type::null:
        return "()";
    case Node::Type::boolean:
        return "bool";
    case Node::Type::number:
        return v.integral ? "u64" : "f64";
    case Node::Type::string:
        return "&'static str";
    case Node::Type::array:
        return v.items.empty() ? "Vec<_>" : "Vec<" + type_of(v.items[0], fields) + ">";
    case Node::Type::object:
        break;
    }
    if (v.members.size() != 1) {
        return "_";
    }
    const std::string &op = v.members[0].first;
    const Node &a = v.members[0].second;
    static const std::vector<std::string_view> numeric{
        "add", "sub", "mul", "div", "mod", "len", "now_ms"};
    static const std::vector<std::string_view> logical{
        "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not"};
    static const std::map<std::string_view, const char *> named{{"concat", "String"},
                                                                {"to_string", "String"},
                                                                {"upper", "String"},
                                                                {"current_task", "Task"},
                                                                {"park", "Task"},
                                                                {"delay", "Delay"},
                                                                {"sender", "Sender<_>"},
                                                                {"cell", "Rc<RefCell<_>>"}};
    if (std::find(numeric.begin(), numeric.end(), op) != numeric.end()) {
        return "u64";
    }
    if (std::find(logical.begin(), logical.end(), op) != logical.end()) {
        return "bool";
    }
    if (auto it = named.find(op); it != named.end()) {
        return it->second;
    }
    if ((op == "field" || op == "var") && a.is_string()) {
        auto it = fields.find(op == "var" ? "let " + a.text : a.text);
        return it != fields.end() ? it->second : "_";
    }
    if (op == "new" && a.is_object() && a.members.size() == 1) {
        return a.members[0].first;
    }
    if (op == "tuple" && a.is_array()) {
        std::string out;
        for (const Node &i : a.items) {
            out += (out.empty() ? "" : ", ") + type_of(i, fields);
        }
        return "(" + out + (a.items.size() == 1 ? ",)" : ")");
    }
    if (op == "list" && a.is_array()) {
        return "Vec<" + (a.items.empty() ? std::string("_") : type_of(a.items[0], fields)) + ">";
    }
    return "_";
}

// The first {"new": {NAME: {…}}} anywhere under `n`: the values a type's fields start with.
const Node *first_new(const Node &n, const std::string &name) {
    if (n.is_object() && n.members.size() == 1 && n.members[0].first == "new") {
        const Node *init = n.members[0].second.find(name);
        if (init != nullptr && init->is_object()) {
            return init;
        }
    }
    for (const Node &k : n.items) {
        if (const Node *f = first_new(k, name)) {
            return f;
        }
    }
    for (const auto &[k, v] : n.members) {
        if (const Node *f = first_new(v, name)) {
            return f;
        }
    }
    return nullptr;
}

// The type of the first value a poll's returns give under `key` ("ready", "some", "err").
std::string
answer_type(const Node &n, const char *key, const std::map<std::string, std::string> &fields) {
    if (n.is_object()) {
        if (const Node *r = n.find("return"); r != nullptr && r->find(key) != nullptr) {
            return type_of(*r->find(key), fields);
        }
    }
    for (const Node &k : n.items) {
        if (std::string t = answer_type(k, key, fields); t != "_") {
            return t;
        }
    }
    for (const auto &[k, v] : n.members) {
        if (k == "then" || k == "else" || k == "loop" || k == "arms" || k == "body") {
            if (std::string t = answer_type(v, key, fields); t != "_") {
                return t;
            }
        }
    }
    return "_";
}

// The types of the poll's `let`s, as "let NAME" entries of `types`.
void let_types(const Node &n, std::map<std::string, std::string> &types) {
    if (n.is_object()) {
        const Node *l = n.find("let");
        const Node *v = n.find("value");
        if (l != nullptr && l->is_string() && v != nullptr) {
            types.emplace("let " + l->text, type_of(*v, types));
        }
    }
    for (const Node &k : n.items) {
        let_types(k, types);
    }
    for (const auto &[k, v] : n.members) {
        if (k == "then" || k == "else" || k == "loop" || k == "arms" || k == "body") {
            let_types(v, types);
        }
    }
}

} // namespace

std::string Printer::hand_type(const Node &type, const Node &root) {
    const std::string &name = type.find("struct")->text;
    const std::string &trait = type.find("impl")->text;
    const Node *init = first_new(root, name);
    std::map<std::string, std::string> fields;
    std::string out = "struct " + name + " {\n";
    for (const Node &f : type.find("fields")->items) {
        const Node *v = init != nullptr ? init->find(f.text) : nullptr;
        std::string t = v != nullptr ? type_of(*v, fields) : "_";
        const Node *chan = v != nullptr ? v->find("sender") : nullptr;
        const Node *chans = root.find("channels");
        for (std::size_t i = 0; chan != nullptr && chans != nullptr && i < chans->items.size();
             ++i) {
            const Node &c = chans->items[i];
            if (c.find("name")->text == chan->text) {
                const std::string &kind = c.find("kind")->text;
                t = kind == "unbounded" ? "mpsc::UnboundedSender<_>"
                    : kind == "oneshot" ? "oneshot::Sender<_>"
                                        : "mpsc::Sender<_>";
            }
        }
        fields[f.text] = t;
        out += "    " + f.text + ": " + t + ",\n";
    }
    out += "}\n\n";
    const Node &poll = *type.find("poll");
    let_types(poll, fields);
    bool stream = trait == "Stream";
    std::string item = answer_type(poll, stream ? "some" : "ready", fields);
    std::string error = answer_type(poll, "err", fields);
    error = error == "_" ? "()" : error;
    out += "impl " + trait + " for " + name + " {\n    type Item = " + item +
           ";\n    type Error = " + error + ";\n\n    fn poll(&mut self) -> Poll<" +
           (stream ? "Option<" + item + ">" : item) + ", " + error + "> ";
    ++in_poll_;
    out += poll_block(poll, 1, true) + "\n}\n";
    --in_poll_;
    return out;
}

std::string Printer::poll_block(const Node &steps, int level, bool body) {
    std::string out = "{\n";
    for (std::size_t i = 0; i < steps.items.size(); ++i) {
        const Node &s = steps.items[i];
        // The poll's last answer as its tail expression, as Rust is written.
        bool tail = body && i + 1 == steps.items.size() && s.members[0].first == "return";
        out += indent_of(level + 1) +
               (tail ? answer(s.members[0].second, level + 1) : poll_stmt(s, level + 1)) + "\n";
    }
    return out + indent_of(level) + "}";
}

std::string Printer::answer(const Node &a, int level) {
    const std::string &k = a.members[0].first;
    const Node &v = a.members[0].second;
    if (k == "not_ready") {
        return "Ok(Async::NotReady)";
    }
    if (k == "none") {
        return "Ok(Async::Ready(None))";
    }
    if (k == "some") {
        return "Ok(Async::Ready(Some(" + bare(v, level) + ")))";
    }
    if (k == "err") {
        return "Err(" + bare(v, level) + ")";
    }
    return "Ok(Async::Ready(" + bare(v, level) + "))";
}

std::string Printer::poll_stmt(const Node &s, int level) {
    const std::string &key = s.members[0].first;
    const Node &arg = s.members[0].second;
    if (s.find("method") != nullptr) {
        unsupported("a poll's \"method\" (poll_cancel)");
    }
    if (key == "let") {
        if (const Node *f = s.find("try_ready")) {
            return "let " + arg.text + " = try_ready!(self." + f->text + ".poll());";
        }
        return "let " + arg.text + " = " + bare(*s.find("value"), level) + ";";
    }
    if (key == "set") {
        return "self." + arg.text + " = " + bare(*s.find("value"), level) + ";";
    }
    if (key == "if") {
        std::string out = "if " + bare(arg, level) + " " + poll_block(*s.find("then"), level);
        if (const Node *e = s.find("else")) {
            const Node *only = e->items.size() == 1 ? &e->items[0] : nullptr;
            out += only != nullptr && only->members[0].first == "if"
                       ? " else " + poll_stmt(*only, level)
                       : " else " + poll_block(*e, level);
        }
        return out;
    }
    if (key == "match") {
        std::string out = "match self." + arg.text + ".poll() {\n";
        for (const Node &a : s.find("arms")->items) {
            const std::string &pat = a.find("pattern")->text;
            const Node *b = a.find("bind");
            std::string bind = b != nullptr ? b->text : "_";
            std::string p = pat == "_"           ? "_"
                            : pat == "not_ready" ? "Ok(Async::NotReady)"
                            : pat == "none"      ? "Ok(Async::Ready(None))"
                            : pat == "some"      ? "Ok(Async::Ready(Some(" + bind + ")))"
                            : pat == "err"       ? "Err(" + bind + ")"
                                                 : "Ok(Async::Ready(" + bind + "))";
            const Node &body = *a.find("body");
            const std::string k = body.items.size() == 1 ? body.items[0].members[0].first : "";
            if (k == "return" || k == "break" || k == "continue") {
                // An arm of one jump: `Ok(Async::NotReady) => return Ok(Async::NotReady),`.
                std::string jump = poll_stmt(body.items[0], level + 1);
                out += indent_of(level + 1) + p + " => " + jump.substr(0, jump.size() - 1) + ",\n";
                continue;
            }
            out += indent_of(level + 1) + p + " => " + poll_block(body, level + 1) + "\n";
        }
        return out + indent_of(level) + "}";
    }
    if (key == "loop") {
        return "loop " + poll_block(arg, level);
    }
    if (key == "break" || key == "continue") {
        return key + ";";
    }
    if (key == "return") {
        return "return " + answer(arg, level) + ";";
    }
    if (key == "try_ready") {
        return "try_ready!(self." + arg.text + ".poll());";
    }
    if (key == "print") {
        return print_line(arg, level);
    }
    if (key == "notify" || key == "unpark") {
        return expr(arg, level) + "." + key + "();";
    }
    if (key == "do") {
        bool sends =
            arg.is_object() && arg.members.size() == 1 && arg.members[0].first == "unbounded_send";
        return bare(arg, level) + (sends ? ".unwrap();" : ";");
    }
    unsupported("the poll statement \"" + key + "\"");
}

// [SECTION] The file

std::string default_name(const std::string &file) {
    std::string stem = std::filesystem::path(file).stem().string();
    std::size_t dash = stem.find('-');
    if (dash != std::string::npos && dash > 0 &&
        std::isdigit(static_cast<unsigned char>(stem[0]))) {
        return stem.substr(dash + 1);
    }
    return stem;
}

} // namespace

std::string format_rust(std::string_view json_text, const std::string &file) {
    if (file.size() >= 3 && file.compare(file.size() - 3, 3, ".rs") == 0) {
        throw ScenarioError(file + ": fmt --to rs reads a JSON scenario; this file is in the Rust "
                                   "form already");
    }
    (void)Scenario::parse(json_text, file); // only a valid scenario is printed
    Node root = json::parse(json_text);     // valid JSON: the loader read it
    static const std::vector<std::string_view> known{"$schema",
                                                     "version",
                                                     "name",
                                                     "title",
                                                     "description",
                                                     "seed",
                                                     "world",
                                                     "channels",
                                                     "tasks",
                                                     "limits",
                                                     "runtime",
                                                     "expect",
                                                     "narration",
                                                     "types"};
    for (const json::Member &m : root.members) {
        if (std::find(known.begin(), known.end(), m.first) == known.end()) {
            unsupported("the key \"" + m.first + "\"");
        }
    }
    std::string out;
    if (const Node *t = root.find("title")) {
        out += wrap("//! ", t->text, 1000);
    }
    if (const Node *d = root.find("description")) {
        std::string text = d->text;
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t p = text.find("\n\n", start);
            std::string para = text.substr(start, p == std::string::npos ? p : p - start);
            std::replace(para.begin(), para.end(), '\n', ' ');
            out += "//!\n" + wrap("//! ", para, 100);
            if (p == std::string::npos) {
                break;
            }
            start = p + 2;
        }
    }
    if (const Node *n = root.find("name"); n != nullptr && n->text != default_name(file)) {
        out += "#![name = " + rust_string(n->text) + "]\n";
    }
    if (const Node *s = root.find("seed")) {
        out += "#![seed = " + number_text(*s) + "]\n";
    }
    for (const char *h : {"world", "limits", "runtime", "expect"}) {
        if (const Node *v = root.find(h)) {
            out += "#![" + std::string(h) + " " + data(*v, 0) + "]\n";
        }
    }
    // Notes go above the spawn of their task when that keeps their order; otherwise all of them
    // stay in the header.
    std::map<std::string, std::vector<std::string>> notes;
    const Node *narration = root.find("narration");
    const Node &tasks = *root.find("tasks");
    bool in_header = false;
    if (narration != nullptr) {
        std::size_t last = 0;
        for (const Node &e : narration->items) {
            const Node &at = *e.find("at");
            const Node *task = at.find("task");
            std::size_t index = tasks.items.size();
            for (std::size_t i = 0; task != nullptr && i < tasks.items.size(); ++i) {
                if (tasks.items[i].find("name")->text == task->text) {
                    index = i;
                }
            }
            bool simple = task != nullptr && at.members.size() == 2 &&
                          (at.find("poll") != nullptr || at.find("event") != nullptr);
            if (!simple || index == tasks.items.size() || index < last) {
                in_header = true;
            }
            last = index;
        }
        if (in_header) {
            out += "#![narration " + data(*narration, 0) + "]\n";
        } else {
            for (const Node &e : narration->items) {
                const Node &at = *e.find("at");
                const Node *poll = at.find("poll");
                std::string when =
                    poll != nullptr ? "poll " + number_text(*poll) : at.find("event")->text;
                notes[at.find("task")->text].push_back(wrap("    // ",
                                                            "note(" + at.find("task")->text + ", " +
                                                                when + "): " + e.find("text")->text,
                                                            100));
            }
        }
    }
    Printer p;
    std::string body =
        "    let mut core = Core::new().unwrap();\n    let handle = core.handle();\n";
    if (const Node *cs = root.find("channels")) {
        for (const Node &c : cs->items) {
            const std::string &name = c.find("name")->text;
            const std::string &kind = c.find("kind")->text;
            std::string make = kind == "oneshot" ? "oneshot::channel()"
                               : kind == "mpsc"
                                   ? "mpsc::channel(" + number_text(*c.find("capacity")) + ")"
                                   : "mpsc::unbounded()";
            if (!is_ident(name)) {
                unsupported("a channel named \"" + name + "\"");
            }
            body += "    let (" + name + "_tx, " + name + ") = " + make + ";\n";
        }
    }
    for (const Node &t : tasks.items) {
        const std::string &name = t.find("name")->text;
        const Node *d = t.find("daemon");
        bool daemon = d != nullptr && d->boolean;
        body += "\n";
        for (const std::string &n : notes[name]) {
            body += n;
        }
        std::string future = p.expr(*t.find("future"), 1);
        if (is_ident(name)) {
            body += "    let " + name + " = " + future + ";\n";
            body += daemon ? "    // task: " + name + ", daemon\n" : "";
            body += "    handle.spawn(" + name + ");\n";
        } else {
            body += "    // task: " + name + (daemon ? ", daemon" : "") + "\n";
            body += "    handle.spawn(" + future + ");\n";
        }
    }
    const Node *types = root.find("types");
    out +=
        "\nuse futures::sync::{mpsc, oneshot};\nuse futures::{future, stream, Future, Stream};\n";
    if (types != nullptr) {
        out += "use futures::task::{self, Task};\nuse futures::{Async, Poll};\n";
    }
    out += "use std::time::Duration;\nuse tokio_core::reactor::{Core, Timeout};\n\n";
    for (const std::string &item : p.items_) {
        out += item + "\n";
    }
    for (std::size_t i = 0; types != nullptr && i < types->items.size(); ++i) {
        out += p.hand_type(types->items[i], root) + "\n";
    }
    out += "fn main() {\n" + body + "}\n";
    return out;
}

} // namespace futurescope::scenario
