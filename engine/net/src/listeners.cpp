// The virtual network's listeners: binding a port, accepting the connections whose handshake
// completed, and closing (the connections never accepted are reset).

#include "net_core.hpp"

namespace futurescope::detail {

Result<TcpListener, IoError> NetCore::bind(std::string_view address) {
    if (!attached()) {
        return Err<IoError>{network_gone_error()};
    }
    std::optional<HostPort> hp = split_host_port(address);
    if (!hp) {
        return Err<IoError>{
            IoError(IoErrorKind::invalid_input, "invalid socket address: " + std::string(address))};
    }
    HostId h = local_host_;
    if (!hp->host.empty()) {
        h = 0;
        if (auto it = host_by_name_.find(hp->host); it != host_by_name_.end()) {
            h = it->second;
        } else if (auto it2 = host_by_address_.find(hp->host); it2 != host_by_address_.end()) {
            h = it2->second;
        }
    }
    if (h == 0) {
        return Err<IoError>{
            IoError(IoErrorKind::address_not_available, "no host named " + std::string(hp->host))};
    }
    Host &host = hosts_[h - 1];
    if (!host.up) {
        return Err<IoError>{
            IoError(IoErrorKind::address_not_available, "host " + host.name + " is down")};
    }
    std::uint16_t port = hp->port != 0 ? hp->port : ephemeral_port(host);
    SocketAddr addr{host.address, port};
    if (port == 0 || host.listeners.count(port) != 0) {
        return Err<IoError>{
            IoError(IoErrorKind::address_in_use, "address already in use: " + addr.describe())};
    }
    auto l = std::make_unique<Listener>();
    l->id = static_cast<std::uint32_t>(sockets_.size() + 1);
    l->host = h;
    l->addr = addr;
    l->addr_text = addr.describe();
    host.listeners.emplace(port, l->id);
    sockets_.push_back(nullptr);
    listeners_.push_back(std::move(l));
    const Listener &made = *listeners_.back();
    emit_listener(NetEventKind::listen, made, "listening");
    return Ready<TcpListener>{TcpListener(shared_from_this(), made.id)};
}

Poll<std::pair<TcpStream, SocketAddr>, IoError> NetCore::accept(std::uint32_t id) {
    Listener *l = listener(id);
    if (!attached() || l == nullptr) {
        return Err<IoError>{network_gone_error()};
    }
    if (l->error) {
        return Err<IoError>{*l->error};
    }
    if (!l->ready.empty()) {
        const std::uint32_t sid = l->ready.front();
        l->ready.pop_front();
        const Socket &s = *socket(sid);
        emit(NetEventKind::accept, connection(s.conn), 1, 0, "accepted");
        return Ready<std::pair<TcpStream, SocketAddr>>{
            std::pair<TcpStream, SocketAddr>(TcpStream(shared_from_this(), sid), s.remote)};
    }
    l->waker.emplace(park(HeldBy{SourceKind::io, id, "accept"}));
    return not_ready;
}

void NetCore::close_listener(Listener &l, const IoError *error, const char *via) {
    if (!l.open) {
        return;
    }
    l.open = false;
    if (error != nullptr) {
        l.error = *error;
    }
    Host &h = hosts_[l.host - 1];
    if (auto it = h.listeners.find(l.addr.port); it != h.listeners.end() && it->second == l.id) {
        h.listeners.erase(it);
    }
    // Connections that completed their handshake but were never accepted are reset.
    for (std::uint32_t sid : l.ready) {
        Socket *s = socket(sid);
        if (s != nullptr && s->state == SocketState::established) {
            s->send_queue.clear();
            send(connection(s->conn), 1, SegmentKind::rst);
            fail(*s,
                 SocketState::reset,
                 IoError(IoErrorKind::connection_reset, "the listener was closed"),
                 nullptr);
        }
    }
    l.ready.clear();
    emit_listener(NetEventKind::close, l, via != nullptr ? via : "listener closed");
    wake(l.waker, l.id, via);
}

void NetCore::release_listener(std::uint32_t id) noexcept {
    Listener *l = listener(id);
    if (l == nullptr) {
        return;
    }
    l->waker.reset();
    if (attached()) {
        close_listener(*l, nullptr, nullptr);
    }
}

} // namespace futurescope::detail
