// Building streams: the sources (iter, interval, incoming, a channel's receiver, unfold,
// iter_result, a future into_stream, a stream a variable holds); the combinators are in
// stream_combinators.cpp.
#include "interpreter.hpp"

namespace futurescope::scenario::building {

namespace {

std::pair<Value, Value> unfold_pair(Value v) {
    if ((v.type() != Value::Type::tuple && v.type() != Value::Type::list) ||
        v.items().size() != 2) {
        throw Panic("unfold: a step must give () to end or a tuple (item, next state), found " +
                    v.describe());
    }
    return {v.items()[0], v.items()[1]};
}

} // namespace

BS build_stream(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    auto val = [&](std::size_t i) { return eval(e.args[i], env, r); };
    const Fn *fn = e.fn.get();
    switch (e.op) {
    case Op::var_stream:
        return val(0).take<BS>("a stream");
    case Op::new_hand_stream:
        return build_hand_stream(e, env, rs);
    case Op::iter: {
        Value v = val(0);
        if (v.type() != Value::Type::list) {
            throw Panic("iter: expected a list, found " + v.type_name());
        }
        return erase_stream(iter_ok<Value>(v.items()), e);
    }
    case Op::interval:
        return erase_stream(interval(std::chrono::nanoseconds(e.num)), e);
    case Op::incoming:
        return erase_stream(val(0).take<TcpListener>("a listener").incoming(), e);
    case Op::recv_stream: {
        Value &rx = rs.channel(e.name).receiver;
        if (rx.as_handle<unsync_mpsc::Receiver<Value>>() != nullptr) {
            return erase_stream(rx.take<unsync_mpsc::Receiver<Value>>("a receiver"), e);
        }
        return erase_stream(rx.take<Receiver<Value>>("a receiver"), e);
    }
    case Op::into_stream:
        return erase_stream(build_future(e.args[0], env, rs).into_stream(), e);
    case Op::unfold: {
        // The function's value `()` ends the stream (Rust's None); a tuple (item, next state), or
        // a future of one, is the next step.
        using Step = ConvertFuture<std::pair<Value, Value>, std::pair<Value, Value> (*)(Value)>;
        return erase_stream(unfold(val(0),
                                   [fn, env, r](Value state) -> std::optional<Step> {
                                       Env inner = bind(env, *fn, std::move(state));
                                       if (fn->body.op != Op::value_as_future) {
                                           return Step(build_future(fn->body, inner, *r),
                                                       &unfold_pair);
                                       }
                                       Value v;
                                       try {
                                           v = eval(fn->body.args[0], inner, r);
                                       } catch (const Failure &f) {
                                           return Step(BF(err<Value>(f.value())), &unfold_pair);
                                       }
                                       if (v.is_unit()) {
                                           return std::nullopt;
                                       }
                                       BF step = value_future(std::move(v));
                                       return Step(std::move(step), &unfold_pair);
                                   }),
                            e);
    }
    case Op::iter_result: {
        std::vector<Result<Value, Value>> items;
        for (const Expr &a : e.args) {
            Value v = eval(a.args[0], env, r);
            items.push_back(a.op == Op::ok ? Result<Value, Value>(Ready<Value>{std::move(v)})
                                           : Result<Value, Value>(Err<Value>{std::move(v)}));
        }
        return erase_stream(iter_result(std::move(items)), e);
    }
    default:
        return build_stream_combinator(e, env, rs);
    }
}

} // namespace futurescope::scenario::building
