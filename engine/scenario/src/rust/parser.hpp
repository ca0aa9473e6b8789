// The parser of the Rust-shaped lessons, shared by its two files: parser.cpp reads items (`extern
// crate`, `use`, `fn`, `async fn`, the `#![…]` header), types and patterns; parser_expr.cpp
// statements and expressions, by precedence climbing. Recursive, with its depth bounded by
// max_depth so that a deeply nested file is an error, never a stack overflow. Types are read and
// dropped: the model is dynamically typed, and a lesson's signatures only document.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "syntax.hpp"

namespace futurescope::scenario::rust {

class Parser {
  public:
    Parser(std::string_view text, Lexed lexed)
        : s_(text), lines_(text), t_(std::move(lexed.tokens)) {
        program_.comments = std::move(lexed.comments);
    }

    Program run() {
        // Struct names first: `Countdown { n: 3 }` is a struct literal wherever it is written.
        for (std::size_t k = 0; k + 1 < t_.size(); ++k) {
            if (t_[k].kind == Tok::ident && t_[k].text == "struct" &&
                t_[k + 1].kind == Tok::ident) {
                struct_names_.push_back(t_[k + 1].text);
            }
        }
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

    // Items (parser.cpp)
    void item();
    void crate_name(const Token &t) const;
    void use_item();
    // `#[name]` or `#[name(…)]` before an item: the text, spaces dropped.
    std::string attribute();
    void fn_item(std::vector<std::string> attributes);
    void struct_item();
    void impl_item();

    // Header values (parser.cpp)
    // `#![name = value]` or `#![name { … }]` / `#![name [ … ]]`.
    void header();
    void place(json::Node &n, const Token &first) const;
    // JSON-shaped data: literals, `[a, b]`, `{key: value, …}` (a key is a name or a string),
    // `-n`, `true`, `false`, `()` for null.
    json::Node data();

    // Types and patterns (parser.cpp)
    void skip_until_angle_close();
    // A type, dropped: balanced brackets, stopping at a `,`, `)`, `=`, `{`, `;`, `|` or `>` that
    // is not inside it.
    void skip_type();
    Ast pattern();

    // Statements and blocks (parser_expr.cpp)
    Ast block();
    Ast statement();

    // Expressions (parser_expr.cpp)
    static int precedence(std::string_view op);
    Ast expression(int min_prec = 1);
    Ast unary();
    Ast postfix(Ast e);
    Ast dot(Ast receiver);
    void arguments(Ast &into, std::string_view close);
    Ast wrap(Ast::Kind kind, Ast inner, std::size_t b) const;
    Ast primary();
    Ast word();
    Ast path_or_macro();
    Ast punct();
    Ast closure();
    Ast if_expression();
    Ast match_expression();
    Ast struct_literal(Ast path);

    std::string_view s_;
    LineIndex lines_;
    std::vector<Token> t_;
    std::size_t i_ = 0;
    int depth_ = 0;
    Program program_;
    std::vector<std::string> struct_names_;
};

} // namespace futurescope::scenario::rust
