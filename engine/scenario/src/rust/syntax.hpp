// The Rust-shaped lesson syntax (`.rs` files): its tokens, its syntax tree and its errors. The
// front end reads the futures 0.1 / tokio-core surface of the tutorial — `fn main()`, `let`,
// method chains, closures, `async fn` — and lowers it to the same json::Node tree the JSON reader
// builds (lower.cpp), so that every check of the section loaders applies to both forms.
//
// [SECTION] Errors
// [SECTION] Tokens
// [SECTION] The syntax tree
// [SECTION] Entry points
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "../json.hpp"

namespace futurescope::scenario::rust {

// [SECTION] Errors

// A problem at bytes [begin, end) of the text: `message` is the headline, `label` what is printed
// under the caret ("did you mean `and_then`?"), both without the file's name.
struct SyntaxError {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string message;
    std::string label;
};

// The error as the command line prints it: a first line that tools grep
// ("file:12:23: error: …"), then rustc's source line with a caret under the span.
[[nodiscard]] std::string
format_error(std::string_view text, const std::string &file, const SyntaxError &e);
// The 1-based line and column of a byte offset.
[[nodiscard]] std::pair<int, int> line_column(std::string_view text, std::size_t offset);

// Line and column of byte offsets in one text, each in constant time after one pass over it, so
// that placing every node of a 16 MiB file stays linear.
class LineIndex {
  public:
    explicit LineIndex(std::string_view text);
    [[nodiscard]] std::pair<int, int> at(std::size_t offset) const;

  private:
    [[nodiscard]] std::size_t code_points_before(std::size_t offset) const;
    std::string_view text_;
    std::vector<std::size_t> line_starts_;
    std::vector<std::size_t> block_code_points_; // code points before each 64-byte block
};

// Deeper than this, a construct is an error (the parser and the lowering are recursive).
inline constexpr int max_depth = 256;

// [SECTION] Tokens

enum class Tok : std::uint8_t { ident, integer, floating, string, bytes, punct, end };

struct Token {
    Tok kind = Tok::end;
    std::string text; // ident, punct; the decoded value of a string
    std::int64_t integer = 0;
    double number = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
};

// A `//` comment: its text after the slashes (trimmed), its line and whether code precedes it on
// that line. `//!` comments are the lesson's title and description.
struct Comment {
    std::string text;
    int line = 0;
    bool doc = false;      // `//!`
    bool trailing = false; // after code on its line
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct Lexed {
    std::vector<Token> tokens; // ends with Tok::end
    std::vector<Comment> comments;
};

// Throws SyntaxError.
[[nodiscard]] Lexed lex(std::string_view text);

// [SECTION] The syntax tree

// One node type for expressions, patterns, statements and items: `kind` says which fields mean
// something. Spans are byte offsets into the text.
struct Ast {
    enum class Kind : std::uint8_t {
        // expressions
        integer,
        floating,
        string,
        bytes,
        boolean,
        unit,
        path,    // name: "a::b::c" (turbofish and generics dropped)
        call,    // kids[0] the callee, then the arguments
        method,  // name; kids[0] the receiver, then the arguments
        field,   // name ("0", "x"); kids[0] the receiver
        index,   // kids[0][kids[1]]
        closure, // kids: the parameter patterns, then the body; flag: `move`
        block,   // kids: statements; the last may be a tail (expr_tail)
        tuple,
        array,   // vec![…] or […]; flag: [x; n] (kids: x, n)
        macro,   // name: "println", "format", …; kids: the arguments
        binary,  // name: "+", "==", …
        unary,   // name: "-", "!"
        if_,     // kids: condition, then-block, optional else
        await,   // kids[0]
        try_,    // kids[0]?
        return_, // kids: optional value
        async_block,
        assign,     // kids: the place, the value (a hand-written poll's `self.n = v;`)
        loop,       // kids[0]: the block
        break_,     //
        continue_,  //
        match,      // kids: the scrutinee, then the arms
        arm,        // kids: the pattern (read as an expression), the body
        struct_lit, // name: the type; kids: field_init
        field_init, // name: the field; kids[0]: the value
        // patterns
        pat_ident, // name; flag: mut
        pat_wild,
        pat_tuple,
        // statements
        let,       // kids: pattern, optional initializer
        expr_stmt, // kids[0]; ends with `;`
        expr_tail, // kids[0]; the block's value
    };
    Kind kind = Kind::unit;
    std::string name;
    std::string text; // a string literal's value
    std::int64_t integer = 0;
    double number = 0;
    bool flag = false;
    std::vector<Ast> kids;
    std::size_t begin = 0;
    std::size_t end = 0;
};

// A function item: `fn name(params) -> Type { body }`, `async fn`, with its attributes.
struct FnItem {
    std::string name;
    bool is_async = false;
    std::vector<std::string> params;
    std::vector<std::string> attributes; // "tokio::main", "tokio::main(flavor=\"current_thread\")"
    Ast body;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t name_begin = 0;
    std::size_t name_end = 0;
};

// `#![name = value]` or `#![name { … }]`: the lesson's header. The value is read as JSON-shaped
// data (see lower.cpp): literals, [lists] and {key: value} maps.
struct Header {
    std::string name;
    json::Node value;
    std::size_t begin = 0;
    std::size_t end = 0;
};

// `struct Name { field: Type, … }`: its fields' names.
struct StructItem {
    std::string name;
    std::vector<std::string> fields;
    std::size_t begin = 0;
    std::size_t end = 0;
};

// `impl Future for Name { type Item = …; type Error = …; fn poll(&mut self) -> … { body } }`, or
// `impl Stream`.
struct ImplItem {
    std::string trait; // "Future" or "Stream"
    std::string type;
    Ast poll;
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct Program {
    std::vector<StructItem> structs;
    std::vector<ImplItem> impls;
    std::vector<FnItem> fns;
    std::vector<Header> headers;
    std::vector<Comment> comments;
};

// [SECTION] Entry points

// Parses the whole file (parser.cpp). Throws SyntaxError.
[[nodiscard]] Program parse(std::string_view text);

// The program as the JSON document the section loaders read, every node's position in the `.rs`
// text; `stem` is the file's name without folder and extension, the default scenario name
// (lower.cpp). Throws SyntaxError.
[[nodiscard]] json::Node lower(std::string_view text, const Program &program, std::string stem);

} // namespace futurescope::scenario::rust
