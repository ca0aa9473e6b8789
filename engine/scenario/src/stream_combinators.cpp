// Building the combinators of streams: map, filter, then, take, skip, chunks, buffered, select,
// merge, zip, fuse, peekable, flatten and the others, each over the stream its receiver builds.
#include "interpreter.hpp"

namespace futurescope::scenario::building {

BS build_stream_combinator(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    auto sub = [&](std::size_t i) { return build_stream(e.args[i], env, rs); };
    const Fn *fn = e.fn.get();
    auto future_fn = make_future_fn(e, env, rs);
    auto value_fn = make_value_fn(e, env, rs);
    auto pred_fn = [fn, env, r](const Value &v) {
        return bool_of(eval(fn->body, bind(env, *fn, v), r), "predicate");
    };
    switch (e.op) {
    case Op::smap:
        return erase_stream(sub(0).map(value_fn), e);
    case Op::smap_err:
        return erase_stream(sub(0).map_err(value_fn), e);
    case Op::filter:
        return erase_stream(sub(0).filter(pred_fn), e);
    case Op::filter_map:
        return erase_stream(sub(0).filter_map([fn, env, r](Value v) {
            Value out = eval(fn->body, bind(env, *fn, std::move(v)), r);
            return out.is_unit() ? std::optional<Value>() : std::optional<Value>(std::move(out));
        }),
                            e);
    case Op::sthen:
        return erase_stream(sub(0).then([fn, env, r](Result<Value, Value> res) {
            Value v = res.is_ok() ? std::move(res.value()) : std::move(res.error());
            return build_future(fn->body, bind(env, *fn, std::move(v)), *r);
        }),
                            e);
    case Op::sand_then:
        return erase_stream(sub(0).and_then(future_fn), e);
    case Op::sor_else:
        return erase_stream(sub(0).or_else(future_fn), e);
    case Op::take:
        return erase_stream(sub(0).take(static_cast<std::uint64_t>(e.num)), e);
    case Op::skip:
        return erase_stream(sub(0).skip(static_cast<std::uint64_t>(e.num)), e);
    case Op::take_while:
        return erase_stream(sub(0).take_while(pred_fn), e);
    case Op::skip_while:
        return erase_stream(sub(0).skip_while(pred_fn), e);
    case Op::chunks:
        return erase_stream(sub(0).chunks(static_cast<std::size_t>(e.num)), e);
    case Op::buffered:
        return erase_stream(FutureItems(sub(0)).buffered(static_cast<std::size_t>(e.num)), e);
    case Op::buffer_unordered:
        return erase_stream(FutureItems(sub(0)).buffer_unordered(static_cast<std::size_t>(e.num)),
                            e);
    case Op::sselect:
        return erase_stream(sub(0).select(sub(1)), e);
    case Op::merge:
        return erase_stream(sub(0).merge(sub(1)), e);
    case Op::zip:
        return erase_stream(sub(0).zip(sub(1)), e);
    case Op::sfuse:
        return erase_stream(sub(0).fuse(), e);
    case Op::peekable:
        return erase_stream(sub(0).peekable(), e);
    case Op::sflatten:
        return erase_stream(StreamItems(sub(0)).flatten(), e);
    case Op::from_err:
    case Op::inspect_err:
    case Op::catch_unwind:
    case Op::mpsc_spawn:
    case Op::unsync_mpsc_spawn:
        return build_rest_stream(e, env, rs);
    default:
        break;
    }
    throw Panic("not a stream expression");
}

} // namespace futurescope::scenario::building
