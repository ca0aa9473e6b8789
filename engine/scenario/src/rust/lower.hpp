// The lowering of a parsed lesson to the JSON document the section loaders read: the shared state
// of lower.cpp (the program: main, its tasks, the header, the notes, async fns) and
// lower_expr.cpp (expressions, method chains, closures, the seed's names).
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "syntax.hpp"

namespace futurescope::scenario::rust {

using json::Node;

// What a Rust expression stands for: most are an expression of the model (a JSON node); the
// others are the program's handles, which only some methods accept.
struct Val {
    enum class T : std::uint8_t {
        node,     // a future, a stream or a value
        core,     // Core::new()
        handle,   // core.handle()
        address,  // "host:port".parse() / .to_socket_addrs(); text: "host:port"
        listener, // TcpListener::bind(…); text: the address, name: the binding
        context,  // ClientContext::new()
        sender,   // a channel's sending half; text: the channel
        receiver, // a channel's receiving half; text: the channel
        channel,  // oneshot() / mpsc::channel(n) / unbounded(): text the kind, node the capacity
        duration, // Duration::from_millis(n): node the duration as the loader reads it
    };
    T t = T::node;
    Node node;
    std::string text;
    std::string name;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t size = 0; // nodes in `node`, counted where it is bound (measured)
    // A bound future or stream is moved where it is used, as in Rust: every copy of the binding
    // shares this flag, so a second use is `use of moved value`.
    std::shared_ptr<bool> moved;
};

// Substituting `let`s copies their values: past this many nodes copied a program is an error, so
// that `let b = (a, a); let c = (b, b); …` cannot double its way out of memory.
inline constexpr std::size_t max_substituted_nodes = std::size_t{1} << 20;

// The path without its crate and module prefixes the lessons may write:
// "tokio_core::io::write_all" → "write_all" (lower_calls.cpp).
[[nodiscard]] std::string_view strip_prefix(std::string_view path);

// The names visible at a place, innermost last.
using Env = std::vector<std::pair<std::string, Val>>;

class Lowering {
  public:
    Lowering(std::string_view text, const Program &program, std::string stem)
        : s_(text), lines_(text), p_(program), stem_(std::move(stem)) {}

    Node run();

    // [SECTION] Nodes (lower.cpp)
    [[nodiscard]] Node at(std::size_t begin, std::size_t end) const;
    [[nodiscard]] Node str(std::string text, std::size_t begin, std::size_t end) const;
    [[nodiscard]] Node num(std::int64_t n, std::size_t begin, std::size_t end) const;
    [[nodiscard]] Node arr(std::vector<Node> items, std::size_t begin, std::size_t end) const;
    [[nodiscard]] Node
    obj(std::vector<std::pair<std::string, Node>> members, std::size_t b, std::size_t e) const;
    [[nodiscard]] Node one(std::string key, Node value, std::size_t b, std::size_t e) const {
        std::vector<std::pair<std::string, Node>> m;
        m.emplace_back(std::move(key), std::move(value));
        return obj(std::move(m), b, e);
    }
    [[noreturn]] void
    fail(std::size_t begin, std::size_t end, std::string message, std::string label = {}) const;
    [[noreturn]] void fail(const Ast &a, std::string message, std::string label = {}) const {
        fail(a.begin, a.end, std::move(message), std::move(label));
    }

    // [SECTION] Expressions (lower_expr.cpp)
    Val expr(const Ast &a, Env &env, int depth);
    Node node(const Ast &a, Env &env, int depth);
    Node as_node(const Val &v, const Ast &a) const;
    Node closure(const Ast &c, Env &env, int depth);
    Val block_value(const Ast &b, Env &env, int depth);
    void bind(const Ast &pattern, Val v, Env &env) const;
    // `v` with its size counted; a value nested deeper than 2 × max_depth is an error.
    [[nodiscard]] Val measured(Val v, const Ast &at) const;

    // [SECTION] Hand-written futures (lower_poll.cpp)
    // The document's "types": each struct with its impl Future / impl Stream.
    [[nodiscard]] Node types_section();
    Node struct_literal(const Ast &s, Env &env, int depth);
    const StructItem *poll_struct_ = nullptr; // inside its poll: `self.field` is allowed

    // [SECTION] Async fns (lower.cpp)
    Node async_fn(const FnItem &f, std::vector<Val> args, const Ast &call, Env &env, int depth);
    Node async_body(const std::string &name, const Ast &body, Env &env, int depth);
    [[nodiscard]] const FnItem *find_fn(std::string_view name) const;

    bool uses_network_ = false;
    std::size_t substituted_ = 0;
    int async_depth_ = 0; // inside an async fn or block: `.await` is allowed

  private:
    Val method(const Ast &m, Env &env, int depth);
    Val call(const Ast &c, Env &env, int depth);
    Val seed_call(const Ast &c, const std::string &name, Env &env, int depth, bool &found);
    Val model_operator(const Ast &c, const std::string &full, Env &env, int depth, bool &found);
    Val macro(const Ast &m, Env &env, int depth);
    Node chain_step(const Ast &m, Node receiver, Env &env, int depth);
    Node format_args(const Ast &m, std::size_t first, Env &env, int depth);
    Node duration(const Ast &a, Env &env, int depth);
    Val special_method(const Ast &m, const Val &r, Env &env, int depth, bool &found);

    // lower.cpp
    void main_fn(const FnItem &f);
    void main_statement(const Ast &s, Env &env);
    void tokio_main(const FnItem &f);
    bool task_statement(const Ast &e, Env &env, bool tokio);
    bool helper_call(const Ast &e, Env &env, bool tokio);
    void add_task(const Ast &stmt, const Ast &future_ast, Node future, std::string default_name);
    void channel_let(const Ast &let, const Val &ctor);
    void headers(Node &root);
    void doc_comments(Node &root);
    void notes();
    [[nodiscard]] std::optional<std::string> directive(const Ast &stmt, std::string_view key);
    std::vector<Node> async_steps(const Ast &body, Env &env, int depth);
    // lower_poll.cpp
    std::vector<Node> poll_steps(const Ast &block, Env &env, int depth);
    Node poll_statement(const Ast &s, const Ast &e, bool tail, Env &env, int depth);
    Node poll_answer(const Ast &e, Env &env, int depth);
    Node match_arm(const Ast &arm, bool stream, Env &env, int depth);
    [[nodiscard]] std::string polled_field(const Ast &e) const;

    std::string_view s_;
    LineIndex lines_;
    const Program &p_;
    std::string stem_;
    std::vector<Node> tasks_;
    std::vector<Node> channels_;
    std::vector<Node> narration_;
    std::vector<std::pair<std::string, Val>> listeners_; // the top-level TcpListener bindings
    std::set<std::size_t> used_comments_;
    std::optional<Node> runtime_;
    int helper_depth_ = 0;
};

} // namespace futurescope::scenario::rust
