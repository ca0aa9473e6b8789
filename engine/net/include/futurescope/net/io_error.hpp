// IoError: how an operation of the virtual network fails (Rust's `io::Error`): a kind that code
// matches on and a message for a learner. describe() reads "ConnectionRefused: connection refused
// by 10.0.0.2:80"; the kinds are named as Rust's `io::ErrorKind`, plus two for simulated TLS.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace futurescope {

enum class IoErrorKind : std::uint8_t {
    connection_refused,    // nothing listens at the address
    connection_reset,      // the peer reset the connection (or its host crashed)
    connection_aborted,    // the local host crashed under the socket
    not_connected,         // the socket is not (or no longer) connected
    address_in_use,        // bind: something already listens there
    address_not_available, // bind: no such local host
    not_found,             // a name that does not resolve
    host_unreachable,      // no link between the two hosts
    broken_pipe,           // write after shutdown
    timed_out,             // connect could not reach the peer in time
    unexpected_eof,        // the stream ended before the bytes asked for
    write_zero,            // a write accepted nothing
    invalid_input,         // a malformed address
    invalid_data,          // a malformed TLS record
    tls_name_mismatch,     // the server's certificate names another host
    tls_handshake,         // any other TLS handshake failure (an alert, a closed connection)
    other,
};

// "ConnectionRefused", "TimedOut", "TlsNameMismatch", …
[[nodiscard]] const char *to_string(IoErrorKind kind) noexcept;

struct IoError {
    IoErrorKind kind = IoErrorKind::other;
    std::string message;

    IoError() = default;
    IoError(IoErrorKind k, std::string m) : kind(k), message(std::move(m)) {}

    [[nodiscard]] std::string describe() const {
        return std::string(to_string(kind)) + ": " + message;
    }

    friend bool operator==(const IoError &, const IoError &) = default;
};

} // namespace futurescope
