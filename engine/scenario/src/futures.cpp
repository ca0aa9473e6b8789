// Building futures: the dispatch of every future operator to its family, and the families that
// need nothing but the engine's leaf futures: ok, err, delay and the other leaves, and the
// futures that act on the task (spawn, task-locals, TaskRc).
//
// [SECTION] Leaves
// [SECTION] Tasks
// [SECTION] Dispatch
#include "futurescope/future/faulty.hpp"
#include "interpreter.hpp"

namespace futurescope::scenario::building {

BF value_future(Value v) {
    if (auto *h = v.as_handle<BF>()) {
        return h->take();
    }
    if (std::optional<BF> shared = shared_future_of(v)) {
        return std::move(*shared);
    }
    return BF(ok<Value>(std::move(v)));
}

std::string spawn_limit_message(std::uint64_t limit) {
    return "the task limit of " + std::to_string(limit) +
           " spawned tasks was reached: raise it with \"limits\": {\"tasks\": N} (at most " +
           std::to_string(max_max_spawned) + ")";
}

namespace {

// [SECTION] Leaves

// ok, err, the delays, lazy, empty, yield_now, and a value where a future is needed.
BF build_leaf_future(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    auto sub = [&](std::size_t i) { return build_future(e.args[i], env, rs); };
    auto val = [&](std::size_t i) { return eval(e.args[i], env, r); };
    switch (e.op) {
    case Op::value_as_future:
        try {
            return value_future(val(0));
        } catch (const Failure &f) {
            return BF(err<Value>(f.value())); // Rust's closure returning Err(e)
        }
    case Op::ok:
        return erase(ok<Value>(val(0)), e);
    case Op::err:
        return erase(err<Value>(val(0)), e);
    case Op::delay: {
        std::int64_t ns = e.num;
        if (!e.args.empty()) {
            std::int64_t ms = int_of(val(0), "delay");
            if (ms < 0) {
                throw Panic("delay: negative duration " + std::to_string(ms) + "ms");
            }
            ns = ms * 1'000'000;
        }
        return erase(delay(std::chrono::nanoseconds(ns)), e);
    }
    case Op::delay_until: {
        // An absolute time: the virtual clock's, from the start of the run (tokio-core's
        // Timeout::new_at, Delay::new(Instant)). A time already past fires as soon as the ready
        // queue is empty, as a delay of 0 does.
        std::int64_t ns = e.num;
        if (!e.args.empty()) {
            std::int64_t ms = int_of(val(0), "delay_until");
            if (ms < 0 || ms > max_duration_ns / 1'000'000) {
                throw Panic("delay_until: a time from 0 to 100 years, found " + std::to_string(ms) +
                            "ms");
            }
            ns = ms * 1'000'000;
        }
        return erase(delay_until(ns), e);
    }
    case Op::block:
        return erase(block(std::chrono::nanoseconds(e.num)), e);
    case Op::forgetful_delay:
        return erase(forgetful_delay(std::chrono::nanoseconds(e.num)), e);
    case Op::busy_wait:
        return erase(busy_wait(std::chrono::nanoseconds(e.num)), e);
    case Op::lazy: {
        const Expr *inner = &e.args[0];
        return erase(lazy([inner, env, r] { return build_future(*inner, env, *r); }), e);
    }
    case Op::empty:
        return erase(empty<Value, Value>(), e);
    case Op::yield_now:
        return erase(futurescope::yield_now(), e);
    case Op::boxed:
        return sub(0);
    default:
        break;
    }
    throw Panic("not a future expression");
}

// [SECTION] Tasks

// spawn, local_get, local_set, task_rc, task_rc_get: lazy futures that act on the task that
// polls them.
BF build_task_future(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    auto val = [&](std::size_t i) { return eval(e.args[i], env, r); };
    switch (e.op) {
    case Op::spawn: {
        const Expr *inner = &e.args[0];
        SpawnOptions options{.name = e.name, .daemon = e.num != 0};
        return erase(lazy([inner, env, r, options]() -> Result<Value, Value> {
                         // A spawn in a loop could make tasks until memory ran out.
                         if (++r->spawned > r->impl.max_spawned) {
                             throw Panic(spawn_limit_message(r->impl.max_spawned));
                         }
                         futurescope::spawn(build_future(*inner, env, *r), options);
                         return Result<Value, Value>(Ready<Value>{Value()});
                     }),
                     e);
    }
    case Op::local_get: {
        std::string key = e.name;
        return erase(lazy([key]() -> Result<Value, Value> {
                         Value v = task_locals().with([&](std::map<std::string, Value> &m) {
                             auto it = m.find(key);
                             return it == m.end() ? Value() : it->second;
                         });
                         return Result<Value, Value>(Ready<Value>{std::move(v)});
                     }),
                     e);
    }
    case Op::local_set: {
        std::string key = e.name;
        Value v = val(0);
        return erase(lazy([key, v]() -> Result<Value, Value> {
                         task_locals().with([&](std::map<std::string, Value> &m) { m[key] = v; });
                         return Result<Value, Value>(Ready<Value>{Value()});
                     }),
                     e);
    }
    case Op::task_rc: {
        Value v = val(0);
        return erase(lazy([v]() -> Result<Value, Value> {
                         return Result<Value, Value>(
                             Ready<Value>{Value::object("task rc", TaskRc<Value>(v))});
                     }),
                     e);
    }
    case Op::task_rc_get: {
        Value v = val(0);
        return erase(lazy([v]() -> Result<Value, Value> {
                         auto *h = v.as_handle<TaskRc<Value>>();
                         if (h == nullptr || h->peek() == nullptr) {
                             throw Panic("task_rc_get: expected a task rc, found " + v.type_name() +
                                         " " + v.describe());
                         }
                         Value inner = h->peek()->with([](Value &x) { return x; });
                         return Result<Value, Value>(Ready<Value>{std::move(inner)});
                     }),
                     e);
    }
    default:
        break;
    }
    throw Panic("not a future expression");
}

} // namespace

// [SECTION] Dispatch

// Every future operator, by family: each family's builder is a switch over its own operators.
BF build_future(const Expr &e, const Env &env, RunState &rs) {
    switch (e.op) {
    case Op::value_as_future:
    case Op::ok:
    case Op::err:
    case Op::delay:
    case Op::delay_until:
    case Op::block:
    case Op::forgetful_delay:
    case Op::busy_wait:
    case Op::lazy:
    case Op::empty:
    case Op::yield_now:
    case Op::boxed:
        return build_leaf_future(e, env, rs);
    case Op::spawn:
    case Op::local_get:
    case Op::local_set:
    case Op::task_rc:
    case Op::task_rc_get:
        return build_task_future(e, env, rs);
    case Op::map:
    case Op::map_err:
    case Op::then:
    case Op::and_then:
    case Op::or_else:
    case Op::select:
    case Op::join:
    case Op::fuse:
    case Op::timeout:
    case Op::select2:
    case Op::flatten:
    case Op::loop_fn:
        return build_combinator(e, env, rs);
    case Op::poll_all:
    case Op::join_all_vec:
    case Op::select_all_vec:
    case Op::select_ok_vec:
    case Op::join_all:
    case Op::select_all:
    case Op::select_ok:
        return build_collection(e, env, rs);
    case Op::connect:
    case Op::bind:
    case Op::tls_handshake:
    case Op::write_all:
    case Op::read_exact:
    case Op::read_to_end:
    case Op::shutdown:
    case Op::recv_oneshot:
    case Op::poll_cancel:
    case Op::send:
    case Op::send_all:
        return build_io_future(e, env, rs);
    case Op::fold:
    case Op::for_each:
    case Op::collect:
    case Op::into_future:
    case Op::peek:
        return build_stream_future(e, env, rs);
    case Op::async_fn:
        return build_async_fn(e, env, rs);
    case Op::flush:
        return build_sink_future(e, env, rs);
    case Op::oneshot_spawn:
    case Op::unsync_oneshot_spawn:
    case Op::forget:
    case Op::option:
    case Op::concat2:
        return build_spawn_future(e, env, rs);
    case Op::new_hand:
        return build_hand_future(e, env, rs);
    default:
        break;
    }
    throw Panic("not a future expression");
}

} // namespace futurescope::scenario::building
