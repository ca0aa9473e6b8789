// The virtual network's engine: world building, segments on links, delivery in order, the TCP
// state of each socket, listeners and faults. network.hpp states the model this implements.
//
// [SECTION] Names
// [SECTION] Building the world
// [SECTION] Faults
// [SECTION] Segments: sending, arriving, delivering in order
// [SECTION] What a segment does when it is delivered
// [SECTION] Sockets: connect, read, write, close
// [SECTION] Listeners
// [SECTION] Wakeups and events
// [SECTION] Network

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "net_core.hpp"

namespace futurescope {
namespace detail {

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

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

IoError gone() { return IoError(IoErrorKind::not_connected, "the network is gone"); }
IoError not_connected() {
    return IoError(IoErrorKind::not_connected, "the socket is not connected");
}

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

NetCore::NetCore(Executor &executor, NetConfig config) : executor_(&executor), config_(config) {
    if (config_.send_buffer_bytes == 0 || config_.recv_buffer_bytes == 0) {
        throw std::invalid_argument("socket buffers must hold at least one byte");
    }
    if (config_.connect_timeout.count() <= 0) {
        throw std::invalid_argument("the connect timeout must be positive");
    }
}

void NetCore::detach() noexcept {
    if (executor_ == nullptr) {
        return;
    }
    for (auto &c : connections_) {
        for (Pipe &p : c->pipe) {
            for (Segment &seg : p.segments) {
                executor_->cancel_timer(seg.timer);
            }
            p.segments.clear();
        }
    }
    for (auto &s : sockets_) {
        if (s) {
            executor_->cancel_timer(s->connect_timer);
            s->reader.reset();
            s->writer.reset();
            s->connector.reset();
        }
    }
    for (auto &l : listeners_) {
        if (l) {
            l->waker.reset();
        }
    }
    for (Fault &f : faults_) {
        executor_->cancel_timer(f.timer);
    }
    executor_ = nullptr;
}

// [SECTION] Building the world

HostId NetCore::add_host(std::string name, std::string address) {
    if (name.empty() || address.empty()) {
        throw std::invalid_argument("a host needs a name and an address");
    }
    if (name.find(':') != std::string::npos || address.find(':') != std::string::npos) {
        throw std::invalid_argument("a host's name and address cannot contain ':' (host " +
                                    quoted(name) + ")");
    }
    if (host_by_name_.count(name) != 0 || host_by_address_.count(name) != 0) {
        throw std::invalid_argument("duplicate host name " + quoted(name));
    }
    if (host_by_address_.count(address) != 0 ||
        (host_by_name_.count(address) != 0 && address != name)) {
        throw std::invalid_argument("duplicate host address " + quoted(address));
    }
    const auto id = static_cast<HostId>(hosts_.size() + 1);
    Host h;
    h.name = name;
    h.address = address;
    h.loopback_link = static_cast<std::uint32_t>(links_.size());
    links_.push_back(Link{id, id, LinkParams{}, {0, 0}, {}, false});
    hosts_.push_back(std::move(h));
    host_by_name_.emplace(std::move(name), id);
    host_by_address_.emplace(std::move(address), id);
    if (local_host_ == 0) {
        local_host_ = id;
    }
    return id;
}

HostId NetCore::host_id(std::string_view name) const {
    if (auto it = host_by_name_.find(name); it != host_by_name_.end()) {
        return it->second;
    }
    if (auto it = host_by_address_.find(name); it != host_by_address_.end()) {
        return it->second;
    }
    throw std::invalid_argument("unknown host " + quoted(name));
}

void NetCore::add_link(std::string_view a, std::string_view b, const LinkParams &params) {
    const HostId ha = host_id(a);
    const HostId hb = host_id(b);
    if (ha == hb) {
        throw std::invalid_argument("a link joins two different hosts, not " + quoted(a) +
                                    " and itself");
    }
    const auto key = std::minmax(ha, hb);
    if (link_by_hosts_.count(key) != 0) {
        throw std::invalid_argument("duplicate link between " + quoted(a) + " and " + quoted(b));
    }
    if (params.latency.count() < 0 || params.jitter.count() < 0 ||
        params.retransmit_timeout.count() < 0) {
        throw std::invalid_argument(
            "link latency, jitter and retransmit timeout cannot be negative");
    }
    if (!(params.loss >= 0.0 && params.loss < 1.0)) {
        throw std::invalid_argument(
            "link loss must be in [0, 1): a lost segment is sent again, so a loss of 1 would "
            "never deliver it");
    }
    link_by_hosts_.emplace(key, static_cast<std::uint32_t>(links_.size()));
    links_.push_back(Link{ha, hb, params, {0, 0}, {}, false});
}

std::uint32_t NetCore::link_index(std::string_view a, std::string_view b) const {
    const HostId ha = host_id(a);
    const HostId hb = host_id(b);
    auto it = link_by_hosts_.find(std::minmax(ha, hb));
    if (it == link_by_hosts_.end()) {
        throw std::invalid_argument("no link between " + quoted(a) + " and " + quoted(b));
    }
    return it->second;
}

bool NetCore::has_route(HostId a, HostId b) const {
    return a == b || link_by_hosts_.count(std::minmax(a, b)) != 0;
}

Link &NetCore::link_between(HostId a, HostId b) {
    if (a == b) {
        return links_[hosts_[a - 1].loopback_link];
    }
    return links_[link_by_hosts_.at(std::minmax(a, b))];
}

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

void NetCore::set_local_host(std::string_view name) { local_host_ = host_id(name); }

Result<SocketAddr, IoError> NetCore::resolve(std::string_view target) const {
    std::optional<HostPort> hp = split_host_port(target);
    if (!hp) {
        return Err<IoError>{
            IoError(IoErrorKind::invalid_input, "invalid socket address: " + std::string(target))};
    }
    HostId h = 0;
    if (hp->host.empty()) {
        h = local_host_;
        if (h == 0) {
            return Err<IoError>{IoError(IoErrorKind::not_found, "the network has no hosts")};
        }
    } else if (auto it = host_by_name_.find(hp->host); it != host_by_name_.end()) {
        h = it->second;
    } else if (auto it2 = host_by_address_.find(hp->host); it2 != host_by_address_.end()) {
        h = it2->second;
    } else {
        return Err<IoError>{
            IoError(IoErrorKind::not_found, "no host named " + std::string(hp->host))};
    }
    return Ready<SocketAddr>{SocketAddr{hosts_[h - 1].address, hp->port}};
}

std::size_t NetCore::segments_in_flight() const noexcept {
    std::size_t n = 0;
    for (const auto &c : connections_) {
        n += c->pipe[0].segments.size() + c->pipe[1].segments.size();
    }
    return n;
}

std::uint16_t NetCore::ephemeral_port(Host &h) {
    // Bounded: at most every port of the range is tried once.
    for (int tries = 0; tries < 65536 - 49152; ++tries) {
        std::uint16_t port = h.next_port;
        h.next_port = h.next_port == 65535 ? 49152 : static_cast<std::uint16_t>(h.next_port + 1);
        if (h.listeners.count(port) == 0) {
            return port;
        }
    }
    return 0;
}

void NetCore::add_service(std::string_view host, ServiceSpec spec) {
    const HostId h = host_id(host);
    if (spec.port == 0) {
        throw std::invalid_argument("a service needs a port (host " + quoted(host) + ")");
    }
    for (const ServiceSpec &other : hosts_[h - 1].services) {
        if (other.port == spec.port) {
            throw std::invalid_argument("host " + quoted(host) + " already serves port " +
                                        std::to_string(spec.port));
        }
    }
    hosts_[h - 1].services.push_back(spec);
    if (hosts_[h - 1].up && !start_service(h, hosts_[h - 1].services.back())) {
        throw std::invalid_argument("cannot serve on " + hosts_[h - 1].address + ":" +
                                    std::to_string(spec.port) + ": the port is in use");
    }
}

// [SECTION] Faults

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
    case SegmentKind::syn: {
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
        return;
    }
    case SegmentKind::syn_ack:
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
        return;
    case SegmentKind::ack:
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
        return;
    case SegmentKind::refuse:
        emit(NetEventKind::deliver, c, rside, 0, "RST: connection refused");
        if (receiver != nullptr && receiver->state == SocketState::connecting) {
            fail(*receiver,
                 SocketState::refused,
                 IoError(IoErrorKind::connection_refused,
                         "connection refused by " + c.server.describe()),
                 "connection refused");
            emit(NetEventKind::connect, c, rside, 0, "refused");
        }
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

// [SECTION] Sockets: connect, read, write, close

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
        return Err<IoError>{gone()};
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
    s.connect_timer = executor_->add_timer(executor_->now() + config_.connect_timeout.count(),
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
        return Err<IoError>{gone()};
    }
    switch (s->state) {
    case SocketState::connecting:
        s->connector.emplace(park(HeldBy{SourceKind::io, id, "connect"}));
        return not_ready;
    case SocketState::established:
        return ready();
    default:
        return Err<IoError>{s->error.value_or(not_connected())};
    }
}

Poll<std::size_t, IoError> NetCore::read(std::uint32_t id, std::span<char> buffer) {
    Socket *s = socket(id);
    if (!attached() || s == nullptr) {
        return Err<IoError>{gone()};
    }
    if (s->error) {
        return Err<IoError>{*s->error};
    }
    if (s->state != SocketState::established) {
        return Err<IoError>{not_connected()};
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
        return Err<IoError>{gone()};
    }
    if (s->error) {
        return Err<IoError>{*s->error};
    }
    if (s->write_shut) {
        return Err<IoError>{
            IoError(IoErrorKind::broken_pipe, "the socket was shut down for writing")};
    }
    if (s->state != SocketState::established) {
        return Err<IoError>{not_connected()};
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
        return Err<IoError>{gone()};
    }
    if (s->error) {
        return Err<IoError>{*s->error};
    }
    if (s->state != SocketState::established) {
        return Err<IoError>{not_connected()};
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

// [SECTION] Listeners

Result<TcpListener, IoError> NetCore::bind(std::string_view address) {
    if (!attached()) {
        return Err<IoError>{gone()};
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
        return Err<IoError>{gone()};
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

// [SECTION] Wakeups and events

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

} // namespace detail

// [SECTION] Network

Network::Network(Executor &executor, NetConfig config)
    : core_(std::make_shared<detail::NetCore>(executor, config)) {}

Network::~Network() { core_->detach(); }

HostId Network::add_host(std::string name, std::string address) {
    return core_->add_host(std::move(name), std::move(address));
}

void Network::add_link(std::string_view a, std::string_view b, LinkParams params) {
    core_->add_link(a, b, params);
}

void Network::partition(std::string_view a,
                        std::string_view b,
                        std::chrono::nanoseconds from,
                        std::chrono::nanoseconds to) {
    core_->partition(a, b, from.count(), to.count());
}

void Network::hold(std::string_view a, std::string_view b) { core_->set_held(a, b, true); }

void Network::release(std::string_view a, std::string_view b) { core_->set_held(a, b, false); }

void Network::hold(std::string_view a,
                   std::string_view b,
                   std::chrono::nanoseconds from,
                   std::chrono::nanoseconds to) {
    core_->schedule_hold(a, b, from.count(), to.count());
}

void Network::crash(std::string_view host) { core_->crash(core_->host_id(host)); }

void Network::crash(std::string_view host, std::chrono::nanoseconds at) {
    core_->schedule(detail::FaultKind::crash, core_->host_id(host), at.count());
}

void Network::restart(std::string_view host) { core_->restart(core_->host_id(host)); }

void Network::restart(std::string_view host, std::chrono::nanoseconds at) {
    core_->schedule(detail::FaultKind::restart, core_->host_id(host), at.count());
}

void Network::serve_http(std::string_view host, std::uint16_t port, HttpOptions options) {
    core_->add_service(host, ServiceSpec{ServiceKind::http, port, std::move(options)});
}

void Network::serve_https(std::string_view host, std::uint16_t port, HttpOptions options) {
    core_->add_service(host, ServiceSpec{ServiceKind::https, port, std::move(options)});
}

void Network::serve_echo(std::string_view host, std::uint16_t port) {
    core_->add_service(host, ServiceSpec{ServiceKind::echo, port, {}});
}

void Network::serve_welcome(std::string_view host, std::uint16_t port) {
    core_->add_service(host, ServiceSpec{ServiceKind::welcome, port, {}});
}

void Network::set_local_host(std::string_view name) { core_->set_local_host(name); }

Result<SocketAddr, IoError> Network::resolve(std::string_view target) const {
    return core_->resolve(target);
}

std::string Network::local_host() const {
    const HostId h = core_->local_host();
    return h == 0 ? std::string() : core_->host(h).name;
}

bool Network::host_up(std::string_view host) const { return core_->host(core_->host_id(host)).up; }

std::size_t Network::segments_in_flight() const { return core_->segments_in_flight(); }

Executor &Network::executor() const noexcept { return core_->executor(); }

const NetConfig &Network::config() const noexcept { return core_->config(); }

} // namespace futurescope
