// The parser of the Rust-shaped lessons: items (`extern crate`, `use`, `fn`, `async fn`, the
// `#![…]` header), statements and expressions by precedence climbing. Recursive, with its depth
// bounded by max_depth so that a deeply nested file is an error, never a stack overflow. Types
// are read and dropped: the model is dynamically typed, and a lesson's signatures only document.
//
// [SECTION] Tokens and errors
// [SECTION] Items
// [SECTION] Header values
// [SECTION] Types and patterns
// [SECTION] Statements and blocks
// [SECTION] Expressions
#include <algorithm>
#include <cctype>

#include "syntax.hpp"

namespace futurescope::scenario::rust {

namespace {

// The crates and modules a `use` or `extern crate` may name.
const std::vector<std::string_view> known_crates{
    "futures", "tokio_core", "tokio_tls", "tokio", "std", "tokio_io", "native_tls"};

class Parser {
  public:
    Parser(std::string_view text, Lexed lexed)
        : s_(text), lines_(text), t_(std::move(lexed.tokens)) {
        program_.comments = std::move(lexed.comments);
    }

    Program run() {
        while (!at_end()) {
            item();
        }
        return std::move(program_);
    }

  private:
    // [SECTION] Tokens and errors

    [[nodiscard]] const Token &peek(std::size_t ahead = 0) const {
        return t_[std::min(i_ + ahead, t_.size() - 1)];
    }
    [[nodiscard]] bool at_end() const { return peek().kind == Tok::end; }
    [[nodiscard]] bool is(std::string_view p, std::size_t ahead = 0) const {
        const Token &t = peek(ahead);
        return (t.kind == Tok::punct || t.kind == Tok::ident) && t.text == p;
    }
    bool eat(std::string_view p) {
        if (is(p)) {
            ++i_;
            return true;
        }
        return false;
    }
    const Token &next() {
        const Token &t = peek();
        if (i_ < t_.size() - 1) {
            ++i_;
        }
        return t;
    }
    [[nodiscard]] std::size_t last_end() const { return i_ == 0 ? 0 : t_[i_ - 1].end; }

    [[noreturn]] void fail_at(const Token &t, std::string message, std::string label = {}) const {
        std::size_t e = t.kind == Tok::end ? t.begin : t.end;
        throw SyntaxError{t.begin, e, std::move(message), std::move(label)};
    }
    [[noreturn]] void unexpected(std::string_view expected) const {
        const Token &t = peek();
        std::string found = t.kind == Tok::end ? "the end of the file" : "`" + describe(t) + "`";
        fail_at(t, "expected " + std::string(expected) + ", found " + found);
    }
    [[nodiscard]] std::string describe(const Token &t) const {
        return std::string(s_.substr(t.begin, t.end - t.begin));
    }
    void expect(std::string_view p) {
        if (!eat(p)) {
            unexpected("`" + std::string(p) + "`");
        }
    }
    std::string ident() {
        if (peek().kind != Tok::ident) {
            unexpected("a name");
        }
        return next().text;
    }

    struct Deeper {
        explicit Deeper(Parser &p) : p_(p) {
            if (++p_.depth_ > max_depth) {
                p_.fail_at(p_.peek(),
                           "nested deeper than " + std::to_string(max_depth) +
                               " levels; split the expression with `let`");
            }
        }
        ~Deeper() { --p_.depth_; }
        Deeper(const Deeper &) = delete;
        Deeper &operator=(const Deeper &) = delete;

      private:
        Parser &p_;
    };

    // [SECTION] Items

    void item() {
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
        static const std::vector<std::string_view> others{"struct",
                                                          "impl",
                                                          "trait",
                                                          "enum",
                                                          "mod",
                                                          "static",
                                                          "const",
                                                          "type",
                                                          "macro_rules",
                                                          "union"};
        if (peek().kind == Tok::ident &&
            std::find(others.begin(), others.end(), peek().text) != others.end()) {
            std::string what = peek().text == "impl" ? "`impl` blocks (hand-written futures)"
                                                     : "`" + peek().text + "` items";
            fail_at(peek(), what + " are not supported yet in the Rust form");
        }
        unexpected("an item (`fn`, `use`, `extern crate`)");
    }

    void crate_name(const Token &t) const {
        if (t.kind != Tok::ident) {
            return;
        }
        if (std::find(known_crates.begin(), known_crates.end(), t.text) == known_crates.end()) {
            fail_at(t,
                    "unknown crate `" + t.text + "`",
                    "the lessons know futures, tokio_core, tokio_tls, tokio and std");
        }
    }

    void use_item() {
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
    std::string attribute() {
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

    void fn_item(std::vector<std::string> attributes) {
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

    // [SECTION] Header values

    // `#![name = value]` or `#![name { … }]` / `#![name [ … ]]`.
    void header() {
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

    void place(json::Node &n, const Token &first) const {
        auto [line, column] = lines_.at(first.begin);
        n.line = line;
        n.column = column;
        n.begin = first.begin;
        n.end = last_end();
    }

    // JSON-shaped data: literals, `[a, b]`, `{key: value, …}` (a key is a name or a string),
    // `-n`, `true`, `false`, `()` for null.
    json::Node data() {
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

    void skip_until_angle_close() {
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
    void skip_type() {
        int depth = 0;
        bool any = false;
        while (!at_end()) {
            if (depth == 0 && (is(",") || is(")") || is("=") || is("{") || is(";") || is("|") ||
                               is(">") || is("where") || is("]"))) {
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

    Ast pattern() {
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

    // [SECTION] Statements and blocks

    Ast block() {
        Deeper guard(*this);
        Ast b;
        b.kind = Ast::Kind::block;
        b.begin = peek().begin;
        expect("{");
        while (!is("}")) {
            if (at_end()) {
                unexpected("`}`");
            }
            if (eat(";")) {
                continue;
            }
            b.kids.push_back(statement());
            if (b.kids.back().kind == Ast::Kind::expr_tail && !is("}")) {
                Ast &last = b.kids.back();
                // A block-like expression (if, a block) needs no `;` to be a statement.
                Ast::Kind k = last.kids[0].kind;
                if (k == Ast::Kind::if_ || k == Ast::Kind::block) {
                    last.kind = Ast::Kind::expr_stmt;
                } else {
                    unexpected("`;` or `}`");
                }
            }
        }
        expect("}");
        b.end = last_end();
        return b;
    }

    Ast statement() {
        Ast s;
        s.begin = peek().begin;
        if (is("fn") || is("struct") || is("impl") || is("use")) {
            fail_at(peek(), "items inside a function are not supported in the Rust form");
        }
        if (eat("let")) {
            s.kind = Ast::Kind::let;
            s.kids.push_back(pattern());
            if (eat(":")) {
                skip_type();
            }
            if (eat("=")) {
                s.kids.push_back(expression());
            }
            expect(";");
            s.end = last_end();
            return s;
        }
        s.kids.push_back(expression());
        s.kind = eat(";") ? Ast::Kind::expr_stmt : Ast::Kind::expr_tail;
        s.end = last_end();
        return s;
    }

    // [SECTION] Expressions

    static int precedence(std::string_view op) {
        if (op == "||") {
            return 1;
        }
        if (op == "&&") {
            return 2;
        }
        if (op == "==" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=") {
            return 3;
        }
        if (op == "+" || op == "-") {
            return 4;
        }
        if (op == "*" || op == "/" || op == "%") {
            return 5;
        }
        return 0;
    }

    Ast expression(int min_prec = 1) {
        Deeper guard(*this);
        Ast left = unary();
        while (peek().kind == Tok::punct) {
            int prec = precedence(peek().text);
            if (prec == 0 || prec < min_prec) {
                break;
            }
            if (is("=")) {
                break;
            }
            Ast b;
            b.kind = Ast::Kind::binary;
            b.name = next().text;
            b.begin = left.begin;
            b.kids.push_back(std::move(left));
            b.kids.push_back(expression(prec + 1));
            b.end = last_end();
            left = std::move(b);
        }
        if (is("=") || is("+=") || is("-=")) {
            fail_at(peek(), "assignment is not supported yet in the Rust form");
        }
        if (is("as")) {
            fail_at(peek(), "`as` casts are not supported in the Rust form");
        }
        return left;
    }

    Ast unary() {
        Deeper guard(*this);
        std::size_t b = peek().begin;
        if (is("-") || is("!")) {
            Ast u;
            u.kind = Ast::Kind::unary;
            u.name = next().text;
            u.begin = b;
            u.kids.push_back(unary());
            u.end = last_end();
            return u;
        }
        if (is("&") || is("&&")) {
            // A borrow changes nothing in the model: values are shared, futures are moved.
            next();
            eat("mut");
            return unary();
        }
        if (is("*")) {
            fail_at(peek(), "dereferencing (`*`) is not supported in the Rust form");
        }
        return postfix(primary());
    }

    Ast postfix(Ast e) {
        while (true) {
            std::size_t b = e.begin;
            if (eat("?")) {
                e = wrap(Ast::Kind::try_, std::move(e), b);
            } else if (is(".")) {
                next();
                e = dot(std::move(e));
            } else if (is("(")) {
                Ast c;
                c.kind = Ast::Kind::call;
                c.begin = b;
                c.kids.push_back(std::move(e));
                arguments(c, ")");
                c.end = last_end();
                e = std::move(c);
            } else if (eat("[")) {
                Ast x;
                x.kind = Ast::Kind::index;
                x.begin = b;
                x.kids.push_back(std::move(e));
                x.kids.push_back(expression());
                expect("]");
                x.end = last_end();
                e = std::move(x);
            } else {
                return e;
            }
        }
    }

    Ast dot(Ast receiver) {
        std::size_t b = receiver.begin;
        const Token &t = peek();
        if (t.kind == Tok::integer) {
            next();
            Ast f;
            f.kind = Ast::Kind::field;
            f.name = t.text;
            f.begin = b;
            f.kids.push_back(std::move(receiver));
            f.end = last_end();
            return f;
        }
        std::size_t name_begin = t.begin;
        std::string name = ident();
        if (name == "await") {
            return wrap(Ast::Kind::await, std::move(receiver), b);
        }
        if (eat("::")) {
            expect("<");
            skip_until_angle_close(); // turbofish: .collect::<Vec<_>>()
        }
        if (!is("(")) {
            Ast f;
            f.kind = Ast::Kind::field;
            f.name = name;
            f.begin = b;
            f.kids.push_back(std::move(receiver));
            f.end = last_end();
            return f;
        }
        Ast m;
        m.kind = Ast::Kind::method;
        m.name = std::move(name);
        m.begin = b;
        // The method's own name is the span errors point at: `text` keeps it as "begin:end".
        m.integer = static_cast<std::int64_t>(name_begin);
        m.kids.push_back(std::move(receiver));
        arguments(m, ")");
        m.end = last_end();
        return m;
    }

    void arguments(Ast &into, std::string_view close) {
        next(); // the opening bracket
        while (!is(close)) {
            into.kids.push_back(expression());
            if (!eat(",")) {
                break;
            }
        }
        expect(close);
    }

    Ast wrap(Ast::Kind kind, Ast inner, std::size_t b) const {
        Ast w;
        w.kind = kind;
        w.begin = b;
        w.kids.push_back(std::move(inner));
        w.end = last_end();
        return w;
    }

    Ast primary() {
        Deeper guard(*this);
        const Token &t = peek();
        Ast e;
        e.begin = t.begin;
        switch (t.kind) {
        case Tok::integer:
            e.kind = Ast::Kind::integer;
            e.integer = t.integer;
            e.number = t.number;
            next();
            break;
        case Tok::floating:
            e.kind = Ast::Kind::floating;
            e.number = t.number;
            next();
            break;
        case Tok::string:
        case Tok::bytes:
            e.kind = t.kind == Tok::string ? Ast::Kind::string : Ast::Kind::bytes;
            e.text = t.text;
            next();
            break;
        case Tok::ident:
            return word();
        case Tok::punct:
            return punct();
        case Tok::end:
            unexpected("an expression");
        }
        e.end = last_end();
        return e;
    }

    Ast word() {
        const Token &t = peek();
        Ast e;
        e.begin = t.begin;
        if (is("true") || is("false")) {
            e.kind = Ast::Kind::boolean;
            e.flag = next().text == "true";
        } else if (is("if")) {
            return if_expression();
        } else if (is("move") || (is("async") && (is("move", 1) || is("{", 1)))) {
            if (is("async")) {
                next();
                eat("move");
                Ast a = wrap(Ast::Kind::async_block, block(), e.begin);
                a.flag = true;
                return a;
            }
            next();
            Ast c = closure();
            c.flag = true;
            c.begin = e.begin;
            return c;
        } else if (is("return")) {
            next();
            e.kind = Ast::Kind::return_;
            if (!is(";") && !is("}")) {
                e.kids.push_back(expression());
            }
        } else if (is("match") || is("loop") || is("while") || is("for") || is("unsafe")) {
            fail_at(t, "`" + t.text + "` is not supported yet in the Rust form");
        } else {
            return path_or_macro();
        }
        e.end = last_end();
        return e;
    }

    Ast path_or_macro() {
        Ast e;
        e.begin = peek().begin;
        e.kind = Ast::Kind::path;
        e.name = ident();
        if (is("!") && (is("(", 1) || is("[", 1))) {
            next();
            e.kind = Ast::Kind::macro;
            arguments(e, is("[") ? "]" : ")");
            e.end = last_end();
            return e;
        }
        while (is("::")) {
            next();
            if (eat("<")) {
                skip_until_angle_close(); // turbofish: future::ok::<_, ()>(1)
                continue;
            }
            e.name += "::" + ident();
        }
        e.end = last_end();
        return e;
    }

    Ast punct() {
        Ast e;
        e.begin = peek().begin;
        if (is("(")) {
            next();
            if (eat(")")) {
                e.kind = Ast::Kind::unit;
                e.end = last_end();
                return e;
            }
            Ast first = expression();
            if (eat(")")) {
                return first; // parentheses
            }
            e.kind = Ast::Kind::tuple;
            e.kids.push_back(std::move(first));
            while (eat(",")) {
                if (is(")")) {
                    break;
                }
                e.kids.push_back(expression());
            }
            expect(")");
            e.end = last_end();
            return e;
        }
        if (is("[")) {
            e.kind = Ast::Kind::array;
            arguments(e, "]");
            e.end = last_end();
            return e;
        }
        if (is("|") || is("||")) {
            return closure();
        }
        if (is("{")) {
            return block();
        }
        unexpected("an expression");
    }

    Ast closure() {
        Ast c;
        c.kind = Ast::Kind::closure;
        c.begin = peek().begin;
        if (!eat("||")) {
            expect("|");
            while (!is("|")) {
                c.kids.push_back(pattern());
                if (eat(":")) {
                    skip_type();
                }
                if (!eat(",")) {
                    break;
                }
            }
            expect("|");
        }
        if (eat("->")) {
            skip_type();
        }
        c.kids.push_back(expression());
        c.end = last_end();
        return c;
    }

    Ast if_expression() {
        Ast e;
        e.kind = Ast::Kind::if_;
        e.begin = peek().begin;
        expect("if");
        if (is("let")) {
            fail_at(peek(), "`if let` is not supported yet in the Rust form");
        }
        e.kids.push_back(expression());
        e.kids.push_back(block());
        if (eat("else")) {
            e.kids.push_back(is("if") ? if_expression() : block());
        }
        e.end = last_end();
        return e;
    }

    std::string_view s_;
    LineIndex lines_;
    std::vector<Token> t_;
    std::size_t i_ = 0;
    int depth_ = 0;
    Program program_;
};

} // namespace

Program parse(std::string_view text) { return Parser(text, lex(text)).run(); }

} // namespace futurescope::scenario::rust
