// Compiling an operator's arguments by the codes of its table entry (loader.hpp): futures,
// streams and values, functions and their parameters, durations, counts, addresses, channels.
#include <algorithm>

#include "compiler.hpp"

namespace futurescope::scenario::loading {

void Compiler::split_args(const OpSpec &spec,
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
        if (args.size() < spec.min_count || (spec.max_count != 0 && args.size() > spec.max_count)) {
            std::string range = spec.max_count == 0 ? "at least " + std::to_string(spec.min_count)
                                                    : std::to_string(spec.min_count) + " to " +
                                                          std::to_string(spec.max_count);
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
                qt(spec.name) + " takes " + std::to_string(codes.size()) + " arguments, found " +
                    std::to_string(arg.items.size()));
    }
    for (std::size_t i = 0; i < arg.items.size(); ++i) {
        args.push_back(&arg.items[i]);
        paths.push_back(apath + "/" + std::to_string(i));
    }
}

std::shared_ptr<Fn> Compiler::function(const Node &n,
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
                l_.fail(
                    params, ppath, "this function takes two parameters: write [\"acc\", \"x\"]");
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
        // A function runs later, when the poll that wrote it is over: no self.field in it.
        const HandType *hand = std::exchange(hand_, nullptr);
        fn->body = compile(body, path + "/body", body_kind, inner, depth + 1);
        hand_ = hand;
        return fn;
    }
    // A bare expression: a function that ignores its argument(s).
    fn->body = compile(n, path, body_kind, inner, depth + 1);
    return fn;
}

Expr Compiler::build(const OpSpec &spec,
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
    if (receiver) {
        e.args.push_back(std::move(*receiver));
        codes = codes.substr(1);
    }
    bool star = !codes.empty() && codes[0] == '*';
    for (std::size_t i = 0; i < args.size(); ++i) {
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
        case 'D':
            duration_arg(spec, a, p, scope, depth, e);
            break;
        case 'N':
            e.num = l_.integer_of(a, p, 1);
            break;
        case 'T':
            e.name = l_.string_of(a, p);
            if (spec.op == Op::connect || spec.op == Op::bind) {
                check_address(a, p, e.name);
            }
            break;
        case 'R':
            result_items(a, p, scope, depth, e);
            break;
        case 'C':
            e.name = l_.string_of(a, p);
            if (channel(e.name) == nullptr) {
                l_.fail(a, p, "unknown channel " + qt(e.name) + suggest(e.name, channel_names()));
            }
            break;
        default:
            break;
        }
    }
    return e;
}

void Compiler::duration_arg(const OpSpec &spec,
                            const Node &a,
                            const std::string &p,
                            const Scope &scope,
                            int depth,
                            Expr &e) {
    bool unit = a.is_object() && a.members.size() == 1 &&
                (a.members[0].first == "s" || a.members[0].first == "ms" ||
                 a.members[0].first == "us" || a.members[0].first == "ns");
    bool expression =
        a.is_object() && a.members.size() == 1 &&
        std::find(op_names().begin(), op_names().end(), a.members[0].first) != op_names().end();
    if ((spec.op == Op::delay || spec.op == Op::delay_until) && expression && !unit) {
        // {"delay": {"var": "ms"}}: milliseconds computed when the delay is built.
        e.args.push_back(compile(a, p, Kind::value, scope, depth + 1));
    } else {
        e.num = l_.duration_of(a, p);
        // An interval of period 0 would tick forever inside one poll; tokio refuses it too.
        if (spec.op == Op::interval && e.num == 0) {
            l_.fail(a,
                    p,
                    "an interval's period must be non-zero (tokio panics \"`period` must be "
                    "non-zero\")");
        }
    }
}

void Compiler::result_items(
    const Node &a, const std::string &p, const Scope &scope, int depth, Expr &e) {
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
}

void Compiler::check_address(const Node &a, const std::string &p, const std::string &target) const {
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

} // namespace futurescope::scenario::loading
