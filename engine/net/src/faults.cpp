// The virtual network's faults: partitions, held links, crashed and restarted hosts, applied at
// once or scheduled on the executor's clock.

#include <algorithm>
#include <stdexcept>

#include "net_core.hpp"

namespace futurescope::detail {

void NetCore::partition(std::string_view a, std::string_view b, TimeNs from_ns, TimeNs to_ns) {
    const std::uint32_t idx = link_index(a, b);
    Link &l = links_[idx];
    if (from_ns < 0 || to_ns <= from_ns) {
        throw std::invalid_argument("a partition window needs 0 <= from < to");
    }
    Window w{from_ns, to_ns};
    auto pos = std::upper_bound(
        l.partitions.begin(), l.partitions.end(), w, [](const Window &x, const Window &y) {
            return x.from_ns < y.from_ns;
        });
    l.partitions.insert(pos, w);
    // The trace shows the window's edges; a window already over when it is added shows nothing.
    const TimeNs now = executor_->now();
    if (to_ns > now) {
        schedule(FaultKind::partition, idx, std::max(from_ns, now));
        if (to_ns != never_ns) {
            schedule(FaultKind::heal, idx, to_ns);
        }
    }
}

void NetCore::set_held(std::string_view a, std::string_view b, bool held) {
    const std::uint32_t idx = link_index(a, b);
    if (held) {
        hold_link(idx);
    } else {
        release_link(idx);
    }
}

void NetCore::hold_link(std::uint32_t link) {
    if (!links_[link].held) {
        links_[link].held = true;
        emit_link(NetEventKind::hold, link, "messages held until released");
    }
}

void NetCore::release_link(std::uint32_t link) {
    if (links_[link].held) {
        emit_link(NetEventKind::release, link, "held messages delivered in order");
    }
    links_[link].held = false;
    for (auto &c : connections_) {
        if (c->link == link) {
            drain(*c, 0);
            drain(*c, 1);
        }
    }
}

void NetCore::schedule_hold(std::string_view a, std::string_view b, TimeNs from_ns, TimeNs to_ns) {
    const std::uint32_t idx = link_index(a, b);
    if (to_ns <= from_ns) {
        throw std::invalid_argument("a hold window needs from < to");
    }
    schedule(FaultKind::hold, idx, from_ns);
    if (to_ns != never_ns) {
        schedule(FaultKind::release, idx, to_ns);
    }
}

void NetCore::schedule(FaultKind kind, std::uint32_t target, TimeNs at_ns) {
    if (at_ns < executor_->now()) {
        throw std::invalid_argument("a fault cannot be scheduled in the past (" +
                                    format_duration(at_ns) + " < " +
                                    format_duration(executor_->now()) + ")");
    }
    const auto index = static_cast<std::uint64_t>(faults_.size());
    faults_.push_back(Fault{kind, target, {}});
    faults_.back().timer =
        executor_->add_timer(at_ns, Task(nullptr, 0), TimerAction{&NetCore::on_fault, this, index});
}

void NetCore::on_fault(void *context, std::uint64_t arg) {
    auto *self = static_cast<NetCore *>(context);
    Fault &f = self->faults_[arg];
    f.timer = {};
    switch (f.kind) {
    case FaultKind::hold:
        self->hold_link(f.target);
        break;
    case FaultKind::release:
        self->release_link(f.target);
        break;
    case FaultKind::crash:
        self->crash(f.target);
        break;
    case FaultKind::restart:
        self->restart(f.target);
        break;
    case FaultKind::partition:
        self->emit_link(
            NetEventKind::partition, f.target, "nothing crosses the link until it heals");
        break;
    case FaultKind::heal:
        self->emit_link(
            NetEventKind::heal, f.target, "what was lost in the partition is sent again");
        break;
    }
}

void NetCore::crash(HostId id) {
    Host &h = hosts_[id - 1];
    if (!h.up) {
        return;
    }
    h.up = false;
    emit_host(NetEventKind::crash, id, "sockets reset, listeners closed");
    const IoError error(IoErrorKind::connection_aborted, "host " + h.name + " crashed");
    // Copies: closing a listener edits the map.
    std::vector<std::uint32_t> ls;
    for (const auto &[port, lid] : h.listeners) {
        ls.push_back(lid);
    }
    for (std::uint32_t lid : ls) {
        close_listener(*listener(lid), &error, "host crashed");
    }
    for (auto &sp : sockets_) {
        if (!sp || sp->host != id) {
            continue;
        }
        Socket &s = *sp;
        if (s.state == SocketState::established || s.state == SocketState::syn_received) {
            // The simulation lets the peer learn of the crash by RST one latency later, where a
            // real peer would find out at its next retransmission.
            s.send_queue.clear();
            send(connection(s.conn), s.side, SegmentKind::rst);
        } else if (s.state != SocketState::connecting) {
            continue;
        }
        fail(s, SocketState::aborted, error, "host crashed");
        emit(NetEventKind::reset, connection(s.conn), s.side, 0, "host crashed");
    }
}

void NetCore::restart(HostId id) {
    Host &h = hosts_[id - 1];
    if (h.up) {
        return;
    }
    h.up = true;
    emit_host(NetEventKind::restart, id, "services start again");
    for (const ServiceSpec &spec : h.services) {
        // After a crash the ports are free; one taken meanwhile by a listener leaves the service
        // down rather than stopping the run.
        (void)start_service(id, spec);
    }
}

} // namespace futurescope::detail
