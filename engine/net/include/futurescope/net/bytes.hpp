// Bytes: the byte buffer that the virtual network's reads and writes carry (Rust's `Vec<u8>` in
// tokio-core's `write_all` and `read_to_end`). It is its own type, not a std::vector, so that it
// reads in a trace as quoted text — "GET / HTTP/1.0\r\n…" — rather than a list of numbers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace futurescope {

class Bytes {
  public:
    Bytes() = default;
    Bytes(std::string s) : data_(std::move(s)) {} // NOLINT(google-explicit-constructor)
    Bytes(std::string_view s) : data_(s) {}       // NOLINT(google-explicit-constructor)
    Bytes(const char *s) : data_(s) {}            // NOLINT(google-explicit-constructor)
    Bytes(const char *s, std::size_t n) : data_(s, n) {}

    [[nodiscard]] std::size_t size() const noexcept { return data_.size(); }
    [[nodiscard]] bool empty() const noexcept { return data_.empty(); }
    [[nodiscard]] const char *data() const noexcept { return data_.data(); }
    [[nodiscard]] char *data() noexcept { return data_.data(); }
    [[nodiscard]] std::string_view view() const noexcept { return data_; }
    [[nodiscard]] const std::string &str() const &noexcept { return data_; }
    [[nodiscard]] std::string str() &&noexcept { return std::move(data_); }

    void append(std::string_view s) { data_.append(s); }
    void resize(std::size_t n) { data_.resize(n); }
    void clear() noexcept { data_.clear(); }

    // The trace's text: the first bytes quoted, with escapes for control characters and for bytes
    // that are not UTF-8 (so the text is always valid UTF-8), then "… N more bytes".
    [[nodiscard]] std::string describe() const;

    friend bool operator==(const Bytes &, const Bytes &) = default;
    friend bool operator==(const Bytes &a, std::string_view b) noexcept { return a.view() == b; }
    friend bool operator==(const Bytes &a, const std::string &b) noexcept { return a.view() == b; }
    friend bool operator==(const Bytes &a, const char *b) noexcept { return a.view() == b; }

  private:
    std::string data_;
};

// describe() for raw bytes that are not held in a Bytes (a TLS record, a socket's buffer).
[[nodiscard]] std::string describe_bytes(std::string_view bytes, std::size_t limit = 64);

} // namespace futurescope
