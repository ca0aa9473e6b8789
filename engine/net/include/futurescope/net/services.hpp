// The built-in services a scenario can put on a host: a static HTTP page server, the same over
// simulated TLS, an echo server and the tutorial's welcome server ("Hello!\n", then close).
// `Network::serve_http` and its siblings start one; each runs as daemon tasks made of the
// engine's own futures (Incoming, read_until, write_all, TlsAccept, …), so their polls show in a
// trace like any other task's. This header holds what a scenario configures and the HTTP text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace futurescope {

enum class ServiceKind : std::uint8_t { http, https, echo, welcome };
[[nodiscard]] const char *to_string(ServiceKind kind) noexcept;

struct HttpOptions {
    // The page served at "/"; empty: a small HTML page naming the host.
    std::string body{};
    std::string content_type = "text/html; charset=utf-8";
    // https only: the name the certificate is issued for; empty: the host's name. A client that
    // expects another name fails its handshake with TlsNameMismatch.
    std::string cert_name{};
};

struct ServiceSpec {
    ServiceKind kind = ServiceKind::http;
    std::uint16_t port = 0;
    HttpOptions http{};
};

// The page a server on `host_name` shows when no body is configured.
[[nodiscard]] std::string default_page(std::string_view host_name);

// The HTTP/1.0 answer of the page servers to one request (its bytes up to the blank line):
// "GET / HTTP/1.x" gives 200 with `body`; another path 404; anything else 400. Every answer
// carries Content-Type, Content-Length and "Connection: close", as the server closes after it.
[[nodiscard]] std::string
http_response(std::string_view request, std::string_view body, std::string_view content_type);

// The welcome server's greeting (the tutorial's `write_all(socket, b"Hello!\n")`).
inline constexpr std::string_view welcome_text = "Hello!\n";

} // namespace futurescope
