// Building the futures of sockets and channels: connect, bind, the TLS handshake, reads and
// writes (on a plain or a TLS socket), shutdown, a oneshot's receiver, send and send_all.
#include "interpreter.hpp"

namespace futurescope::scenario::building {

namespace {

template <class Stream>
BF write_all_to(Value stream, Value data, const Expr &e) {
    return erase(write_all(stream.take<Stream>("a socket"), Bytes(data.text())), e);
}

} // namespace

BF build_io_future(const Expr &e, const Env &env, RunState &rs) {
    RunState *r = &rs;
    auto sub_stream = [&](std::size_t i) { return build_stream(e.args[i], env, rs); };
    auto val = [&](std::size_t i) { return eval(e.args[i], env, r); };
    switch (e.op) {
    case Op::connect:
        return erase(TcpStream::connect(*rs.net, e.name), e);
    case Op::bind: {
        std::string addr = e.name;
        return erase(lazy([addr, r] { return TcpListener::bind(*r->net, addr); }), e);
    }
    case Op::tls_handshake:
        return erase(TlsConnector().handshake(e.name, val(0).take<TcpStream>("a socket")), e);
    case Op::write_all: {
        Value s = val(0);
        Value data = val(1);
        if (s.as_handle<TlsStream>() != nullptr) {
            return write_all_to<TlsStream>(std::move(s), std::move(data), e);
        }
        return write_all_to<TcpStream>(std::move(s), std::move(data), e);
    }
    case Op::read_exact: {
        Value s = val(0);
        auto n = static_cast<std::size_t>(int_of(val(1), "read_exact"));
        if (s.as_handle<TlsStream>() != nullptr) {
            return erase(read_exact(s.take<TlsStream>("a socket"), n), e);
        }
        return erase(read_exact(s.take<TcpStream>("a socket"), n), e);
    }
    case Op::read_to_end: {
        Value s = val(0);
        if (s.as_handle<TlsStream>() != nullptr) {
            return erase(read_to_end(s.take<TlsStream>("a socket")), e);
        }
        return erase(read_to_end(s.take<TcpStream>("a socket")), e);
    }
    case Op::shutdown: {
        Value s = val(0);
        if (s.as_handle<TlsStream>() != nullptr) {
            return erase(shutdown(s.take<TlsStream>("a socket")), e);
        }
        return erase(shutdown(s.take<TcpStream>("a socket")), e);
    }
    case Op::recv_oneshot:
        return erase(rs.channel(e.name).receiver.take<OneshotReceiver<Value>>("a oneshot receiver"),
                     e);
    case Op::poll_cancel:
        // Sender::poll_cancel as a future that owns the sender: Ready once the receiver is
        // dropped or closed.
        return erase(val(0).take<OneshotSender<Value>>("a oneshot sender").cancellation(), e);
    case Op::send: {
        Value s = val(0);
        Value v = val(1);
        if (is_model_sink(s)) {
            return send_to_sink(s, std::move(v), e);
        }
        if (s.as_handle<OneshotSender<Value>>() != nullptr) {
            Result<Unit, Value> sent = s.take<OneshotSender<Value>>("a sender").send(std::move(v));
            return erase(result(sent.is_ok()
                                    ? Result<Value, Value>(Ready<Value>{Value()})
                                    : Result<Value, Value>(Err<Value>{std::move(sent.error())})),
                         e);
        }
        if (s.as_handle<UnboundedSender<Value>>() != nullptr) {
            return erase(s.take<UnboundedSender<Value>>("a sender").send(std::move(v)), e);
        }
        if (s.as_handle<unsync_mpsc::Sender<Value>>() != nullptr) {
            return erase(s.take<unsync_mpsc::Sender<Value>>("a sender").send(std::move(v)), e);
        }
        return erase(s.take<Sender<Value>>("a sender").send(std::move(v)), e);
    }
    case Op::send_all: {
        Value s = val(0);
        if (is_model_sink(s)) {
            return send_all_to_sink(s, sub_stream(1), e);
        }
        if (s.as_handle<UnboundedSender<Value>>() != nullptr) {
            return erase(
                ValueSink<UnboundedSender<Value>>(s.take<UnboundedSender<Value>>("a sender"))
                    .send_all(sub_stream(1)),
                e);
        }
        if (s.as_handle<unsync_mpsc::Sender<Value>>() != nullptr) {
            using Tx = unsync_mpsc::Sender<Value>;
            return erase(ValueSink<Tx>(s.take<Tx>("a sender")).send_all(sub_stream(1)), e);
        }
        return erase(ValueSink<Sender<Value>>(s.take<Sender<Value>>("an mpsc sender"))
                         .send_all(sub_stream(1)),
                     e);
    }
    default:
        break;
    }
    throw Panic("not a future expression");
}

} // namespace futurescope::scenario::building
