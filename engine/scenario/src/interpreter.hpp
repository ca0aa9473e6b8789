// The interpreter of a compiled scenario: the state of one run (its channels, its network), the
// environment of variables, and the builders that turn an Expr into a Value (interpreter.cpp), a
// BoxFuture (futures.cpp and the files of each family of operators) or a BoxStream (streams.cpp,
// stream_combinators.cpp).
//
// [SECTION] Run state: channels, task-locals, the network
// [SECTION] Variables
// [SECTION] Builders
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "values.hpp"

namespace futurescope::scenario::building {

// [SECTION] Run state: channels, task-locals, the network

struct Channel {
    Value sender;
    Value receiver;
};

struct RunState {
    const Scenario::Impl &impl;
    Network *net = nullptr;
    std::map<std::string, Channel> channels;
    std::vector<OutputLine> *output = nullptr;
    std::uint64_t spawned = 0;                    // the tasks the scenario's spawns made so far
    std::uint64_t round_step = ~std::uint64_t{0}; // the executor's step of the rounds counted
    std::uint64_t rounds = 0;                     // loop_fn rounds in that step
    // While a future written by hand polls: its fields ({"field": …} reads them), and how many
    // such polls nest (a poll that makes and polls another instance of its type could recurse
    // until the stack overflowed).
    std::vector<Value> *self_fields = nullptr;
    int hand_depth = 0;

    // Counts one loop_fn round; panics when one poll went round max_rounds_per_poll times.
    void count_loop_round();

    // The channel's two ends, made on first use.
    Channel &channel(const std::string &name);

    // Tells the detectors which of the file's tasks (ids 1, 2, … in file order) name each end
    // of the channel, so that a deadlock report can say which task could wake which, and the
    // trace what the file calls the channel.
    template <class Tx, class Rx>
    void declare_owners(const std::string &name, Tx &tx, Rx &rx) {
        tx.declare_name(name);
        for (std::size_t i = 0; i < impl.tasks.size(); ++i) {
            bool sends = false;
            bool receives = false;
            scan_ends(impl.tasks[i].future, name, sends, receives);
            auto id = static_cast<TaskId>(i + 1);
            if (sends) {
                tx.declare_owner(id);
            }
            if (receives) {
                rx.declare_owner(id);
            }
        }
    }
    static void scan_ends(const Expr &e, const std::string &name, bool &sends, bool &receives);
};

// The task-locals of local_get and local_set: one map per task.
const TaskLocal<std::map<std::string, Value>> &task_locals();

// [SECTION] Variables

struct Frame;
using Env = std::shared_ptr<const Frame>;
struct Frame {
    std::string name;
    Value value;
    Env parent;
};

const Value &lookup(const Env &env, const std::string &name);
Env bind_one(Env env, const std::string &name, Value v);
// A function's parameters bound to its argument (destructured for ["a", "b"]).
Env bind(Env env, const Fn &fn, Value v);
// A two-parameter function's (fold's acc and item).
Env bind2(Env env, const Fn &fn, Value a, Value b);

// [SECTION] Builders

// Pure evaluation (interpreter.cpp); `rs` is null for the expect block's constants.
Value eval(const Expr &e, const Env &env, RunState *rs);
std::int64_t int_of(const Value &v, const char *op);
bool bool_of(const Value &v, const char *op);

// Every future operator (futures.cpp dispatches to the families).
BF build_future(const Expr &e, const Env &env, RunState &rs);
// The future a value stands for: a future handle taken out, anything else ok(value).
BF value_future(Value v);
BF build_combinator(const Expr &e, const Env &env, RunState &rs);    // future_combinators.cpp
BF build_collection(const Expr &e, const Env &env, RunState &rs);    // future_collections.cpp
BF build_io_future(const Expr &e, const Env &env, RunState &rs);     // io_futures.cpp
BF build_stream_future(const Expr &e, const Env &env, RunState &rs); // stream_futures.cpp
BF build_async_fn(const Expr &e, const Env &env, RunState &rs);      // async_runtime.cpp

// Futures and streams written by hand, and the values their polls use (hand_future.cpp).
BF build_hand_future(const Expr &e, const Env &env, RunState &rs);
BS build_hand_stream(const Expr &e, const Env &env, RunState &rs);
Value eval_hand_value(const Expr &e, const Env &env, RunState *rs);

// What print shows (a string's text, Rc(1) as 1), and a printed line with its time and task
// (async_runtime.cpp).
std::string display(const Value &v);
void print(std::string text, RunState *rs);

// Every stream operator (streams.cpp, its combinators in stream_combinators.cpp).
BS build_stream(const Expr &e, const Env &env, RunState &rs);
BS build_stream_combinator(const Expr &e, const Env &env, RunState &rs);

// Shared, sinks and spawn handles (shared_spawn.cpp, sinks.cpp): the values (a shared future, a
// sink adapter), the futures (flush, oneshot_spawn, forget, option, concat2) and the streams
// (from_err, inspect_err, catch_unwind, mpsc_spawn) of futures 0.1's rest.
Value shared_value(const Expr &e, const Env &env, RunState *rs);
// Another clone when the value is a shared future; nothing otherwise.
std::optional<Value> clone_shared(const Value &v);
// The shared future a value holds, taken out as a future; nothing for any other value.
std::optional<BF> shared_future_of(const Value &v);
Value eval_sink(const Expr &e, const Env &env, RunState *rs);
BF build_sink_future(const Expr &e, const Env &env, RunState &rs);
BF build_spawn_future(const Expr &e, const Env &env, RunState &rs);
BS build_rest_stream(const Expr &e, const Env &env, RunState &rs);
// send and send_all on a sink value that is not a channel's sender (is_model_sink, sinks.hpp).
bool is_model_sink(const Value &v);
BF send_to_sink(const Value &sink, Value item, const Expr &e);
BF send_all_to_sink(const Value &sink, BS stream, const Expr &e);
// The panic of a spawn past the run's task limit.
std::string spawn_limit_message(std::uint64_t limit);

// The operator's function as the closure a combinator takes: its body built as a future, or
// evaluated as a value, with its parameters bound to the argument.
inline auto make_future_fn(const Expr &e, const Env &env, RunState &rs) {
    const Fn *fn = e.fn.get();
    RunState *r = &rs;
    return
        [fn, env, r](Value v) { return build_future(fn->body, bind(env, *fn, std::move(v)), *r); };
}
inline auto make_value_fn(const Expr &e, const Env &env, RunState &rs) {
    const Fn *fn = e.fn.get();
    RunState *r = &rs;
    return [fn, env, r](Value v) { return eval(fn->body, bind(env, *fn, std::move(v)), r); };
}

} // namespace futurescope::scenario::building
