// The streaming writers of the trace document: a buffered byte sink (a file or a string), and two
// encoders with the same interface, JSON text and CBOR, that write values straight into it.
// Nothing is built in memory first: an event costs a few hundred bytes of buffer and no
// allocation. Private to the trace library.
//
// [SECTION] ByteSink
// [SECTION] UTF-8
// [SECTION] JsonEncoder
// [SECTION] CborEncoder
// [SECTION] Events
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "schema.hpp"

namespace futurescope::trace::detail {

// [SECTION] ByteSink

// Bytes go to a 64 KiB buffer and from there to the file (unbuffered stdio underneath), a string
// or a stream. A failed write is remembered (errno) and every later byte is dropped: the recorder's
// callbacks must not throw, so finish() reports it.
class ByteSink {
  public:
    static constexpr std::size_t buffer_size = 64 * 1024;

    explicit ByteSink(std::FILE *file);
    explicit ByteSink(std::string *memory);
    explicit ByteSink(std::ostream *stream);
    ByteSink(const ByteSink &) = delete;
    ByteSink &operator=(const ByteSink &) = delete;

    void put(char c) {
        if (pos_ == buffer_size) [[unlikely]] {
            flush();
        }
        buf_[pos_++] = c;
    }
    void write(const char *p, std::size_t n) {
        if (n <= buffer_size - pos_) [[likely]] {
            std::memcpy(buf_.get() + pos_, p, n);
            pos_ += n;
        } else {
            write_slow(p, n);
        }
    }
    void write(std::string_view s) { write(s.data(), s.size()); }
    // `n` (≤ 64) contiguous bytes to fill; then advance() by what was used.
    char *room(std::size_t n) {
        if (buffer_size - pos_ < n) [[unlikely]] {
            flush();
        }
        return buf_.get() + pos_;
    }
    void advance(std::size_t n) noexcept { pos_ += n; }

    [[nodiscard]] std::uint64_t offset() const noexcept { return flushed_ + pos_; }
    // Writes the buffer out.
    void flush();
    // Overwrites bytes already written (after flush()).
    void patch(std::uint64_t at, const char *p, std::size_t n);
    // errno of the first failed write, 0 when none failed.
    [[nodiscard]] int error() const noexcept { return error_; }

  private:
    void write_slow(const char *p, std::size_t n);
    void emit(const char *p, std::size_t n);

    std::FILE *file_ = nullptr;
    std::string *memory_ = nullptr;
    std::ostream *stream_ = nullptr;
    std::unique_ptr<char[]> buf_;
    std::size_t pos_ = 0;
    std::uint64_t flushed_ = 0;
    int error_ = 0;
};

// [SECTION] UTF-8

// `s` itself when it is valid UTF-8; otherwise a copy in `scratch` with each invalid byte
// replaced by U+FFFD. Both encodings then carry the same text, and JSON readers accept it.
[[nodiscard]] std::string_view valid_utf8(std::string_view s, std::string &scratch);

// [SECTION] JsonEncoder

class JsonEncoder {
  public:
    explicit JsonEncoder(ByteSink &out) : out_(out) {}

    // `n` is the number of members or elements (CBOR needs it; JSON ignores it). A multiline
    // container puts each member on a line of its own: one event per line.
    void begin_object(std::size_t n, bool multiline = false);
    void end_object();
    void begin_array(std::size_t n, bool multiline = false);
    void end_array();
    void key(std::string_view k) {
        separate();
        out_.put('"');
        out_.write(k);
        out_.write("\":", 2);
        after_key_ = true;
    }
    void uint(std::uint64_t v) {
        separate();
        char *p = out_.room(24);
        out_.advance(static_cast<std::size_t>(std::to_chars(p, p + 24, v).ptr - p));
    }
    void integer(std::int64_t v) {
        separate();
        char *p = out_.room(24);
        out_.advance(static_cast<std::size_t>(std::to_chars(p, p + 24, v).ptr - p));
    }
    void boolean(bool v) {
        separate();
        out_.write(v ? std::string_view("true") : std::string_view("false"));
    }
    void null() {
        separate();
        out_.write("null", 4);
    }
    void text(std::string_view s);
    // A text known to be plain ASCII without quotes, backslashes or control characters (names
    // of kinds and states of the format itself).
    void ascii(std::string_view s) {
        separate();
        out_.put('"');
        out_.write(s);
        out_.put('"');
    }

    // The events array, whose length is known only at the end.
    void begin_open_array() { begin_array(0, true); }
    void end_open_array(std::uint64_t) { end_array(); }
    // What is left to do once the whole document is out (CBOR patches the events' count).
    void complete() { out_.flush(); }

  private:
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (depth_ > 0 && depth_ <= static_cast<int>(levels_.size())) {
            Level &l = levels_[static_cast<std::size_t>(depth_ - 1)];
            if (!l.first) {
                out_.put(',');
            }
            if (l.multiline) {
                out_.put('\n');
            }
            l.first = false;
        }
    }
    void push(bool multiline);

    struct Level {
        bool first = true;
        bool multiline = false;
    };
    ByteSink &out_;
    std::array<Level, 16> levels_{}; // the documents nest 4 levels deep; deeper ones stay flat
    int depth_ = 0;
    bool after_key_ = false;
    std::string scratch_;
};

// [SECTION] CborEncoder

// RFC 8949, definite lengths and shortest heads everywhere except the events array, whose head
// is written as a 9-byte placeholder and patched at the end (still a valid CBOR head).
class CborEncoder {
  public:
    explicit CborEncoder(ByteSink &out) : out_(out) {}

    void begin_object(std::size_t n, bool = false) { head(5, n); }
    void end_object() {}
    void begin_array(std::size_t n, bool = false) { head(4, n); }
    void end_array() {}
    void key(std::string_view k) { ascii(k); }
    void uint(std::uint64_t v) { head(0, v); }
    void integer(std::int64_t v) {
        if (v >= 0) {
            head(0, static_cast<std::uint64_t>(v));
        } else {
            head(1, static_cast<std::uint64_t>(-(v + 1)));
        }
    }
    void boolean(bool v) { out_.put(static_cast<char>(v ? 0xf5 : 0xf4)); }
    void null() { out_.put(static_cast<char>(0xf6)); }
    void text(std::string_view s) { ascii(valid_utf8(s, scratch_)); }
    void ascii(std::string_view s) {
        head(3, s.size());
        out_.write(s);
    }

    void begin_open_array();
    void end_open_array(std::uint64_t count) { open_count_ = count; }
    void complete();

  private:
    void head(unsigned major, std::uint64_t v) {
        char *p = out_.room(9);
        auto m = static_cast<unsigned char>(major << 5);
        if (v < 24) {
            p[0] = static_cast<char>(m | v);
            out_.advance(1);
        } else if (v <= 0xff) {
            p[0] = static_cast<char>(m | 24);
            p[1] = static_cast<char>(v);
            out_.advance(2);
        } else if (v <= 0xffff) {
            p[0] = static_cast<char>(m | 25);
            p[1] = static_cast<char>(v >> 8);
            p[2] = static_cast<char>(v);
            out_.advance(3);
        } else if (v <= 0xffffffff) {
            p[0] = static_cast<char>(m | 26);
            for (int i = 0; i < 4; ++i) {
                p[1 + i] = static_cast<char>(v >> (24 - 8 * i));
            }
            out_.advance(5);
        } else {
            p[0] = static_cast<char>(m | 27);
            for (int i = 0; i < 8; ++i) {
                p[1 + i] = static_cast<char>(v >> (56 - 8 * i));
            }
            out_.advance(9);
        }
    }

    ByteSink &out_;
    std::uint64_t open_array_at_ = 0;
    std::uint64_t open_count_ = 0;
    bool open_array_ = false;
    std::string scratch_;
};

// [SECTION] Events

// One event object: seq, t, kind, then the kind's fields in the schema's order (optional texts
// only when not empty).
template <class Enc>
void write_event(Enc &enc, std::uint64_t seq, const EventOut &e) {
    const KindSpec &spec = kind_spec(e.kind);
    std::size_t members = 3;
    for (Field f : spec.fields) {
        const FieldSpec &fs = field_spec(f);
        if (field_present(e, fs)) {
            ++members;
        }
    }
    enc.begin_object(members);
    enc.key("seq");
    enc.uint(seq);
    enc.key("t");
    enc.integer(e.t);
    enc.key("kind");
    enc.ascii(spec.name);
    for (Field f : spec.fields) {
        const FieldSpec &fs = field_spec(f);
        switch (fs.type) {
        case FieldType::id32:
        case FieldType::count:
            if (field_present(e, fs)) {
                enc.key(fs.name);
                enc.uint(static_cast<std::uint64_t>(int_slot(e, fs.slot)));
            }
            break;
        case FieldType::int64:
            enc.key(fs.name);
            enc.integer(int_slot(e, fs.slot));
            break;
        case FieldType::text: {
            std::string_view s = text_slot(e, fs.slot);
            if (!fs.optional || !s.empty()) {
                enc.key(fs.name);
                enc.text(s);
            }
            break;
        }
        case FieldType::boolean:
            enc.key(fs.name);
            enc.boolean(e.flag);
            break;
        case FieldType::poll_result:
            enc.key(fs.name);
            enc.ascii(poll_result_name(e.code));
            break;
        case FieldType::unpark_outcome:
            enc.key(fs.name);
            enc.ascii(unpark_outcome_name(e.code));
            break;
        case FieldType::source_kind:
            enc.key(fs.name);
            enc.ascii(source_kind_name(e.source));
            break;
        }
    }
    enc.end_object();
}

} // namespace futurescope::trace::detail
