// The expression compiler: turns the JSON of a future, a stream or a value into the Expr of
// model.hpp, checking every operator's arguments against the table (ops.cpp), every variable
// against the scope and every channel and host against the file. Expressions are compiled in
// expressions.cpp, their arguments in arguments.cpp, async fns ({"async": …}) and their steps
// in async_fn.cpp.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loader.hpp"

namespace futurescope::scenario::loading {

// The variables visible at a place, innermost last.
using Scope = std::vector<std::string>;

class Compiler {
  public:
    explicit Compiler(const Loader &loader) : l_(loader) {}

    // Compiles `n` where `want` is needed. A value where a future is needed means ok(value) (or
    // the future a variable holds); a variable where a stream is needed must hold a stream.
    [[nodiscard]] Expr
    compile(const Node &n, const std::string &path, Kind want, const Scope &scope, int depth = 0);
    // A literal of the expect block: null, a bool, an integer, a string or a list of them.
    [[nodiscard]] Value constant(const Node &n, const std::string &path) const;
    // An expression as Rust source, for the Send check's message: "yield_now()", "Rc::new(1)".
    [[nodiscard]] static std::string rust_source(const Node &n);

  private:
    // Expressions (expressions.cpp).
    Expr coerce(Expr e, const Node &n, const std::string &path, Kind want);
    Expr literal_of(const Node &n, const std::string &path, const Scope &scope, int depth);
    // The kind an expression has, without compiling it (for overloaded operators such as map).
    [[nodiscard]] Kind infer(const Node &n, Kind context) const;
    [[nodiscard]] Kind infer_step(const Node &step, Kind acc) const;
    [[nodiscard]] const ChannelSpec *channel(const std::string &name) const;
    [[nodiscard]] std::vector<std::string_view> channel_names() const;
    [[nodiscard]] const OpSpec *choose(const std::string &name,
                                       const Node &n,
                                       const std::string &path,
                                       Kind receiver_kind,
                                       bool has_receiver) const;
    Expr
    compile_any(const Node &n, const std::string &path, Kind want, const Scope &scope, int depth);
    Expr compile_var(const Node &arg,
                     const std::string &apath,
                     const std::string &path,
                     const Scope &scope) const;
    // The kind of a chain's head: its own, or for a variable what the first method takes.
    [[nodiscard]] Kind chain_head_kind(const Node &arg, Kind want) const;
    Expr compile_chain(
        const Node &arg, const std::string &apath, Kind want, const Scope &scope, int depth);
    // An operator of the table, written as {"name": arguments}.
    Expr compile_operator(const Node &n,
                          const std::string &name,
                          const Node &arg,
                          const std::string &path,
                          Kind want,
                          const Scope &scope,
                          int depth);
    // {"recv": "channel"}: a oneshot's receiver is a future, the others' a stream.
    Expr compile_recv(const Node &arg, const std::string &apath, const std::string &path) const;
    Expr named_spawn(const Node &arg,
                     const std::string &apath,
                     const std::string &path,
                     const Scope &scope,
                     int depth);
    // A method applied to the accumulated receiver of a chain.
    Expr
    apply(const Node &step, const std::string &spath, Expr receiver, const Scope &scope, int depth);
    // Arguments (arguments.cpp).

    // The argument nodes: a single one, or an array of them; `skip` leading codes are given (a
    // chain's receiver).
    void split_args(const OpSpec &spec,
                    const Node &arg,
                    const std::string &apath,
                    std::vector<const Node *> &args,
                    std::vector<std::string> &paths,
                    std::size_t skip);
    std::shared_ptr<Fn> function(const Node &n,
                                 const std::string &path,
                                 Kind body_kind,
                                 std::size_t arity,
                                 const Scope &scope,
                                 int depth);
    Expr build(const OpSpec &spec,
               const std::vector<const Node *> &args,
               const std::vector<std::string> &paths,
               const std::string &path,
               const Scope &scope,
               int depth,
               std::optional<Expr> receiver);
    // A duration argument ('D'): a literal, or for a delay an expression of milliseconds.
    void duration_arg(const OpSpec &spec,
                      const Node &a,
                      const std::string &p,
                      const Scope &scope,
                      int depth,
                      Expr &e);
    // iter_result's array of {"ok": V} / {"err": V} ('R').
    void result_items(const Node &a, const std::string &p, const Scope &scope, int depth, Expr &e);
    void check_address(const Node &a, const std::string &p, const std::string &target) const;

    // Async fns (async_fn.cpp).
    Expr compile_async(const Node &arg,
                       const std::string &apath,
                       const std::string &path,
                       const Scope &scope,
                       int depth);
    std::string await_point(const Node &step,
                            const std::string &path,
                            const std::string &label,
                            std::vector<std::string> &points) const;
    std::vector<AsyncStep> async_steps(const Node &body,
                                       const std::string &path,
                                       Scope &scope,
                                       int depth,
                                       std::vector<std::string> &points);
    // One step; a let adds its name to `scope`.
    AsyncStep async_step(const Node &n,
                         const std::string &p,
                         Scope &scope,
                         int depth,
                         std::vector<std::string> &points);
    void let_step(const Node &n,
                  const Node &let,
                  const std::string &p,
                  Scope &scope,
                  int depth,
                  std::vector<std::string> &points,
                  AsyncStep &s);
    void for_each_step(const Node &n,
                       const Node &stream,
                       const std::string &p,
                       const Scope &scope,
                       int depth,
                       std::vector<std::string> &points,
                       AsyncStep &s);

  public:
    // Futures written by hand (hand_types.cpp): the statements of a declared type's poll,
    // compiled into it.
    void compile_poll(HandType &type, const Node &poll, const std::string &path);

  private:
    [[nodiscard]] const HandType *hand_type(const std::string &name) const;
    Expr compile_new(const Node &arg,
                     const std::string &apath,
                     const std::string &path,
                     const Scope &scope,
                     int depth);
    Expr compile_field(const Node &arg, const std::string &apath, const std::string &path) const;
    // A value that may be a future or a stream, kept as a handle (a field's, a let's).
    Expr compile_held(const Node &n, const std::string &path, const Scope &scope, int depth);
    std::vector<HandStmt>
    hand_block(const Node &n, const std::string &path, Scope scope, int depth);
    HandStmt hand_stmt(const Node &n, const std::string &path, Scope &scope, int depth);
    void
    hand_match(const Node &n, const std::string &path, const Scope &scope, int depth, HandStmt &s);
    void hand_return(
        const Node &arg, const std::string &path, const Scope &scope, int depth, HandStmt &s);
    [[nodiscard]] int field_index(const Node &n, const std::string &path) const;
    // "method": "poll" (the default) or "poll_cancel".
    [[nodiscard]] bool poll_cancel_method(const Node &n, const std::string &path) const;

    const Loader &l_;
    // While a poll's statements are compiled: its type ({"field": …} reads its fields), and
    // how many loops enclose the statement (break and continue need one).
    const HandType *hand_ = nullptr;
    int loops_ = 0;
};

} // namespace futurescope::scenario::loading
