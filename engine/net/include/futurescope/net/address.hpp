// SocketAddr: a host's address and a port, "10.0.0.2:443" (Rust's `SocketAddr`). A Network
// resolves "name:port" or "address:port" into one (`Network::resolve`, Rust's `to_socket_addrs`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace futurescope {

struct SocketAddr {
    std::string ip; // the host's address, "10.0.0.2"
    std::uint16_t port = 0;

    [[nodiscard]] std::string describe() const { return ip + ":" + std::to_string(port); }

    friend bool operator==(const SocketAddr &, const SocketAddr &) = default;
    friend auto operator<=>(const SocketAddr &, const SocketAddr &) = default;
};

// "host:port" split at its last ':'; nullopt when there is no ':' or the port is not a number in
// 0…65535. The host part may be empty (":8080": the local host).
struct HostPort {
    std::string_view host;
    std::uint16_t port = 0;
};
[[nodiscard]] std::optional<HostPort> split_host_port(std::string_view text) noexcept;

} // namespace futurescope
