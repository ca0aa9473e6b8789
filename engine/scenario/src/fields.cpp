// Reading a scenario's fields: each reader checks the type and range of one value and fails
// with a message that names the file, the line and column, the JSON path and what was expected.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "loader.hpp"
#include "rust/front.hpp"

namespace futurescope::scenario::loading {

namespace {

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

} // namespace

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

std::string child(const std::string &path, std::string_view key) {
    return path + "/" + std::string(key);
}
std::string child(const std::string &path, std::size_t i) { return path + "/" + std::to_string(i); }

void Loader::fail(const Node &at, const std::string &path, const std::string &message) const {
    if (!rust_text_.empty()) {
        throw ScenarioError(rust::node_error(rust_text_, file_, at, message));
    }
    throw ScenarioError(file_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                        ": " + (path.empty() ? "/" : path) + ": " + message);
}

void Loader::fail_key(const Node &object,
                      std::size_t member,
                      const std::string &path,
                      const std::string &message) const {
    if (!rust_text_.empty()) {
        fail(object.members[member].second, path, message); // the lowered key has no text
    }
    Node at;
    at.line = object.key_pos[member].first;
    at.column = object.key_pos[member].second;
    fail(at, path, message);
}

void Loader::expect_type(const Node &n,
                         Node::Type t,
                         const std::string &path,
                         const char *what) const {
    if (n.type != t) {
        fail(n, path, std::string("expected ") + what + ", found " + json::type_name(n));
    }
}

void Loader::only_keys(const Node &n,
                       const std::string &path,
                       const std::vector<std::string_view> &keys) const {
    for (std::size_t i = 0; i < n.members.size(); ++i) {
        const std::string &k = n.members[i].first;
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
            fail_key(n, i, path + "/" + k, "unknown key " + qt(k) + suggest(k, keys));
        }
    }
}

const Node &Loader::required(const Node &n, const std::string &path, std::string_view key) const {
    const Node *v = n.find(key);
    if (v == nullptr) {
        fail(n, path, "missing key " + qt(key));
    }
    return *v;
}

std::string Loader::string_of(const Node &n, const std::string &path) const {
    expect_type(n, Node::Type::string, path, "a string");
    return n.text;
}

std::int64_t Loader::integer_of(const Node &n, const std::string &path, std::int64_t min) const {
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

double Loader::number_of(const Node &n, const std::string &path) const {
    if (!n.is_number()) {
        fail(n, path, "expected a number, found " + json::type_name(n));
    }
    if (n.number < 0) {
        fail(n, path, "expected a number >= 0, found " + std::to_string(n.integer));
    }
    return n.number;
}

std::int64_t Loader::duration_of(const Node &n, const std::string &path) const {
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
                     "unknown unit " + qt(unit) + " (expected \"s\", \"ms\", \"us\" or \"ns\")");
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
    if (v->number * scale > static_cast<double>(max_duration_ns)) {
        fail(*v, p, "expected a duration of at most 100 years (3155760000 s)");
    }
    return static_cast<std::int64_t>(std::llround(v->number * scale));
}

namespace {

// The first code point of a name that a terminal would not print as itself: a C0 or C1 control
// character (NUL cuts a name short), or a bidi control (U+202E turns the text after it around).
// `text` is valid UTF-8 (the JSON reader checked it).
std::optional<std::uint32_t> unprintable_in(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        auto b = static_cast<unsigned char>(text[i]);
        std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        std::uint32_t cp = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
        for (std::size_t k = 1; k < len && i + k < text.size(); ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        i += len;
        bool control = cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
        bool bidi = cp == 0x061C || cp == 0x200E || cp == 0x200F ||
                    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
        if (control || bidi) {
            return cp;
        }
    }
    return std::nullopt;
}

} // namespace

void Loader::claim_task_name(const Node &n,
                             const std::string &path,
                             const std::string &name) const {
    if (name.empty()) {
        fail(n, path, "a task name cannot be empty");
    }
    if (std::optional<std::uint32_t> cp = unprintable_in(name)) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(*cp));
        fail(n,
             path,
             std::string("a task name cannot hold ") +
                 (*cp < 0xA0 ? "a control character" : "a bidi control") + " (" + hex + ")");
    }
    if (const auto other = task_names_.find(name); other != task_names_.end()) {
        fail(n, path, "duplicate task name " + qt(name) + ": " + other->second + " has it already");
    }
    task_names_.emplace(
        name, path + " (" + std::to_string(n.line) + ":" + std::to_string(n.column) + ")");
}

} // namespace futurescope::scenario::loading
