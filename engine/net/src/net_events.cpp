// The virtual network's wakeups, attributed to the socket that caused them, and its events for
// the observer: one per socket, listener, link or host change.

#include "net_core.hpp"

namespace futurescope::detail {

void NetCore::wake(std::optional<Task> &slot, std::uint32_t source, const char *via) {
    if (!slot) {
        return;
    }
    Task task = std::move(*slot);
    slot.reset();
    // Attributed to the socket (SourceKind::io), whoever runs this: a delivery's timer, a task
    // whose operation caused it, or a test stepping the world by hand.
    UnparkCause cause{SourceKind::io, source, via};
    TaskContext *current = current_context();
    TaskContext ctx =
        current != nullptr ? *current : TaskContext{executor_, nullptr, 0, nullptr, nullptr};
    ctx.source_override = &cause;
    ContextScope scope(&ctx);
    task.unpark(via);
}

Observer *NetCore::observer() const noexcept {
    if (executor_ != nullptr && executor_->observer() != nullptr) {
        return executor_->observer();
    }
    return current_observer();
}

void NetCore::emit(NetEventKind kind,
                   const Connection &c,
                   int side,
                   std::uint64_t bytes,
                   const char *detail) const {
    Observer *o = observer();
    if (o == nullptr) [[likely]] {
        return;
    }
    const std::string local = (side == 0 ? c.client : c.server).describe();
    const std::string remote = (side == 0 ? c.server : c.client).describe();
    NetEvent e{kind, c.socket[side], c.socket[1 - side], bytes, local, remote, detail};
    o->on_net(e);
}

void NetCore::emit_listener(NetEventKind kind, const Listener &l, const char *detail) const {
    if (Observer *o = observer()) {
        NetEvent e{kind, l.id, 0, 0, l.addr_text, {}, detail};
        o->on_net(e);
    }
}

void NetCore::emit_link(NetEventKind kind, std::uint32_t link, const char *detail) const {
    if (Observer *o = observer()) {
        const Link &l = links_[link];
        NetEvent e{kind, 0, 0, 0, hosts_[l.a - 1].name, hosts_[l.b - 1].name, detail};
        o->on_net(e);
    }
}

void NetCore::emit_host(NetEventKind kind, HostId host, const char *detail) const {
    if (Observer *o = observer()) {
        NetEvent e{kind, 0, 0, 0, hosts_[host - 1].name, {}, detail};
        o->on_net(e);
    }
}

void NetCore::report_tls(std::uint32_t socket, std::uint64_t bytes, const char *detail) const {
    const Socket *s = find_socket(socket);
    if (s == nullptr || !attached()) {
        return;
    }
    emit(NetEventKind::tls, *connections_[s->conn - 1], s->side, bytes, detail);
}

} // namespace futurescope::detail
