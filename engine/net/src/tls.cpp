// Simulated TLS: records on the wire, the client and server handshakes, and TlsStream.
//
// [SECTION] Records
// [SECTION] Writing a flight
// [SECTION] Client handshake
// [SECTION] Server handshake
// [SECTION] TlsStream

#include <algorithm>
#include <cstring>

#include "futurescope/net/tls.hpp"
#include "futurescope/net/tls_stream.hpp"

namespace futurescope {

// [SECTION] Records

namespace tls {

namespace {
constexpr std::string_view client_hello_tag = "ClientHello server_name=";
constexpr std::string_view server_hello_tag = "ServerHello";
constexpr std::string_view server_flight_tag = "EncryptedExtensions Certificate subject=";
constexpr std::string_view finished_tag = "Finished";

// The text of a handshake body, up to its zero padding.
std::string_view text_of(const std::string &body) {
    std::string_view v(body);
    return v.substr(0, std::min(v.find('\0'), v.size()));
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}
} // namespace

const char *to_string(Alert alert) noexcept {
    switch (alert) {
    case Alert::close_notify:
        return "close_notify";
    case Alert::bad_certificate:
        return "bad_certificate";
    }
    return "unknown";
}

std::string encode_record(ContentType type, std::string_view body, std::size_t wire_bytes) {
    const std::size_t body_bytes =
        std::max(body.size(), wire_bytes > header_bytes ? wire_bytes - header_bytes : 0);
    std::string out;
    out.reserve(header_bytes + body_bytes);
    out += static_cast<char>(type);
    out += '\x03'; // legacy version 3.3, as TLS 1.3 records carry
    out += '\x03';
    out += static_cast<char>((body_bytes >> 8) & 0xFFU);
    out += static_cast<char>(body_bytes & 0xFFU);
    out.append(body);
    out.resize(header_bytes + body_bytes, '\0');
    return out;
}

std::string encode_data_record(std::string_view plaintext) {
    std::string body(plaintext);
    body += static_cast<char>(ContentType::application_data); // the inner content type
    body.append(protection_bytes - 1, '\0');                  // the authentication tag
    return encode_record(ContentType::application_data, body, 0);
}

std::string encode_alert(Alert alert) {
    std::string body;
    body += static_cast<char>(alert == Alert::close_notify ? 1 : 2); // warning / fatal
    body += static_cast<char>(alert);
    body.append(protection_bytes, '\0');
    return encode_record(ContentType::alert, body, 0);
}

Poll<std::optional<Record>, IoError> RecordReader::poll_record(TcpStream &socket) {
    // Each pass returns or appends at least one byte; the peer sends finitely many.
    for (;;) {
        if (raw_.size() >= header_bytes) {
            const std::size_t body_bytes =
                (static_cast<std::size_t>(static_cast<unsigned char>(raw_[3])) << 8) |
                static_cast<unsigned char>(raw_[4]);
            if (raw_.size() >= header_bytes + body_bytes) {
                Record r;
                r.type = static_cast<ContentType>(static_cast<unsigned char>(raw_[0]));
                r.body = raw_.substr(header_bytes, body_bytes);
                raw_.erase(0, header_bytes + body_bytes);
                return ready(std::optional<Record>(std::move(r)));
            }
        }
        char buffer[4096];
        Poll<std::size_t, IoError> p = socket.poll_read(std::span<char>(buffer, sizeof buffer));
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<IoError>{std::move(p).error()};
        }
        if (p.value() == 0) {
            if (raw_.empty()) {
                return ready(std::optional<Record>());
            }
            return Err<IoError>{
                IoError(IoErrorKind::unexpected_eof, "the connection closed inside a TLS record")};
        }
        raw_.append(buffer, p.value());
    }
}

// [SECTION] Writing a flight

namespace {

// Writes `out` into the socket, as much as fits; Ready once all of it is queued.
Poll<Unit, IoError> flush(TcpStream &socket, std::string &out) {
    while (!out.empty()) {
        Poll<std::size_t, IoError> p = socket.poll_write(std::span<const char>(out));
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<IoError>{std::move(p).error()};
        }
        out.erase(0, p.value());
    }
    return ready();
}

IoError closed_during_handshake(const char *who) {
    return IoError(IoErrorKind::tls_handshake,
                   std::string("the ") + who + " closed the connection during the handshake");
}

IoError alert_error(const char *who, const Record &r) {
    const auto desc = r.body.size() >= 2 ? static_cast<Alert>(static_cast<unsigned char>(r.body[1]))
                                         : Alert::bad_certificate;
    return IoError(IoErrorKind::tls_handshake,
                   std::string("the ") + who + " sent alert " + to_string(desc));
}

} // namespace
} // namespace tls

// [SECTION] Client handshake

void TlsHandshake::set_state(State s) noexcept {
    observe_state(obs_, static_cast<int>(state_), static_cast<int>(s));
    state_ = s;
}

Poll<TlsStream, IoError> TlsHandshake::poll_inner() {
    using namespace tls;
    if (state_ == State::done) {
        throw Panic("cannot poll MidHandshake twice");
    }
    TcpStream &socket = *socket_;
    auto fail = [this](IoError e) -> Poll<TlsStream, IoError> {
        set_state(State::done);
        return Err<IoError>{std::move(e)};
    };
    // Each pass moves the state forward or returns.
    for (;;) {
        switch (state_) {
        case State::send_hello: {
            if (!flight_queued_) {
                out_ = encode_record(ContentType::handshake,
                                     std::string(client_hello_tag) + domain_,
                                     client_hello_bytes);
                socket.report_tls(out_.size(), "ClientHello");
                flight_queued_ = true;
            }
            Poll<Unit, IoError> p = flush(socket, out_);
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return fail(std::move(p).error());
            }
            set_state(State::await_server);
            break;
        }
        case State::await_server: {
            Poll<std::optional<Record>, IoError> p = reader_.poll_record(socket);
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return fail(std::move(p).error());
            }
            if (!p.value()) {
                return fail(closed_during_handshake("server"));
            }
            const Record &r = *p.value();
            if (r.type == ContentType::alert) {
                return fail(alert_error("server", r));
            }
            std::string_view text = text_of(r.body);
            if (r.type != ContentType::application_data || !starts_with(text, server_flight_tag)) {
                break; // ServerHello, ChangeCipherSpec: the certificate comes next
            }
            text.remove_prefix(server_flight_tag.size());
            const std::string cert(text.substr(0, text.find(' ')));
            if (cert != domain_) {
                // Tell the server why, as a TLS client does, then give up.
                std::string alert = encode_alert(Alert::bad_certificate);
                socket.report_tls(alert.size(), "alert bad_certificate");
                (void)flush(socket, alert);
                return fail(IoError(IoErrorKind::tls_name_mismatch,
                                    "the certificate is for " + cert + ", not " + domain_));
            }
            out_ = encode_record(ContentType::change_cipher_spec, "\x01", change_cipher_spec_bytes);
            socket.report_tls(change_cipher_spec_bytes, "ChangeCipherSpec");
            out_ +=
                encode_record(ContentType::application_data, finished_tag, client_finished_bytes);
            socket.report_tls(client_finished_bytes, "Finished");
            set_state(State::send_finished);
            break;
        }
        case State::send_finished: {
            Poll<Unit, IoError> p = flush(socket, out_);
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return fail(std::move(p).error());
            }
            set_state(State::done);
            socket.report_tls(0, "handshake done");
            TlsStream stream(std::move(socket), domain_, std::move(reader_));
            socket_.reset();
            return Ready<TlsStream>{std::move(stream)};
        }
        case State::done:
            throw Panic("cannot poll MidHandshake twice");
        }
    }
}

// [SECTION] Server handshake

void TlsAccept::set_state(State s) noexcept {
    observe_state(obs_, static_cast<int>(state_), static_cast<int>(s));
    state_ = s;
}

Poll<TlsStream, IoError> TlsAccept::poll_inner() {
    using namespace tls;
    if (state_ == State::done) {
        throw Panic("cannot poll MidHandshake twice");
    }
    TcpStream &socket = *socket_;
    auto fail = [this](IoError e) -> Poll<TlsStream, IoError> {
        set_state(State::done);
        return Err<IoError>{std::move(e)};
    };
    // Each pass moves the state forward, consumes a record, or returns.
    for (;;) {
        switch (state_) {
        case State::await_hello: {
            Poll<std::optional<Record>, IoError> p = reader_.poll_record(socket);
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return fail(std::move(p).error());
            }
            if (!p.value()) {
                return fail(closed_during_handshake("client"));
            }
            std::string_view text = text_of(p.value()->body);
            if (p.value()->type != ContentType::handshake || !starts_with(text, client_hello_tag)) {
                return fail(IoError(IoErrorKind::tls_handshake, "expected a ClientHello"));
            }
            sni_ = std::string(text.substr(client_hello_tag.size()));
            out_ = encode_record(ContentType::handshake, server_hello_tag, server_hello_bytes);
            socket.report_tls(server_hello_bytes, "ServerHello");
            out_ +=
                encode_record(ContentType::change_cipher_spec, "\x01", change_cipher_spec_bytes);
            socket.report_tls(change_cipher_spec_bytes, "ChangeCipherSpec");
            out_ += encode_record(ContentType::application_data,
                                  std::string(server_flight_tag) + cert_name_ +
                                      " CertificateVerify Finished",
                                  server_encrypted_flight_bytes);
            socket.report_tls(server_encrypted_flight_bytes,
                              "EncryptedExtensions, Certificate, CertificateVerify, Finished");
            set_state(State::send_flight);
            break;
        }
        case State::send_flight: {
            Poll<Unit, IoError> p = flush(socket, out_);
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return fail(std::move(p).error());
            }
            set_state(State::await_finished);
            break;
        }
        case State::await_finished: {
            Poll<std::optional<Record>, IoError> p = reader_.poll_record(socket);
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return fail(std::move(p).error());
            }
            if (!p.value()) {
                return fail(closed_during_handshake("client"));
            }
            const Record &r = *p.value();
            if (r.type == ContentType::alert) {
                return fail(alert_error("client", r));
            }
            if (r.type != ContentType::application_data || text_of(r.body) != finished_tag) {
                break; // ChangeCipherSpec: Finished comes next
            }
            set_state(State::done);
            socket.report_tls(0, "handshake done");
            TlsStream stream(std::move(socket), sni_, std::move(reader_));
            socket_.reset();
            return Ready<TlsStream>{std::move(stream)};
        }
        case State::done:
            throw Panic("cannot poll MidHandshake twice");
        }
    }
}

// [SECTION] TlsStream

TlsStream::TlsStream(TcpStream socket, std::string server_name, tls::RecordReader reader)
    : socket_(std::move(socket)), server_name_(std::move(server_name)), reader_(std::move(reader)) {
}

Poll<std::size_t, IoError> TlsStream::poll_read(std::span<char> buffer) {
    using namespace tls;
    // Each pass returns or takes one record off the socket.
    for (;;) {
        if (plaintext_pos_ < plaintext_.size()) {
            const std::size_t n = std::min(buffer.size(), plaintext_.size() - plaintext_pos_);
            std::memcpy(buffer.data(), plaintext_.data() + plaintext_pos_, n);
            plaintext_pos_ += n;
            return Ready<std::size_t>{n};
        }
        if (eof_ || buffer.empty()) {
            return Ready<std::size_t>{0};
        }
        Poll<std::optional<Record>, IoError> p = reader_.poll_record(socket_);
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<IoError>{std::move(p).error()};
        }
        if (!p.value()) {
            eof_ = true; // the socket's EOF without close_notify: read as an EOF too
            return Ready<std::size_t>{0};
        }
        Record &r = *p.value();
        if (r.type == ContentType::alert) {
            if (r.body.size() >= 2 &&
                static_cast<Alert>(static_cast<unsigned char>(r.body[1])) == Alert::close_notify) {
                eof_ = true;
                return Ready<std::size_t>{0};
            }
            return Err<IoError>{alert_error("peer", r)};
        }
        if (r.type != ContentType::application_data || r.body.size() < protection_bytes) {
            return Err<IoError>{IoError(IoErrorKind::invalid_data, "malformed TLS record")};
        }
        r.body.resize(r.body.size() - protection_bytes);
        plaintext_ = std::move(r.body);
        plaintext_pos_ = 0;
    }
}

Poll<std::size_t, IoError> TlsStream::poll_write(std::span<const char> bytes) {
    using namespace tls;
    if (bytes.empty()) {
        return Ready<std::size_t>{0};
    }
    Poll<std::size_t, IoError> w = socket_.poll_write_ready(record_overhead_bytes + 1);
    if (!w.is_ready()) {
        return w;
    }
    if (w.value() <= record_overhead_bytes) {
        return Err<IoError>{
            IoError(IoErrorKind::other, "the send buffer is too small for a TLS record")};
    }
    const std::size_t n =
        std::min({bytes.size(), max_plaintext_bytes, w.value() - record_overhead_bytes});
    const std::string record = encode_data_record(std::string_view(bytes.data(), n));
    socket_.report_tls(record.size(), "application data");
    // The record fits the free space just checked, so the socket takes all of it.
    Poll<std::size_t, IoError> p = socket_.poll_write(std::span<const char>(record));
    if (p.is_err()) {
        return p;
    }
    return Ready<std::size_t>{n};
}

Poll<Unit, IoError> TlsStream::poll_shutdown() {
    using namespace tls;
    if (!close_notify_sent_) {
        Poll<std::size_t, IoError> w = socket_.poll_write_ready(alert_bytes);
        if (w.is_not_ready()) {
            return not_ready;
        }
        if (w.is_err()) {
            return Err<IoError>{std::move(w).error()};
        }
        const std::string alert = encode_alert(Alert::close_notify);
        socket_.report_tls(alert.size(), "alert close_notify");
        (void)socket_.poll_write(std::span<const char>(alert));
        close_notify_sent_ = true;
    }
    return socket_.poll_shutdown();
}

std::string TlsStream::describe() const {
    return "TlsStream(" + server_name_ + ", " + socket_.describe() + ")";
}

} // namespace futurescope
