// The virtual network of the simulation: hosts with names and addresses, links between them with
// latency, bandwidth, seeded jitter and loss, and the faults a lesson schedules — partitions
// during time windows, a link's messages held until released, hosts that crash and restart.
// Sockets (TcpStream, TcpListener) live in it; every delivery is a timer of the executor, so the
// clock, the trace and the scheduling policy treat the network like any other source of wakeups.
//
// Determinism: every random draw (jitter, loss) goes through `executor.rng()`, in the order
// segments are sent; deliveries fire in (deadline, creation) order; nothing iterates an unordered
// container. The same world and seed give the same delivery times, byte for byte.
//
// The model, in short (each rule is tested in tests/net):
//   - A segment sent at t over a link leaves when the link is free (bandwidth serializes the
//     segments of one direction), takes bytes/bandwidth to put on the wire, then `latency`, plus
//     a uniform draw in [0, jitter]. Each loss draw that hits adds one retransmit timeout. A
//     segment whose transit overlaps a partition window is sent again when the window ends.
//   - The byte stream stays reliable and ordered: one connection's segments are delivered in the
//     order they were sent, never lost, duplicated or reordered (a late one holds up the next).
//   - connect: SYN, SYN-ACK, ACK. The client's connect completes after one round trip; the
//     server's listener yields the socket when the ACK arrives. Nothing listening: RST, and
//     connect fails with ConnectionRefused after one round trip. No answer within the connect
//     timeout (a partition, a crashed host): TimedOut.
//   - A socket's send buffer holds what was written and has not yet arrived at the peer; a write
//     into a full buffer returns NotReady and parks the writer until bytes arrive ("send buffer
//     space"). The receiver's buffer bounds what is in flight (TCP's window): a reader that does
//     not read stops the sender, and reading sends a window update back.
//   - Closing (shutdown, or destroying the handle) sends FIN after the queued bytes: the peer
//     reads them, then EOF. reset() sends RST: the peer's next read or write fails with
//     ConnectionReset, and what it had not read is discarded.
//   - A crashing host resets all its sockets (its own operations fail with ConnectionAborted, its
//     peers get RST one latency later) and closes its listeners; segments arriving at a crashed
//     host are dropped. A restart starts the host's services again.
//
// [SECTION] Parameters
// [SECTION] Network
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "futurescope/executor/executor.hpp"
#include "futurescope/net/address.hpp"
#include "futurescope/net/io_error.hpp"
#include "futurescope/net/services.hpp"
#include "futurescope/poll.hpp"

namespace futurescope {

namespace detail {
class NetCore;
}

// [SECTION] Parameters

using HostId = std::uint32_t; // 1, 2, … in the order hosts are added

struct LinkParams {
    std::chrono::nanoseconds latency{0};     // one way
    std::uint64_t bandwidth_bytes_per_s = 0; // 0: unlimited
    std::chrono::nanoseconds jitter{0};      // each segment takes up to this much longer, uniformly
    double loss = 0.0;                       // the chance that one transmission is lost, in [0, 1)
    // How long a lost transmission takes to be sent again; 0: max(200 ms, 3 × latency), after
    // Linux's minimum retransmission timeout.
    std::chrono::nanoseconds retransmit_timeout{0};
};

struct NetConfig {
    std::size_t send_buffer_bytes = 64 * 1024; // per socket
    std::size_t recv_buffer_bytes = 64 * 1024; // per socket: the most a peer has in flight
    std::chrono::nanoseconds connect_timeout = std::chrono::seconds(10);
};

// [SECTION] Network

class Network {
  public:
    // A partition or hold window that never ends.
    static constexpr std::chrono::nanoseconds forever{std::numeric_limits<std::int64_t>::max()};

    // The network delivers through `executor`'s timers: it must be created after the executor
    // and destroyed before it (declare it after). Handles (sockets, listeners) may outlive the
    // Network: once it is gone their operations fail with NotConnected.
    explicit Network(Executor &executor, NetConfig config = {});
    ~Network();
    Network(const Network &) = delete;
    Network &operator=(const Network &) = delete;

    // World building. Errors in a world's description throw std::invalid_argument with a message
    // naming what is wrong ("unknown host 'db'"); the scenario loader reports them with the JSON
    // path. Times (`from`, `to`, `at`) are virtual times since the executor started.
    HostId add_host(std::string name, std::string address);
    void add_link(std::string_view a, std::string_view b, LinkParams params = {});
    // Nothing crosses the link between `a` and `b` during [from, to): a segment whose transit
    // overlaps the window is sent again when it ends. Applies to segments sent after this call.
    void partition(std::string_view a,
                   std::string_view b,
                   std::chrono::nanoseconds from,
                   std::chrono::nanoseconds to);
    // Holds the messages of the link between `a` and `b`: they arrive but are not handed to the
    // sockets until release(), which delivers them in order. Now, or during [from, to).
    void hold(std::string_view a, std::string_view b);
    void release(std::string_view a, std::string_view b);
    void hold(std::string_view a,
              std::string_view b,
              std::chrono::nanoseconds from,
              std::chrono::nanoseconds to);
    // A host crashes (now, or at a virtual time) and restarts, which starts its services again.
    void crash(std::string_view host);
    void crash(std::string_view host, std::chrono::nanoseconds at);
    void restart(std::string_view host);
    void restart(std::string_view host, std::chrono::nanoseconds at);
    // Services (services.hpp): bound at once, run as daemon tasks.
    void serve_http(std::string_view host, std::uint16_t port, HttpOptions options = {});
    void serve_https(std::string_view host, std::uint16_t port, HttpOptions options = {});
    void serve_echo(std::string_view host, std::uint16_t port);
    void serve_welcome(std::string_view host, std::uint16_t port);
    // The host that connect() and bind() use when not told (by default the first host added).
    void set_local_host(std::string_view name);

    // "www.rust-lang.org:443" or "10.0.0.2:443" → 10.0.0.2:443; ":80" names the local host.
    [[nodiscard]] Result<SocketAddr, IoError> resolve(std::string_view target) const;
    [[nodiscard]] std::string local_host() const;
    [[nodiscard]] bool host_up(std::string_view host) const;
    // Segments sent and not yet handed to their socket (for tests and the stepper).
    [[nodiscard]] std::size_t segments_in_flight() const;
    [[nodiscard]] Executor &executor() const noexcept;
    [[nodiscard]] const NetConfig &config() const noexcept;
    // What the socket handles hold.
    [[nodiscard]] const std::shared_ptr<detail::NetCore> &core() const noexcept { return core_; }

  private:
    std::shared_ptr<detail::NetCore> core_;
};

} // namespace futurescope
