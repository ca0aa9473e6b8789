// How the network's values read: byte buffers in a trace, error kinds, "host:port".
//
// [SECTION] Bytes
// [SECTION] Error kinds
// [SECTION] Addresses

#include <charconv>
#include <cstdio>

#include "futurescope/net/address.hpp"
#include "futurescope/net/bytes.hpp"
#include "futurescope/net/io_error.hpp"

namespace futurescope {

// [SECTION] Bytes

namespace {

bool continuation(unsigned char c) noexcept { return (c & 0xC0U) == 0x80U; }

// The length of the valid UTF-8 sequence at s[i], or 0 when the byte there does not start one.
std::size_t utf8_length(std::string_view s, std::size_t i) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        lo = b0 == 0xE0 ? 0xA0 : 0x80; // no overlong forms
        hi = b0 == 0xED ? 0x9F : 0xBF; // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        lo = b0 == 0xF0 ? 0x90 : 0x80;
        hi = b0 == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + n > s.size()) {
        return 0;
    }
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) {
        return 0;
    }
    for (std::size_t k = 2; k < n; ++k) {
        if (!continuation(static_cast<unsigned char>(s[i + k]))) {
            return 0;
        }
    }
    return n;
}

} // namespace

// Not core's describe_detail::quote, on purpose: bytes from a socket need not be text. An invalid
// UTF-8 byte or DEL is written as \xNN where quote would copy it raw, a character is never cut in
// two, and a long buffer ends after `limit` bytes with a count of the rest. On valid text
// without DEL, up to the limit, both write the same.
std::string describe_bytes(std::string_view bytes, std::size_t limit) {
    std::string out = "\"";
    std::size_t i = 0;
    // Whole characters only: a multi-byte character is never cut in two.
    while (i < bytes.size() && i < limit) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c >= 0x80) {
                if (std::size_t n = utf8_length(bytes, i); n != 0) {
                    out.append(bytes.substr(i, n));
                    i += n;
                    continue;
                }
            }
            if (c < 0x20 || c >= 0x7F) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
        ++i;
    }
    out += '"';
    if (i < bytes.size()) {
        out += "… " + std::to_string(bytes.size() - i) + " more bytes";
    }
    return out;
}

std::string Bytes::describe() const { return describe_bytes(data_); }

// [SECTION] Error kinds

const char *to_string(IoErrorKind kind) noexcept {
    switch (kind) {
    case IoErrorKind::connection_refused:
        return "ConnectionRefused";
    case IoErrorKind::connection_reset:
        return "ConnectionReset";
    case IoErrorKind::connection_aborted:
        return "ConnectionAborted";
    case IoErrorKind::not_connected:
        return "NotConnected";
    case IoErrorKind::address_in_use:
        return "AddrInUse";
    case IoErrorKind::address_not_available:
        return "AddrNotAvailable";
    case IoErrorKind::not_found:
        return "NotFound";
    case IoErrorKind::host_unreachable:
        return "HostUnreachable";
    case IoErrorKind::broken_pipe:
        return "BrokenPipe";
    case IoErrorKind::timed_out:
        return "TimedOut";
    case IoErrorKind::unexpected_eof:
        return "UnexpectedEof";
    case IoErrorKind::write_zero:
        return "WriteZero";
    case IoErrorKind::invalid_input:
        return "InvalidInput";
    case IoErrorKind::invalid_data:
        return "InvalidData";
    case IoErrorKind::tls_name_mismatch:
        return "TlsNameMismatch";
    case IoErrorKind::tls_handshake:
        return "TlsHandshake";
    case IoErrorKind::other:
        return "Other";
    }
    return "Other";
}

// [SECTION] Addresses

std::optional<HostPort> split_host_port(std::string_view text) noexcept {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == text.size()) {
        return std::nullopt;
    }
    std::string_view digits = text.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || value > 65535) {
        return std::nullopt;
    }
    return HostPort{text.substr(0, colon), static_cast<std::uint16_t>(value)};
}

} // namespace futurescope
