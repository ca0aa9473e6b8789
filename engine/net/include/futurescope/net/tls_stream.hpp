// TlsStream: a TcpStream after a simulated TLS handshake (tokio-tls's `TlsStream`). Its writes
// go out as TLS records — the plaintext plus a fixed overhead (5-byte header, content type and
// 16-byte tag), at most 16 KiB each, each reported to the observer as a `tls` event with its size;
// its reads take records off the socket and hand back their plaintext. Nothing is encrypted: the
// simulation keeps the byte counts and the round trips of TLS 1.3, not its cryptography.
// The handshake futures that make one are in tls.hpp.
//
// [SECTION] Records and their sizes
// [SECTION] TlsStream
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "futurescope/net/io_error.hpp"
#include "futurescope/net/tcp_stream.hpp"
#include "futurescope/poll.hpp"

namespace futurescope {

// [SECTION] Records and their sizes

namespace tls {
inline constexpr std::size_t header_bytes = 5;
// Content type + authentication tag that each protected record adds after its plaintext.
inline constexpr std::size_t protection_bytes = 17;
inline constexpr std::size_t record_overhead_bytes = header_bytes + protection_bytes; // 22
inline constexpr std::size_t max_plaintext_bytes = 16384;

// The handshake's flights, in bytes on the wire (sizes of a typical TLS 1.3 handshake with a
// browser-sized, padded ClientHello and a two-certificate chain).
inline constexpr std::size_t client_hello_bytes = 517;
inline constexpr std::size_t server_hello_bytes = 128;
inline constexpr std::size_t change_cipher_spec_bytes = 6;
inline constexpr std::size_t server_encrypted_flight_bytes = 2800; // extensions…Finished
inline constexpr std::size_t server_flight_bytes =
    server_hello_bytes + change_cipher_spec_bytes + server_encrypted_flight_bytes; // 2934
inline constexpr std::size_t client_finished_bytes = 58;
inline constexpr std::size_t client_flight_bytes =
    change_cipher_spec_bytes + client_finished_bytes;                           // 64
inline constexpr std::size_t alert_bytes = header_bytes + 2 + protection_bytes; // 24

enum class ContentType : std::uint8_t {
    change_cipher_spec = 20,
    alert = 21,
    handshake = 22,
    application_data = 23,
};

enum class Alert : std::uint8_t { close_notify = 0, bad_certificate = 42 };
[[nodiscard]] const char *to_string(Alert alert) noexcept;

struct Record {
    ContentType type = ContentType::application_data;
    std::string body;
};

// A record's bytes on the wire: header, then `body` padded with zeros to `wire_bytes` in all.
[[nodiscard]] std::string
encode_record(ContentType type, std::string_view body, std::size_t wire_bytes);
// An application-data record: plaintext, then the protection bytes.
[[nodiscard]] std::string encode_data_record(std::string_view plaintext);
[[nodiscard]] std::string encode_alert(Alert alert);

// Takes whole records off a socket: keeps the bytes of a record not yet complete.
class RecordReader {
  public:
    RecordReader() = default;
    explicit RecordReader(std::string leftover) : raw_(std::move(leftover)) {}
    // Ready(record); Ready(nullopt) at a clean EOF (between records); NotReady (parked) until a
    // whole record is there; Err on a reset or an EOF inside a record.
    Poll<std::optional<Record>, IoError> poll_record(TcpStream &socket);
    [[nodiscard]] std::string take_leftover() && { return std::move(raw_); }

  private:
    std::string raw_;
};
} // namespace tls

// [SECTION] TlsStream

class TlsStream {
  public:
    TlsStream(TcpStream socket, std::string server_name, tls::RecordReader reader);
    TlsStream(TlsStream &&) noexcept = default;
    TlsStream &operator=(TlsStream &&) noexcept = default;

    // Plaintext as the socket's own reads answer it: Ready(n), Ready(0) at EOF (close_notify or
    // the socket's EOF), NotReady (parked), Err (a reset, an alert, a malformed record).
    Poll<std::size_t, IoError> poll_read(std::span<char> buffer);
    // Writes one record of up to 16 KiB of plaintext, whole, or nothing: NotReady (parked) until
    // the socket's send buffer has room for a record with at least one byte.
    Poll<std::size_t, IoError> poll_write(std::span<const char> bytes);
    // Queues close_notify (once there is room for it), then shuts the socket's writing half.
    Poll<Unit, IoError> poll_shutdown();

    [[nodiscard]] const std::string &server_name() const noexcept { return server_name_; }
    [[nodiscard]] TcpStream &get_ref() noexcept { return socket_; }
    [[nodiscard]] const TcpStream &get_ref() const noexcept { return socket_; }
    // "TlsStream(www.rust-lang.org, TcpStream#3(10.0.0.1:49152 -> 10.0.0.2:443))".
    [[nodiscard]] std::string describe() const;

  private:
    TcpStream socket_;
    std::string server_name_;
    tls::RecordReader reader_;
    std::string plaintext_;
    std::size_t plaintext_pos_ = 0;
    bool eof_ = false;
    bool close_notify_sent_ = false;
};

} // namespace futurescope
