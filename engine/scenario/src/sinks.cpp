// Building sinks and the futures over them: the sink adapters (with, with_flat_map, buffer,
// fanout, sink_map_err, sink_from_err) and into_inner as values, and flush, send and send_all on
// a sink. Each adapter is the engine's own (With, WithFlatMap, BufferSink, Fanout, SinkMapErr,
// SinkFromErr) over the AnySink it wraps; sinks are not polled futures, so the trace shows them
// through the futures that drive them (Send, SendAll, Flush) and the futures with's function
// makes.
//
// [SECTION] Erasing a sink
// [SECTION] Sinks as values
// [SECTION] Adapters
// [SECTION] Futures over a sink
#include "sinks.hpp"

#include "interpreter.hpp"

namespace futurescope::scenario::building {

// [SECTION] Erasing a sink

namespace {

// What a sink wraps, as a value: the inner sink of an adapter (a pair of them for a fanout), the
// sender itself for a channel's sender.
template <class K>
Value inner_of(K k) {
    if constexpr (requires { std::move(k).into_inner(); }) {
        return to_value(std::move(k).into_inner());
    } else {
        return to_value(std::move(k));
    }
}

template <class K>
class SinkModel final : public AnySink::Base {
  public:
    explicit SinkModel(K sink) : sink_(std::move(sink)) {}
    StartSend<Value, Value> start_send(Value v) override { return sink_.start_send(std::move(v)); }
    Poll<Unit, Value> poll_complete() override { return sink_.poll_complete(); }
    Poll<Unit, Value> close() override { return sink_.close(); }
    Value into_inner() override { return inner_of(std::move(sink_).into_inner()); }
    std::optional<Value> plain() override {
        if constexpr (requires(K k) { std::move(k).into_inner(); }) {
            return std::nullopt; // an adapter
        } else {
            return to_value(std::move(sink_).into_inner());
        }
    }

  private:
    ValueSink<K> sink_; // the engine sink, its errors as Values
};

// A vector sink is a list: its items are what it shows and what into_inner gives.
class VectorModel final : public AnySink::Base {
  public:
    explicit VectorModel(std::vector<Value> items) : sink_(std::move(items)) {}
    StartSend<Value, Value> start_send(Value v) override {
        (void)sink_.start_send(std::move(v));
        return sink_ready;
    }
    Poll<Unit, Value> poll_complete() override { return ready(); }
    Poll<Unit, Value> close() override { return ready(); }
    std::optional<Value> plain() override { return Value::list(sink_.items()); }
    Value into_inner() override { return Value::list(sink_.items()); }

  private:
    VectorSink<Value> sink_;
};

template <class K>
AnySink any_sink(K sink) {
    return AnySink(std::make_unique<SinkModel<K>>(std::move(sink)));
}

} // namespace

// [SECTION] Sinks as values

Value to_value(AnySink s) {
    if (std::optional<Value> plain = s.plain()) {
        return std::move(*plain);
    }
    return Value::object("sink", std::move(s));
}

bool is_model_sink(const Value &v) {
    return v.type() == Value::Type::list || v.as_handle<AnySink>() != nullptr;
}

AnySink sink_of(const Value &v) {
    if (v.type() == Value::Type::list) {
        return AnySink(std::make_unique<VectorModel>(v.items()));
    }
    if (v.as_handle<AnySink>() != nullptr) {
        return v.take<AnySink>("a sink");
    }
    if (v.as_handle<UnboundedSender<Value>>() != nullptr) {
        return any_sink(v.take<UnboundedSender<Value>>("a sender"));
    }
    if (v.as_handle<Sender<Value>>() != nullptr) {
        return any_sink(v.take<Sender<Value>>("a sender"));
    }
    throw Panic("expected a sink (a list, a channel's sender or a sink adapter), found " +
                v.type_name() + " " + v.describe());
}

// [SECTION] Adapters

Value eval_sink(const Expr &e, const Env &env, RunState *rs) {
    if (rs == nullptr) {
        throw Panic("a sink is not a constant");
    }
    const Fn *fn = e.fn.get();
    AnySink sink = sink_of(eval(e.args[0], env, rs));
    switch (e.op) {
    case Op::with:
        // Each item runs through the function's future; its value goes on to the sink.
        return to_value(any_sink(std::move(sink).with<Value>([fn, env, rs](Value v) {
            return build_future(fn->body, bind(env, *fn, std::move(v)), *rs);
        })));
    case Op::with_flat_map:
        // The function gives a list or a stream of the items to send.
        return to_value(any_sink(std::move(sink).with_flat_map<Value>([fn, env, rs](Value v) {
            Value out = eval(fn->body, bind(env, *fn, std::move(v)), rs);
            if (out.type() == Value::Type::list) {
                return BS(iter_ok<Value>(out.items()));
            }
            return out.take<BS>("a stream or a list");
        })));
    case Op::buffer:
        return to_value(any_sink(std::move(sink).buffer(static_cast<std::size_t>(e.num))));
    case Op::fanout:
        return to_value(any_sink(std::move(sink).fanout(sink_of(eval(e.args[1], env, rs)))));
    case Op::sink_map_err:
        return to_value(any_sink(std::move(sink).sink_map_err([fn, env, rs](Value err) {
            return eval(fn->body, bind(env, *fn, std::move(err)), rs);
        })));
    case Op::sink_from_err:
        return to_value(any_sink(std::move(sink).sink_from_err<Value>()));
    case Op::into_inner:
        return std::move(sink).into_inner();
    default:
        break;
    }
    throw Panic("not a sink expression");
}

// [SECTION] Futures over a sink

BF build_sink_future(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    auto val = [&](std::size_t i) { return eval(e.args[i], env, r); };
    switch (e.op) {
    case Op::flush:
        return erase(sink_of(val(0)).flush(), e);
    default:
        break;
    }
    throw Panic("not a future expression");
}

BF send_to_sink(const Value &sink, Value item, const Expr &e) {
    return erase(sink_of(sink).send(std::move(item)), e);
}

BF send_all_to_sink(const Value &sink, BS stream, const Expr &e) {
    return erase(sink_of(sink).send_all(std::move(stream)), e);
}

} // namespace futurescope::scenario::building
