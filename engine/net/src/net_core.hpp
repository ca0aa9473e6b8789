// The state behind Network and its handles: hosts, links, connections, sockets, listeners and
// the segments in flight. Private to futurescope_net; network.hpp describes the model.
//
// [SECTION] Segments and pipes
// [SECTION] Sockets and listeners
// [SECTION] Hosts, links and faults
// [SECTION] NetCore
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/net/network.hpp"
#include "futurescope/net/tcp_listener.hpp"
#include "futurescope/net/tcp_stream.hpp"
#include "futurescope/observe/observe.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope::detail {

inline constexpr TimeNs never_ns = std::numeric_limits<TimeNs>::max();

// What a handle's operation returns once the Network is gone, and on a socket that is not (or
// no longer) connected.
[[nodiscard]] inline IoError network_gone_error() {
    return IoError(IoErrorKind::not_connected, "the network is gone");
}
[[nodiscard]] inline IoError not_connected_error() {
    return IoError(IoErrorKind::not_connected, "the socket is not connected");
}

// [SECTION] Segments and pipes

enum class SegmentKind : std::uint8_t { syn, syn_ack, ack, refuse, data, fin, rst, window };
[[nodiscard]] const char *to_string(SegmentKind kind) noexcept;

struct Segment {
    SegmentKind kind = SegmentKind::data;
    std::string data;
    std::uint32_t seq = 0;
    TimeNs arrival_ns = 0;
    bool arrived = false; // its timer fired; it waits for its predecessors or a held link
    TimerHandle timer;
};

// One direction of one connection. Segments are handed to the receiver strictly in the order
// they were sent, whatever their timers do: this is what keeps the byte stream ordered.
struct Pipe {
    HostId from = 0;
    HostId to = 0;
    std::deque<Segment> segments;
    std::uint32_t next_seq = 0;
    TimeNs last_arrival_ns = 0;
};

struct Connection {
    std::uint32_t id = 0;
    std::uint32_t link = 0;           // index into links_
    std::uint32_t socket[2] = {0, 0}; // [0] the client's, [1] the server's (0 until the SYN lands)
    SocketAddr server;
    SocketAddr client;
    Pipe pipe[2]; // [0] client → server, [1] server → client
};

// [SECTION] Sockets and listeners

enum class SocketState : std::uint8_t {
    connecting,   // client: SYN sent
    syn_received, // server: SYN-ACK sent, waiting for the ACK
    established,
    refused,   // client: RST answered the SYN
    timed_out, // client: no answer within the connect timeout
    reset,     // RST received or sent
    aborted,   // its host crashed
};

struct Socket {
    std::uint32_t id = 0;
    std::uint32_t conn = 0;
    int side = 0; // 0 client, 1 server
    HostId host = 0;
    SocketAddr local;
    SocketAddr remote;
    std::string local_text;
    std::string remote_text;
    SocketState state = SocketState::connecting;
    bool closed = false; // its handle is gone: what arrives is discarded
    std::uint32_t listener = 0;

    std::string recv;
    std::size_t recv_pos = 0;
    bool eof = false;
    std::optional<IoError> error;

    std::string send_queue;    // written, not yet sent
    std::size_t in_flight = 0; // sent, not yet arrived
    bool write_shut = false;
    bool fin_sent = false;
    bool window_blocked = false;          // bytes wait for the peer to read
    bool window_update_in_flight = false; // this socket told its peer it read

    std::optional<Task> reader;
    std::optional<Task> writer;
    std::optional<Task> connector;
    TimerHandle connect_timer;

    [[nodiscard]] std::size_t buffered() const noexcept { return recv.size() - recv_pos; }
    [[nodiscard]] bool usable() const noexcept { return state == SocketState::established; }
};

struct Listener {
    std::uint32_t id = 0;
    HostId host = 0;
    SocketAddr addr;
    std::string addr_text;
    std::deque<std::uint32_t> ready; // established, not yet accepted
    std::optional<Task> waker;
    bool open = true;
    std::optional<IoError> error;
};

// [SECTION] Hosts, links and faults

struct Window {
    TimeNs from_ns;
    TimeNs to_ns;
};

struct Link {
    HostId a = 0;
    HostId b = 0;
    LinkParams params;
    TimeNs busy_until_ns[2] = {0, 0}; // per direction: a → b, b → a
    std::vector<Window> partitions;   // sorted by start
    bool held = false;
};

struct Host {
    std::string name;
    std::string address;
    bool up = true;
    std::map<std::uint16_t, std::uint32_t> listeners; // port → listener id
    std::uint16_t next_port = 49152;
    std::vector<ServiceSpec> services;
    std::uint32_t loopback_link = 0;
};

// partition and heal only report a window's edges: send() applies the windows themselves.
enum class FaultKind : std::uint8_t { hold, release, crash, restart, partition, heal };

struct Fault {
    FaultKind kind;
    std::uint32_t target; // link index or host id
    TimerHandle timer;
};

// [SECTION] NetCore

class NetCore : public std::enable_shared_from_this<NetCore> {
  public:
    NetCore(Executor &executor, NetConfig config);

    // The Network is going away: cancel every timer, release every task handle; from now on the
    // handles' operations fail with NotConnected.
    void detach() noexcept;
    [[nodiscard]] bool attached() const noexcept { return executor_ != nullptr; }
    [[nodiscard]] Executor &executor() const noexcept { return *executor_; }
    [[nodiscard]] const NetConfig &config() const noexcept { return config_; }

    // World building (network.hpp).
    HostId add_host(std::string name, std::string address);
    void add_link(std::string_view a, std::string_view b, const LinkParams &params);
    void partition(std::string_view a, std::string_view b, TimeNs from_ns, TimeNs to_ns);
    void set_held(std::string_view a, std::string_view b, bool held);
    void schedule_hold(std::string_view a, std::string_view b, TimeNs from_ns, TimeNs to_ns);
    void crash(HostId host);
    void restart(HostId host);
    void schedule(FaultKind kind, std::uint32_t target, TimeNs at_ns);
    void add_service(std::string_view host, ServiceSpec spec);
    // Binds the service's port and spawns its daemon task (services.cpp). Returns false when the
    // port cannot be bound.
    bool start_service(HostId host, const ServiceSpec &spec);
    void set_local_host(std::string_view name);
    [[nodiscard]] HostId host_id(std::string_view name) const; // throws when unknown
    [[nodiscard]] std::uint32_t link_index(std::string_view a, std::string_view b) const;

    [[nodiscard]] Result<SocketAddr, IoError> resolve(std::string_view target) const;
    [[nodiscard]] HostId local_host() const noexcept { return local_host_; }
    [[nodiscard]] const Host &host(HostId id) const { return hosts_[id - 1]; }
    [[nodiscard]] std::size_t segments_in_flight() const noexcept;

    // Sockets (tcp.cpp calls these).
    Result<TcpStream, IoError> start_connect(std::string_view target, std::string_view from);
    Poll<Unit, IoError> poll_connect(std::uint32_t socket);
    Poll<std::size_t, IoError> read(std::uint32_t socket, std::span<char> buffer);
    Poll<std::size_t, IoError> write(std::uint32_t socket, std::span<const char> bytes);
    Poll<std::size_t, IoError> write_ready(std::uint32_t socket, std::size_t min_bytes);
    Result<Unit, IoError> shutdown(std::uint32_t socket);
    void reset(std::uint32_t socket);
    void release_socket(std::uint32_t socket) noexcept;
    [[nodiscard]] const Socket *find_socket(std::uint32_t id) const noexcept;
    [[nodiscard]] std::size_t send_free(const Socket &s) const noexcept;

    // Listeners.
    Result<TcpListener, IoError> bind(std::string_view address);
    Poll<std::pair<TcpStream, SocketAddr>, IoError> accept(std::uint32_t listener);
    void release_listener(std::uint32_t listener) noexcept;
    [[nodiscard]] const Listener *find_listener(std::uint32_t id) const noexcept;

    // A TLS record or milestone, reported on the socket it travels on.
    void report_tls(std::uint32_t socket, std::uint64_t bytes, const char *detail) const;

  private:
    // Timer actions.
    static void on_segment(void *context, std::uint64_t arg);
    static void on_connect_timeout(void *context, std::uint64_t arg);
    static void on_fault(void *context, std::uint64_t arg);

    Socket *socket(std::uint32_t id) noexcept;
    Listener *listener(std::uint32_t id) noexcept;
    Socket &new_socket(Connection &c, int side, HostId host);
    Connection &connection(std::uint32_t id) { return *connections_[id - 1]; }
    Link &link_between(HostId a, HostId b);
    [[nodiscard]] bool has_route(HostId a, HostId b) const;

    void send(Connection &c, int dir, SegmentKind kind, std::string data = {});
    void segment_arrived(std::uint32_t conn, int dir, std::uint32_t seq);
    void drain(Connection &c, int dir);
    void apply(Connection &c, int dir, Segment &seg);
    void deliver_syn(Connection &c, int dir, Host &rhost);
    void deliver_syn_ack(Connection &c, int rside, Socket *receiver);
    void deliver_ack(Connection &c, int rside, Socket *receiver);
    void deliver_refuse(Connection &c, int rside, Socket *receiver);
    void deliver_rst(Connection &c, int rside, Socket *receiver);
    void transmit(Socket &s);
    void fail(Socket &s, SocketState state, IoError error, const char *via);
    void close_listener(Listener &l, const IoError *error, const char *via);
    void hold_link(std::uint32_t link);
    void release_link(std::uint32_t link);
    void drop_unarrived(Pipe &p) noexcept;
    std::uint16_t ephemeral_port(Host &h);

    void wake(std::optional<Task> &slot, std::uint32_t source, const char *via);
    // An event about the socket on `side` of `c` (its id may still be 0: a refused SYN).
    void emit(NetEventKind kind,
              const Connection &c,
              int side,
              std::uint64_t bytes,
              const char *detail) const;
    void emit_listener(NetEventKind kind, const Listener &l, const char *detail) const;
    // A fault's event: on a link (local and remote are its hosts' names) or on a host.
    void emit_link(NetEventKind kind, std::uint32_t link, const char *detail) const;
    void emit_host(NetEventKind kind, HostId host, const char *detail) const;
    [[nodiscard]] Observer *observer() const noexcept;

    Executor *executor_;
    NetConfig config_;
    std::vector<Host> hosts_;
    std::map<std::string, HostId, std::less<>> host_by_name_;
    std::map<std::string, HostId, std::less<>> host_by_address_;
    std::vector<Link> links_;
    std::map<std::pair<HostId, HostId>, std::uint32_t> link_by_hosts_;
    std::vector<std::unique_ptr<Connection>> connections_;
    // Sockets and listeners share one id space (1, 2, …), so that an event's id names one thing.
    std::vector<std::unique_ptr<Socket>> sockets_;
    std::vector<std::unique_ptr<Listener>> listeners_;
    std::vector<Fault> faults_;
    HostId local_host_ = 0;
};

} // namespace futurescope::detail
