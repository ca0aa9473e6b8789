// The async fn runtime: a scenario's async fn runs as a real C++20 coroutine of the engine
// (RuntimeAsync), declared with the function's name and await points, whose suspended states
// show the locals they hold.
#include <list>

#include "interpreter.hpp"

namespace futurescope::scenario::building {

namespace {

// A not-Send value an async fn holds ({"rc": …}): what makes Held report it as not Send.
struct NotSendValue {
    Value value;
    [[nodiscard]] std::string describe() const { return value.describe(); }
};

} // namespace
} // namespace futurescope::scenario::building

template <>
struct futurescope::is_send<futurescope::scenario::building::NotSendValue> : std::false_type {};

namespace futurescope::scenario::building {

// What print shows: a string's text, Rc(1) as 1 (Rust's Display), anything else described.
std::string display(const Value &v) {
    if (v.type() == Value::Type::tagged && v.tag() == "Rc") {
        return display(v.inner());
    }
    if (v.type() == Value::Type::string || v.type() == Value::Type::bytes ||
        v.type() == Value::Type::error) {
        return v.text();
    }
    return v.describe();
}

// A line the async fn prints, with the time and the task that printed it.
void print(std::string text, RunState *rs) {
    if (rs->output != nullptr) {
        OutputLine line;
        line.t = current_executor().now();
        if (TaskContext *c = current_context()) {
            line.task = c->task;
            line.task_name = current_executor().task(c->task).name;
            line.poll = current_executor().task(c->task).polls;
        }
        line.text = std::move(text);
        rs->output->push_back(std::move(line));
    }
}

namespace {

// The locals of a running async fn as Held values, in declaration order, so that each suspended
// state shows what it holds ("non_send = Rc(1)") and a not-Send one is known to the runtime.
class Locals {
  public:
    void add(const AsyncStep &s, const Value &v) { add(s.name, v, s.not_send); }
    // `name` must outlive the local (it is the step's).
    void add(std::string_view name, const Value &v, bool not_send) {
        if (not_send) {
            not_send_.emplace_back(name, NotSendValue{v});
        } else {
            send_.emplace_back(name, v);
        }
        order_.push_back(not_send);
    }
    [[nodiscard]] std::size_t size() const noexcept { return order_.size(); }
    // Drops the locals declared after the first `n` (the end of a loop body's scope).
    void truncate(std::size_t n) {
        while (order_.size() > n) {
            if (order_.back()) {
                not_send_.pop_back();
            } else {
                send_.pop_back();
            }
            order_.pop_back();
        }
    }

  private:
    std::list<Held<Value>> send_;
    std::list<Held<NotSendValue>> not_send_;
    std::vector<bool> order_;
};

// The interpreter of a scenario's async fn: a real C++20 coroutine of the engine (RuntimeAsync),
// declared with the function's name and await points. Each await step co_awaits the engine future
// its expression builds, at its declared point; an awaited error ends the function with it
// (Rust's `?`).
RuntimeAsync<Value, Value>
run_async(const AsyncFnInfo &info, std::shared_ptr<const AsyncSpec> spec, Env env, RunState *rs) {
    (void)info;
    struct Scope {
        const std::vector<AsyncStep> *steps;
        std::size_t pc = 0;
        const AsyncStep *loop = nullptr; // the for_each whose body this is
        std::optional<BS> stream;
        Env env_at_entry;
        std::size_t locals_at_entry = 0;
        bool block = false; // a {"scope": […]}
    };
    Locals locals;
    std::vector<Scope> scopes;
    scopes.push_back(Scope{&spec->body, 0, nullptr, std::nullopt, env, 0, false});
    while (!scopes.empty()) {
        Scope &top = scopes.back();
        if (top.pc == top.steps->size()) {
            if (top.block) {
                // The end of a scope: its locals go.
                locals.truncate(top.locals_at_entry);
                env = top.env_at_entry;
                scopes.pop_back();
                continue;
            }
            if (top.loop == nullptr) {
                break;
            }
            // The end of an iteration: its locals go, then the next item.
            locals.truncate(top.locals_at_entry);
            std::optional<Value> item = co_await at(top.loop->point, next(*top.stream));
            Scope &again = scopes.back();
            if (!item) {
                env = again.env_at_entry;
                scopes.pop_back();
                continue;
            }
            locals.add(again.loop->name, *item, false);
            env = bind_one(again.env_at_entry, again.loop->name, std::move(*item));
            again.pc = 0;
            continue;
        }
        const AsyncStep &s = (*top.steps)[top.pc++];
        switch (s.kind) {
        case AsyncStep::Kind::let_value: {
            Value v = eval(s.expr, env, rs);
            locals.add(s, v);
            env = bind_one(env, s.name, std::move(v));
            break;
        }
        case AsyncStep::Kind::let_await: {
            Value v = co_await at(s.point, build_future(s.expr, env, *rs));
            locals.add(s, v);
            env = bind_one(env, s.name, std::move(v));
            break;
        }
        case AsyncStep::Kind::await:
            (void)co_await at(s.point, build_future(s.expr, env, *rs));
            break;
        case AsyncStep::Kind::print:
            print(display(eval(s.expr, env, rs)), rs);
            break;
        case AsyncStep::Kind::return_:
            co_return eval(s.expr, env, rs);
        case AsyncStep::Kind::scope:
            scopes.push_back(Scope{&s.body, 0, nullptr, std::nullopt, env, locals.size(), true});
            break;
        case AsyncStep::Kind::for_each: {
            BS stream = build_stream(s.expr, env, *rs);
            Scope loop{&s.body, 0, &s, std::move(stream), env, locals.size(), false};
            std::optional<Value> item = co_await at(s.point, next(*loop.stream));
            if (item) {
                locals.add(s.name, *item, false); // the loop's item lives for one iteration
                env = bind_one(env, s.name, std::move(*item));
                scopes.push_back(std::move(loop));
            }
            break;
        }
        }
    }
    co_return Value();
}

} // namespace

BF build_async_fn(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    return erase(run_async(e.async->info, e.async, env, r), e);
}

} // namespace futurescope::scenario::building
