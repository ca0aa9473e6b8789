// Sinks as values: a scenario's sink is a list (a vector sink, futures 0.1's `Vec<T>` as a
// Sink), a channel's sender, or an adapter over another sink (with, with_flat_map, buffer,
// fanout, sink_map_err, sink_from_err). AnySink erases them behind one type, as BoxFuture does
// futures, so that adapters nest in any order; the engine's adapters themselves do the work, and
// the futures over a sink (send, send_all, flush) are the engine's Send, SendAll and Flush.
#pragma once

#include <memory>
#include <optional>
#include <utility>

#include "values.hpp"

namespace futurescope::scenario::building {

class AnySink : public SinkExt<AnySink> {
  public:
    using sink_item_type = Value;
    using sink_error_type = Value;

    // The erased sink: the engine's, with its errors as Values (ValueSink).
    struct Base {
        Base() = default;
        Base(const Base &) = delete;
        Base &operator=(const Base &) = delete;
        virtual ~Base() = default;
        virtual StartSend<Value, Value> start_send(Value v) = 0;
        virtual Poll<Unit, Value> poll_complete() = 0;
        virtual Poll<Unit, Value> close() = 0;
        // The value that is the sink itself, taken out: a vector sink's list of items, a
        // channel's sender; nothing for an adapter, which stays a sink handle.
        virtual std::optional<Value> plain() { return std::nullopt; }
        // What the sink wraps, as a value (Rust's into_inner): the inner sink, both sinks of a
        // fanout as a tuple; a vector sink or a sender is itself.
        virtual Value into_inner() = 0;
    };

    explicit AnySink(std::unique_ptr<Base> sink) : sink_(std::move(sink)) {}

    StartSend<Value, Value> start_send(Value v) { return sink_->start_send(std::move(v)); }
    Poll<Unit, Value> poll_complete() { return sink_->poll_complete(); }
    Poll<Unit, Value> close() { return sink_->close(); }
    [[nodiscard]] std::optional<Value> plain() { return sink_->plain(); }
    [[nodiscard]] Value into_inner() && { return sink_->into_inner(); }

  private:
    std::unique_ptr<Base> sink_;
};

// A vector sink is its list of items, a sender the sender; an adapter a handle of kind "sink".
Value to_value(AnySink s);
// The sink a value stands for: a list (a vector sink with those items), a sender, an unbounded
// sender or a sink handle, taken out of the value. Anything else panics.
AnySink sink_of(const Value &v);
// Whether send and send_all treat the value as one of the sinks above rather than as a channel's
// sender, whose own send they keep (a list or a sink handle).
bool is_model_sink(const Value &v);

} // namespace futurescope::scenario::building
