// The virtual network's core and its public face: NetCore's life (made by Network, detached when
// the Network goes) and Network's methods, each a call into NetCore. network.hpp states the model.
//
// NetCore's members live in one file per job: hosts.cpp (the world, names, ports, services),
// faults.cpp, delivery.cpp (segments on links and what each does when delivered), sockets.cpp,
// listeners.cpp and net_events.cpp (wakeups and the observer's events). services.cpp, tcp.cpp
// and tls.cpp build on them.

#include <stdexcept>

#include "net_core.hpp"

namespace futurescope {
namespace detail {

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
