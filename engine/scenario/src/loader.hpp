// What the pieces of the loader share: the Loader, which reads typed fields and turns every
// problem into one ScenarioError that points at the place (fields.cpp); the operator table
// (ops.cpp); and the loaders of the file's sections, which load_text (loader.cpp) calls in order.
//
// [SECTION] Messages
// [SECTION] Reading fields
// [SECTION] The operator table
// [SECTION] The sections of a file
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "json.hpp"
#include "model.hpp"

namespace futurescope::scenario::loading {

using json::Node;

// [SECTION] Messages

// " (did you mean "x"?)" when a known name is close enough, else "".
[[nodiscard]] std::string suggest(std::string_view word,
                                  const std::vector<std::string_view> &known);
// The text in double quotes, as messages quote names: "and_then".
[[nodiscard]] std::string qt(std::string_view s);
// A JSON pointer one level down: "/world" + "hosts", "/tasks" + 0.
[[nodiscard]] std::string child(const std::string &path, std::string_view key);
[[nodiscard]] std::string child(const std::string &path, std::size_t i);

// [SECTION] Reading fields

// Reads the fields of one file and fails with its name, the place and what was expected; also
// keeps what later sections refer to (the channels, the hosts, the names of spawned tasks).
class Loader {
  public:
    explicit Loader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void
    fail(const Node &at, const std::string &path, const std::string &message) const;
    // The key's position, for errors about a key itself.
    [[noreturn]] void fail_key(const Node &object,
                               std::size_t member,
                               const std::string &path,
                               const std::string &message) const;

    void expect_type(const Node &n, Node::Type t, const std::string &path, const char *what) const;
    void only_keys(const Node &n,
                   const std::string &path,
                   const std::vector<std::string_view> &keys) const;
    [[nodiscard]] const Node &
    required(const Node &n, const std::string &path, std::string_view key) const;
    [[nodiscard]] std::string string_of(const Node &n, const std::string &path) const;
    [[nodiscard]] std::int64_t
    integer_of(const Node &n, const std::string &path, std::int64_t min = 0) const;
    [[nodiscard]] double number_of(const Node &n, const std::string &path) const;
    // Milliseconds as a number, or {"ms": x} / {"us": x} / {"s": x} / {"ns": x}; at most
    // max_duration_ns.
    [[nodiscard]] std::int64_t duration_of(const Node &n, const std::string &path) const;
    // A task's name (of the file's tasks or a spawn's): not empty, no control characters or bidi
    // overrides (a terminal would print them raw), and not the name of another task.
    void claim_task_name(const Node &n, const std::string &path, const std::string &name) const;

    std::string file_;
    // A `.rs` file's text: errors then point at the Rust code (rust/front.hpp), not at the
    // pointer into the document it was lowered to.
    std::string_view rust_text_;
    std::vector<ChannelSpec> channels_;
    // The types declared by hand ("types"), known before any task is compiled.
    std::vector<std::shared_ptr<HandType>> types_;
    std::set<std::string> hosts_;
    // The names given to spawned tasks ({"spawn": {"name": …, "future": …}}): expect and
    // narration may refer to them.
    mutable std::vector<std::string> spawn_names_;
    // Every task name claimed so far and where: "/tasks/0/name (7:15)". A map, so that a file of
    // many tasks loads in linear time.
    mutable std::unordered_map<std::string, std::string> task_names_;
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

[[nodiscard]] const std::vector<OpSpec> &op_table();
// Every name an expression may start with: the table's, and var, const, chain, fn, async.
[[nodiscard]] const std::vector<std::string_view> &op_names();
// The entries of the table with this name (several for an operator of futures and streams).
[[nodiscard]] std::vector<const OpSpec *> specs_named(std::string_view name);
// "a future", "a stream", "a value".
[[nodiscard]] const char *kind_name(Kind k);

// [SECTION] The sections of a file

void load_world(Loader &l, const Node &w, Scenario::Impl &out);     // world.cpp
void load_channels(Loader &l, const Node &c, Scenario::Impl &out);  // loader.cpp
void load_tasks(Loader &l, const Node &t, Scenario::Impl &out);     // loader.cpp
void load_types(Loader &l, const Node &t, Scenario::Impl &out);     // hand_types.cpp
void load_limits(Loader &l, const Node &n, Scenario::Impl &out);    // loader.cpp
void load_expect(Loader &l, const Node &n, Scenario::Impl &out);    // expect.cpp
void load_narration(Loader &l, const Node &n, Scenario::Impl &out); // expect.cpp

// The "let" section (lets.cpp), loaded after the channels and before the tasks, and the names it
// binds: the scope every task's expression starts with.
void load_lets(Loader &l, const Node &n, Scenario::Impl &out);
[[nodiscard]] std::vector<std::string> let_names(const Scenario::Impl &impl);

// The compiler's error for the first task that is not Send, if any (send_check.cpp).
[[nodiscard]] std::optional<std::string> check_send(const Scenario::Impl &impl);

} // namespace futurescope::scenario::loading
