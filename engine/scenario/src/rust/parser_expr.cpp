// Parsing statements, blocks and expressions by precedence climbing (parser.hpp).
//
// [SECTION] Statements and blocks
// [SECTION] Expressions
#include <algorithm>

#include "parser.hpp"

namespace futurescope::scenario::rust {

// [SECTION] Statements and blocks

Ast Parser::block() {
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

Ast Parser::statement() {
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
    if (eat("=")) {
        // `self.n = v;`, which the lowering accepts in a hand-written poll only.
        Ast a;
        a.kind = Ast::Kind::assign;
        a.begin = s.begin;
        a.kids.push_back(std::move(s.kids[0]));
        a.kids.push_back(expression());
        a.end = last_end();
        s.kids[0] = std::move(a);
        expect(";");
        s.kind = Ast::Kind::expr_stmt;
        s.end = last_end();
        return s;
    }
    s.kind = eat(";") ? Ast::Kind::expr_stmt : Ast::Kind::expr_tail;
    s.end = last_end();
    return s;
}

// [SECTION] Expressions

int Parser::precedence(std::string_view op) {
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

Ast Parser::expression(int min_prec) {
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
    if (is("+=") || is("-=") || is("*=") || is("/=")) {
        fail_at(peek(), "compound assignment is not supported in the Rust form: write `x = x + …`");
    }
    if (is("as")) {
        fail_at(peek(), "`as` casts are not supported in the Rust form");
    }
    return left;
}

Ast Parser::unary() {
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

Ast Parser::postfix(Ast e) {
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

Ast Parser::dot(Ast receiver) {
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

void Parser::arguments(Ast &into, std::string_view close) {
    next(); // the opening bracket
    while (!is(close)) {
        into.kids.push_back(expression());
        if (!eat(",")) {
            break;
        }
    }
    expect(close);
}

Ast Parser::wrap(Ast::Kind kind, Ast inner, std::size_t b) const {
    Ast w;
    w.kind = kind;
    w.begin = b;
    w.kids.push_back(std::move(inner));
    w.end = last_end();
    return w;
}

Ast Parser::primary() {
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

Ast Parser::word() {
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
    } else if (is("match")) {
        return match_expression();
    } else if (is("loop")) {
        next();
        e.kind = Ast::Kind::loop;
        e.kids.push_back(block());
    } else if (is("break") || is("continue")) {
        e.kind = next().text == "break" ? Ast::Kind::break_ : Ast::Kind::continue_;
    } else if (is("while") || is("for") || is("unsafe")) {
        fail_at(t, "`" + t.text + "` is not supported yet in the Rust form");
    } else {
        return path_or_macro();
    }
    e.end = last_end();
    return e;
}

Ast Parser::path_or_macro() {
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
    if (is("{") &&
        std::find(struct_names_.begin(), struct_names_.end(), e.name) != struct_names_.end()) {
        return struct_literal(std::move(e));
    }
    e.end = last_end();
    return e;
}

Ast Parser::punct() {
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

Ast Parser::closure() {
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

Ast Parser::if_expression() {
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

// `match x { pattern => body, … }`: a pattern is read as an expression (`Ok(Async::Ready(v))`).
Ast Parser::match_expression() {
    Ast m;
    m.kind = Ast::Kind::match;
    m.begin = peek().begin;
    expect("match");
    m.kids.push_back(expression());
    expect("{");
    while (!is("}")) {
        Ast arm;
        arm.kind = Ast::Kind::arm;
        arm.begin = peek().begin;
        arm.kids.push_back(expression());
        expect("=>");
        arm.kids.push_back(is("{") ? block() : expression());
        arm.end = last_end();
        bool block_body = arm.kids[1].kind == Ast::Kind::block;
        m.kids.push_back(std::move(arm));
        if (!eat(",") && !is("}") && !block_body) {
            unexpected("`,` or `}`");
        }
    }
    expect("}");
    m.end = last_end();
    return m;
}

// `Name { field: value, field, … }`.
Ast Parser::struct_literal(Ast path) {
    Ast s;
    s.kind = Ast::Kind::struct_lit;
    s.name = path.name;
    s.begin = path.begin;
    expect("{");
    while (!is("}")) {
        Ast f;
        f.kind = Ast::Kind::field_init;
        f.begin = peek().begin;
        f.name = ident();
        if (eat(":")) {
            f.kids.push_back(expression());
        } else {
            Ast shorthand;
            shorthand.kind = Ast::Kind::path;
            shorthand.name = f.name;
            shorthand.begin = f.begin;
            shorthand.end = last_end();
            f.kids.push_back(std::move(shorthand));
        }
        f.end = last_end();
        s.kids.push_back(std::move(f));
        if (!eat(",")) {
            break;
        }
    }
    expect("}");
    s.end = last_end();
    return s;
}

} // namespace futurescope::scenario::rust
