// The state of one run: the scenario's channels, made on first use with their owners declared
// to the detectors, and the task-locals.
#include "interpreter.hpp"

namespace futurescope::scenario::building {

void RunState::count_loop_round() {
    // A loop_fn whose rounds are always ready goes round inside one poll, where the step limit
    // never looks: without this budget it would hang the tool. Outside a poll (a loop_fn built
    // before the run) nothing is counted.
    TaskContext *c = current_context();
    if (c == nullptr || c->executor == nullptr) {
        return;
    }
    if (c->executor->steps() != round_step) {
        round_step = c->executor->steps();
        rounds = 0;
    }
    if (++rounds > max_rounds_per_poll) {
        throw Panic("loop_fn went round " + std::to_string(max_rounds_per_poll) +
                    " times inside one poll: a round that is always ready never lets another "
                    "task run; make each round wait (a delay, a yield_now)");
    }
}

Channel &RunState::channel(const std::string &name) {
    auto it = channels.find(name);
    if (it != channels.end()) {
        return it->second;
    }
    const ChannelSpec *spec = nullptr;
    for (const ChannelSpec &c : impl.channels) {
        if (c.name == name) {
            spec = &c;
        }
    }
    Channel c;
    if (spec->kind == "oneshot") {
        auto [tx, rx] = oneshot<Value>();
        declare_owners(name, tx, rx);
        c.sender = Value::object("oneshot sender", std::move(tx));
        c.receiver = Value::object("oneshot receiver", std::move(rx));
    } else if (spec->kind == "mpsc") {
        auto [tx, rx] = mpsc::channel<Value>(static_cast<std::size_t>(spec->capacity));
        declare_owners(name, tx, rx);
        c.sender = Value::object("sender", std::move(tx));
        c.receiver = Value::object("receiver", std::move(rx));
    } else if (spec->kind == "unsync_mpsc") {
        auto [tx, rx] = unsync_mpsc::channel<Value>(static_cast<std::size_t>(spec->capacity));
        declare_owners(name, tx, rx);
        c.sender = Value::object("unsync sender", std::move(tx));
        c.receiver = Value::object("unsync receiver", std::move(rx));
    } else {
        auto [tx, rx] = mpsc::unbounded<Value>();
        declare_owners(name, tx, rx);
        c.sender = Value::object("unbounded sender", std::move(tx));
        c.receiver = Value::object("receiver", std::move(rx));
    }
    return channels.emplace(name, std::move(c)).first->second;
}

void RunState::scan_ends(const Expr &e, const std::string &name, bool &sends, bool &receives) {
    if (e.name == name) {
        sends = sends || e.op == Op::sender;
        receives = receives || e.op == Op::recv_oneshot || e.op == Op::recv_stream;
    }
    for (const Expr &a : e.args) {
        scan_ends(a, name, sends, receives);
    }
    if (e.fn) {
        scan_ends(e.fn->body, name, sends, receives);
    }
}

const TaskLocal<std::map<std::string, Value>> &task_locals() {
    static const TaskLocal<std::map<std::string, Value>> locals(
        [] { return std::map<std::string, Value>(); });
    return locals;
}

} // namespace futurescope::scenario::building
