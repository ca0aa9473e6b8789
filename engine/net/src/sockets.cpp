// The virtual network's sockets: connecting (the handshake's client side), reading, writing with
// a send buffer and the peer's window, shutting down, resetting and releasing a socket.

#include <algorithm>
#include <cstring>

#include "net_core.hpp"

namespace futurescope::detail {

Socket *NetCore::socket(std::uint32_t id) noexcept {
    return id != 0 && id <= sockets_.size() ? sockets_[id - 1].get() : nullptr;
}

const Socket *NetCore::find_socket(std::uint32_t id) const noexcept {
    return id != 0 && id <= sockets_.size() ? sockets_[id - 1].get() : nullptr;
}

Listener *NetCore::listener(std::uint32_t id) noexcept {
    return id != 0 && id <= listeners_.size() ? listeners_[id - 1].get() : nullptr;
}

const Listener *NetCore::find_listener(std::uint32_t id) const noexcept {
    return id != 0 && id <= listeners_.size() ? listeners_[id - 1].get() : nullptr;
}

Socket &NetCore::new_socket(Connection &c, int side, HostId host) {
    auto s = std::make_unique<Socket>();
    s->id = static_cast<std::uint32_t>(sockets_.size() + 1);
    s->conn = c.id;
    s->side = side;
    s->host = host;
    s->local = side == 0 ? c.client : c.server;
    s->remote = side == 0 ? c.server : c.client;
    s->local_text = s->local.describe();
    s->remote_text = s->remote.describe();
    c.socket[side] = s->id;
    sockets_.push_back(std::move(s));
    listeners_.push_back(nullptr);
    return *sockets_.back();
}

std::size_t NetCore::send_free(const Socket &s) const noexcept {
    const std::size_t used = s.send_queue.size() + s.in_flight;
    return used >= config_.send_buffer_bytes ? 0 : config_.send_buffer_bytes - used;
}

Result<TcpStream, IoError> NetCore::start_connect(std::string_view target, std::string_view from) {
    if (!attached()) {
        return Err<IoError>{network_gone_error()};
    }
    HostId src = local_host_;
    if (!from.empty()) {
        auto it = host_by_name_.find(from);
        if (it == host_by_name_.end()) {
            return Err<IoError>{
                IoError(IoErrorKind::address_not_available, "no host named " + std::string(from))};
        }
        src = it->second;
    }
    if (src == 0) {
        return Err<IoError>{
            IoError(IoErrorKind::address_not_available, "the network has no hosts")};
    }
    Result<SocketAddr, IoError> r = resolve(target);
    if (r.is_err()) {
        return Err<IoError>{std::move(r).error()};
    }
    SocketAddr server = std::move(r).value();
    const HostId dst = host_by_address_.find(server.ip)->second;
    Host &sh = hosts_[src - 1];
    if (!sh.up) {
        return Err<IoError>{IoError(IoErrorKind::not_connected, "host " + sh.name + " is down")};
    }
    if (!has_route(src, dst)) {
        return Err<IoError>{IoError(IoErrorKind::host_unreachable,
                                    "no route from " + sh.name + " to " + server.ip)};
    }
    auto conn = std::make_unique<Connection>();
    conn->id = static_cast<std::uint32_t>(connections_.size() + 1);
    Link &l = link_between(src, dst);
    conn->link = static_cast<std::uint32_t>(&l - links_.data());
    conn->server = server;
    conn->client = SocketAddr{sh.address, ephemeral_port(sh)};
    conn->pipe[0].from = src;
    conn->pipe[0].to = dst;
    conn->pipe[1].from = dst;
    conn->pipe[1].to = src;
    connections_.push_back(std::move(conn));
    Connection &c = *connections_.back();
    Socket &s = new_socket(c, 0, src);
    s.state = SocketState::connecting;
    s.connect_timer =
        executor_->add_timer(time_after(executor_->now(), config_.connect_timeout.count()),
                             Task(nullptr, 0),
                             TimerAction{&NetCore::on_connect_timeout, this, s.id});
    emit(NetEventKind::connect, c, 0, 0, "SYN sent");
    send(c, 0, SegmentKind::syn);
    return Ready<TcpStream>{TcpStream(shared_from_this(), s.id)};
}

void NetCore::on_connect_timeout(void *context, std::uint64_t arg) {
    auto *self = static_cast<NetCore *>(context);
    Socket *s = self->socket(static_cast<std::uint32_t>(arg));
    if (s == nullptr) {
        return;
    }
    s->connect_timer = {};
    if (s->state != SocketState::connecting) {
        return;
    }
    Connection &c = self->connection(s->conn);
    self->drop_unarrived(c.pipe[0]);
    self->fail(*s,
               SocketState::timed_out,
               IoError(IoErrorKind::timed_out, "connection to " + s->remote_text + " timed out"),
               "connect timed out");
    self->emit(NetEventKind::connect, c, 0, 0, "timed out");
}

Poll<Unit, IoError> NetCore::poll_connect(std::uint32_t id) {
    Socket *s = socket(id);
    if (!attached() || s == nullptr) {
        return Err<IoError>{network_gone_error()};
    }
    switch (s->state) {
    case SocketState::connecting:
        s->connector.emplace(park(HeldBy{SourceKind::io, id, "connect"}));
        return not_ready;
    case SocketState::established:
        return ready();
    default:
        return Err<IoError>{s->error.value_or(not_connected_error())};
    }
}

Poll<std::size_t, IoError> NetCore::read(std::uint32_t id, std::span<char> buffer) {
    Socket *s = socket(id);
    if (!attached() || s == nullptr) {
        return Err<IoError>{network_gone_error()};
    }
    if (s->error) {
        return Err<IoError>{*s->error};
    }
    if (s->state != SocketState::established) {
        return Err<IoError>{not_connected_error()};
    }
    if (buffer.empty()) {
        return Ready<std::size_t>{0};
    }
    if (s->buffered() > 0) {
        const std::size_t n = std::min(buffer.size(), s->buffered());
        std::memcpy(buffer.data(), s->recv.data() + s->recv_pos, n);
        s->recv_pos += n;
        if (s->recv_pos == s->recv.size()) {
            s->recv.clear();
            s->recv_pos = 0;
        } else if (s->recv_pos >= 4096 && 2 * s->recv_pos >= s->recv.size()) {
            // A reader that takes a little at a time while more arrives: drop what it read.
            s->recv.erase(0, s->recv_pos);
            s->recv_pos = 0;
        }
        // Reading opened the window: a peer that waits for it hears so one latency later.
        Connection &c = connection(s->conn);
        Socket *peer = socket(c.socket[1 - s->side]);
        if (peer != nullptr && peer->window_blocked && !s->window_update_in_flight) {
            s->window_update_in_flight = true;
            send(c, s->side, SegmentKind::window);
        }
        return Ready<std::size_t>{n};
    }
    if (s->eof) {
        return Ready<std::size_t>{0};
    }
    s->reader.emplace(park(HeldBy{SourceKind::io, id, "read"}));
    return not_ready;
}

Poll<std::size_t, IoError> NetCore::write(std::uint32_t id, std::span<const char> bytes) {
    Poll<std::size_t, IoError> ready_poll = write_ready(id, 1);
    if (!ready_poll.is_ready()) {
        return ready_poll;
    }
    if (bytes.empty()) {
        return Ready<std::size_t>{0};
    }
    Socket &s = *socket(id);
    const std::size_t n = std::min(bytes.size(), ready_poll.value());
    s.send_queue.append(bytes.data(), n);
    transmit(s);
    return Ready<std::size_t>{n};
}

Poll<std::size_t, IoError> NetCore::write_ready(std::uint32_t id, std::size_t min_bytes) {
    Socket *s = socket(id);
    if (!attached() || s == nullptr) {
        return Err<IoError>{network_gone_error()};
    }
    if (s->error) {
        return Err<IoError>{*s->error};
    }
    if (s->write_shut) {
        return Err<IoError>{
            IoError(IoErrorKind::broken_pipe, "the socket was shut down for writing")};
    }
    if (s->state != SocketState::established) {
        return Err<IoError>{not_connected_error()};
    }
    const std::size_t need = std::clamp<std::size_t>(min_bytes, 1, config_.send_buffer_bytes);
    const std::size_t free = send_free(*s);
    if (free < need) {
        s->writer.emplace(park(HeldBy{SourceKind::io, id, "write"}));
        return not_ready;
    }
    return Ready<std::size_t>{free};
}

void NetCore::transmit(Socket &s) {
    if (s.state != SocketState::established) {
        return;
    }
    Connection &c = connection(s.conn);
    const Socket *peer = socket(c.socket[1 - s.side]);
    std::size_t window = std::numeric_limits<std::size_t>::max();
    if (peer != nullptr && !peer->closed &&
        (peer->state == SocketState::established || peer->state == SocketState::syn_received)) {
        const std::size_t used = peer->buffered() + s.in_flight;
        window = used >= config_.recv_buffer_bytes ? 0 : config_.recv_buffer_bytes - used;
    }
    const std::size_t n = std::min(s.send_queue.size(), window);
    if (n > 0) {
        std::string data = s.send_queue.substr(0, n);
        s.send_queue.erase(0, n);
        s.in_flight += n;
        send(c, s.side, SegmentKind::data, std::move(data));
    }
    s.window_blocked = !s.send_queue.empty();
    if (s.send_queue.empty() && s.write_shut && !s.fin_sent) {
        s.fin_sent = true;
        send(c, s.side, SegmentKind::fin);
    }
}

Result<Unit, IoError> NetCore::shutdown(std::uint32_t id) {
    Socket *s = socket(id);
    if (!attached() || s == nullptr) {
        return Err<IoError>{network_gone_error()};
    }
    if (s->error) {
        return Err<IoError>{*s->error};
    }
    if (s->state != SocketState::established) {
        return Err<IoError>{not_connected_error()};
    }
    if (!s->write_shut) {
        s->write_shut = true;
        emit(NetEventKind::close, connection(s->conn), s->side, 0, "shutdown: FIN queued");
        transmit(*s);
    }
    return Ready<Unit>{Unit{}};
}

void NetCore::reset(std::uint32_t id) {
    Socket *s = socket(id);
    if (!attached() || s == nullptr) {
        return;
    }
    Connection &c = connection(s->conn);
    if (s->state == SocketState::connecting) {
        drop_unarrived(c.pipe[0]);
    } else if (s->state == SocketState::established || s->state == SocketState::syn_received) {
        s->send_queue.clear();
        send(c, s->side, SegmentKind::rst);
    } else {
        return;
    }
    s->recv.clear();
    s->recv_pos = 0;
    fail(*s,
         SocketState::reset,
         IoError(IoErrorKind::connection_reset, "the connection was reset locally"),
         nullptr);
    emit(NetEventKind::reset, c, s->side, 0, "reset by this end");
}

void NetCore::release_socket(std::uint32_t id) noexcept {
    Socket *s = socket(id);
    if (s == nullptr || s->closed) {
        return;
    }
    s->closed = true;
    s->reader.reset();
    s->writer.reset();
    s->connector.reset();
    if (!attached()) {
        return;
    }
    Connection &c = connection(s->conn);
    if (s->state == SocketState::connecting) {
        executor_->cancel_timer(s->connect_timer);
        s->connect_timer = {};
        drop_unarrived(c.pipe[0]);
        s->state = SocketState::reset;
        s->error = IoError(IoErrorKind::not_connected, "the connection attempt was abandoned");
        emit(NetEventKind::close, c, 0, 0, "connect abandoned");
        return;
    }
    if (s->state != SocketState::established) {
        return;
    }
    emit(NetEventKind::close, c, s->side, 0, "closed");
    // What arrives from now on is discarded: a peer waiting for window room may send again.
    Socket *peer = socket(c.socket[1 - s->side]);
    if (peer != nullptr && peer->window_blocked && !s->window_update_in_flight) {
        s->window_update_in_flight = true;
        send(c, s->side, SegmentKind::window);
    }
    if (!s->write_shut) {
        s->write_shut = true;
        transmit(*s);
    }
}

void NetCore::fail(Socket &s, SocketState state, IoError error, const char *via) {
    s.state = state;
    s.error = std::move(error);
    s.send_queue.clear();
    if (!s.connect_timer.empty()) {
        executor_->cancel_timer(s.connect_timer);
        s.connect_timer = {};
    }
    wake(s.reader, s.id, via);
    wake(s.writer, s.id, via);
    wake(s.connector, s.id, via);
}

} // namespace futurescope::detail
