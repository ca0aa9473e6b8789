// Parsing items, the header's values, types and patterns (parser.hpp).
//
// [SECTION] Items (and the structs and impls of hand-written futures)
// [SECTION] Header values
// [SECTION] Types and patterns
#include <algorithm>

#include "parser.hpp"

namespace futurescope::scenario::rust {

namespace {

// The crates and modules a `use` or `extern crate` may name.
const std::vector<std::string_view> known_crates{
    "futures", "tokio_core", "tokio_tls", "tokio", "std", "tokio_io", "native_tls"};

} // namespace

// [SECTION] Items

void Parser::item() {
    std::vector<std::string> attributes;
    while (is("#")) {
        if (is("!", 1)) {
            header();
            continue;
        }
        attributes.push_back(attribute());
    }
    eat("pub");
    if (is("extern")) {
        next();
        expect("crate");
        crate_name(peek());
        ident();
        expect(";");
        return;
    }
    if (is("use")) {
        use_item();
        return;
    }
    if (is("fn") || (is("async") && is("fn", 1))) {
        fn_item(std::move(attributes));
        return;
    }
    if (is("task_local") && is("!", 1)) {
        fail_at(peek(), "`task_local!` is not supported yet in the Rust form");
    }
    if (is("struct")) {
        struct_item();
        return;
    }
    if (is("impl")) {
        impl_item();
        return;
    }
    static const std::vector<std::string_view> others{
        "trait", "enum", "mod", "static", "const", "type", "macro_rules", "union"};
    if (peek().kind == Tok::ident &&
        std::find(others.begin(), others.end(), peek().text) != others.end()) {
        fail_at(peek(), "`" + peek().text + "` items are not supported yet in the Rust form");
    }
    unexpected("an item (`fn`, `use`, `extern crate`)");
}

void Parser::crate_name(const Token &t) const {
    if (t.kind != Tok::ident) {
        return;
    }
    if (std::find(known_crates.begin(), known_crates.end(), t.text) == known_crates.end()) {
        fail_at(t,
                "unknown crate `" + t.text + "`",
                "the lessons know futures, tokio_core, tokio_tls, tokio and std");
    }
}

void Parser::use_item() {
    next();
    eat("::");
    crate_name(peek());
    // The rest of the path is accepted as written: the names a lesson uses are checked
    // where they are used.
    int braces = 0;
    while (!at_end() && !(braces == 0 && is(";"))) {
        if (is("{")) {
            ++braces;
        } else if (is("}")) {
            --braces;
        }
        next();
    }
    expect(";");
}

// `#[name]` or `#[name(…)]` before an item: the text, spaces dropped.
std::string Parser::attribute() {
    expect("#");
    expect("[");
    std::string text;
    int depth = 0;
    while (!at_end() && !(depth == 0 && is("]"))) {
        if (is("[") || is("(")) {
            ++depth;
        } else if (is("]") || is(")")) {
            --depth;
        }
        const Token &t = next();
        text += t.kind == Tok::string ? "\"" + t.text + "\"" : describe(t);
    }
    expect("]");
    return text;
}

void Parser::fn_item(std::vector<std::string> attributes) {
    FnItem f;
    f.begin = peek().begin;
    f.attributes = std::move(attributes);
    f.is_async = eat("async");
    expect("fn");
    f.name_begin = peek().begin;
    f.name = ident();
    f.name_end = last_end();
    if (eat("<")) {
        skip_until_angle_close();
    }
    expect("(");
    while (!is(")")) {
        if (is("&") || is("self") || (is("mut") && is("self", 1))) {
            fail_at(peek(), "methods (`self`) are not supported yet in the Rust form");
        }
        Ast p = pattern();
        if (p.kind != Ast::Kind::pat_ident) {
            fail_at(peek(), "a function's parameter must be a name");
        }
        f.params.push_back(p.name);
        expect(":");
        skip_type();
        if (!eat(",")) {
            break;
        }
    }
    expect(")");
    if (eat("->")) {
        skip_type();
    }
    if (eat("where")) {
        while (!at_end() && !is("{")) {
            next();
        }
    }
    f.body = block();
    f.end = last_end();
    program_.fns.push_back(std::move(f));
}

// `struct Name { field: Type, … }`: a hand-written future's or stream's state.
void Parser::struct_item() {
    StructItem st;
    st.begin = peek().begin;
    expect("struct");
    st.name = ident();
    if (is("<")) {
        fail_at(peek(), "generic structs are not supported in the Rust form");
    }
    expect("{");
    while (!is("}")) {
        eat("pub");
        st.fields.push_back(ident());
        expect(":");
        skip_type();
        if (!eat(",")) {
            break;
        }
    }
    expect("}");
    st.end = last_end();
    program_.structs.push_back(std::move(st));
}

// `impl Future for Name { type Item = …; type Error = …; fn poll(&mut self) -> … { … } }`.
void Parser::impl_item() {
    ImplItem im;
    im.begin = peek().begin;
    expect("impl");
    if (is("<")) {
        fail_at(peek(), "generic impls are not supported in the Rust form");
    }
    const Token &trait = peek();
    im.trait = ident();
    if (im.trait != "Future" && im.trait != "Stream") {
        fail_at(trait,
                "`impl " + im.trait + "` is not supported in the Rust form",
                "expected `impl Future` or `impl Stream`");
    }
    expect("for");
    im.type = ident();
    expect("{");
    bool poll = false;
    while (!is("}")) {
        if (eat("type")) {
            const Token &t = peek();
            std::string name = ident();
            if (name != "Item" && name != "Error") {
                fail_at(t, "expected `type Item` or `type Error`");
            }
            expect("=");
            skip_type();
            expect(";");
            continue;
        }
        expect("fn");
        const Token &t = peek();
        if (ident() != "poll") {
            fail_at(t, "only `poll` is supported in an impl", "expected `fn poll(&mut self)`");
        }
        expect("(");
        expect("&");
        expect("mut");
        expect("self");
        expect(")");
        if (eat("->")) {
            skip_type();
        }
        im.poll = block();
        poll = true;
    }
    expect("}");
    im.end = last_end();
    if (!poll) {
        throw SyntaxError{im.begin, im.end, "missing `fn poll(&mut self)` in this impl", {}};
    }
    program_.impls.push_back(std::move(im));
}

// [SECTION] Header values

// `#![name = value]` or `#![name { … }]` / `#![name [ … ]]`.
void Parser::header() {
    Header h;
    h.begin = peek().begin;
    expect("#");
    expect("!");
    expect("[");
    h.name = ident();
    if (h.name == "allow" || h.name == "deny" || h.name == "warn") {
        int depth = 0;
        while (!at_end() && !(depth == 0 && is("]"))) {
            depth += is("(") ? 1 : is(")") ? -1 : 0;
            next();
        }
        expect("]");
        return; // lint attributes: accepted, meaningless here
    }
    eat("=");
    h.value = data();
    expect("]");
    h.end = last_end();
    program_.headers.push_back(std::move(h));
}

void Parser::place(json::Node &n, const Token &first) const {
    auto [line, column] = lines_.at(first.begin);
    n.line = line;
    n.column = column;
    n.begin = first.begin;
    n.end = last_end();
}

// JSON-shaped data: literals, `[a, b]`, `{key: value, …}` (a key is a name or a string),
// `-n`, `true`, `false`, `()` for null.
json::Node Parser::data() {
    Deeper guard(*this);
    const Token &first = peek();
    json::Node n;
    if (eat("[")) {
        n.type = json::Node::Type::array;
        while (!is("]")) {
            n.items.push_back(data());
            if (!eat(",")) {
                break;
            }
        }
        expect("]");
    } else if (eat("{")) {
        n.type = json::Node::Type::object;
        while (!is("}")) {
            const Token &k = peek();
            if (k.kind != Tok::ident && k.kind != Tok::string) {
                unexpected("a key");
            }
            next();
            auto [kl, kc] = lines_.at(k.begin);
            expect(":");
            n.members.push_back({k.text, data()});
            n.key_pos.emplace_back(kl, kc);
            if (!eat(",")) {
                break;
            }
        }
        expect("}");
    } else if (first.kind == Tok::string || first.kind == Tok::bytes) {
        next();
        n.type = json::Node::Type::string;
        n.text = first.text;
    } else if (first.kind == Tok::integer || first.kind == Tok::floating ||
               (is("-") && (peek(1).kind == Tok::integer || peek(1).kind == Tok::floating))) {
        bool neg = eat("-");
        const Token &num = next();
        n.type = json::Node::Type::number;
        n.integral = num.kind == Tok::integer;
        n.integer = neg ? -num.integer : num.integer;
        n.number = neg ? -num.number : num.number;
    } else if (is("true") || is("false")) {
        n.type = json::Node::Type::boolean;
        n.boolean = next().text == "true";
    } else if (is("(") && is(")", 1)) {
        next();
        next();
    } else {
        unexpected("a value: a number, a string, `[…]` or `{key: value}`");
    }
    place(n, first);
    return n;
}

// [SECTION] Types and patterns

void Parser::skip_until_angle_close() {
    int depth = 1;
    while (!at_end() && depth > 0) {
        if (is("<")) {
            ++depth;
        } else if (is(">")) {
            --depth;
        }
        next();
    }
}

// A type, dropped: balanced brackets, stopping at a `,`, `)`, `=`, `{`, `;`, `|` or `>` that
// is not inside it.
void Parser::skip_type() {
    int depth = 0;
    bool any = false;
    while (!at_end()) {
        if (depth == 0 && (is(",") || is(")") || is("=") || is("{") || is(";") || is("|") ||
                           is(">") || is("where") || is("]") || is("}"))) {
            break;
        }
        if (is("<") || is("(") || is("[")) {
            ++depth;
        } else if (is(">") || is(")") || is("]")) {
            --depth;
        }
        next();
        any = true;
    }
    if (!any) {
        unexpected("a type");
    }
}

Ast Parser::pattern() {
    Deeper guard(*this);
    Ast p;
    p.begin = peek().begin;
    if (eat("&")) {
        eat("mut");
        return pattern();
    }
    if (eat("(")) {
        p.kind = Ast::Kind::pat_tuple;
        while (!is(")")) {
            p.kids.push_back(pattern());
            if (!eat(",")) {
                break;
            }
        }
        expect(")");
    } else if (eat("_")) {
        p.kind = Ast::Kind::pat_wild;
    } else {
        p.kind = Ast::Kind::pat_ident;
        p.flag = eat("mut");
        p.name = ident();
        if (is("::") || is("(") || is("{")) {
            fail_at(peek(), "only names, `_` and tuples are supported in patterns");
        }
    }
    p.end = last_end();
    return p;
}

Program parse(std::string_view text) { return Parser(text, lex(text)).run(); }

} // namespace futurescope::scenario::rust
