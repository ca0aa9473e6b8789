// Segments on links: what sending one costs (bandwidth, latency, jitter, loss, partitions), its
// arrival as a timer, and delivery strictly in the order sent, then what each kind of segment
// does to the socket it reaches.
//
// [SECTION] Names
// [SECTION] Segments: sending, arriving, delivering in order
// [SECTION] What a segment does when it is delivered

#include <algorithm>

#include "net_core.hpp"

namespace futurescope::detail {

// [SECTION] Names

const char *to_string(SegmentKind kind) noexcept {
    switch (kind) {
    case SegmentKind::syn:
        return "SYN";
    case SegmentKind::syn_ack:
        return "SYN-ACK";
    case SegmentKind::ack:
        return "ACK";
    case SegmentKind::refuse:
        return "RST (nothing listens)";
    case SegmentKind::data:
        return "data";
    case SegmentKind::fin:
        return "FIN";
    case SegmentKind::rst:
        return "RST";
    case SegmentKind::window:
        return "window update";
    }
    return "?";
}

namespace {

// Nanoseconds to put `bytes` on a link of `bandwidth` bytes per second, rounded up.
TimeNs wire_ns(std::uint64_t bytes, std::uint64_t bandwidth) noexcept {
    if (bandwidth == 0 || bytes == 0) {
        return 0;
    }
    constexpr std::uint64_t ns_per_s = 1'000'000'000;
    const std::uint64_t whole = bytes / bandwidth;
    const std::uint64_t rest = bytes % bandwidth;
    std::uint64_t frac;
    if (rest <= std::numeric_limits<std::uint64_t>::max() / ns_per_s) {
        frac = (rest * ns_per_s + bandwidth - 1) / bandwidth;
    } else {
        // Only for bandwidths above 18 GB/s; precision then matters less than range.
        frac = static_cast<std::uint64_t>(static_cast<long double>(rest) * ns_per_s /
                                          static_cast<long double>(bandwidth)) +
               1;
    }
    return static_cast<TimeNs>(whole * ns_per_s + frac);
}

std::uint64_t segment_arg(std::uint32_t conn, int dir, std::uint32_t seq) noexcept {
    return (static_cast<std::uint64_t>(conn) << 32) | (static_cast<std::uint64_t>(dir) << 31) |
           (seq & 0x7fffffffU);
}

} // namespace

// [SECTION] Segments: sending, arriving, delivering in order

void NetCore::send(Connection &c, int dir, SegmentKind kind, std::string data) {
    Pipe &p = c.pipe[dir];
    Link &l = links_[c.link];
    const int ldir = p.from == l.a ? 0 : 1;
    const LinkParams &lp = l.params;
    const TimeNs now = executor_->now();
    const std::uint64_t n = data.size();

    TimeNs depart = std::max(now, l.busy_until_ns[ldir]);
    const TimeNs wire = wire_ns(n, lp.bandwidth_bytes_per_s);
    l.busy_until_ns[ldir] = depart + wire;
    TimeNs transit = wire + lp.latency.count();
    // Draws only when the link has jitter or loss, so that a world without them leaves the
    // generator's sequence to others.
    if (lp.jitter.count() > 0) {
        transit += executor_->rng().uniform(0, lp.jitter.count());
    }
    if (lp.loss > 0.0) {
        const TimeNs rto = lp.retransmit_timeout.count() > 0
                               ? lp.retransmit_timeout.count()
                               : std::max<TimeNs>(200'000'000, 3 * lp.latency.count());
        // Bounded: with loss < 1 more than 64 losses in a row is beyond any seed's reach.
        for (int i = 0; i < 64 && executor_->rng().chance(lp.loss); ++i) {
            transit += rto;
        }
    }
    TimeNs arrival = depart + transit;
    for (const Window &w : l.partitions) {
        const bool overlaps = depart < w.to_ns && (arrival > w.from_ns || depart >= w.from_ns);
        if (!overlaps) {
            continue;
        }
        if (w.to_ns == never_ns) {
            arrival = never_ns;
            break;
        }
        // Lost in the partition, sent again when it heals.
        depart = w.to_ns;
        arrival = depart + transit;
    }
    if (p.last_arrival_ns == never_ns) {
        arrival = never_ns;
    } else if (arrival != never_ns) {
        arrival = std::max(arrival, p.last_arrival_ns);
    }
    p.last_arrival_ns = arrival;

    Segment seg;
    seg.kind = kind;
    seg.data = std::move(data);
    seg.seq = p.next_seq++;
    seg.arrival_ns = arrival;
    if (arrival != never_ns) {
        seg.timer = executor_->add_timer(
            arrival,
            Task(nullptr, 0),
            TimerAction{&NetCore::on_segment, this, segment_arg(c.id, dir, seg.seq)});
    }
    p.segments.push_back(std::move(seg));
    emit(NetEventKind::send, c, dir, n, to_string(kind));
}

void NetCore::on_segment(void *context, std::uint64_t arg) {
    auto *self = static_cast<NetCore *>(context);
    self->segment_arrived(static_cast<std::uint32_t>(arg >> 32),
                          static_cast<int>((arg >> 31) & 1U),
                          static_cast<std::uint32_t>(arg & 0x7fffffffU));
}

void NetCore::segment_arrived(std::uint32_t conn, int dir, std::uint32_t seq) {
    Connection &c = connection(conn);
    for (Segment &seg : c.pipe[dir].segments) {
        if ((seg.seq & 0x7fffffffU) == seq) {
            seg.arrived = true;
            seg.timer = {};
            break;
        }
    }
    drain(c, dir);
}

void NetCore::drain(Connection &c, int dir) {
    if (links_[c.link].held) {
        return;
    }
    Pipe &p = c.pipe[dir];
    // Bounded by the segments in the pipe; applying one never adds to this pipe's front.
    while (!p.segments.empty() && p.segments.front().arrived) {
        Segment seg = std::move(p.segments.front());
        p.segments.pop_front();
        apply(c, dir, seg);
    }
}

void NetCore::drop_unarrived(Pipe &p) noexcept {
    for (auto it = p.segments.begin(); it != p.segments.end();) {
        if (!it->arrived) {
            executor_->cancel_timer(it->timer);
            it = p.segments.erase(it);
        } else {
            ++it;
        }
    }
}

std::size_t NetCore::segments_in_flight() const noexcept {
    std::size_t n = 0;
    for (const auto &c : connections_) {
        n += c->pipe[0].segments.size() + c->pipe[1].segments.size();
    }
    return n;
}

// [SECTION] What a segment does when it is delivered

void NetCore::apply(Connection &c, int dir, Segment &seg) {
    const int rside = 1 - dir;
    Socket *sender = c.socket[dir] != 0 ? socket(c.socket[dir]) : nullptr;
    Socket *receiver = c.socket[rside] != 0 ? socket(c.socket[rside]) : nullptr;
    Host &rhost = hosts_[c.pipe[dir].to - 1];

    if (seg.kind == SegmentKind::data && sender != nullptr) {
        // The bytes left the sender's buffer: it may write again.
        sender->in_flight -= seg.data.size();
        if (send_free(*sender) > 0) {
            wake(sender->writer, sender->id, "send buffer space");
        }
    }
    if (!rhost.up) {
        emit(NetEventKind::deliver, c, rside, seg.data.size(), "dropped: host down");
        return;
    }

    switch (seg.kind) {
    case SegmentKind::syn:
        deliver_syn(c, dir, rhost);
        return;
    case SegmentKind::syn_ack:
        deliver_syn_ack(c, rside, receiver);
        return;
    case SegmentKind::ack:
        deliver_ack(c, rside, receiver);
        return;
    case SegmentKind::refuse:
        deliver_refuse(c, rside, receiver);
        return;
    case SegmentKind::data:
        if (receiver != nullptr && receiver->state == SocketState::established &&
            !receiver->closed) {
            receiver->recv.append(seg.data);
            emit(NetEventKind::deliver, c, rside, seg.data.size(), "data");
            wake(receiver->reader, receiver->id, "data arrived");
        } else {
            emit(NetEventKind::deliver, c, rside, seg.data.size(), "data discarded: socket closed");
        }
        return;
    case SegmentKind::fin:
        emit(NetEventKind::deliver, c, rside, 0, "FIN");
        if (receiver != nullptr && receiver->state == SocketState::established) {
            receiver->eof = true;
            wake(receiver->reader, receiver->id, "eof arrived");
        }
        return;
    case SegmentKind::rst:
        deliver_rst(c, rside, receiver);
        return;
    case SegmentKind::window:
        emit(NetEventKind::deliver, c, rside, 0, "window update");
        if (sender != nullptr) {
            sender->window_update_in_flight = false;
        }
        if (receiver != nullptr) {
            transmit(*receiver);
        }
        return;
    }
}

// A SYN makes the server's socket when something listens on its port, else it is refused.
void NetCore::deliver_syn(Connection &c, int dir, Host &rhost) {
    const int rside = 1 - dir;
    Listener *l = nullptr;
    if (auto it = rhost.listeners.find(c.server.port); it != rhost.listeners.end()) {
        l = listener(it->second);
    }
    if (l == nullptr || !l->open) {
        emit(NetEventKind::deliver, c, rside, 0, "SYN: nothing listens");
        send(c, 1, SegmentKind::refuse);
        return;
    }
    Socket &srv = new_socket(c, 1, c.pipe[dir].to);
    srv.state = SocketState::syn_received;
    srv.listener = l->id;
    emit(NetEventKind::deliver, c, rside, 0, "SYN");
    send(c, 1, SegmentKind::syn_ack);
}

void NetCore::deliver_syn_ack(Connection &c, int rside, Socket *receiver) {
    emit(NetEventKind::deliver, c, rside, 0, "SYN-ACK");
    if (receiver != nullptr && receiver->state == SocketState::connecting) {
        receiver->state = SocketState::established;
        executor_->cancel_timer(receiver->connect_timer);
        receiver->connect_timer = {};
        send(c, 0, SegmentKind::ack);
        emit(NetEventKind::connect, c, rside, 0, "established");
        wake(receiver->connector, receiver->id, "connection established");
    } else {
        // Nobody waits for it any more (the connect timed out or was dropped): tell the
        // server, whose half-open socket would otherwise wait for an ACK forever.
        send(c, 0, SegmentKind::rst);
    }
}

// The handshake's last ACK makes the server's socket ready to accept, if its listener is open.
void NetCore::deliver_ack(Connection &c, int rside, Socket *receiver) {
    if (receiver == nullptr || receiver->state != SocketState::syn_received) {
        return;
    }
    if (Listener *l = listener(receiver->listener); l != nullptr && l->open) {
        receiver->state = SocketState::established;
        l->ready.push_back(receiver->id);
        emit(NetEventKind::deliver, c, rside, 0, "ACK: connection ready to accept");
        wake(l->waker, l->id, "connection ready");
    } else {
        send(c, 1, SegmentKind::rst);
        fail(*receiver,
             SocketState::reset,
             IoError(IoErrorKind::connection_reset, "the listener was closed"),
             nullptr);
    }
}

void NetCore::deliver_refuse(Connection &c, int rside, Socket *receiver) {
    emit(NetEventKind::deliver, c, rside, 0, "RST: connection refused");
    if (receiver != nullptr && receiver->state == SocketState::connecting) {
        fail(*receiver,
             SocketState::refused,
             IoError(IoErrorKind::connection_refused,
                     "connection refused by " + c.server.describe()),
             "connection refused");
        emit(NetEventKind::connect, c, rside, 0, "refused");
    }
}

void NetCore::deliver_rst(Connection &c, int rside, Socket *receiver) {
    emit(NetEventKind::deliver, c, rside, 0, "RST");
    if (receiver != nullptr && (receiver->state == SocketState::established ||
                                receiver->state == SocketState::syn_received ||
                                receiver->state == SocketState::connecting)) {
        receiver->recv.clear();
        receiver->recv_pos = 0;
        fail(*receiver,
             SocketState::reset,
             IoError(IoErrorKind::connection_reset,
                     "connection reset by " + receiver->remote.describe()),
             "connection reset");
        emit(NetEventKind::reset, c, rside, 0, "reset by peer");
    }
}

} // namespace futurescope::detail
