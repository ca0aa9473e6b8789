// The virtual network's world: hosts with their names and addresses, the links between them,
// name resolution, ports and services.

#include <algorithm>
#include <stdexcept>

#include "net_core.hpp"

namespace futurescope::detail {

namespace {

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

} // namespace

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

} // namespace futurescope::detail
