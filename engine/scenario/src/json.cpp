#include "json.hpp"

#include "futurescope/scenario/scenario.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace futurescope::scenario::json {

namespace {

// The offset of the first byte that does not belong to a well-formed UTF-8 sequence (no overlong
// forms, no surrogates, nothing above U+10FFFF), or npos.
std::size_t first_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF; // the range of the second byte
        if (b >= 0xC2 && b <= 0xDF) {
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
            lo = b == 0xE0 ? 0xA0 : 0x80;
            hi = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
            lo = b == 0xF0 ? 0x90 : 0x80;
            hi = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        for (std::size_t k = 1; k < len; ++k) {
            if (i + k >= s.size()) {
                return i;
            }
            auto c = static_cast<unsigned char>(s[i + k]);
            if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) {
                return i;
            }
        }
        i += len;
    }
    return std::string_view::npos;
}

class Reader {
  public:
    explicit Reader(std::string_view text) : text_(text) {}

    Node document() {
        // Refused rather than skipped: RFC 8259 forbids writing one, and the editors that add it
        // also have a setting to save without it, which the message names.
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
            fail("the file starts with a UTF-8 byte-order mark; save the file without it");
        }
        check_utf8();
        skip_space();
        if (pos_ == text_.size()) {
            fail("the file is empty");
        }
        Node n = value(0);
        skip_space();
        if (pos_ != text_.size()) {
            fail("unexpected text after the JSON document");
        }
        return n;
    }

  private:
    [[noreturn]] void fail(std::string message) const {
        throw ParseError{line_, column(), std::move(message)};
    }
    [[nodiscard]] int column() const { return static_cast<int>(pos_ - line_start_) + 1; }
    // JSON text is UTF-8 (RFC 8259 8.1): the first byte that is not, with its offset, so that a
    // file in another encoding does not run with its names garbled.
    void check_utf8() {
        std::size_t bad = first_invalid_utf8(text_);
        if (bad == std::string_view::npos) {
            return;
        }
        for (; pos_ < bad; ++pos_) {
            if (text_[pos_] == '\n') {
                ++line_;
                line_start_ = pos_ + 1;
            }
        }
        fail("the file is not valid UTF-8 at byte offset " + std::to_string(bad) +
             " (JSON text must be UTF-8)");
    }
    void skip_space() {
        while (pos_ < text_.size()) {
            char c = text_[pos_];
            if (c == '\n') {
                ++line_;
                line_start_ = ++pos_;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                ++pos_;
            } else {
                break;
            }
        }
    }
    bool literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) == word) {
            pos_ += word.size();
            return true;
        }
        return false;
    }

    // A value and the bytes its text spans.
    Node value(int depth) {
        const std::size_t begin = pos_;
        Node n = value_at(depth);
        n.begin = begin;
        n.end = pos_;
        return n;
    }

    Node value_at(int depth) {
        if (depth >= max_depth) {
            fail("nested deeper than " + std::to_string(max_depth) + " levels");
        }
        Node n;
        n.line = line_;
        n.column = column();
        if (pos_ >= text_.size()) {
            fail("unexpected end of the file, expected a value");
        }
        char c = text_[pos_];
        if (c == '{') {
            n.type = Node::Type::object;
            ++pos_;
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == '}') {
                ++pos_;
                return n;
            }
            for (;;) {
                skip_space();
                if (pos_ >= text_.size() || text_[pos_] != '"') {
                    fail("expected a string key");
                }
                int kl = line_;
                int kc = column();
                std::string key = string_body();
                skip_space();
                if (pos_ >= text_.size() || text_[pos_] != ':') {
                    fail("expected ':' after the key");
                }
                ++pos_;
                skip_space();
                for (const auto &m : n.members) {
                    if (m.first == key) {
                        line_ = kl;
                        throw ParseError{kl, kc, "duplicate key \"" + key + "\""};
                    }
                }
                Node v = value(depth + 1);
                n.members.push_back(Member{std::move(key), std::move(v)});
                n.key_pos.emplace_back(kl, kc);
                skip_space();
                if (pos_ < text_.size() && text_[pos_] == ',') {
                    ++pos_;
                    continue;
                }
                if (pos_ < text_.size() && text_[pos_] == '}') {
                    ++pos_;
                    return n;
                }
                fail("expected ',' or '}'");
            }
        }
        if (c == '[') {
            n.type = Node::Type::array;
            ++pos_;
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ']') {
                ++pos_;
                return n;
            }
            for (;;) {
                skip_space();
                n.items.push_back(value(depth + 1));
                skip_space();
                if (pos_ < text_.size() && text_[pos_] == ',') {
                    ++pos_;
                    continue;
                }
                if (pos_ < text_.size() && text_[pos_] == ']') {
                    ++pos_;
                    return n;
                }
                fail("expected ',' or ']'");
            }
        }
        if (c == '"') {
            n.type = Node::Type::string;
            n.text = string_body();
            return n;
        }
        if (literal("true")) {
            n.type = Node::Type::boolean;
            n.boolean = true;
            return n;
        }
        if (literal("false")) {
            n.type = Node::Type::boolean;
            return n;
        }
        if (literal("null")) {
            return n;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            number(n);
            return n;
        }
        fail("expected a value");
    }

    void number(Node &n) {
        std::size_t start = pos_;
        bool integral = true;
        if (text_[pos_] == '-') {
            ++pos_;
        }
        auto digits = [&] {
            std::size_t d = pos_;
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
                ++pos_;
            }
            if (d == pos_) {
                fail("expected a digit");
            }
        };
        digits();
        if (pos_ < text_.size() && text_[pos_] == '.') {
            integral = false;
            ++pos_;
            digits();
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            integral = false;
            ++pos_;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
                ++pos_;
            }
            digits();
        }
        std::string s(text_.substr(start, pos_ - start));
        n.type = Node::Type::number;
        n.number = std::strtod(s.c_str(), nullptr);
        if (integral) {
            auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n.integer);
            n.integral = ec == std::errc() && p == s.data() + s.size();
        } else if (std::isfinite(n.number) && n.number == std::floor(n.number) &&
                   std::fabs(n.number) < 9.0e18) {
            n.integral = true;
            n.integer = static_cast<std::int64_t>(n.number);
        }
    }

    void append_utf8(std::string &out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    std::uint32_t hex4() {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            if (pos_ >= text_.size()) {
                fail("unterminated string");
            }
            char h = text_[pos_++];
            v <<= 4;
            if (h >= '0' && h <= '9') {
                v |= static_cast<std::uint32_t>(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                v |= static_cast<std::uint32_t>(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                v |= static_cast<std::uint32_t>(h - 'A' + 10);
            } else {
                fail("bad \\u escape");
            }
        }
        return v;
    }

    std::string string_body() {
        ++pos_; // the opening quote
        std::string out;
        for (;;) {
            if (pos_ >= text_.size()) {
                fail("unterminated string");
            }
            char c = text_[pos_++];
            if (c == '"') {
                return out;
            }
            if (c == '\n' || static_cast<unsigned char>(c) < 0x20) {
                --pos_;
                fail("control character in a string");
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= text_.size()) {
                fail("unterminated string");
            }
            char e = text_[pos_++];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += e;
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                std::uint32_t cp = hex4();
                if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
                    pos_ += 2;
                    std::uint32_t lo = hex4();
                    if (lo < 0xDC00 || lo >= 0xE000) {
                        fail("a \\u escape of a lone UTF-16 surrogate");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xD800 && cp < 0xE000) {
                    // A lone surrogate is no character: it would make the string invalid UTF-8.
                    fail("a \\u escape of a lone UTF-16 surrogate");
                }
                append_utf8(out, cp);
                break;
            }
            default:
                --pos_;
                fail("bad escape in a string");
            }
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_start_ = 0;
    int line_ = 1;
};

} // namespace

Node parse(std::string_view text) { return Reader(text).document(); }

std::string type_name(const Node &node) {
    switch (node.type) {
    case Node::Type::null:
        return "null";
    case Node::Type::boolean:
        return "a boolean";
    case Node::Type::number:
        return "a number";
    case Node::Type::string:
        return "a string";
    case Node::Type::array:
        return "an array";
    case Node::Type::object:
        return "an object";
    }
    return "a value";
}

} // namespace futurescope::scenario::json

namespace futurescope::scenario {

namespace {

// The value at a pointer's next token: an object's member (RFC 6901 escapes "~1" for '/' and
// "~0" for '~') or an array's item (decimal digits only).
const json::Node *child(const json::Node &node, std::string_view token) {
    if (node.is_object()) {
        std::string key;
        for (std::size_t i = 0; i < token.size(); ++i) {
            if (token[i] == '~' && i + 1 < token.size() &&
                (token[i + 1] == '0' || token[i + 1] == '1')) {
                key += token[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                key += token[i];
            }
        }
        return node.find(key);
    }
    if (node.is_array()) {
        std::size_t i = 0;
        const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), i);
        if (token.empty() || ec != std::errc() || end != token.data() + token.size() ||
            i >= node.items.size()) {
            return nullptr;
        }
        return &node.items[i];
    }
    return nullptr;
}

int line_of(std::string_view text, std::size_t offset) {
    const auto stop = text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size()));
    return 1 + static_cast<int>(std::count(text.begin(), stop, '\n'));
}

} // namespace

std::optional<TextRange> locate_json_pointer(std::string_view json_text, std::string_view pointer) {
    json::Node doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::ParseError &) {
        return std::nullopt;
    }
    const json::Node *node = &doc;
    while (!pointer.empty()) {
        if (pointer.front() != '/') {
            return std::nullopt;
        }
        pointer.remove_prefix(1);
        const std::size_t slash = pointer.find('/');
        node = child(*node, pointer.substr(0, slash));
        if (node == nullptr) {
            return std::nullopt;
        }
        pointer = slash == std::string_view::npos ? std::string_view() : pointer.substr(slash);
    }
    TextRange r;
    r.begin = node->begin;
    r.end = node->end;
    r.first_line = line_of(json_text, r.begin);
    r.last_line = line_of(json_text, r.end == r.begin ? r.end : r.end - 1);
    return r;
}

} // namespace futurescope::scenario
