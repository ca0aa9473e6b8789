// Converting engine values that are not templates: sockets, senders, engine errors, boxed
// futures and streams. Each becomes the Value that describes like the engine's own describe().
#include "values.hpp"

namespace futurescope::scenario::building {

Value to_value(Value v) { return v; }
Value to_value(Unit) { return Value(); }
Value to_value(const Never &n) { return Value(n); }
Value to_value(bool b) { return Value(b); }
Value to_value(std::string s) { return Value(std::move(s)); }
Value to_value(Bytes b) { return Value::bytes(std::move(b).str()); }
Value to_value(TcpStream s) { return Value::object("socket", std::move(s)); }
Value to_value(TlsStream s) { return Value::object("tls stream", std::move(s)); }
Value to_value(TcpListener l) { return Value::object("listener", std::move(l)); }
Value to_value(const IoError &e) { return Value::error(e.describe()); }
Value to_value(const Canceled &) { return Value::error("Canceled"); }
Value to_value(Sender<Value> s) { return Value::object("sender", std::move(s)); }
Value to_value(SendError<Value> e) { return Value::error("SendError(" + e.item.describe() + ")"); }
Value to_value(TimeoutError<Value> e) {
    return e.is_elapsed() ? Value::error("Elapsed") : std::move(e.inner());
}
Value to_value(UnboundedSender<Value> s) { return Value::object("unbounded sender", std::move(s)); }
Value to_value(unsync_mpsc::Sender<Value> s) {
    return Value::object("unsync sender", std::move(s));
}
Value to_value(const SocketAddr &a) { return Value(a.describe()); }
Value to_value(BF f) { return Value::object("future", std::move(f)); }
Value to_value(BS s) { return Value::object("stream", std::move(s)); }

StreamPoll<BF, Value> FutureItems::poll() {
    auto p = s_.poll();
    if (p.is_not_ready()) {
        return not_ready;
    }
    if (p.is_err()) {
        return Err<Value>{std::move(p.error())};
    }
    if (!p.value()) {
        return ready(std::optional<BF>());
    }
    return ready(std::optional<BF>(p.value()->take<BF>("a future")));
}

} // namespace futurescope::scenario::building
