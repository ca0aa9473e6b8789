// A small JSON reader that keeps the line and column of every value, so that a scenario's errors
// can point at the exact place. Scenario files are small (16 MiB at most) and nesting is bounded
// (256 levels), so a recursive reader is safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace futurescope::scenario::json {

struct Member;

struct Node {
    enum class Type : std::uint8_t { null, boolean, number, string, array, object };
    Type type = Type::null;
    bool boolean = false;
    double number = 0;
    bool integral = false; // the text had no fraction or exponent and fits an int64
    std::int64_t integer = 0;
    std::string text;
    std::vector<Node> items;                  // array
    std::vector<Member> members;              // object, in file order
    std::vector<std::pair<int, int>> key_pos; // object: line, column of each key
    int line = 0;
    int column = 0;
    std::size_t begin = 0; // the value's text: bytes [begin, end) of the document
    std::size_t end = 0;

    [[nodiscard]] const Node *find(std::string_view key) const;
    [[nodiscard]] bool is_object() const noexcept { return type == Type::object; }
    [[nodiscard]] bool is_array() const noexcept { return type == Type::array; }
    [[nodiscard]] bool is_string() const noexcept { return type == Type::string; }
    [[nodiscard]] bool is_number() const noexcept { return type == Type::number; }
};

// A key and its value; `first` and `second` as in a map's entries.
struct Member {
    std::string first;
    Node second;
};

inline const Node *Node::find(std::string_view key) const {
    for (const auto &[k, v] : members) {
        if (k == key) {
            return &v;
        }
    }
    return nullptr;
}

// Thrown for text that is not JSON: the position and what was expected.
struct ParseError {
    int line;
    int column;
    std::string message;
};

inline constexpr int max_depth = 256;

// Throws ParseError.
[[nodiscard]] Node parse(std::string_view text);

// "a string", "an object", … for messages.
[[nodiscard]] std::string type_name(const Node &node);

} // namespace futurescope::scenario::json
