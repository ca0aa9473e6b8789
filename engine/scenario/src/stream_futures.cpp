// Building the futures that consume a stream: fold, for_each, collect, into_future and peek.
#include "interpreter.hpp"

namespace futurescope::scenario::building {

namespace {

// peek: pulls the next item of a PeekableStream without taking it, and resolves to
// (item or (), the peekable stream, which yields that item first). Transparent: the trace shows
// the PeekableStream's own poll, as Rust's peek() does.
class [[nodiscard]] PeekFuture : public FutureExt<PeekFuture> {
  public:
    using item_type = Value;
    using error_type = Value;
    explicit PeekFuture(PeekableStream<BS> s) : s_(std::in_place, std::move(s)) {}
    Poll<Value, Value> poll() {
        if (!s_) {
            throw Panic("cannot poll peek twice");
        }
        auto p = s_->peek();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<Value>{std::move(p).error()};
        }
        Value item = p.value() != nullptr ? *p.value() : Value();
        BS rest(std::move(*s_));
        s_.reset();
        return ready(Value::tuple({std::move(item), Value::object("stream", std::move(rest))}));
    }

  private:
    std::optional<PeekableStream<BS>> s_;
};

} // namespace

BF build_stream_future(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    auto sub_stream = [&](std::size_t i) { return build_stream(e.args[i], env, rs); };
    auto val = [&](std::size_t i) { return eval(e.args[i], env, r); };
    const Fn *fn = e.fn.get();
    switch (e.op) {
    case Op::fold:
        return erase(
            sub_stream(0).fold(val(1),
                               [fn, env, r](Value acc, Value x) {
                                   return build_future(
                                       fn->body, bind2(env, *fn, std::move(acc), std::move(x)), *r);
                               }),
            e);
    case Op::for_each:
        return erase(sub_stream(0).for_each([fn, env, r](Value v) {
            return build_future(fn->body, bind(env, *fn, std::move(v)), *r).map([](Value) {
                return Unit{};
            });
        }),
                     e);
    case Op::collect:
        return erase(sub_stream(0).collect(), e);
    case Op::into_future:
        return erase(sub_stream(0).into_future(), e);
    case Op::peek: {
        if (e.args[0].op == Op::peekable) {
            // {"peek": {"peekable": S}}: the PeekableStream the expression builds.
            return erase(PeekFuture(build_stream(e.args[0].args[0], env, rs).peekable()), e);
        }
        return erase(PeekFuture(sub_stream(0).peekable()), e);
    }
    default:
        break;
    }
    throw Panic("not a future expression");
}

} // namespace futurescope::scenario::building
