// The TCP handles (TcpStream, TcpListener) and the Connect future: thin layers over NetCore,
// which holds every socket's state.

#include <utility>

#include "futurescope/net/connect.hpp"
#include "futurescope/net/network.hpp"
#include "futurescope/net/tcp_listener.hpp"
#include "futurescope/net/tcp_stream.hpp"
#include "net_core.hpp"

namespace futurescope {

namespace {
IoError no_socket() { return IoError(IoErrorKind::not_connected, "the socket is not connected"); }
} // namespace

// [SECTION] TcpStream

TcpStream::TcpStream(std::shared_ptr<detail::NetCore> core, std::uint32_t id) noexcept
    : core_(std::move(core)), id_(id) {}

TcpStream::TcpStream(TcpStream &&other) noexcept
    : core_(std::move(other.core_)), id_(std::exchange(other.id_, 0)) {}

TcpStream &TcpStream::operator=(TcpStream &&other) noexcept {
    if (this != &other) {
        release();
        core_ = std::move(other.core_);
        id_ = std::exchange(other.id_, 0);
    }
    return *this;
}

TcpStream::~TcpStream() { release(); }

void TcpStream::release() noexcept {
    if (core_ != nullptr && id_ != 0) {
        core_->release_socket(id_);
    }
    core_.reset();
    id_ = 0;
}

Connect TcpStream::connect(Network &network, std::string target, std::string from) {
    return Connect(network.core(), std::move(target), std::move(from));
}

Poll<std::size_t, IoError> TcpStream::poll_read(std::span<char> buffer) {
    if (!valid()) {
        return Err<IoError>{no_socket()};
    }
    return core_->read(id_, buffer);
}

Poll<std::size_t, IoError> TcpStream::poll_write(std::span<const char> bytes) {
    if (!valid()) {
        return Err<IoError>{no_socket()};
    }
    return core_->write(id_, bytes);
}

Poll<std::size_t, IoError> TcpStream::poll_write_ready(std::size_t min_bytes) {
    if (!valid()) {
        return Err<IoError>{no_socket()};
    }
    return core_->write_ready(id_, min_bytes);
}

Poll<Unit, IoError> TcpStream::poll_shutdown() { return shutdown().into_poll(); }

Result<Unit, IoError> TcpStream::shutdown() {
    if (!valid()) {
        return Err<IoError>{no_socket()};
    }
    return core_->shutdown(id_);
}

void TcpStream::reset() {
    if (valid()) {
        core_->reset(id_);
    }
}

SocketAddr TcpStream::local_addr() const {
    const detail::Socket *s = valid() ? core_->find_socket(id_) : nullptr;
    return s != nullptr ? s->local : SocketAddr{};
}

SocketAddr TcpStream::peer_addr() const {
    const detail::Socket *s = valid() ? core_->find_socket(id_) : nullptr;
    return s != nullptr ? s->remote : SocketAddr{};
}

std::size_t TcpStream::send_buffer_free() const {
    const detail::Socket *s = valid() ? core_->find_socket(id_) : nullptr;
    return s != nullptr && s->usable() && !s->write_shut ? core_->send_free(*s) : 0;
}

std::size_t TcpStream::bytes_readable() const {
    const detail::Socket *s = valid() ? core_->find_socket(id_) : nullptr;
    return s != nullptr ? s->buffered() : 0;
}

std::string TcpStream::describe() const {
    const detail::Socket *s = valid() ? core_->find_socket(id_) : nullptr;
    if (s == nullptr) {
        return "TcpStream(none)";
    }
    return "TcpStream#" + std::to_string(id_) + "(" + s->local_text + " -> " + s->remote_text + ")";
}

void TcpStream::report_tls(std::uint64_t bytes, const char *detail) const {
    if (valid()) {
        core_->report_tls(id_, bytes, detail);
    }
}

// [SECTION] Connect

Connect::Connect(std::shared_ptr<detail::NetCore> core, std::string target, std::string from)
    : core_(std::move(core)), target_(std::move(target)), from_(std::move(from)) {}

void Connect::set_state(State s) noexcept {
    observe_state(obs_, static_cast<int>(state_), static_cast<int>(s));
    state_ = s;
}

Poll<TcpStream, IoError> Connect::poll_inner() {
    switch (state_) {
    case State::idle: {
        Result<TcpStream, IoError> r = core_->start_connect(target_, from_);
        if (r.is_err()) {
            set_state(State::done);
            return Err<IoError>{std::move(r).error()};
        }
        socket_ = std::move(r).value();
        set_state(State::connecting);
        // The SYN is on its way: the poll below parks until an answer (or the timeout) arrives.
        [[fallthrough]];
    }
    case State::connecting: {
        Poll<Unit, IoError> p = core_->poll_connect(socket_.id());
        if (p.is_not_ready()) {
            return not_ready;
        }
        set_state(State::done);
        if (p.is_err()) {
            socket_ = TcpStream();
            return Err<IoError>{std::move(p).error()};
        }
        return Ready<TcpStream>{std::move(socket_)};
    }
    case State::done:
        break;
    }
    throw Panic("can't poll TCP stream twice");
}

// [SECTION] TcpListener

TcpListener::TcpListener(std::shared_ptr<detail::NetCore> core, std::uint32_t id) noexcept
    : core_(std::move(core)), id_(id) {}

TcpListener::TcpListener(TcpListener &&other) noexcept
    : core_(std::move(other.core_)), id_(std::exchange(other.id_, 0)) {}

TcpListener &TcpListener::operator=(TcpListener &&other) noexcept {
    if (this != &other) {
        release();
        core_ = std::move(other.core_);
        id_ = std::exchange(other.id_, 0);
    }
    return *this;
}

TcpListener::~TcpListener() { release(); }

void TcpListener::release() noexcept {
    if (core_ != nullptr && id_ != 0) {
        core_->release_listener(id_);
    }
    core_.reset();
    id_ = 0;
}

Result<TcpListener, IoError> TcpListener::bind(Network &network, std::string_view address) {
    return network.core()->bind(address);
}

SocketAddr TcpListener::local_addr() const {
    const detail::Listener *l = valid() ? core_->find_listener(id_) : nullptr;
    return l != nullptr ? l->addr : SocketAddr{};
}

Poll<std::pair<TcpStream, SocketAddr>, IoError> TcpListener::poll_accept() {
    if (!valid()) {
        return Err<IoError>{IoError(IoErrorKind::not_connected, "the listener is closed")};
    }
    return core_->accept(id_);
}

std::string TcpListener::describe() const {
    const detail::Listener *l = valid() ? core_->find_listener(id_) : nullptr;
    if (l == nullptr) {
        return "TcpListener(none)";
    }
    return "TcpListener#" + std::to_string(id_) + "(" + l->addr_text + ")";
}

} // namespace futurescope
