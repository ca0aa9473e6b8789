// The Rust front end's entry points for the loader (front.hpp) and the public locate_source,
// which maps a future's source — a JSON pointer or a `.rs` span — to its place in the text.
//
// [SECTION] Loading
// [SECTION] Sources as spans
// [SECTION] locate_source
#include <algorithm>
#include <charconv>
#include <filesystem>

#include "front.hpp"
#include "syntax.hpp"

namespace futurescope::scenario::rust {

// [SECTION] Loading

bool is_rust_file(std::string_view file) {
    return file.size() >= 3 && file.substr(file.size() - 3) == ".rs";
}

json::Node lower_file(std::string_view text, const std::string &file) {
    try {
        Program p = parse(text);
        return lower(text, p, std::filesystem::path(file).stem().string());
    } catch (const SyntaxError &e) {
        throw ScenarioError(format_error(text, file, e));
    }
}

std::string
node_error(std::string_view text, const std::string &file, const json::Node &at, std::string msg) {
    SyntaxError e{at.begin, at.end, std::move(msg), {}};
    return format_error(text, file, e);
}

// [SECTION] Sources as spans

namespace {

const json::Node *resolve(const json::Node &root, std::string_view pointer) {
    const json::Node *n = &root;
    while (!pointer.empty() && n != nullptr) {
        pointer.remove_prefix(1); // the '/'
        std::size_t slash = pointer.find('/');
        std::string_view key = pointer.substr(0, slash);
        pointer = slash == std::string_view::npos ? std::string_view() : pointer.substr(slash);
        if (n->is_array()) {
            std::size_t i = 0;
            auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), i);
            n = ec == std::errc() && p == key.data() + key.size() && i < n->items.size()
                    ? &n->items[i]
                    : nullptr;
        } else {
            n = n->find(key);
        }
    }
    return n;
}

struct Spans {
    const json::Node &root;
    LineIndex lines;

    [[nodiscard]] std::string span(const std::string &pointer) const {
        const json::Node *n = resolve(root, pointer);
        if (n == nullptr || pointer.empty() || pointer[0] != '/') {
            return pointer;
        }
        auto [l1, c1] = lines.at(n->begin);
        auto [l2, c2] = lines.at(n->end);
        return std::to_string(l1) + ":" + std::to_string(c1) + "-" + std::to_string(l2) + ":" +
               std::to_string(c2);
    }
    void expr(Expr &e) const {
        e.path = span(e.path);
        for (Expr &a : e.args) {
            expr(a);
        }
        if (e.fn) {
            expr(e.fn->body);
        }
        if (e.async) {
            // The spec is shared and const for the run; here, before any run, it is still the
            // loader's own object.
            steps(const_cast<AsyncSpec &>(*e.async).body);
        }
    }
    void steps(std::vector<AsyncStep> &ss) const {
        for (AsyncStep &s : ss) {
            s.path = span(s.path);
            expr(s.expr);
            steps(s.body);
        }
    }
};

} // namespace

void sources_as_spans(Scenario::Impl &impl, const json::Node &root, std::string_view text) {
    Spans s{root, LineIndex(text)};
    for (TaskSpec &t : impl.tasks) {
        s.expr(t.future);
    }
}

} // namespace futurescope::scenario::rust

namespace futurescope::scenario {

// [SECTION] locate_source

namespace {

// "L:C" at the start of `s`: the byte offset in `text`, or npos.
std::size_t offset_of(std::string_view text, std::string_view s, std::size_t &used) {
    int line = 0;
    int column = 0;
    auto [p1, e1] = std::from_chars(s.data(), s.data() + s.size(), line);
    if (e1 != std::errc() || p1 == s.data() + s.size() || *p1 != ':') {
        return std::string_view::npos;
    }
    auto [p2, e2] = std::from_chars(p1 + 1, s.data() + s.size(), column);
    if (e2 != std::errc() || line < 1 || column < 1) {
        return std::string_view::npos;
    }
    used = static_cast<std::size_t>(p2 - s.data());
    int l = 1;
    int c = 1;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (l == line && c == column) {
            return i;
        }
        if (i == text.size()) {
            break;
        }
        if (text[i] == '\n') {
            ++l;
            c = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++c;
        }
    }
    return std::string_view::npos;
}

} // namespace

std::optional<TextRange> locate_source(std::string_view text, std::string_view source) {
    if (source.empty() || source[0] == '/') {
        return locate_json_pointer(text, source);
    }
    std::size_t used = 0;
    std::size_t begin = offset_of(text, source, used);
    if (begin == std::string_view::npos || used >= source.size() || source[used] != '-') {
        return std::nullopt;
    }
    std::size_t used2 = 0;
    std::size_t end = offset_of(text, source.substr(used + 1), used2);
    if (end == std::string_view::npos || end < begin || used + 1 + used2 != source.size()) {
        return std::nullopt;
    }
    TextRange r;
    r.begin = begin;
    r.end = end;
    auto line_at = [&](std::size_t off) {
        return 1 + static_cast<int>(
                       std::count(text.begin(), text.begin() + static_cast<long>(off), '\n'));
    };
    r.first_line = line_at(begin);
    r.last_line = line_at(end == begin ? end : end - 1);
    return r;
}

} // namespace futurescope::scenario
