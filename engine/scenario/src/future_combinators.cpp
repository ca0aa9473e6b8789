// Building the combinators of futures: map, map_err, then, and_then, or_else, select, select2,
// join, fuse, timeout, flatten and loop_fn, each over the futures its arguments build.
#include "interpreter.hpp"

namespace futurescope::scenario::building {

BF build_combinator(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    auto sub = [&](std::size_t i) { return build_future(e.args[i], env, rs); };
    auto val = [&](std::size_t i) { return eval(e.args[i], env, r); };
    const Fn *fn = e.fn.get();
    auto future_fn = make_future_fn(e, env, rs);
    auto value_fn = make_value_fn(e, env, rs);
    switch (e.op) {
    case Op::map:
        return erase(sub(0).map(value_fn), e);
    case Op::map_err:
        return erase(sub(0).map_err(value_fn), e);
    case Op::then:
        return erase(sub(0).then([fn, env, r](Result<Value, Value> res) {
            Value v = res.is_ok() ? std::move(res.value()) : std::move(res.error());
            return build_future(fn->body, bind(env, *fn, std::move(v)), *r);
        }),
                     e);
    case Op::and_then:
        return erase(sub(0).and_then(future_fn), e);
    case Op::or_else:
        return erase(sub(0).or_else(future_fn), e);
    case Op::select:
        return erase(sub(0).select(sub(1)), e);
    case Op::join:
        switch (e.args.size()) {
        case 2:
            return erase(join(sub(0), sub(1)), e);
        case 3:
            return erase(join(sub(0), sub(1), sub(2)), e);
        case 4:
            return erase(join(sub(0), sub(1), sub(2), sub(3)), e);
        default:
            return erase(join(sub(0), sub(1), sub(2), sub(3), sub(4)), e);
        }
    case Op::fuse:
        return erase(sub(0).fuse(), e);
    case Op::timeout:
        return erase(sub(0).timeout(std::chrono::nanoseconds(e.num)), e);
    case Op::select2:
        return erase(sub(0).select2(sub(1)), e);
    case Op::flatten:
        return erase(convert_future<BF>(sub(0), [](Value v) { return value_future(std::move(v)); })
                         .flatten(),
                     e);
    case Op::loop_fn:
        return erase(
            loop_fn(val(0),
                    [fn, env, r](Value state) {
                        r->count_loop_round();
                        return convert_future<Loop<Value, Value>>(
                            build_future(fn->body, bind(env, *fn, std::move(state)), *r),
                            [](Value v) {
                                if (v.type() == Value::Type::tagged && v.tag() == "Break") {
                                    return Loop<Value, Value>::break_with(v.inner());
                                }
                                if (v.type() == Value::Type::tagged && v.tag() == "Continue") {
                                    return Loop<Value, Value>::continue_with(v.inner());
                                }
                                throw Panic("loop_fn: a round must resolve to "
                                            "{\"break\": value} or {\"continue\": "
                                            "state}, found " +
                                            v.describe());
                            });
                    }),
            e);
    default:
        break;
    }
    throw Panic("not a future expression");
}

} // namespace futurescope::scenario::building
