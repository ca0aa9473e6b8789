// The compiled form of a scenario: what the loader validated and the builder runs.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "futurescope/future/async_fn.hpp"
#include "futurescope/net/network.hpp"
#include "futurescope/net/services.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/scenario/value.hpp"

namespace futurescope::scenario {

enum class Kind : std::uint8_t { future, stream, value };

// Every operator. The loader's table (ops.cpp) gives each its name and arguments.
enum class Op : std::uint16_t {
    // values
    literal,
    var,
    list,
    tuple,
    add,
    sub,
    mul,
    div,
    mod,
    neg,
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    not_,
    and_,
    or_,
    if_,
    concat,
    len,
    upper,
    get,
    to_string,
    parse_int,
    bytes,
    sender,
    future_value,
    stream_value,
    clone,
    drop,
    rc,
    fail,
    break_,
    continue_,
    tag_of,
    untag,
    // values: a Shared future that clones, sinks and their adapters (shared_spawn.cpp, sinks.cpp)
    shared,
    with,
    with_flat_map,
    buffer,
    fanout,
    sink_map_err,
    sink_from_err,
    into_inner,
    // values of futures written by hand (hand_types.cpp, hand_future.cpp)
    field,
    current_task,
    notify,
    now_ms,
    unbounded_send,
    cell,
    load,
    store,
    receiver,
    poll_by_hand,
    // futures
    ok,
    err,
    delay,
    block,
    lazy,
    empty,
    yield_now,
    forgetful_delay,
    busy_wait,
    map,
    map_err,
    then,
    and_then,
    or_else,
    select,
    join,
    join_all,
    select_all,
    select_ok,
    fuse,
    timeout,
    boxed,
    spawn,
    local_get,
    local_set,
    connect,
    bind,
    tls_handshake,
    write_all,
    read_exact,
    read_to_end,
    shutdown,
    recv_oneshot,
    send,
    send_all,
    fold,
    for_each,
    collect,
    into_future,
    value_as_future,
    loop_fn,
    select2,
    flatten,
    peek,
    task_rc,
    task_rc_get,
    poll_all,
    async_fn,
    // futures: flush, spawn handles, option, concat2 (sinks.cpp, shared_spawn.cpp)
    flush,
    oneshot_spawn,
    unsync_oneshot_spawn,
    forget,
    option,
    concat2,
    // futures written by hand and the model's later additions
    new_hand,
    delay_until,
    poll_cancel,
    join_all_vec,
    select_all_vec,
    select_ok_vec,
    // streams
    iter,
    interval,
    incoming,
    recv_stream,
    smap,
    smap_err,
    filter,
    filter_map,
    sthen,
    sand_then,
    sor_else,
    take,
    skip,
    take_while,
    skip_while,
    chunks,
    buffered,
    buffer_unordered,
    sselect,
    merge,
    zip,
    sfuse,
    into_stream,
    var_stream,
    unfold,
    peekable,
    sflatten,
    iter_result,
    // streams: from_err, inspect_err, catch_unwind, spawned streams (shared_spawn.cpp)
    from_err,
    inspect_err,
    catch_unwind,
    mpsc_spawn,
    unsync_mpsc_spawn,
    // streams written by hand
    new_hand_stream,
};

struct Fn;
struct AsyncSpec;
struct HandType;

struct Expr {
    Op op = Op::literal;
    Kind kind = Kind::value;
    std::string path; // the JSON path, the future's `source`
    std::vector<Expr> args;
    std::shared_ptr<Fn> fn;                 // the function argument, when the operator takes one
    std::shared_ptr<const AsyncSpec> async; // async_fn: the function
    // new_hand, new_hand_stream: the type, owned by Scenario::Impl::types. Not a shared_ptr: a
    // poll that makes an instance of its own type would be a cycle that never frees.
    const HandType *hand = nullptr;
    Value literal;
    std::string name;     // var, channel, address, domain, task-local key, spawned task's name
    std::int64_t num = 0; // durations (ns), counts; spawn: 1 for a daemon
    // How deep the objects built from it nest: 1 + its deepest argument or body. Polling (and
    // building, and destroying) recurses once per level on the C++ stack, so the loader refuses
    // an expression deeper than max_built_depth.
    int depth = 1;
};

// The deepest expression the builder makes: as deep as JSON may nest (json::max_depth), so that one
// number bounds both. With an 8 MiB stack a release build overflows at about 6,300 nested futures
// (building them, some 1.3 KiB of stack a level) and an ASan build at about 600: 256 leaves a
// margin of two under ASan.
inline constexpr int max_built_depth = 256;

struct Fn {
    std::vector<std::string> params; // empty: ignores its argument; "_" ignores one
    bool destructure = false;        // ["a", "b"]: the argument is a tuple
    Expr body;
};

// One step of an async function ({"let": …}, {"await": …}, {"print": …}, {"return": …},
// {"for_each": …}, {"scope": [steps]}).
struct AsyncStep {
    enum class Kind : std::uint8_t { let_value, let_await, await, print, return_, for_each, scope };
    Kind kind = Kind::await;
    std::string path;
    int line = 0, column = 0;    // of the step, for the Send check's message
    std::string name;            // let: the variable; for_each: the item's name ("as")
    std::string point;           // an await's state: "Await1(YieldNow)" or the step's "state"
    Expr expr;                   // the value, the awaited future, the stream
    bool not_send = false;       // a let of a not-Send value ({"rc": …})
    std::string type;            // a not-Send let's type, as Rust writes it: "Rc<i64>"
    std::string source;          // the step as Rust source: "let non_send = Rc::new(1);"
    std::vector<AsyncStep> body; // for_each, scope
};

// An async function of a scenario: its declaration (name and states, kept alive for as long as
// the scenario: the trace keeps them by address) and its steps.
struct AsyncSpec {
    AsyncSpec(std::string fn_name, std::vector<std::string> state_names)
        : name(std::move(fn_name)), states(std::move(state_names)),
          views(states.begin(), states.end()), info(name, views) {}
    AsyncSpec(const AsyncSpec &) = delete;
    AsyncSpec &operator=(const AsyncSpec &) = delete;

    std::string name;
    std::vector<std::string> states; // "NotStarted", the await points, "Terminated"
    std::vector<std::string_view> views;
    AsyncFnInfo info;
    std::vector<AsyncStep> body;
};

// A future or stream written by hand ("types": [{"struct": …, "impl": …, "fields": […], "poll":
// […]}]): the statements of its poll, one for each Rust statement.
struct HandStmt;
struct HandArm;
enum class HandAnswer : std::uint8_t { ready, not_ready, err, some, none };
// What an arm of a match matches: an answer of the inner poll, or anything (`_`).
enum class HandPattern : std::uint8_t { ready, not_ready, err, some, none, any };

struct HandStmt {
    enum class Kind : std::uint8_t {
        let,       // let name = expr;
        set,       // self.field = expr;
        if_,       // if expr { body } else { else_body }
        match,     // match self.field.poll() { arms }
        try_ready, // let name = try_ready!(self.field.poll());
        loop,      // loop { body }
        break_,
        continue_,
        do_,   // expr; (notify, unbounded_send, store, …)
        print, // println!("{}", expr);
        return_,
    };
    Kind kind = Kind::do_;
    std::string path;
    std::string name; // let, try_ready: the local ("" or "_": none)
    int field = -1;   // set, match, try_ready: the field's index
    // match, try_ready: self.field.poll_cancel() (a oneshot sender's) instead of poll().
    bool poll_cancel = false;
    Expr expr;
    HandAnswer answer = HandAnswer::not_ready; // return
    std::vector<HandStmt> body;
    std::vector<HandStmt> else_body;
    std::vector<HandArm> arms;
};

struct HandArm {
    HandPattern pattern = HandPattern::any;
    std::string bind; // "" or "_": the value is not bound
    std::vector<HandStmt> body;
};

// The states a future written by hand shows: the answer of its last poll.
inline constexpr std::array<std::string_view, 5> hand_state_names{
    "new", "not_ready", "ready", "err", "ended"};

struct HandType {
    HandType(std::string type_name, bool is_stream)
        : name(std::move(type_name)), stream(is_stream), kind{name, hand_state_names} {}
    HandType(const HandType &) = delete;
    HandType &operator=(const HandType &) = delete;

    std::string name; // the struct's
    bool stream = false;
    std::string path; // of its declaration
    std::vector<std::string> fields;
    std::vector<HandStmt> poll;
    FutureKind kind; // its name is the type's: the trace keeps it by address
};

// The statements one poll of a future written by hand may run: a loop that never returns would
// otherwise hang the tool inside one poll, where the step limit does not look.
inline constexpr std::uint64_t max_statements_per_poll = 1'000'000;

struct ChannelSpec {
    std::string name;
    std::string kind; // oneshot, mpsc, unbounded
    std::int64_t capacity = 0;
};

struct HostSpec {
    std::string name;
    std::string address;
    std::vector<ServiceSpec> services;
};

struct LinkSpec {
    std::string a, b;
    LinkParams params;
};

struct FaultSpec {
    std::string kind; // partition, crash, restart
    std::string a, b;
    std::int64_t from_ns = 0, to_ns = 0;
};

// A value of the file's "let" section: bound before the tasks are built, visible to all of them.
struct LetSpec {
    std::string name;
    Expr value;
};

struct TaskSpec {
    std::string name;
    int line = 0, column = 0; // of its future
    std::string source;       // its future as Rust source: "example()"
    bool daemon = false;
    Expr future;
};

struct TaskExpect {
    std::string task;
    std::optional<std::string> result_kind; // ok, err, panic, stuck
    std::optional<Value> result;
    std::optional<std::string> panic;
    std::optional<std::int64_t> completed_ns;
    std::optional<std::uint64_t> polls;
    std::optional<std::uint64_t> unparks;
};

// One expected diagnostic: its id, and optionally where it points and what it says.
struct DiagExpect {
    std::string path; // the JSON path of the entry, for messages
    std::string kind;
    std::optional<std::string> task;
    std::optional<std::uint64_t> poll;
    std::optional<std::uint64_t> step;
    std::optional<std::int64_t> at_ns;
    std::optional<bool> at_end;
    std::optional<std::string> contains;
};

// The longest duration or time a file may write, and the most virtual time a run may reach: 100
// years (of 365.25 days). Two such times add up to far less than int64 nanoseconds hold (292
// years), so a delay set at the time limit cannot overflow.
inline constexpr std::int64_t max_duration_ns = 3'155'760'000'000'000'000;
// The run-time budgets of every run ("limits"): what a file gets without the key, and the most it
// may ask for. A limit cannot be turned off.
inline constexpr std::int64_t default_max_steps = 1'000'000;
inline constexpr std::int64_t max_max_steps = 100'000'000;
inline constexpr std::int64_t default_max_time_ns = 86'400'000'000'000; // one day
// The tasks a run's spawns may make (the file's own tasks are not counted): a spawn past it
// panics the spawning task. Counted in total, not live, so that it also bounds the trace.
inline constexpr std::int64_t default_max_spawned = 100'000;
inline constexpr std::int64_t max_max_spawned = 10'000'000;
// The rounds a loop_fn may go within one poll (its ready rounds do not return to the executor).
inline constexpr std::uint64_t max_rounds_per_poll = 1'000'000;

struct Scenario::Impl {
    std::string file;
    std::string name;
    std::string title;
    std::string description;
    std::uint64_t seed = 0;
    std::vector<HostSpec> hosts;
    std::vector<LinkSpec> links;
    std::vector<FaultSpec> faults;
    std::string local_host;
    std::vector<ChannelSpec> channels;
    std::vector<LetSpec> lets; // "let": evaluated in order, before the tasks are built
    std::vector<std::shared_ptr<HandType>> types;
    std::vector<TaskSpec> tasks;
    Limits limits{.max_steps = default_max_steps, .max_time_ns = default_max_time_ns};
    std::uint64_t max_spawned = default_max_spawned; // "limits": {"tasks": N}
    std::uint32_t workers = 1;                       // "runtime": {"workers": N}
    bool coalesce = true;                            // "runtime": {"coalesce": false}
    bool has_expect = false;
    std::vector<TaskExpect> expect_tasks;
    std::optional<std::int64_t> expect_end_ns;
    std::optional<std::uint64_t> expect_steps;
    std::optional<std::string> expect_stop;
    // The complete list of diagnostics the run reports (any order). Without the key, an expect
    // block expects none.
    std::vector<DiagExpect> expect_diagnostics;
    // "rejected": {"contains": …}: the file must be rejected before running (the Send check);
    // then `rejection` is the error, and run() runs nothing.
    std::optional<std::string> expect_rejected;
    std::optional<std::string> rejection;
    std::vector<trace::Note> narration;
};

// run.cpp
RunOutcome run_impl(const Scenario::Impl &impl, const RunOptions &options);
// Pure evaluation with no variables (the expect block's values).
Value eval_constant(const Expr &e);
// summary.cpp: a task's result as the summary and check() show it: "ok 7", "err \"boom\"",
// "panic \"…\"", "stuck".
std::string describe_result(const TaskView &t);

} // namespace futurescope::scenario
