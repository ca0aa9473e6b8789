// Running futures and streams written by hand: an instance of a declared type is a real engine
// future (or stream) whose poll interprets the type's statements over its fields. Its kind in
// the trace is the type's name and its state the answer of its last poll; the futures it polls
// from its fields are polled right there, so their enter/exit nest inside its own. The values
// such a poll uses — self's fields, task::current(), notify(), the clock, a shared cell — are
// evaluated here too.
//
// [SECTION] Values
// [SECTION] The interpreter of a poll
// [SECTION] The engine future and stream
// [SECTION] Building
#include "interpreter.hpp"

namespace futurescope::scenario::building {

namespace {

// Rust's Arc<Mutex<T>>: a value every copy of the handle shares.
struct SharedCell {
    Value value;
};

SharedCell &cell_of(const Value &v, const char *op) {
    auto *h = v.as_handle<SharedCell>();
    if (h == nullptr || h->peek() == nullptr) {
        throw Panic(std::string(op) + ": expected a shared cell, found " + v.type_name() + " " +
                    v.describe());
    }
    return *h->peek();
}

// Polls a future once outside any task, as a Rust program may call f.poll() from main: the
// future sees no current task, so one that would take the task's handle panics ("no Task is
// currently running", as futures 0.1.31 says). The answer is a tagged value: Ready(v),
// NotReady(()) or Err(e). The poll belongs to no task, so it is not observed (the trace has no
// place for it).
Value poll_by_hand(const Expr &e, const Env &env, RunState &rs) {
    BF f = build_future(e.args[0], env, rs);
    Poll<Value, Value> p = [&] {
        ContextScope no_task(nullptr);
        ObserverScope unobserved(nullptr);
        try {
            return f.poll();
        } catch (const Panic &panic) {
            // A timer asks for the executor before the task: the same mistake, said as Rust.
            if (std::string_view(panic.what()) == "no executor is running this poll") {
                throw Panic("no Task is currently running");
            }
            throw;
        }
    }();
    if (p.is_not_ready()) {
        return Value::tagged("NotReady", Value());
    }
    if (p.is_err()) {
        return Value::tagged("Err", std::move(p).error());
    }
    return Value::tagged("Ready", std::move(p).value());
}

} // namespace

// [SECTION] Values

Value eval_hand_value(const Expr &e, const Env &env, RunState *rs) {
    auto arg = [&](std::size_t i) { return eval(e.args[i], env, rs); };
    switch (e.op) {
    case Op::field:
        if (rs == nullptr || rs->self_fields == nullptr) {
            throw Panic("self." + e.name + " read outside the poll of its future");
        }
        return (*rs->self_fields)[static_cast<std::size_t>(e.num)];
    case Op::current_task:
        // The handle goes wherever the poll sends it (a channel, a field, a cell): the trace
        // can only say that this poll handed it on.
        return Value::object(
            "task",
            park(HeldBy{SourceKind::external, 0, "whoever this poll gave task::current() to"}));
    case Op::notify: {
        Value v = arg(0);
        auto *h = v.as_handle<Task>();
        if (h == nullptr || h->peek() == nullptr) {
            throw Panic("notify: expected a task handle (task::current()), found " + v.type_name() +
                        " " + v.describe());
        }
        h->peek()->notify("notify()");
        return {};
    }
    case Op::now_ms:
        return {current_executor().now() / 1'000'000};
    case Op::unbounded_send: {
        Value s = arg(0);
        Value v = arg(1);
        auto *h = s.as_handle<UnboundedSender<Value>>();
        if (h == nullptr || h->peek() == nullptr) {
            throw Panic("unbounded_send: expected an unbounded sender, found " + s.type_name() +
                        " " + s.describe());
        }
        Result<Unit, SendError<Value>> r = h->peek()->unbounded_send(std::move(v));
        if (r.is_err()) {
            return to_value(std::move(r.error()));
        }
        return {};
    }
    case Op::cell:
        return Value::object("cell", SharedCell{arg(0)});
    case Op::load:
        return cell_of(arg(0), "load").value;
    case Op::store: {
        Value c = arg(0);
        cell_of(c, "store").value = arg(1);
        return {};
    }
    case Op::receiver:
        // The channel's receiver as a value: {"drop": {"receiver": "ch"}} drops it.
        return rs->channel(e.name).receiver;
    case Op::poll_by_hand:
        return poll_by_hand(e, env, *rs);
    default:
        break;
    }
    throw Panic("not a value expression"); // the loader makes this unreachable
}

namespace {

// [SECTION] The interpreter of a poll

// What a field's future or stream answered, as the patterns of a match see it.
struct Answer {
    HandPattern pattern;
    Value value;
};

// How a statement ended: on to the next, out of a loop, round it again, or out of the poll.
enum class Flow : std::uint8_t { next, break_, continue_, return_ };

class PollRun {
  public:
    PollRun(const HandType &type, std::vector<Value> &fields, RunState &rs)
        : type_(type), fields_(fields), rs_(rs) {}

    // Runs the poll's statements; the answer is the return's.
    HandAnswer run(const Env &env, Value &value) {
        Flow f = block(type_.poll, env);
        (void)f; // the loader made sure every path returns
        value = std::move(value_);
        return answer_;
    }

  private:
    Flow block(const std::vector<HandStmt> &stmts, Env env) {
        for (const HandStmt &s : stmts) {
            Flow f = stmt(s, env);
            if (f != Flow::next) {
                return f;
            }
        }
        return Flow::next;
    }

    void count() {
        if (++statements_ > max_statements_per_poll) {
            throw Panic("poll of " + type_.name + " ran " +
                        std::to_string(max_statements_per_poll) +
                        " statements in one poll: a loop that never returns keeps its task (and "
                        "every other) from running");
        }
    }

    Flow finish(HandAnswer a, Value v) {
        answer_ = a;
        value_ = std::move(v);
        return Flow::return_;
    }

    Flow stmt(const HandStmt &s, Env &env) {
        count();
        switch (s.kind) {
        case HandStmt::Kind::let:
            env = bind_one(env, s.name, eval(s.expr, env, &rs_));
            return Flow::next;
        case HandStmt::Kind::set:
            // The old value goes now (a Delay it held is cancelled), as Rust drops it.
            fields_[static_cast<std::size_t>(s.field)] = eval(s.expr, env, &rs_);
            return Flow::next;
        case HandStmt::Kind::if_:
            return bool_of(eval(s.expr, env, &rs_), "if") ? block(s.body, env)
                                                          : block(s.else_body, env);
        case HandStmt::Kind::match:
            return match(s, env);
        case HandStmt::Kind::try_ready: {
            Answer a = s.poll_cancel ? poll_cancel(s.field) : poll_field(s.field, false, false);
            if (a.pattern == HandPattern::not_ready) {
                return finish(HandAnswer::not_ready, Value());
            }
            if (a.pattern == HandPattern::err) {
                return finish(HandAnswer::err, std::move(a.value));
            }
            if (!s.name.empty()) {
                env = bind_one(env, s.name, std::move(a.value));
            }
            return Flow::next;
        }
        case HandStmt::Kind::loop:
            for (;;) {
                Flow f = block(s.body, env);
                if (f == Flow::break_) {
                    return Flow::next;
                }
                if (f == Flow::return_) {
                    return f;
                }
                count(); // each round counts, so that an empty loop ends too
            }
        case HandStmt::Kind::break_:
            return Flow::break_;
        case HandStmt::Kind::continue_:
            return Flow::continue_;
        case HandStmt::Kind::do_:
            (void)eval(s.expr, env, &rs_);
            return Flow::next;
        case HandStmt::Kind::print:
            print(display(eval(s.expr, env, &rs_)), &rs_);
            return Flow::next;
        case HandStmt::Kind::return_:
            if (s.answer == HandAnswer::not_ready || s.answer == HandAnswer::none) {
                return finish(s.answer, Value());
            }
            return finish(s.answer, eval(s.expr, env, &rs_));
        }
        return Flow::next;
    }

    Flow match(const HandStmt &s, Env env) {
        bool stream_arms = false;
        bool future_arms = false;
        for (const HandArm &a : s.arms) {
            stream_arms =
                stream_arms || a.pattern == HandPattern::some || a.pattern == HandPattern::none;
            future_arms = future_arms || a.pattern == HandPattern::ready;
        }
        Answer r =
            s.poll_cancel ? poll_cancel(s.field) : poll_field(s.field, stream_arms, future_arms);
        for (const HandArm &a : s.arms) {
            if (a.pattern == r.pattern || a.pattern == HandPattern::any) {
                if (!a.bind.empty()) {
                    env = bind_one(env, a.bind, std::move(r.value));
                }
                return block(a.body, env);
            }
        }
        return Flow::next; // the loader made the arms exhaustive
    }

    // self.tx.poll_cancel() of the oneshot sender a field holds: Ready(()) once its receiver is
    // gone, else NotReady with the task's handle left with the channel.
    Answer poll_cancel(int index) {
        const std::string &name = type_.fields[static_cast<std::size_t>(index)];
        Value &f = fields_[static_cast<std::size_t>(index)];
        auto *h = f.as_handle<OneshotSender<Value>>();
        if (h == nullptr || h->peek() == nullptr) {
            throw Panic("poll_cancel: expected a oneshot sender in field \"" + name + "\", found " +
                        f.type_name() + " " + f.describe());
        }
        if (h->peek()->poll_cancel().is_not_ready()) {
            return {HandPattern::not_ready, Value()};
        }
        return {HandPattern::ready, Value()};
    }

    // One poll of the future or stream a field holds: a real engine poll, inside this one.
    Answer poll_field(int index, bool want_stream, bool want_future) {
        const std::string &name = type_.fields[static_cast<std::size_t>(index)];
        Value &f = fields_[static_cast<std::size_t>(index)];
        if (auto *h = f.as_handle<BF>()) {
            if (want_stream) {
                throw Panic("match self." + name + ".poll(): \"" + name +
                            "\" holds a future, but the arms match a stream's answers");
            }
            if (h->peek() == nullptr) {
                throw Panic("the future in field \"" + name + "\" was already used");
            }
            Poll<Value, Value> p = h->peek()->poll();
            if (p.is_not_ready()) {
                return {HandPattern::not_ready, Value()};
            }
            if (p.is_err()) {
                return {HandPattern::err, std::move(p).error()};
            }
            return {HandPattern::ready, std::move(p).value()};
        }
        if (auto *h = f.as_handle<BS>()) {
            if (want_future) {
                throw Panic("match self." + name + ".poll(): \"" + name +
                            "\" holds a stream, but the arms match a future's answers");
            }
            if (h->peek() == nullptr) {
                throw Panic("the stream in field \"" + name + "\" was already used");
            }
            StreamPoll<Value, Value> p = h->peek()->poll();
            if (p.is_not_ready()) {
                return {HandPattern::not_ready, Value()};
            }
            if (p.is_err()) {
                return {HandPattern::err, std::move(p).error()};
            }
            if (!p.value()) {
                return {HandPattern::none, Value()};
            }
            return {HandPattern::some, std::move(*p.value())};
        }
        throw Panic("expected a future or a stream in field \"" + name + "\", found " +
                    f.type_name() + " " + f.describe());
    }

    const HandType &type_;
    std::vector<Value> &fields_;
    RunState &rs_;
    std::uint64_t statements_ = 0;
    HandAnswer answer_ = HandAnswer::not_ready;
    Value value_;
};

// [SECTION] The engine future and stream

// The index of each answer's state in hand_state_names.
int state_of(HandAnswer a) {
    switch (a) {
    case HandAnswer::ready:
    case HandAnswer::some:
        return 2;
    case HandAnswer::not_ready:
        return 1;
    case HandAnswer::err:
        return 3;
    case HandAnswer::none:
        return 4;
    }
    return 0;
}

template <bool IsStream>
class HandObject;

template <bool IsStream>
using HandBase =
    std::conditional_t<IsStream, StreamExt<HandObject<true>>, FutureExt<HandObject<false>>>;

template <bool IsStream>
class [[nodiscard]] HandObject : public HandBase<IsStream> {
  public:
    using item_type = Value;
    using error_type = Value;
    using PollType = std::conditional_t<IsStream, StreamPoll<Value, Value>, Poll<Value, Value>>;
    // What PollScope would register; the type's own kind is registered first (register_kind).
    static constexpr FutureKind kind_info{"HandWritten", hand_state_names};

    HandObject(const HandType *type, std::vector<Value> fields, Env env, RunState *rs)
        : type_(type), fields_(std::move(fields)), env_(std::move(env)), rs_(rs) {}

    PollType poll() {
        register_kind();
        PollScope scope(obs_, *this);
        PollType r = poll_inner();
        scope.exit(r);
        return r;
    }

    [[nodiscard]] int obs_state() const noexcept { return state_; }

  private:
    // The type's name is its kind, known only at run time: registered before PollScope would
    // register kind_info, taking the source a WithSource wrapper announced (as RuntimeAsync does).
    void register_kind() {
        if (obs_.get() == 0) {
            if (Observer *o = current_observer()) [[unlikely]] {
                std::string_view source =
                    std::exchange(detail::tl_pending_source, std::string_view());
                obs_.set(o->register_future(type_->kind, {}, source));
                if constexpr (IsStream) {
                    o->on_stream(obs_.get());
                }
            }
        }
    }

    PollType poll_inner() {
        struct Nest {
            RunState &rs;
            std::vector<Value> *outer;
            Nest(RunState &r, std::vector<Value> *self) : rs(r), outer(r.self_fields) {
                if (++rs.hand_depth > max_built_depth) {
                    --rs.hand_depth;
                    throw Panic("polls of futures written by hand nest deeper than " +
                                std::to_string(max_built_depth) +
                                ": a poll that makes and polls another instance of its type "
                                "recurses without end");
                }
                rs.self_fields = self;
            }
            ~Nest() {
                rs.self_fields = outer;
                --rs.hand_depth;
            }
            Nest(const Nest &) = delete;
            Nest &operator=(const Nest &) = delete;
        } nest(*rs_, &fields_);
        Value v;
        HandAnswer a = PollRun(*type_, fields_, *rs_).run(env_, v);
        int to = state_of(a);
        if (to != state_) {
            observe_state(obs_, std::exchange(state_, to), to);
        }
        if (a == HandAnswer::not_ready) {
            return not_ready;
        }
        if (a == HandAnswer::err) {
            return Err<Value>{std::move(v)};
        }
        // The loader lets a Future's poll answer only ready, a Stream's only some and none.
        if constexpr (IsStream) {
            if (a == HandAnswer::some) {
                return ready(std::optional<Value>(std::move(v)));
            }
            if (a == HandAnswer::none) {
                return ready(std::optional<Value>());
            }
        } else if (a == HandAnswer::ready) {
            return ready(std::move(v));
        }
        throw Panic("not an answer of this poll");
    }

    const HandType *type_; // the scenario's, which outlives its runs
    std::vector<Value> fields_;
    Env env_;
    RunState *rs_;
    int state_ = 0;
    ObsId obs_;
};

std::vector<Value> initial_fields(const Expr &e, const Env &env, RunState &rs) {
    std::vector<Value> fields;
    fields.reserve(e.args.size());
    for (const Expr &a : e.args) {
        fields.push_back(eval(a, env, &rs));
    }
    return fields;
}

} // namespace

// [SECTION] Building

BF build_hand_future(const Expr &e, const Env &env, RunState &rs) {
    return erase(HandObject<false>(e.hand, initial_fields(e, env, rs), env, &rs), e);
}

BS build_hand_stream(const Expr &e, const Env &env, RunState &rs) {
    return erase_stream(HandObject<true>(e.hand, initial_fields(e, env, rs), env, &rs), e);
}

} // namespace futurescope::scenario::building
