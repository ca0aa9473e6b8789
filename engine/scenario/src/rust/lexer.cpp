// The lexer of the Rust-shaped lessons and the rustc-shaped error printer. Tokens are the subset
// of Rust the lessons write: identifiers, integer and float literals, strings (with escapes and
// `\` line continuations), byte strings, and punctuation; comments are kept aside, because the
// lesson's title, task names, await states and notes live in them.
//
// [SECTION] Errors
// [SECTION] Lexer
#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "syntax.hpp"

namespace futurescope::scenario::rust {

// [SECTION] Errors

std::pair<int, int> line_column(std::string_view text, std::size_t offset) {
    int line = 1;
    int column = 1;
    offset = std::min(offset, text.size());
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column; // columns count code points, as rustc's do
        }
    }
    return {line, column};
}

namespace {

bool starts_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

constexpr std::size_t block_bytes = 64;

} // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    std::size_t code_points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i % block_bytes == 0) {
            block_code_points_.push_back(code_points);
        }
        code_points += starts_code_point(text[i]) ? 1 : 0;
        if (text[i] == '\n') {
            line_starts_.push_back(i + 1);
        }
    }
    block_code_points_.push_back(code_points);
}

std::size_t LineIndex::code_points_before(std::size_t offset) const {
    std::size_t block = offset / block_bytes;
    std::size_t n = block_code_points_[std::min(block, block_code_points_.size() - 1)];
    for (std::size_t i = block * block_bytes; i < offset; ++i) {
        n += starts_code_point(text_[i]) ? 1 : 0;
    }
    return n;
}

std::pair<int, int> LineIndex::at(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());
    std::size_t start = line_starts_[line - 1];
    std::size_t column = code_points_before(offset) - code_points_before(start) + 1;
    return {static_cast<int>(line), static_cast<int>(column)};
}

std::string format_error(std::string_view text, const std::string &file, const SyntaxError &e) {
    auto [line, column] = line_column(text, e.begin);
    std::size_t line_begin = e.begin > text.size() ? text.size() : e.begin;
    while (line_begin > 0 && text[line_begin - 1] != '\n') {
        --line_begin;
    }
    std::size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) {
        line_end = text.size();
    }
    std::string source(text.substr(line_begin, line_end - line_begin));
    if (!source.empty() && source.back() == '\r') {
        source.pop_back();
    }
    std::size_t caret_end = std::clamp(e.end, e.begin + 1, std::max(line_end, e.begin + 1));
    std::size_t width = 0;
    for (std::size_t i = e.begin; i < caret_end && i < text.size(); ++i) {
        width += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 ? 1 : 0;
    }
    width = std::max<std::size_t>(width, 1);
    std::string num = std::to_string(line);
    std::string pad(num.size(), ' ');
    std::string out = file + ":" + num + ":" + std::to_string(column) + ": error: " + e.message;
    out += "\n" + pad + " |\n" + num + " | " + source + "\n" + pad + " | ";
    out += std::string(static_cast<std::size_t>(column - 1), ' ') + std::string(width, '^');
    if (!e.label.empty()) {
        out += " " + e.label;
    }
    return out;
}

// [SECTION] Lexer

namespace {

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

class Lexer {
  public:
    explicit Lexer(std::string_view text) : s_(text) {}

    Lexed run() {
        while (true) {
            skip_space_and_comments();
            if (i_ >= s_.size()) {
                break;
            }
            token();
        }
        Token end;
        end.begin = end.end = s_.size();
        out_.tokens.push_back(end);
        return std::move(out_);
    }

  private:
    [[noreturn]] void fail(std::size_t b, std::size_t e, std::string message) const {
        throw SyntaxError{b, e, std::move(message), {}};
    }

    void skip_space_and_comments() {
        while (i_ < s_.size()) {
            char c = s_[i_];
            if (c == '\n') {
                ++line_;
                code_on_line_ = false;
                ++i_;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                ++i_;
            } else if (s_.substr(i_, 2) == "//") {
                line_comment();
            } else if (s_.substr(i_, 2) == "/*") {
                std::size_t close = s_.find("*/", i_ + 2);
                if (close == std::string_view::npos) {
                    fail(i_, i_ + 2, "unterminated block comment");
                }
                line_ += static_cast<int>(std::count(s_.begin() + static_cast<long>(i_),
                                                     s_.begin() + static_cast<long>(close),
                                                     '\n'));
                i_ = close + 2;
            } else {
                return;
            }
        }
    }

    void line_comment() {
        std::size_t b = i_;
        std::size_t e = s_.find('\n', i_);
        if (e == std::string_view::npos) {
            e = s_.size();
        }
        Comment c;
        c.doc = s_.substr(i_, 3) == "//!";
        std::string_view body = s_.substr(i_ + (c.doc ? 3 : 2), e - i_ - (c.doc ? 3 : 2));
        if (!c.doc && !body.empty() && body[0] == '/') {
            body.remove_prefix(1); // `///` is an outer doc comment: a plain comment here
        }
        while (!body.empty() && (body.back() == '\r' || body.back() == ' ')) {
            body.remove_suffix(1);
        }
        if (!body.empty() && body[0] == ' ') {
            body.remove_prefix(1);
        }
        c.text = std::string(body);
        c.line = line_;
        c.trailing = code_on_line_;
        c.begin = b;
        c.end = e;
        out_.comments.push_back(std::move(c));
        i_ = e;
    }

    void token() {
        code_on_line_ = true;
        char c = s_[i_];
        std::size_t b = i_;
        if (c == 'b' && i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
            ++i_;
            string_literal(b, Tok::bytes);
            return;
        }
        if (c == 'r' && i_ + 1 < s_.size() && (s_[i_ + 1] == '"' || s_[i_ + 1] == '#')) {
            fail(b, b + 2, "raw string literals are not supported; write a \"…\" string");
        }
        if (ident_start(c)) {
            while (i_ < s_.size() && ident_char(s_[i_])) {
                ++i_;
            }
            push(Tok::ident, std::string(s_.substr(b, i_ - b)), b);
            return;
        }
        if (c >= '0' && c <= '9') {
            number(b);
            return;
        }
        if (c == '"') {
            string_literal(b, Tok::string);
            return;
        }
        if (s_.substr(i_, 7) == "'static" && (i_ + 7 >= s_.size() || !ident_char(s_[i_ + 7]))) {
            // `&'static str` in a hand-written future's Item type: a type, which is dropped.
            i_ += 7;
            push(Tok::ident, "'static", b);
            return;
        }
        if (c == '\'') {
            bool lifetime = i_ + 2 < s_.size() && ident_start(s_[i_ + 1]) && s_[i_ + 2] != '\'';
            fail(b,
                 b + 2,
                 lifetime ? "lifetimes are not supported in lessons"
                          : "character literals are not supported; write a \"…\" string");
        }
        static const std::vector<std::string_view> multi{
            "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "..", "*=", "/="};
        for (std::string_view m : multi) {
            if (s_.substr(i_, m.size()) == m) {
                i_ += m.size();
                push(Tok::punct, std::string(m), b);
                return;
            }
        }
        static const std::string_view single = "()[]{}<>,;:.=+-*/%!&|#?@^";
        if (single.find(c) != std::string_view::npos) {
            ++i_;
            push(Tok::punct, std::string(1, c), b);
            return;
        }
        fail(b, b + 1, std::string("unexpected character `") + c + "`");
    }

    void push(Tok kind, std::string text, std::size_t b) {
        Token t;
        t.kind = kind;
        t.text = std::move(text);
        t.begin = b;
        t.end = i_;
        out_.tokens.push_back(std::move(t));
    }

    void number(std::size_t b) {
        bool fraction = false;
        while (i_ < s_.size() && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '_')) {
            ++i_;
        }
        if (i_ + 1 < s_.size() && s_[i_] == '.' && s_[i_ + 1] >= '0' && s_[i_ + 1] <= '9') {
            fraction = true;
            ++i_;
            while (i_ < s_.size() && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '_')) {
                ++i_;
            }
        }
        std::string digits;
        for (std::size_t k = b; k < i_; ++k) {
            if (s_[k] != '_') {
                digits += s_[k];
            }
        }
        // A type suffix (1u8, 2i64, 1.5f64) is accepted and ignored: the model's numbers are
        // 64-bit integers and doubles.
        if (i_ < s_.size() && ident_start(s_[i_])) {
            std::size_t sb = i_;
            while (i_ < s_.size() && ident_char(s_[i_])) {
                ++i_;
            }
            static const std::vector<std::string_view> suffixes{"u8",
                                                                "u16",
                                                                "u32",
                                                                "u64",
                                                                "usize",
                                                                "i8",
                                                                "i16",
                                                                "i32",
                                                                "i64",
                                                                "isize",
                                                                "f32",
                                                                "f64"};
            std::string_view suffix = s_.substr(sb, i_ - sb);
            if (std::find(suffixes.begin(), suffixes.end(), suffix) == suffixes.end()) {
                fail(sb, i_, "unknown number suffix `" + std::string(suffix) + "`");
            }
            fraction = fraction || suffix[0] == 'f';
        }
        Token t;
        t.kind = fraction ? Tok::floating : Tok::integer;
        t.text = digits;
        t.begin = b;
        t.end = i_;
        errno = 0;
        if (fraction) {
            t.number = std::strtod(digits.c_str(), nullptr);
        } else {
            char *endp = nullptr;
            t.integer = std::strtoll(digits.c_str(), &endp, 10);
            if (errno == ERANGE) {
                fail(b, i_, "integer literal is too large");
            }
            t.number = static_cast<double>(t.integer);
        }
        out_.tokens.push_back(std::move(t));
    }

    void string_literal(std::size_t b, Tok kind) {
        ++i_; // the opening quote
        std::string value;
        while (true) {
            if (i_ >= s_.size()) {
                fail(b, b + 1, "unterminated string literal");
            }
            char c = s_[i_];
            if (c == '"') {
                ++i_;
                break;
            }
            if (c == '\n') {
                ++line_;
            }
            if (c != '\\') {
                value += c;
                ++i_;
                continue;
            }
            escape(value);
        }
        Token t;
        t.kind = kind;
        t.text = std::move(value);
        t.begin = b;
        t.end = i_;
        out_.tokens.push_back(std::move(t));
    }

    void escape(std::string &value) {
        std::size_t b = i_;
        if (i_ + 1 >= s_.size()) {
            fail(b, b + 1, "unterminated string literal");
        }
        char e = s_[i_ + 1];
        i_ += 2;
        switch (e) {
        case 'n':
            value += '\n';
            return;
        case 'r':
            value += '\r';
            return;
        case 't':
            value += '\t';
            return;
        case '0':
            value += '\0';
            return;
        case '\\':
        case '"':
        case '\'':
            value += e;
            return;
        case '\n':
            // A line continuation: the newline and the next line's leading blanks are skipped.
            ++line_;
            while (i_ < s_.size() &&
                   (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
                line_ += s_[i_] == '\n' ? 1 : 0;
                ++i_;
            }
            return;
        case 'x': {
            if (i_ + 2 > s_.size()) {
                fail(b, i_, "unterminated escape");
            }
            std::string hex(s_.substr(i_, 2));
            char *endp = nullptr;
            long v = std::strtol(hex.c_str(), &endp, 16);
            if (endp != hex.c_str() + 2 || v > 0x7F) {
                fail(b, i_ + 2, "expected \\x00 to \\x7F");
            }
            value += static_cast<char>(v);
            i_ += 2;
            return;
        }
        default:
            fail(b, i_, std::string("unknown escape `\\") + e + "`");
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
    int line_ = 1;
    bool code_on_line_ = false;
    Lexed out_;
};

} // namespace

Lexed lex(std::string_view text) { return Lexer(text).run(); }

} // namespace futurescope::scenario::rust
