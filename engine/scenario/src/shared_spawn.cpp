// Building the rest of futures 0.1's surface: a Shared future as a value that clones, the spawn
// handles (oneshot_spawn and mpsc_spawn, their unsync forms, forget), option, concat2, and the
// stream adapters from_err, inspect_err and catch_unwind. Every one is the engine's own
// combinator; the adapters here that convert items are transparent, as in values.hpp.
//
// [SECTION] Shared
// [SECTION] Spawn handles
// [SECTION] Futures
// [SECTION] Streams
#include <functional>

#include "futurescope/future/option.hpp"
#include "futurescope/future/shared.hpp"
#include "futurescope/stream/catch_unwind.hpp"
#include "futurescope/stream/concat2.hpp"
#include "futurescope/stream/from_err.hpp"
#include "futurescope/stream/inspect_err.hpp"
#include "futurescope/sync/mpsc_spawn.hpp"
#include "futurescope/sync/oneshot_spawn.hpp"
#include "interpreter.hpp"

namespace futurescope::scenario::building {

// [SECTION] Shared

namespace {

// A clone of a Shared future and the source of the expression that made it, which every clone's
// node in the trace carries.
struct SharedFuture {
    Shared<BF> future;
    std::string_view source;
};

constexpr std::string_view shared_kind = "shared future";

} // namespace

Value shared_value(const Expr &e, const Env &env, RunState *rs) {
    if (rs == nullptr) {
        throw Panic("a shared future is not a constant");
    }
    return Value::object(shared_kind,
                         SharedFuture{Shared<BF>(build_future(e.args[0], env, *rs)), e.path});
}

std::optional<Value> clone_shared(const Value &v) {
    auto *h = v.as_handle<SharedFuture>();
    if (h == nullptr) {
        return std::nullopt;
    }
    if (h->peek() == nullptr) {
        throw Panic("clone: the shared future was already used");
    }
    return Value::object(shared_kind, SharedFuture{h->peek()->future.clone(), h->peek()->source});
}

std::optional<BF> shared_future_of(const Value &v) {
    if (v.as_handle<SharedFuture>() == nullptr) {
        return std::nullopt;
    }
    auto s = v.take<SharedFuture>("a shared future");
    return BF(WithSource<Shared<BF>>(std::move(s.future), s.source));
}

// [SECTION] Spawn handles

namespace {

void count_spawn(RunState &rs) {
    // A spawn in a loop could make tasks until memory ran out.
    if (++rs.spawned > rs.impl.max_spawned) {
        throw Panic(spawn_limit_message(rs.impl.max_spawned));
    }
}

// The handle of a future spawned when it is first polled: the spawn needs the executor that
// polls it, and the file's own tasks are built before the run.
SpawnHandle<Value, Value> spawn_handle(const Expr &e, const Env &env, RunState &rs) {
    count_spawn(rs);
    BF f = build_future(e.args[0], env, rs);
    if (e.op == Op::unsync_oneshot_spawn) {
        return unsync_oneshot_spawn(std::move(f), current_executor());
    }
    return oneshot_spawn(std::move(f), current_executor());
}

// A stream spawned on its first poll, then the handle's items. Transparent: the trace shows the
// StreamSpawnHandle.
class [[nodiscard]] SpawnOnPoll : public StreamExt<SpawnOnPoll> {
  public:
    using item_type = Value;
    using error_type = Value;
    explicit SpawnOnPoll(std::function<BS()> spawn) : spawn_(std::move(spawn)) {}
    StreamPoll<Value, Value> poll() {
        if (!handle_) {
            handle_.emplace(spawn_());
        }
        return handle_->poll();
    }

  private:
    std::function<BS()> spawn_;
    std::optional<BS> handle_;
};

// concat2's accumulator, shaped as the container Concat2 extends: the first item as it came, and
// once a second one is appended, the items or the text gathered so far (so that appending n items
// takes time linear in their size, not quadratic).
struct Concatenated {
    Value v;
    bool merged = false;
    std::vector<Value> items;
    std::string text;

    Value *begin() noexcept { return &v; }
    Value *end() noexcept { return &v + 1; }
    template <class It>
    Value *insert(Value *pos, It first, It last) {
        for (; first != last; ++first) {
            append(*first);
        }
        return pos;
    }
    void append(const Value &b) {
        bool list = v.type() == Value::Type::list && b.type() == Value::Type::list;
        bool text_like = v.type() == b.type() &&
                         (v.type() == Value::Type::string || v.type() == Value::Type::bytes);
        if (!list && !text_like) {
            throw Panic("concat2: cannot append " + b.type_name() + " " + b.describe() + " to " +
                        v.type_name() + " " + (merged ? std::string("items") : v.describe()) +
                        ": items are lists, strings or bytes");
        }
        if (!merged) {
            merged = true;
            if (list) {
                items = v.items();
            } else {
                text = v.text();
            }
        }
        if (list) {
            items.insert(items.end(), b.items().begin(), b.items().end());
        } else {
            text += b.text();
        }
    }
    [[nodiscard]] Value value() && {
        if (!merged) {
            return std::move(v);
        }
        if (v.type() == Value::Type::list) {
            return Value::list(std::move(items));
        }
        return v.type() == Value::Type::bytes ? Value::bytes(std::move(text))
                                              : Value(std::move(text));
    }
};
Value to_value(Concatenated c) { return std::move(c).value(); }

// A stream's Value items as concat2's accumulators. Transparent.
class [[nodiscard]] ConcatItems : public StreamExt<ConcatItems> {
  public:
    using item_type = Concatenated;
    using error_type = Value;
    explicit ConcatItems(BS s) : s_(std::move(s)) {}
    StreamPoll<Concatenated, Value> poll() {
        auto p = s_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<Value>{std::move(p).error()};
        }
        if (!p.value()) {
            return ready(std::optional<Concatenated>());
        }
        return ready(
            std::optional<Concatenated>(Concatenated{std::move(*p.value()), false, {}, {}}));
    }

  private:
    BS s_;
};

// catch_unwind's items as values: Ok(item) and Err(error) tagged, the caught panic's message as
// the stream's error. Transparent.
class [[nodiscard]] CaughtItems : public StreamExt<CaughtItems> {
  public:
    using item_type = Value;
    using error_type = Value;
    explicit CaughtItems(CatchUnwindStream<BS> s) : s_(std::move(s)) {}
    StreamPoll<Value, Value> poll() {
        auto p = s_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<Value>{Value(std::string(p.error().what()))};
        }
        if (!p.value()) {
            return ready(std::optional<Value>());
        }
        Result<Value, Value> &r = *p.value();
        return ready(std::optional<Value>(r.is_ok() ? Value::tagged("Ok", std::move(r.value()))
                                                    : Value::tagged("Err", std::move(r.error()))));
    }

  private:
    CatchUnwindStream<BS> s_;
};

bool is_none(const Expr &e) {
    return e.op == Op::value_as_future && e.args[0].op == Op::literal && e.args[0].args.empty() &&
           e.args[0].literal.is_unit();
}

} // namespace

// [SECTION] Futures

BF build_spawn_future(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    const Expr *self = &e;
    switch (e.op) {
    case Op::oneshot_spawn:
    case Op::unsync_oneshot_spawn:
        return erase(lazy([self, env, r] { return spawn_handle(*self, env, *r); }), e);
    case Op::forget: {
        const Expr *handle = &e.args[0];
        if (handle->op != Op::oneshot_spawn && handle->op != Op::unsync_oneshot_spawn) {
            throw Panic("forget: expected a spawn handle ({\"oneshot_spawn\": F}) to forget");
        }
        return erase(lazy([handle, env, r]() -> Result<Value, Value> {
                         spawn_handle(*handle, env, *r).forget();
                         return Result<Value, Value>(Ready<Value>{Value()});
                     }),
                     e);
    }
    case Op::option:
        if (is_none(e.args[0])) {
            return erase(option(std::optional<BF>()), e);
        }
        return erase(option(std::optional<BF>(build_future(e.args[0], env, rs))), e);
    case Op::concat2:
        return erase(ConcatItems(build_stream(e.args[0], env, rs)).concat2(), e);
    default:
        break;
    }
    throw Panic("not a future expression");
}

// [SECTION] Streams

BS build_rest_stream(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    const Fn *fn = e.fn.get();
    auto sub = [&](std::size_t i) { return build_stream(e.args[i], env, rs); };
    switch (e.op) {
    case Op::from_err:
        return erase_stream(sub(0).from_err<Value>(), e);
    case Op::inspect_err:
        return erase_stream(sub(0).inspect_err([fn, env, r](const Value &err) {
            (void)eval(fn->body, bind(env, *fn, err), r);
        }),
                            e);
    case Op::catch_unwind:
        return erase_stream(CaughtItems(sub(0).catch_unwind()), e);
    case Op::mpsc_spawn:
    case Op::unsync_mpsc_spawn: {
        const Expr *self = &e;
        return erase_stream(SpawnOnPoll([self, env, r]() -> BS {
                                count_spawn(*r);
                                BS s = build_stream(self->args[0], env, *r);
                                auto n = static_cast<std::size_t>(self->num);
                                if (self->op == Op::unsync_mpsc_spawn) {
                                    return {
                                        unsync_mpsc::spawn(std::move(s), current_executor(), n)};
                                }
                                return {mpsc::spawn(std::move(s), current_executor(), n)};
                            }),
                            e);
    }
    default:
        break;
    }
    throw Panic("not a stream expression");
}

} // namespace futurescope::scenario::building
