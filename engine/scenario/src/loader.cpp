// Loading a scenario: the JSON text, then every part of it validated and compiled into the model
// of model.hpp, so that nothing can fail for the file's sake once a run starts.
//
// [SECTION] Errors and positions
// [SECTION] The operator table
// [SECTION] Expressions
// [SECTION] World, channels, tasks, limits
// [SECTION] expect and narration
// [SECTION] Scenario
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <unordered_set>

#include "json.hpp"
#include "model.hpp"

namespace futurescope::scenario {

namespace {

using json::Node;

// [SECTION] Errors and positions

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t prev = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cur = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
            prev = cur;
        }
    }
    return row[b.size()];
}

// " (did you mean "x"?)" when a known name is close enough, else "".
std::string suggest(std::string_view word, const std::vector<std::string_view> &known) {
    std::string_view best;
    std::size_t best_d = 3;
    for (std::string_view k : known) {
        std::size_t d = edit_distance(word, k);
        if (d < best_d || (d == best_d && !best.empty() && k < best && d < 3)) {
            best_d = d;
            best = k;
        }
    }
    if (best.empty() || best_d > std::max<std::size_t>(1, word.size() / 3 + 1)) {
        return {};
    }
    return " (did you mean \"" + std::string(best) + "\"?)";
}

std::string qt(std::string_view s) { return "\"" + std::string(s) + "\""; }

class Loader {
  public:
    explicit Loader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void
    fail(const Node &at, const std::string &path, const std::string &message) const {
        throw ScenarioError(file_ + ":" + std::to_string(at.line) + ":" +
                            std::to_string(at.column) + ": " + (path.empty() ? "/" : path) + ": " +
                            message);
    }
    // The key's position, for errors about a key itself.
    [[noreturn]] void fail_key(const Node &object,
                               std::size_t member,
                               const std::string &path,
                               const std::string &message) const {
        Node at;
        at.line = object.key_pos[member].first;
        at.column = object.key_pos[member].second;
        fail(at, path, message);
    }

    void expect_type(const Node &n, Node::Type t, const std::string &path, const char *what) const {
        if (n.type != t) {
            fail(n, path, std::string("expected ") + what + ", found " + json::type_name(n));
        }
    }
    void only_keys(const Node &n,
                   const std::string &path,
                   const std::vector<std::string_view> &keys) const {
        for (std::size_t i = 0; i < n.members.size(); ++i) {
            const std::string &k = n.members[i].first;
            if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
                fail_key(n, i, path + "/" + k, "unknown key " + qt(k) + suggest(k, keys));
            }
        }
    }
    const Node &required(const Node &n, const std::string &path, std::string_view key) const {
        const Node *v = n.find(key);
        if (v == nullptr) {
            fail(n, path, "missing key " + qt(key));
        }
        return *v;
    }
    std::string string_of(const Node &n, const std::string &path) const {
        expect_type(n, Node::Type::string, path, "a string");
        return n.text;
    }
    std::int64_t integer_of(const Node &n, const std::string &path, std::int64_t min = 0) const {
        if (!n.is_number() || !n.integral) {
            fail(n, path, "expected an integer, found " + json::type_name(n));
        }
        if (n.integer < min) {
            fail(n,
                 path,
                 "expected an integer >= " + std::to_string(min) + ", found " +
                     std::to_string(n.integer));
        }
        return n.integer;
    }
    double number_of(const Node &n, const std::string &path) const {
        if (!n.is_number()) {
            fail(n, path, "expected a number, found " + json::type_name(n));
        }
        if (n.number < 0) {
            fail(n, path, "expected a number >= 0, found " + std::to_string(n.integer));
        }
        return n.number;
    }
    // Milliseconds as a number, or {"ms": x} / {"us": x} / {"s": x} / {"ns": x}.
    std::int64_t duration_of(const Node &n, const std::string &path) const {
        double scale = 1e6;
        const Node *v = &n;
        std::string p = path;
        if (n.is_object()) {
            if (n.members.size() != 1) {
                fail(n,
                     path,
                     "expected a duration: milliseconds, or one of \"s\", \"ms\", \"us\", \"ns\"");
            }
            const std::string &unit = n.members[0].first;
            if (unit == "s") {
                scale = 1e9;
            } else if (unit == "ms") {
                scale = 1e6;
            } else if (unit == "us") {
                scale = 1e3;
            } else if (unit == "ns") {
                scale = 1;
            } else {
                fail_key(n,
                         0,
                         path + "/" + unit,
                         "unknown unit " + qt(unit) +
                             " (expected \"s\", \"ms\", \"us\" or \"ns\")");
            }
            v = &n.members[0].second;
            p += "/" + unit;
        } else if (!n.is_number()) {
            fail(n, path, "expected a duration (milliseconds), found " + json::type_name(n));
        }
        if (!v->is_number()) {
            fail(*v, p, "expected a number, found " + json::type_name(*v));
        }
        if (v->number < 0) {
            fail(*v, p, "expected a duration >= 0");
        }
        if (v->number * scale > 9.0e18) {
            fail(*v, p, "the duration is too long");
        }
        return static_cast<std::int64_t>(std::llround(v->number * scale));
    }

    std::string file_;
    std::vector<ChannelSpec> channels_;
    std::set<std::string> hosts_;
    // The names given to spawned tasks ({"spawn": {"name": …, "future": …}}): expect and
    // narration may refer to them.
    mutable std::vector<std::string> spawn_names_;
};

// [SECTION] The operator table

// Argument codes: F future, S stream, V value, f fn → future, v fn → value, g fn(acc, item) →
// future, D duration, N count (integer literal), T text literal, C channel name, R an array of
// {"ok": V} / {"err": V} (iter_result), * any number of the next code.
struct OpSpec {
    std::string_view name;
    Op op;
    Kind result;
    std::string_view args;
    std::size_t min_count = 0; // for "*": at least this many
    std::size_t max_count = 0; // for "*": at most this many (0 = no limit)
};

constexpr Kind F = Kind::future;
constexpr Kind S = Kind::stream;
constexpr Kind V = Kind::value;

const std::vector<OpSpec> &op_table() {
    static const std::vector<OpSpec> table{
        // values
        {"list", Op::list, V, "*V"},
        {"tuple", Op::tuple, V, "*V"},
        {"add", Op::add, V, "VV"},
        {"sub", Op::sub, V, "VV"},
        {"mul", Op::mul, V, "VV"},
        {"div", Op::div, V, "VV"},
        {"mod", Op::mod, V, "VV"},
        {"neg", Op::neg, V, "V"},
        {"eq", Op::eq, V, "VV"},
        {"ne", Op::ne, V, "VV"},
        {"lt", Op::lt, V, "VV"},
        {"le", Op::le, V, "VV"},
        {"gt", Op::gt, V, "VV"},
        {"ge", Op::ge, V, "VV"},
        {"not", Op::not_, V, "V"},
        {"and", Op::and_, V, "VV"},
        {"or", Op::or_, V, "VV"},
        {"if", Op::if_, V, "VVV"},
        {"concat", Op::concat, V, "*V", 1},
        {"len", Op::len, V, "V"},
        {"upper", Op::upper, V, "V"},
        {"get", Op::get, V, "VV"},
        {"to_string", Op::to_string, V, "V"},
        {"parse_int", Op::parse_int, V, "V"},
        {"bytes", Op::bytes, V, "V"},
        {"sender", Op::sender, V, "C"},
        {"future", Op::future_value, V, "F"},
        {"stream", Op::stream_value, V, "S"},
        {"clone", Op::clone, V, "V"},
        {"drop", Op::drop, V, "V"},
        {"fail", Op::fail, V, "V"},
        {"rc", Op::rc, V, "V"},
        {"break", Op::break_, V, "V"},
        {"continue", Op::continue_, V, "V"},
        {"tag_of", Op::tag_of, V, "V"},
        {"untag", Op::untag, V, "V"},
        // futures
        {"ok", Op::ok, F, "V"},
        {"err", Op::err, F, "V"},
        {"delay", Op::delay, F, "D"},
        {"block", Op::block, F, "D"},
        {"lazy", Op::lazy, F, "F"},
        {"empty", Op::empty, F, ""},
        {"yield_now", Op::yield_now, F, ""},
        {"forgetful_delay", Op::forgetful_delay, F, "D"},
        {"busy_wait", Op::busy_wait, F, "D"},
        {"map", Op::map, F, "Fv"},
        {"map_err", Op::map_err, F, "Fv"},
        {"then", Op::then, F, "Ff"},
        {"and_then", Op::and_then, F, "Ff"},
        {"or_else", Op::or_else, F, "Ff"},
        {"select", Op::select, F, "FF"},
        {"join", Op::join, F, "*F", 2, 5},
        {"join_all", Op::join_all, F, "*F"},
        {"select_all", Op::select_all, F, "*F", 1},
        {"select_ok", Op::select_ok, F, "*F", 1},
        {"fuse", Op::fuse, F, "F"},
        {"timeout", Op::timeout, F, "FD"},
        {"boxed", Op::boxed, F, "F"},
        {"spawn", Op::spawn, F, "F"},
        {"local_get", Op::local_get, F, "T"},
        {"local_set", Op::local_set, F, "TV"},
        {"connect", Op::connect, F, "T"},
        {"bind", Op::bind, F, "T"},
        {"tls_handshake", Op::tls_handshake, F, "TV"},
        {"write_all", Op::write_all, F, "VV"},
        {"read_exact", Op::read_exact, F, "VV"},
        {"read_to_end", Op::read_to_end, F, "V"},
        {"shutdown", Op::shutdown, F, "V"},
        {"recv", Op::recv_oneshot, F, "C"},
        {"send", Op::send, F, "VV"},
        {"fold", Op::fold, F, "SVg"},
        {"for_each", Op::for_each, F, "Sf"},
        {"collect", Op::collect, F, "S"},
        {"into_future", Op::into_future, F, "S"},
        {"select2", Op::select2, F, "FF"},
        {"flatten", Op::flatten, F, "F"},
        {"loop_fn", Op::loop_fn, F, "Vf"},
        {"peek", Op::peek, F, "S"},
        {"task_rc", Op::task_rc, F, "V"},
        {"task_rc_get", Op::task_rc_get, F, "V"},
        {"send_all", Op::send_all, F, "VS"},
        {"poll_all", Op::poll_all, F, "*F", 1},
        // streams
        {"iter", Op::iter, S, "V"},
        {"interval", Op::interval, S, "D"},
        {"incoming", Op::incoming, S, "V"},
        {"recv", Op::recv_stream, S, "C"},
        {"map", Op::smap, S, "Sv"},
        {"map_err", Op::smap_err, S, "Sv"},
        {"filter", Op::filter, S, "Sv"},
        {"filter_map", Op::filter_map, S, "Sv"},
        {"then", Op::sthen, S, "Sf"},
        {"and_then", Op::sand_then, S, "Sf"},
        {"or_else", Op::sor_else, S, "Sf"},
        {"take", Op::take, S, "SN"},
        {"skip", Op::skip, S, "SN"},
        {"take_while", Op::take_while, S, "Sv"},
        {"skip_while", Op::skip_while, S, "Sv"},
        {"chunks", Op::chunks, S, "SN"},
        {"buffered", Op::buffered, S, "SN"},
        {"buffer_unordered", Op::buffer_unordered, S, "SN"},
        {"select", Op::sselect, S, "SS"},
        {"merge", Op::merge, S, "SS"},
        {"zip", Op::zip, S, "SS"},
        {"fuse", Op::sfuse, S, "S"},
        {"into_stream", Op::into_stream, S, "F"},
        {"unfold", Op::unfold, S, "Vf"},
        {"peekable", Op::peekable, S, "S"},
        {"flatten", Op::sflatten, S, "S"},
        {"iter_result", Op::iter_result, S, "R"},
    };
    return table;
}

const std::vector<std::string_view> &op_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> v{"var", "const", "chain", "fn", "async"};
        for (const OpSpec &s : op_table()) {
            if (std::find(v.begin(), v.end(), s.name) == v.end()) {
                v.push_back(s.name);
            }
        }
        return v;
    }();
    return names;
}

const char *kind_name(Kind k) {
    switch (k) {
    case Kind::future:
        return "a future";
    case Kind::stream:
        return "a stream";
    case Kind::value:
        return "a value";
    }
    return "?";
}

// [SECTION] Expressions

using Scope = std::vector<std::string>;

class Compiler {
  public:
    Compiler(const Loader &loader) : l_(loader) {}

    // Compiles `n` where `want` is needed. A value where a future is needed means ok(value) (or
    // the future a variable holds); a variable where a stream is needed must hold a stream.
    Expr
    compile(const Node &n, const std::string &path, Kind want, const Scope &scope, int depth = 0) {
        if (depth > json::max_depth) {
            l_.fail(n,
                    path,
                    "expression nested deeper than " + std::to_string(json::max_depth) + " levels");
        }
        Expr e = compile_any(n, path, want, scope, depth);
        return coerce(std::move(e), n, path, want);
    }

  private:
    Expr coerce(Expr e, const Node &n, const std::string &path, Kind want) {
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

    Expr literal_of(const Node &n, const std::string &path, const Scope &scope, int depth) {
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
                e.args.push_back(compile(
                    n.items[i], path + "/" + std::to_string(i), Kind::value, scope, depth + 1));
            }
            return e;
        case Node::Type::object:
            break;
        }
        return e;
    }

    // The entries of the table with this name.
    static std::vector<const OpSpec *> specs_named(std::string_view name) {
        std::vector<const OpSpec *> out;
        for (const OpSpec &s : op_table()) {
            if (s.name == name) {
                out.push_back(&s);
            }
        }
        return out;
    }

    // The kind an expression has, without compiling it (for overloaded operators such as map).
    Kind infer(const Node &n, Kind context) const {
        if (!n.is_object() || n.members.size() != 1) {
            return Kind::value;
        }
        const std::string &name = n.members[0].first;
        const Node &arg = n.members[0].second;
        if (name == "var") {
            return context;
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
    Kind infer_step(const Node &step, Kind acc) const {
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

    const ChannelSpec *channel(const std::string &name) const {
        for (const ChannelSpec &c : l_.channels_) {
            if (c.name == name) {
                return &c;
            }
        }
        return nullptr;
    }

    const OpSpec *choose(const std::string &name,
                         const Node &n,
                         const std::string &path,
                         Kind receiver_kind,
                         bool has_receiver) const {
        auto specs = specs_named(name);
        if (specs.empty()) {
            l_.fail_key(n,
                        0,
                        path + "/" + name,
                        "unknown operator " + qt(name) + suggest(name, op_names()));
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

    Expr
    compile_any(const Node &n, const std::string &path, Kind want, const Scope &scope, int depth) {
        if (!n.is_object()) {
            return literal_of(n, path, scope, depth);
        }
        if (n.find("fn") != nullptr) {
            l_.fail(n, path, "a function is not allowed here");
        }
        if (n.members.size() != 1) {
            if (n.members.empty()) {
                l_.fail(
                    n, path, "expected an operator: an object with one key, found an empty object");
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
            Expr e;
            e.op = Op::var;
            e.kind = Kind::value;
            e.path = path;
            e.name = l_.string_of(arg, apath);
            if (std::find(scope.begin(), scope.end(), e.name) == scope.end()) {
                l_.fail(
                    arg,
                    apath,
                    "unknown variable " + qt(e.name) +
                        suggest(e.name, std::vector<std::string_view>(scope.begin(), scope.end())));
            }
            return e;
        }
        if (name == "const") {
            Expr e;
            e.kind = Kind::value;
            e.path = path;
            e.literal = constant(arg, apath);
            return e;
        }
        if (name == "chain") {
            l_.expect_type(
                arg, Node::Type::array, apath, "an array: a future or stream, then methods");
            if (arg.items.empty()) {
                l_.fail(arg, apath, "expected at least one element");
            }
            Kind base_kind = infer(arg.items[0], want == Kind::value ? Kind::future : want);
            if (base_kind == Kind::value) {
                base_kind = Kind::future;
            }
            if (arg.items.size() >= 2 && arg.items[0].is_object() &&
                arg.items[0].members.size() == 1 && arg.items[0].members[0].first == "var") {
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
            Expr acc = compile(arg.items[0], apath + "/0", base_kind, scope, depth + 1);
            for (std::size_t i = 1; i < arg.items.size(); ++i) {
                const Node &step = arg.items[i];
                std::string spath = apath + "/" + std::to_string(i);
                if (!step.is_object() || step.members.size() != 1) {
                    l_.fail(step,
                            spath,
                            "expected a method: an object with one key, such as {\"map\": …}");
                }
                acc = apply(step, spath, std::move(acc), scope, depth + 1);
            }
            return acc;
        }
        if (name == "async") {
            return compile_async(arg, apath, path, scope, depth);
        }
        if (name == "spawn" && arg.is_object() && arg.find("future") != nullptr) {
            return named_spawn(arg, apath, path, scope, depth);
        }
        Kind recv_kind = Kind::future;
        const OpSpec *spec = nullptr;
        auto specs = specs_named(name);
        if (specs.size() > 1 && name != "recv") {
            const Node *receiver = arg.is_array() && !arg.items.empty() ? &arg.items[0] : &arg;
            recv_kind = infer(*receiver, want == Kind::value ? Kind::future : want);
            if (recv_kind == Kind::value) {
                recv_kind = Kind::future;
            }
        }
        spec = choose(name, n, path, recv_kind, false);
        if (spec == nullptr) { // recv
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
        std::vector<const Node *> args;
        std::vector<std::string> paths;
        split_args(*spec, arg, apath, args, paths, 0);
        return build(*spec, args, paths, path, scope, depth, std::nullopt);
    }

    // {"spawn": {"name": "worker", "future": F, "daemon": false}}: a spawned task with a name.
    Expr named_spawn(const Node &arg,
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
            if (e.name.empty()) {
                l_.fail(*n, apath + "/name", "a task name cannot be empty");
            }
            l_.spawn_names_.push_back(e.name);
        }
        if (const Node *d = arg.find("daemon")) {
            l_.expect_type(*d, Node::Type::boolean, apath + "/daemon", "true or false");
            e.num = d->boolean ? 1 : 0;
        }
        return e;
    }

    // A method applied to the accumulated receiver of a chain.
    Expr apply(
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

    std::vector<std::string_view> channel_names() const {
        std::vector<std::string_view> v;
        for (const ChannelSpec &c : l_.channels_) {
            v.push_back(c.name);
        }
        return v;
    }

    // The argument nodes: a single one, or an array of them; `skip` leading codes are given (a
    // chain's receiver).
    void split_args(const OpSpec &spec,
                    const Node &arg,
                    const std::string &apath,
                    std::vector<const Node *> &args,
                    std::vector<std::string> &paths,
                    std::size_t skip) {
        std::string_view codes = spec.args.substr(std::min(skip, spec.args.size()));
        bool star = !codes.empty() && codes[0] == '*';
        if (star) {
            l_.expect_type(arg, Node::Type::array, apath, "an array");
            for (std::size_t i = 0; i < arg.items.size(); ++i) {
                args.push_back(&arg.items[i]);
                paths.push_back(apath + "/" + std::to_string(i));
            }
            if (args.size() < spec.min_count ||
                (spec.max_count != 0 && args.size() > spec.max_count)) {
                std::string range =
                    spec.max_count == 0
                        ? "at least " + std::to_string(spec.min_count)
                        : std::to_string(spec.min_count) + " to " + std::to_string(spec.max_count);
                l_.fail(arg,
                        apath,
                        qt(spec.name) + " takes " + range + " arguments, found " +
                            std::to_string(args.size()));
            }
            return;
        }
        if (codes.empty()) {
            bool none = arg.type == Node::Type::null || (arg.is_object() && arg.members.empty()) ||
                        (arg.is_array() && arg.items.empty());
            if (!none) {
                l_.fail(arg, apath, qt(spec.name) + " takes no arguments: write {} ");
            }
            return;
        }
        if (codes.size() == 1) {
            args.push_back(&arg);
            paths.push_back(apath);
            return;
        }
        if (!arg.is_array()) {
            l_.fail(arg,
                    apath,
                    qt(spec.name) + " takes " + std::to_string(codes.size()) +
                        " arguments: expected an array, found " + json::type_name(arg));
        }
        if (arg.items.size() != codes.size()) {
            l_.fail(arg,
                    apath,
                    qt(spec.name) + " takes " + std::to_string(codes.size()) +
                        " arguments, found " + std::to_string(arg.items.size()));
        }
        for (std::size_t i = 0; i < arg.items.size(); ++i) {
            args.push_back(&arg.items[i]);
            paths.push_back(apath + "/" + std::to_string(i));
        }
    }

    std::shared_ptr<Fn> function(const Node &n,
                                 const std::string &path,
                                 Kind body_kind,
                                 std::size_t arity,
                                 const Scope &scope,
                                 int depth) {
        auto fn = std::make_shared<Fn>();
        Scope inner = scope;
        if (n.is_object() && n.find("fn") != nullptr) {
            l_.only_keys(n, path, {"fn", "body"});
            const Node &params = *n.find("fn");
            std::string ppath = path + "/fn";
            if (params.is_string()) {
                fn->params.push_back(params.text);
                if (arity == 2) {
                    l_.fail(params,
                            ppath,
                            "this function takes two parameters: write [\"acc\", \"x\"]");
                }
            } else if (params.is_array()) {
                for (std::size_t i = 0; i < params.items.size(); ++i) {
                    fn->params.push_back(
                        l_.string_of(params.items[i], ppath + "/" + std::to_string(i)));
                }
                fn->destructure = arity == 1;
                if (arity == 2 && fn->params.size() != 2) {
                    l_.fail(params,
                            ppath,
                            "this function takes two parameters, found " +
                                std::to_string(fn->params.size()));
                }
            } else {
                l_.fail(params,
                        ppath,
                        "expected a parameter name or an array of names, found " +
                            json::type_name(params));
            }
            for (const std::string &p : fn->params) {
                if (p != "_") {
                    inner.push_back(p);
                }
            }
            const Node &body = l_.required(n, path, "body");
            fn->body = compile(body, path + "/body", body_kind, inner, depth + 1);
            return fn;
        }
        // A bare expression: a function that ignores its argument(s).
        fn->body = compile(n, path, body_kind, inner, depth + 1);
        return fn;
    }

    Expr build(const OpSpec &spec,
               const std::vector<const Node *> &args,
               const std::vector<std::string> &paths,
               const std::string &path,
               const Scope &scope,
               int depth,
               std::optional<Expr> receiver) {
        Expr e;
        e.op = spec.op;
        e.kind = spec.result;
        e.path = path;
        std::string_view codes = spec.args;
        std::size_t ai = 0;
        if (receiver) {
            e.args.push_back(std::move(*receiver));
            codes = codes.substr(1);
        }
        bool star = !codes.empty() && codes[0] == '*';
        for (std::size_t i = 0; i < args.size(); ++i, ++ai) {
            char code = star ? codes[1] : codes[i];
            const Node &a = *args[i];
            const std::string &p = paths[i];
            switch (code) {
            case 'F':
                e.args.push_back(compile(a, p, Kind::future, scope, depth + 1));
                break;
            case 'S':
                e.args.push_back(compile(a, p, Kind::stream, scope, depth + 1));
                break;
            case 'V':
                e.args.push_back(compile(a, p, Kind::value, scope, depth + 1));
                break;
            case 'f':
                e.fn = function(a, p, Kind::future, 1, scope, depth);
                break;
            case 'v':
                e.fn = function(a, p, Kind::value, 1, scope, depth);
                break;
            case 'g':
                e.fn = function(a, p, Kind::future, 2, scope, depth);
                break;
            case 'D': {
                bool unit = a.is_object() && a.members.size() == 1 &&
                            (a.members[0].first == "s" || a.members[0].first == "ms" ||
                             a.members[0].first == "us" || a.members[0].first == "ns");
                bool expression =
                    a.is_object() && a.members.size() == 1 &&
                    std::find(op_names().begin(), op_names().end(), a.members[0].first) !=
                        op_names().end();
                if (spec.op == Op::delay && expression && !unit) {
                    // {"delay": {"var": "ms"}}: milliseconds computed when the delay is built.
                    e.args.push_back(compile(a, p, Kind::value, scope, depth + 1));
                } else {
                    e.num = l_.duration_of(a, p);
                }
                break;
            }
            case 'N':
                e.num = l_.integer_of(a, p, 1);
                break;
            case 'T':
                e.name = l_.string_of(a, p);
                if (spec.op == Op::connect || spec.op == Op::bind) {
                    check_address(a, p, e.name);
                }
                break;
            case 'R': {
                l_.expect_type(a, Node::Type::array, p, "an array of {\"ok\": …} and {\"err\": …}");
                for (std::size_t j = 0; j < a.items.size(); ++j) {
                    const Node &item = a.items[j];
                    std::string ip = p + "/" + std::to_string(j);
                    if (!item.is_object() || item.members.size() != 1 ||
                        (item.members[0].first != "ok" && item.members[0].first != "err")) {
                        l_.fail(item, ip, "expected {\"ok\": <value>} or {\"err\": <value>}");
                    }
                    Expr r;
                    r.op = item.members[0].first == "ok" ? Op::ok : Op::err;
                    r.kind = Kind::value;
                    r.path = ip;
                    r.args.push_back(compile(item.members[0].second,
                                             ip + "/" + item.members[0].first,
                                             Kind::value,
                                             scope,
                                             depth + 1));
                    e.args.push_back(std::move(r));
                }
                break;
            }
            case 'C': {
                e.name = l_.string_of(a, p);
                if (channel(e.name) == nullptr) {
                    l_.fail(
                        a, p, "unknown channel " + qt(e.name) + suggest(e.name, channel_names()));
                }
                break;
            }
            default:
                break;
            }
        }
        return e;
    }

    void check_address(const Node &a, const std::string &p, const std::string &target) const {
        auto colon = target.rfind(':');
        if (colon == std::string::npos) {
            l_.fail(a, p, "expected \"host:port\", found " + qt(target));
        }
        std::string host = target.substr(0, colon);
        if (l_.hosts_.empty()) {
            l_.fail(a, p, "the world has no hosts: add \"world\": {\"hosts\": …}");
        }
        bool numeric = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == '.';
        });
        if (!host.empty() && !numeric && l_.hosts_.count(host) == 0) {
            std::vector<std::string_view> names(l_.hosts_.begin(), l_.hosts_.end());
            l_.fail(a, p, "unknown host " + qt(host) + suggest(host, names));
        }
    }

    // [SECTION] Async functions

    // {"async": {"name": "example", "body": [steps]}}: the steps, then the declaration (its
    // states are the await points, numbered in the order they are written).
    Expr compile_async(const Node &arg,
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

    static std::string camel(std::string_view op) {
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
    static std::string await_label(const Node &n) {
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

    // An expression as Rust source, for the Send check's message: "yield_now()", "Rc::new(1)".
    static std::string source_of(const Node &n) {
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
                out += "." +
                       (m.is_object() && m.members.size() == 1 ? m.members[0].first
                                                               : std::string("…")) +
                       "(…)";
            }
            return out;
        }
        bool none = v.type == Node::Type::null || (v.is_object() && v.members.empty()) ||
                    (v.is_array() && v.items.empty());
        bool simple = v.type == Node::Type::number || v.type == Node::Type::string;
        return k + "(" + (none ? "" : simple ? source_of(v) : "…") + ")";
    }

    // Rust's name of a not-Send value's type: "Rc<i64>".
    static std::string rust_type(const Node &rc_arg) {
        switch (rc_arg.type) {
        case Node::Type::number:
            return rc_arg.integral ? "Rc<i64>" : "Rc<f64>";
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

    std::string await_point(const Node &step,
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

    std::vector<AsyncStep> async_steps(const Node &body,
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
            const Node &n = body.items[i];
            std::string p = path + "/" + std::to_string(i);
            constexpr const char *what =
                "expected a step: {\"let\": …, \"value\" or \"await\": …}, "
                "{\"await\": …}, {\"print\": …}, {\"return\": …}, "
                "{\"for_each\": …, \"as\": …, \"body\": […]} or "
                "{\"scope\": […]}";
            if (!n.is_object()) {
                l_.fail(n, p, what);
            }
            AsyncStep s;
            s.path = p;
            s.line = n.line;
            s.column = n.column;
            if (const Node *let = n.find("let")) {
                s.name = l_.string_of(*let, p + "/let");
                if (s.name.empty() || s.name == "_") {
                    l_.fail(*let, p + "/let", "expected a variable name");
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
                    s.not_send = value->is_object() && value->members.size() == 1 &&
                                 value->members[0].first == "rc";
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
                l_.only_keys(n, p, {"for_each", "as", "body", "state"});
                s.kind = AsyncStep::Kind::for_each;
                s.expr = compile(*stream, p + "/for_each", Kind::stream, scope, depth + 1);
                s.name = l_.string_of(l_.required(n, p, "as"), p + "/as");
                s.point = await_point(n, p, "Next", points);
                s.source =
                    "while let Some(" + s.name + ") = " + source_of(*stream) + ".next().await {";
                Scope inner = scope;
                inner.push_back(s.name);
                s.body =
                    async_steps(l_.required(n, p, "body"), p + "/body", inner, depth + 1, points);
            } else if (const Node *block = n.find("scope")) {
                // { … }: a block whose lets end with it (Rust's fix for a value that must not
                // live across an await).
                l_.only_keys(n, p, {"scope"});
                s.kind = AsyncStep::Kind::scope;
                s.source = "{";
                Scope inner = scope;
                s.body = async_steps(*block, p + "/scope", inner, depth + 1, points);
            } else {
                l_.fail(n, p, what);
            }
            steps.push_back(std::move(s));
        }
        return steps;
    }

  public:
    [[nodiscard]] static std::string rust_source(const Node &n) { return source_of(n); }

    Value constant(const Node &n, const std::string &path) const {
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

  private:
    const Loader &l_;
};

// [SECTION] World, channels, tasks, limits

std::string child(const std::string &path, std::string_view key) {
    return path + "/" + std::string(key);
}
std::string child(const std::string &path, std::size_t i) { return path + "/" + std::to_string(i); }

void load_world(Loader &l, const Node &w, Scenario::Impl &out) {
    const std::string path = "/world";
    l.expect_type(w, Node::Type::object, path, "an object");
    l.only_keys(w, path, {"hosts", "links", "faults", "local"});
    if (const Node *hosts = w.find("hosts")) {
        std::string hp = child(path, "hosts");
        l.expect_type(*hosts, Node::Type::array, hp, "an array");
        for (std::size_t i = 0; i < hosts->items.size(); ++i) {
            const Node &h = hosts->items[i];
            std::string p = child(hp, i);
            l.expect_type(h, Node::Type::object, p, "an object");
            l.only_keys(h, p, {"name", "address", "services"});
            HostSpec spec;
            spec.name = l.string_of(l.required(h, p, "name"), child(p, "name"));
            spec.address = l.string_of(l.required(h, p, "address"), child(p, "address"));
            if (l.hosts_.count(spec.name) != 0) {
                l.fail(*h.find("name"), child(p, "name"), "duplicate host " + qt(spec.name));
            }
            l.hosts_.insert(spec.name);
            if (const Node *services = h.find("services")) {
                std::string sp = child(p, "services");
                l.expect_type(*services, Node::Type::array, sp, "an array");
                for (std::size_t j = 0; j < services->items.size(); ++j) {
                    const Node &s = services->items[j];
                    std::string q = child(sp, j);
                    l.expect_type(s, Node::Type::object, q, "an object");
                    l.only_keys(s, q, {"kind", "port", "body", "cert_name"});
                    ServiceSpec svc;
                    const Node &kn = l.required(s, q, "kind");
                    std::string kind = l.string_of(kn, child(q, "kind"));
                    static const std::vector<std::string_view> kinds{
                        "http", "https", "echo", "welcome"};
                    if (kind == "http") {
                        svc.kind = ServiceKind::http;
                    } else if (kind == "https") {
                        svc.kind = ServiceKind::https;
                    } else if (kind == "echo") {
                        svc.kind = ServiceKind::echo;
                    } else if (kind == "welcome") {
                        svc.kind = ServiceKind::welcome;
                    } else {
                        l.fail(kn,
                               child(q, "kind"),
                               "unknown service " + qt(kind) + suggest(kind, kinds) +
                                   "; expected \"http\", \"https\", \"echo\" or \"welcome\"");
                    }
                    const Node &pn = l.required(s, q, "port");
                    std::int64_t port = l.integer_of(pn, child(q, "port"), 1);
                    if (port > 65535) {
                        l.fail(pn,
                               child(q, "port"),
                               "expected a port from 1 to 65535, found " + std::to_string(port));
                    }
                    svc.port = static_cast<std::uint16_t>(port);
                    if (const Node *b = s.find("body")) {
                        svc.http.body = l.string_of(*b, child(q, "body"));
                    }
                    if (const Node *c = s.find("cert_name")) {
                        svc.http.cert_name = l.string_of(*c, child(q, "cert_name"));
                    }
                    spec.services.push_back(std::move(svc));
                }
            }
            out.hosts.push_back(std::move(spec));
        }
    }
    std::vector<std::string_view> names;
    for (const HostSpec &h : out.hosts) {
        names.push_back(h.name);
    }
    auto host_ref = [&](const Node &n, const std::string &p) {
        std::string name = l.string_of(n, p);
        if (l.hosts_.count(name) == 0) {
            l.fail(n, p, "unknown host " + qt(name) + suggest(name, names));
        }
        return name;
    };
    if (const Node *links = w.find("links")) {
        std::string lp = child(path, "links");
        l.expect_type(*links, Node::Type::array, lp, "an array");
        for (std::size_t i = 0; i < links->items.size(); ++i) {
            const Node &k = links->items[i];
            std::string p = child(lp, i);
            l.expect_type(k, Node::Type::object, p, "an object");
            l.only_keys(k, p, {"between", "latency", "bandwidth", "jitter", "loss"});
            const Node &between = l.required(k, p, "between");
            std::string bp = child(p, "between");
            l.expect_type(between, Node::Type::array, bp, "an array of two host names");
            if (between.items.size() != 2) {
                l.fail(between,
                       bp,
                       "expected two host names, found " + std::to_string(between.items.size()));
            }
            LinkSpec spec;
            spec.a = host_ref(between.items[0], child(bp, 0));
            spec.b = host_ref(between.items[1], child(bp, 1));
            if (const Node *n = k.find("latency")) {
                spec.params.latency =
                    std::chrono::nanoseconds(l.duration_of(*n, child(p, "latency")));
            }
            if (const Node *n = k.find("jitter")) {
                spec.params.jitter =
                    std::chrono::nanoseconds(l.duration_of(*n, child(p, "jitter")));
            }
            if (const Node *n = k.find("bandwidth")) {
                spec.params.bandwidth_bytes_per_s =
                    static_cast<std::uint64_t>(l.integer_of(*n, child(p, "bandwidth")));
            }
            if (const Node *n = k.find("loss")) {
                double loss = l.number_of(*n, child(p, "loss"));
                if (loss >= 1.0) {
                    l.fail(*n, child(p, "loss"), "expected a chance in [0, 1)");
                }
                spec.params.loss = loss;
            }
            out.links.push_back(std::move(spec));
        }
    }
    if (const Node *faults = w.find("faults")) {
        std::string fp = child(path, "faults");
        l.expect_type(*faults, Node::Type::array, fp, "an array");
        for (std::size_t i = 0; i < faults->items.size(); ++i) {
            const Node &f = faults->items[i];
            std::string p = child(fp, i);
            l.expect_type(f, Node::Type::object, p, "an object");
            FaultSpec spec;
            if (const Node *part = f.find("partition")) {
                l.only_keys(f, p, {"partition", "from", "to"});
                std::string pp = child(p, "partition");
                l.expect_type(*part, Node::Type::array, pp, "an array of two host names");
                if (part->items.size() != 2) {
                    l.fail(*part,
                           pp,
                           "expected two host names, found " + std::to_string(part->items.size()));
                }
                spec.kind = "partition";
                spec.a = host_ref(part->items[0], child(pp, 0));
                spec.b = host_ref(part->items[1], child(pp, 1));
                spec.from_ns = l.duration_of(l.required(f, p, "from"), child(p, "from"));
                spec.to_ns = l.duration_of(l.required(f, p, "to"), child(p, "to"));
            } else if (f.find("crash") != nullptr || f.find("restart") != nullptr) {
                spec.kind = f.find("crash") != nullptr ? "crash" : "restart";
                l.only_keys(f, p, {spec.kind, "at"});
                spec.a = host_ref(*f.find(spec.kind), child(p, spec.kind));
                spec.from_ns = l.duration_of(l.required(f, p, "at"), child(p, "at"));
            } else {
                l.fail(f, p, "expected a fault: \"partition\", \"crash\" or \"restart\"");
            }
            out.faults.push_back(std::move(spec));
        }
    }
    if (const Node *local = w.find("local")) {
        out.local_host = host_ref(*local, child(path, "local"));
    }
}

void load_channels(Loader &l, const Node &c, Scenario::Impl &out) {
    const std::string path = "/channels";
    l.expect_type(c, Node::Type::array, path, "an array");
    for (std::size_t i = 0; i < c.items.size(); ++i) {
        const Node &n = c.items[i];
        std::string p = child(path, i);
        l.expect_type(n, Node::Type::object, p, "an object");
        l.only_keys(n, p, {"name", "kind", "capacity"});
        ChannelSpec spec;
        spec.name = l.string_of(l.required(n, p, "name"), child(p, "name"));
        for (const ChannelSpec &o : out.channels) {
            if (o.name == spec.name) {
                l.fail(*n.find("name"), child(p, "name"), "duplicate channel " + qt(spec.name));
            }
        }
        const Node &kn = l.required(n, p, "kind");
        spec.kind = l.string_of(kn, child(p, "kind"));
        static const std::vector<std::string_view> kinds{"oneshot", "mpsc", "unbounded"};
        if (std::find(kinds.begin(), kinds.end(), spec.kind) == kinds.end()) {
            l.fail(kn,
                   child(p, "kind"),
                   "unknown channel kind " + qt(spec.kind) + suggest(spec.kind, kinds) +
                       "; expected \"oneshot\", \"mpsc\" or \"unbounded\"");
        }
        if (const Node *cap = n.find("capacity")) {
            if (spec.kind != "mpsc") {
                l.fail(*cap, child(p, "capacity"), "only an \"mpsc\" channel has a capacity");
            }
            spec.capacity = l.integer_of(*cap, child(p, "capacity"));
        } else if (spec.kind == "mpsc") {
            l.fail(n, p, "missing key \"capacity\" (an mpsc channel is bounded)");
        }
        out.channels.push_back(std::move(spec));
    }
    l.channels_ = out.channels;
}

void load_tasks(Loader &l, const Node &t, Scenario::Impl &out) {
    const std::string path = "/tasks";
    l.expect_type(t, Node::Type::array, path, "an array");
    if (t.items.empty()) {
        l.fail(t, path, "expected at least one task");
    }
    Compiler c(l);
    std::unordered_set<std::string> names; // a set: a file of many tasks loads in linear time
    for (std::size_t i = 0; i < t.items.size(); ++i) {
        const Node &n = t.items[i];
        std::string p = child(path, i);
        l.expect_type(n, Node::Type::object, p, "an object");
        l.only_keys(n, p, {"name", "future", "daemon"});
        TaskSpec spec;
        spec.name = l.string_of(l.required(n, p, "name"), child(p, "name"));
        if (spec.name.empty()) {
            l.fail(*n.find("name"), child(p, "name"), "a task name cannot be empty");
        }
        if (!names.insert(spec.name).second) {
            l.fail(*n.find("name"), child(p, "name"), "duplicate task name " + qt(spec.name));
        }
        if (const Node *d = n.find("daemon")) {
            l.expect_type(*d, Node::Type::boolean, child(p, "daemon"), "true or false");
            spec.daemon = d->boolean;
        }
        const Node *f = n.find("future");
        if (f == nullptr) {
            l.fail(n, p, "task " + qt(spec.name) + " has no \"future\"");
        }
        spec.future = c.compile(*f, child(p, "future"), Kind::future, {});
        spec.line = f->line;
        spec.column = f->column;
        spec.source = Compiler::rust_source(*f);
        out.tasks.push_back(std::move(spec));
    }
}

void load_limits(Loader &l, const Node &n, Scenario::Impl &out) {
    const std::string path = "/limits";
    l.expect_type(n, Node::Type::object, path, "an object");
    l.only_keys(n, path, {"steps", "time"});
    if (const Node *s = n.find("steps")) {
        out.limits.max_steps =
            static_cast<std::uint64_t>(l.integer_of(*s, child(path, "steps"), 1));
    }
    if (const Node *t = n.find("time")) {
        out.limits.max_time_ns = l.duration_of(*t, child(path, "time"));
    }
}

// [SECTION] expect and narration

// A task of the file, or a task a `spawn` names.
bool has_task(const Loader &l, const Scenario::Impl &out, const std::string &name) {
    return std::any_of(out.tasks.begin(),
                       out.tasks.end(),
                       [&](const TaskSpec &t) { return t.name == name; }) ||
           std::find(l.spawn_names_.begin(), l.spawn_names_.end(), name) != l.spawn_names_.end();
}

std::vector<std::string_view> task_names(const Loader &l, const Scenario::Impl &out) {
    std::vector<std::string_view> v;
    for (const TaskSpec &t : out.tasks) {
        v.push_back(t.name);
    }
    for (const std::string &n : l.spawn_names_) {
        v.push_back(n);
    }
    return v;
}

// The detectors' stable ids (SESSION2.md "diag events").
const std::vector<std::string_view> &diag_kinds() {
    static const std::vector<std::string_view> kinds{"lost_wakeup",
                                                     "deadlock",
                                                     "stuck",
                                                     "poll_after_completion",
                                                     "busy_loop",
                                                     "blocking_poll",
                                                     "send_after_receiver_dropped",
                                                     "canceled"};
    return kinds;
}

// "diagnostics": [{"diag": "lost_wakeup", "task": "main", "poll": 2, "step": 3, "at_ms": 10,
// "end": false, "contains": "nothing holds"}]
void load_expect_diagnostics(Loader &l, const Node &n, Scenario::Impl &out) {
    const std::string path = "/expect/diagnostics";
    l.expect_type(n, Node::Type::array, path, "an array of {\"diag\": …, \"task\": …}");
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        const Node &e = n.items[i];
        std::string p = child(path, i);
        l.expect_type(e, Node::Type::object, p, "an object");
        l.only_keys(e, p, {"diag", "task", "poll", "step", "at_ms", "end", "contains"});
        DiagExpect x;
        x.path = p;
        const Node &kn = l.required(e, p, "diag");
        x.kind = l.string_of(kn, child(p, "diag"));
        const auto &kinds = diag_kinds();
        if (std::find(kinds.begin(), kinds.end(), x.kind) == kinds.end()) {
            l.fail(
                kn, child(p, "diag"), "unknown diagnostic " + qt(x.kind) + suggest(x.kind, kinds));
        }
        if (const Node *t = e.find("task")) {
            x.task = l.string_of(*t, child(p, "task"));
            if (!has_task(l, out, *x.task) && x.task->rfind("task-", 0) != 0) {
                l.fail(*t,
                       child(p, "task"),
                       "unknown task " + qt(*x.task) + suggest(*x.task, task_names(l, out)));
            }
        }
        if (const Node *v = e.find("poll")) {
            x.poll = static_cast<std::uint64_t>(l.integer_of(*v, child(p, "poll"), 1));
        }
        if (const Node *v = e.find("step")) {
            x.step = static_cast<std::uint64_t>(l.integer_of(*v, child(p, "step"), 1));
        }
        if (const Node *v = e.find("at_ms")) {
            x.at_ns = l.duration_of(*v, child(p, "at_ms"));
        }
        if (const Node *v = e.find("end")) {
            l.expect_type(*v, Node::Type::boolean, child(p, "end"), "true or false");
            x.at_end = v->boolean;
        }
        if (const Node *v = e.find("contains")) {
            x.contains = l.string_of(*v, child(p, "contains"));
        }
        out.expect_diagnostics.push_back(std::move(x));
    }
}

void load_expect(Loader &l, const Node &n, Scenario::Impl &out) {
    const std::string path = "/expect";
    l.expect_type(n, Node::Type::object, path, "an object");
    l.only_keys(n, path, {"tasks", "end_ms", "steps", "stop", "diagnostics", "rejected"});
    out.has_expect = true;
    if (const Node *r = n.find("rejected")) {
        std::string rp = child(path, "rejected");
        l.expect_type(*r, Node::Type::object, rp, "an object: {\"contains\": \"…\"}");
        l.only_keys(*r, rp, {"contains"});
        out.expect_rejected = l.string_of(l.required(*r, rp, "contains"), child(rp, "contains"));
        if (n.members.size() != 1) {
            l.fail(n, path, "\"rejected\" stands alone: a rejected scenario does not run");
        }
    }
    if (const Node *d = n.find("diagnostics")) {
        load_expect_diagnostics(l, *d, out);
    }
    if (const Node *e = n.find("end_ms")) {
        out.expect_end_ns = l.duration_of(*e, child(path, "end_ms"));
    }
    if (const Node *s = n.find("steps")) {
        out.expect_steps = static_cast<std::uint64_t>(l.integer_of(*s, child(path, "steps")));
    }
    if (const Node *s = n.find("stop")) {
        std::string stop = l.string_of(*s, child(path, "stop"));
        static const std::vector<std::string_view> stops{
            "completed", "idle", "step_limit", "time_limit"};
        if (std::find(stops.begin(), stops.end(), stop) == stops.end()) {
            l.fail(*s,
                   child(path, "stop"),
                   "expected \"completed\", \"idle\", \"step_limit\" or \"time_limit\", found " +
                       qt(stop));
        }
        out.expect_stop = stop;
    }
    const Node *tasks = n.find("tasks");
    if (tasks == nullptr) {
        return;
    }
    std::string tp = child(path, "tasks");
    l.expect_type(*tasks, Node::Type::object, tp, "an object: task name → expectations");
    Loader &cl = l;
    Compiler c(cl);
    for (std::size_t i = 0; i < tasks->members.size(); ++i) {
        const auto &[name, te] = tasks->members[i];
        std::string p = child(tp, name);
        bool spawned = name.rfind("task-", 0) == 0;
        if (!has_task(l, out, name) && !spawned) {
            l.fail_key(
                *tasks, i, p, "unknown task " + qt(name) + suggest(name, task_names(l, out)));
        }
        l.expect_type(te, Node::Type::object, p, "an object");
        l.only_keys(te, p, {"result", "completed_ms", "polls", "unparks"});
        TaskExpect x;
        x.task = name;
        if (const Node *r = te.find("result")) {
            std::string rp = child(p, "result");
            if (r->is_string()) {
                if (r->text != "stuck") {
                    l.fail(*r,
                           rp,
                           "expected {\"ok\": …}, {\"err\": …}, {\"panic\": \"…\"} or \"stuck\"");
                }
                x.result_kind = "stuck";
            } else {
                l.expect_type(*r,
                              Node::Type::object,
                              rp,
                              "{\"ok\": …}, {\"err\": …}, {\"panic\": \"…\"} or \"stuck\"");
                if (r->members.size() != 1) {
                    l.fail(*r, rp, "expected one key: \"ok\", \"err\" or \"panic\"");
                }
                l.only_keys(*r, rp, {"ok", "err", "panic"});
                const auto &[k, v] = r->members[0];
                x.result_kind = k;
                if (k == "panic") {
                    x.panic = l.string_of(v, child(rp, k));
                } else {
                    Expr e = c.compile(v, child(rp, k), Kind::value, {});
                    x.result = eval_constant(e);
                }
            }
        }
        if (const Node *v = te.find("completed_ms")) {
            x.completed_ns = l.duration_of(*v, child(p, "completed_ms"));
        }
        if (const Node *v = te.find("polls")) {
            x.polls = static_cast<std::uint64_t>(l.integer_of(*v, child(p, "polls")));
        }
        if (const Node *v = te.find("unparks")) {
            x.unparks = static_cast<std::uint64_t>(l.integer_of(*v, child(p, "unparks")));
        }
        out.expect_tasks.push_back(std::move(x));
    }
}

void load_narration(Loader &l, const Node &n, Scenario::Impl &out) {
    const std::string path = "/narration";
    l.expect_type(n, Node::Type::array, path, "an array");
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        const Node &e = n.items[i];
        std::string p = child(path, i);
        l.expect_type(e, Node::Type::object, p, "an object");
        l.only_keys(e, p, {"at", "text"});
        trace::Note note;
        note.text = l.string_of(l.required(e, p, "text"), child(p, "text"));
        const Node &at = l.required(e, p, "at");
        std::string ap = child(p, "at");
        l.expect_type(at, Node::Type::object, ap, "an object");
        l.only_keys(at, ap, {"seq", "task", "poll", "event"});
        if (const Node *s = at.find("seq")) {
            note.seq = static_cast<std::uint64_t>(l.integer_of(*s, child(ap, "seq")));
            if (at.members.size() != 1) {
                l.fail(at, ap, "\"seq\" stands alone: no \"task\", \"poll\" or \"event\" with it");
            }
        } else {
            const Node &t = l.required(at, ap, "task");
            note.task = l.string_of(t, child(ap, "task"));
            if (!has_task(l, out, note.task) && note.task.rfind("task-", 0) != 0) {
                l.fail(t,
                       child(ap, "task"),
                       "unknown task " + qt(note.task) + suggest(note.task, task_names(l, out)));
            }
            const Node *poll = at.find("poll");
            const Node *event = at.find("event");
            if ((poll == nullptr) == (event == nullptr)) {
                l.fail(at, ap, "expected one of \"poll\" and \"event\" with \"task\"");
            }
            if (poll != nullptr) {
                note.poll = static_cast<std::uint64_t>(l.integer_of(*poll, child(ap, "poll"), 1));
            } else {
                note.event = l.string_of(*event, child(ap, "event"));
                if (!trace::parse_event_kind(note.event)) {
                    l.fail(*event, child(ap, "event"), "unknown event kind " + qt(note.event));
                }
            }
        }
        out.narration.push_back(std::move(note));
    }
}

// [SECTION] Send across an await

// On the multi-threaded runtime a task may resume on another worker after an await, so what an
// async fn holds across an await must be Send (Rust's `tokio::spawn` bound). A let of an `rc`
// value followed by an await in its scope is rejected before anything runs, with the compiler's
// error — JSON paths in place of line numbers.
struct SendViolation {
    const AsyncSpec *fn = nullptr;
    const AsyncStep *let = nullptr;
    const AsyncStep *await = nullptr;
};

bool awaits(const AsyncStep &s) {
    return s.kind == AsyncStep::Kind::let_await || s.kind == AsyncStep::Kind::await ||
           s.kind == AsyncStep::Kind::for_each;
}

// The first not-Send let of `steps` (or of a nested loop body) with an await after it in its
// scope, in execution order.
bool find_violation(const std::vector<AsyncStep> &steps,
                    std::vector<const AsyncStep *> &live,
                    SendViolation &v) {
    std::size_t mark = live.size();
    for (const AsyncStep &s : steps) {
        if (awaits(s) && !live.empty()) {
            v.let = live.front();
            v.await = &s;
            return true;
        }
        if ((s.kind == AsyncStep::Kind::for_each || s.kind == AsyncStep::Kind::scope) &&
            find_violation(s.body, live, v)) {
            return true;
        }
        if (s.kind == AsyncStep::Kind::let_value && s.not_send) {
            live.push_back(&s);
        }
        if (s.kind == AsyncStep::Kind::return_) {
            break;
        }
    }
    live.resize(mark);
    return false;
}

void visit_async(const Expr &e, const std::function<void(const Expr &)> &f) {
    f(e);
    for (const Expr &a : e.args) {
        visit_async(a, f);
    }
    if (e.fn) {
        visit_async(e.fn->body, f);
    }
    if (e.async) {
        std::function<void(const std::vector<AsyncStep> &)> steps =
            [&](const std::vector<AsyncStep> &ss) {
                for (const AsyncStep &s : ss) {
                    visit_async(s.expr, f);
                    steps(s.body);
                }
            };
        steps(e.async->body);
    }
}

std::string send_error(const Scenario::Impl &impl,
                       const TaskSpec &task,
                       const std::string &task_name,
                       const std::string &spawn_path,
                       const std::string &spawn_source,
                       const SendViolation &v) {
    const std::string &let_path = v.let->path;
    const std::string &await_path = v.await->path;
    std::size_t w = std::max({spawn_path.size(), let_path.size(), await_path.size()});
    std::string pad(w, ' ');
    auto code = [&](const std::string &path, const std::string &text) {
        return path + std::string(w - path.size(), ' ') + " |     " + text + "\n";
    };
    auto mark = [&](std::size_t column, std::size_t len, char c, const std::string &label) {
        return pad + " |     " + std::string(column, ' ') + std::string(len, c) + " " + label +
               "\n";
    };
    std::string spawn_line = "spawn(" + spawn_source + ");";
    std::string out = "error: future cannot be sent between threads safely\n";
    out += pad + "--> " + impl.file + ":" + std::to_string(task.line) + ":" +
           std::to_string(task.column) + "\n";
    out += pad + " |\n";
    out += code(spawn_path, spawn_line);
    out +=
        mark(6, spawn_source.size(), '^', "future returned by `" + v.fn->name + "` is not `Send`");
    out += pad + " |\n";
    out += pad + " = note: task \"" + task_name +
           "\" is spawned on the multi-threaded runtime (\"runtime\": {\"workers\": " +
           std::to_string(impl.workers) +
           "}): after an await it may resume on another worker thread\n";
    out += "note: future is not `Send` as this value is used across an await\n";
    out += pad + " |\n";
    out += code(let_path, v.let->source);
    out += mark(4, v.let->name.size(), '-', "has type `" + v.let->type + "` which is not `Send`");
    out += code(await_path, v.await->source);
    std::size_t at = v.await->source.find(".await");
    out += mark(at == std::string::npos ? 0 : at + 1,
                5,
                '^',
                "await occurs here, with `" + v.let->name + "` maybe used later");
    out += "note: required by a bound in `spawn`\n";
    out += pad + " |\n";
    out += pad + " |     F: Future + Send + 'static,\n";
    out += mark(12, 4, '^', "required by this bound in `spawn`");
    out += "help: run it with \"runtime\": {\"workers\": 1}, or let the value go out of scope "
           "before the await";
    return out;
}

// The compiler's error for the first task that is not Send, if any.
std::optional<std::string> check_send(const Scenario::Impl &impl) {
    if (impl.workers <= 1) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < impl.tasks.size(); ++i) {
        const TaskSpec &task = impl.tasks[i];
        std::string spawn_path = "/tasks/" + std::to_string(i) + "/future";
        std::string spawn_source = task.source;
        std::string task_name = task.name;
        std::optional<std::string> error;
        std::function<void(const Expr &)> check = [&](const Expr &e) {
            if (error) {
                return;
            }
            if (e.op == Op::spawn && !e.args.empty() && e.args[0].op == Op::async_fn) {
                spawn_path = e.path;
                spawn_source = e.args[0].async->name + "()";
                task_name = e.name.empty() ? "task-N" : e.name; // task-N: numbered when spawned
            }
            if (e.op != Op::async_fn) {
                return;
            }
            SendViolation v;
            v.fn = e.async.get();
            std::vector<const AsyncStep *> live;
            if (find_violation(e.async->body, live, v)) {
                error = send_error(impl, task, task_name, spawn_path, spawn_source, v);
            }
        };
        visit_async(task.future, check);
        if (error) {
            return *error;
        }
    }
    return std::nullopt;
}

std::shared_ptr<Scenario::Impl> load_text(std::string_view text, std::string file) {
    Loader l(file);
    if (text.size() > max_file_bytes) {
        throw ScenarioError(file + ": the file is larger than 16 MiB");
    }
    Node root;
    try {
        root = json::parse(text);
    } catch (const json::ParseError &e) {
        throw ScenarioError(file + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) +
                            ": invalid JSON: " + e.message);
    }
    auto out = std::make_shared<Scenario::Impl>();
    out->file = file;
    l.expect_type(root, Node::Type::object, "", "an object");
    // "$schema" lets editors find scenarios/scenario.schema.json; the loader ignores it.
    static const std::vector<std::string_view> top{"$schema",
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
                                                   "narration"};
    l.only_keys(root, "", top);
    const Node &version = l.required(root, "", "version");
    if (!version.is_number() || !version.integral || version.integer != 1) {
        l.fail(
            version,
            "/version",
            "unsupported version " +
                (version.is_number() ? std::to_string(version.integer) : json::type_name(version)) +
                " (this build reads version 1)");
    }
    out->name = l.string_of(l.required(root, "", "name"), "/name");
    out->title = l.string_of(l.required(root, "", "title"), "/title");
    if (const Node *d = root.find("description")) {
        out->description = l.string_of(*d, "/description");
    }
    if (const Node *s = root.find("seed")) {
        out->seed = static_cast<std::uint64_t>(l.integer_of(*s, "/seed"));
    }
    if (const Node *w = root.find("world")) {
        load_world(l, *w, *out);
    }
    if (const Node *c = root.find("channels")) {
        load_channels(l, *c, *out);
    }
    const Node *tasks = root.find("tasks");
    if (tasks == nullptr) {
        l.fail(root, "", "missing key \"tasks\"");
    }
    load_tasks(l, *tasks, *out);
    if (const Node *n = root.find("limits")) {
        load_limits(l, *n, *out);
    }
    if (const Node *n = root.find("runtime")) {
        l.expect_type(*n, Node::Type::object, "/runtime", "an object: {\"workers\": N}");
        l.only_keys(*n, "/runtime", {"workers"});
        const Node &w = l.required(*n, "/runtime", "workers");
        std::int64_t workers = l.integer_of(w, "/runtime/workers", 1);
        if (workers > 64) {
            l.fail(w,
                   "/runtime/workers",
                   "expected at most 64 workers, found " + std::to_string(workers));
        }
        out->workers = static_cast<std::uint32_t>(workers);
    }
    if (const Node *n = root.find("expect")) {
        load_expect(l, *n, *out);
    }
    if (const Node *n = root.find("narration")) {
        load_narration(l, *n, *out);
    }
    if (std::optional<std::string> error = check_send(*out)) {
        if (!out->expect_rejected) {
            throw ScenarioError(*error);
        }
        out->rejection = std::move(*error); // the lesson shows the rejection itself
    }
    return out;
}

} // namespace

// [SECTION] Scenario

Scenario Scenario::load(const std::filesystem::path &path) {
    std::string file = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw ScenarioError(file + ": cannot read the file: it is a directory");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ScenarioError(file + ": cannot read the file: " + std::strerror(errno));
    }
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_file_bytes) {
        throw ScenarioError(file + ": the file is larger than 16 MiB");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return Scenario(load_text(ss.str(), file));
}

Scenario Scenario::parse(std::string_view text, std::string file) {
    return Scenario(load_text(text, std::move(file)));
}

const std::string &Scenario::file() const noexcept { return impl_->file; }
const std::string &Scenario::name() const noexcept { return impl_->name; }
const std::string &Scenario::title() const noexcept { return impl_->title; }
const std::string &Scenario::description() const noexcept { return impl_->description; }
std::uint64_t Scenario::seed() const noexcept { return impl_->seed; }
bool Scenario::has_expect() const noexcept { return impl_->has_expect; }
const std::vector<trace::Note> &Scenario::narration() const noexcept { return impl_->narration; }

RunOutcome Scenario::run(const RunOptions &options) const {
    if (impl_->rejection) {
        return {}; // rejected before running: nothing runs
    }
    return run_impl(*impl_, options);
}

const std::string *Scenario::rejection() const noexcept {
    return impl_->rejection ? &*impl_->rejection : nullptr;
}

} // namespace futurescope::scenario
