// The streaming writers of the trace document: a buffered byte sink (a file or a string), and two
// encoders with the same interface, JSON text and CBOR, that write values straight into it.
// Nothing is built in memory first: an event costs a few hundred bytes of buffer and no
// allocation. Private to the trace library.
//
// [SECTION] ByteSink
// [SECTION] UTF-8
// [SECTION] Short texts
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
#include <utility>

#include "schema.hpp"

namespace futurescope::trace::detail {

// [SECTION] ByteSink

// A short text pre-encoded at compile time (see Short texts) in a 16-byte slot.
struct ShortText {
    char bytes[16] = {};
    std::uint8_t size = 0;
};

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
    // A pre-encoded short text: all 16 bytes are copied, `size` of them kept.
    void write(const ShortText &t) {
        if (buffer_size - pos_ < sizeof t.bytes) [[unlikely]] {
            flush();
        }
        std::memcpy(buf_.get() + pos_, t.bytes, sizeof t.bytes);
        pos_ += t.size;
    }
    // `n` (≤ buffer_size) contiguous bytes to fill; then advance() by what was used.
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
// The check starts with the ASCII bytes inline: most texts are short and plain.
[[nodiscard]] std::string_view
valid_utf8_rest(std::string_view s, std::size_t i, std::string &scratch);
[[nodiscard]] inline std::string_view valid_utf8(std::string_view s, std::string &scratch) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (static_cast<unsigned char>(s[i]) >= 0x80) [[unlikely]] {
            return valid_utf8_rest(s, i, scratch);
        }
    }
    return s;
}

// [SECTION] Short texts

// A text of the format itself (a key, a kind's name, an enumeration's member), pre-encoded at
// compile time for both encodings in a 16-byte slot: writing it is one fixed-size copy.
struct ShortAscii {
    ShortText cbor; // the head, then the bytes
    ShortText json; // in quotes; as a key, followed by ':'
    ShortText json_key;
};

[[nodiscard]] constexpr ShortAscii short_ascii(std::string_view s) {
    ShortAscii t;
    // The format's own names are short (≤ 12 bytes); longer ones do not compile.
    if (s.size() > 13) {
        throw "a short text of the format is longer than 13 bytes";
    }
    t.cbor.bytes[0] = static_cast<char>(0x60 | s.size());
    t.json.bytes[0] = '"';
    t.json_key.bytes[0] = '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        t.cbor.bytes[1 + i] = s[i];
        t.json.bytes[1 + i] = s[i];
        t.json_key.bytes[1 + i] = s[i];
    }
    t.json.bytes[1 + s.size()] = '"';
    t.json_key.bytes[1 + s.size()] = '"';
    t.json_key.bytes[2 + s.size()] = ':';
    t.cbor.size = static_cast<std::uint8_t>(1 + s.size());
    t.json.size = static_cast<std::uint8_t>(2 + s.size());
    t.json_key.size = static_cast<std::uint8_t>(3 + s.size());
    return t;
}

template <std::size_t N>
[[nodiscard]] constexpr std::array<ShortAscii, N>
short_ascii_table(const std::array<std::string_view, N> &names) {
    std::array<ShortAscii, N> out{};
    for (std::size_t i = 0; i < N; ++i) {
        out[i] = short_ascii(names[i]);
    }
    return out;
}

[[nodiscard]] constexpr std::array<std::string_view, event_kind_count> event_kind_names() {
    std::array<std::string_view, event_kind_count> out{};
    for (std::size_t i = 0; i < event_kind_count; ++i) {
        out[i] = schema_tables::kind_specs[i].name;
    }
    return out;
}
[[nodiscard]] constexpr std::array<std::string_view, field_count> field_names() {
    std::array<std::string_view, field_count> out{};
    for (std::size_t i = 0; i < field_count; ++i) {
        out[i] = schema_tables::field_specs[i].name;
    }
    return out;
}

inline constexpr auto kind_name_texts = short_ascii_table(event_kind_names());
inline constexpr auto field_name_texts = short_ascii_table(field_names());
inline constexpr auto poll_result_texts = short_ascii_table(schema_tables::poll_result_names);
inline constexpr auto unpark_outcome_texts = short_ascii_table(schema_tables::unpark_outcome_names);
inline constexpr auto source_kind_texts = short_ascii_table(schema_tables::source_kind_names);
inline constexpr ShortAscii unknown_text = short_ascii("?");
inline constexpr ShortAscii seq_text = short_ascii("seq");
inline constexpr ShortAscii t_text = short_ascii("t");
inline constexpr ShortAscii kind_text = short_ascii("kind");

template <std::size_t N>
[[nodiscard]] const ShortAscii &short_name(const std::array<ShortAscii, N> &table,
                                           std::uint8_t code) noexcept {
    return code < N ? table[code] : unknown_text;
}

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
    void text(std::string_view s) {
        separate();
        escaped(valid_utf8(s, scratch_));
    }
    // A text known to be valid UTF-8 already.
    void valid_text(std::string_view s) {
        separate();
        escaped(s);
    }
    // A text known to be plain ASCII without quotes, backslashes or control characters (names
    // of kinds and states of the format itself).
    void ascii(std::string_view s) {
        separate();
        out_.put('"');
        out_.write(s);
        out_.put('"');
    }
    void key(const ShortAscii &k) {
        separate();
        out_.write(k.json_key);
        after_key_ = true;
    }
    void ascii(const ShortAscii &s) {
        separate();
        out_.write(s.json);
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
    void escaped(std::string_view s);

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
    void key(const ShortAscii &k) { out_.write(k.cbor); }
    void ascii(const ShortAscii &s) { out_.write(s.cbor); }
    void uint(std::uint64_t v) { head(0, v); }
    [[gnu::always_inline]] void integer(std::int64_t v) {
        if (v >= 0) [[likely]] {
            head(0, static_cast<std::uint64_t>(v));
        } else {
            head(1, static_cast<std::uint64_t>(-(v + 1)));
        }
    }
    void boolean(bool v) { out_.put(static_cast<char>(v ? 0xf5 : 0xf4)); }
    void null() { out_.put(static_cast<char>(0xf6)); }
    void text(std::string_view s) { ascii(valid_utf8(s, scratch_)); }
    void valid_text(std::string_view s) { ascii(s); }
    // Bytes already encoded (a table's repeated parts).
    void raw(std::string_view bytes) { out_.write(bytes); }
    void ascii(std::string_view s) {
        head(3, s.size());
        out_.write(s);
    }

    void begin_open_array();
    void end_open_array(std::uint64_t count) { open_count_ = count; }
    void complete();

    // The cursor form the event writer uses: it reserves room for a whole event once and writes
    // through a local pointer, which the compiler keeps in a register.
    [[nodiscard]] ByteSink &sink() noexcept { return out_; }
    [[nodiscard]] std::string &scratch() noexcept { return scratch_; }
    // The shortest head: the value in the first byte below 24, else 1, 2, 4 or 8 big-endian
    // bytes after it, written as one 8-byte store (needs room for 9).
    [[gnu::always_inline]] static char *put_head(char *p, unsigned major, std::uint64_t v) {
        auto m = static_cast<unsigned char>(major << 5);
        if (v < 24) {
            p[0] = static_cast<char>(m | v);
            return p + 1;
        }
        unsigned log2_bytes = v <= 0xff ? 0 : v <= 0xffff ? 1 : v <= 0xffffffff ? 2 : 3;
        unsigned bytes = 1U << log2_bytes;
        p[0] = static_cast<char>(m | (24 + log2_bytes));
        // The value's low `bytes` bytes moved to the top, then byte-swapped to the front.
        std::uint64_t be = __builtin_bswap64(v << ((64 - 8 * bytes) % 64));
        std::memcpy(p + 1, &be, 8);
        return p + 1 + bytes;
    }
    [[gnu::always_inline]] static char *put_integer(char *p, std::int64_t v) {
        if (v >= 0) [[likely]] {
            return put_head(p, 0, static_cast<std::uint64_t>(v));
        }
        return put_head(p, 1, static_cast<std::uint64_t>(-(v + 1)));
    }
    // Needs room for 16.
    [[gnu::always_inline]] static char *put_short(char *p, const ShortAscii &t) {
        std::memcpy(p, t.cbor.bytes, sizeof t.cbor.bytes);
        return p + t.cbor.size;
    }
    // Needs room for 9 + s.size().
    [[gnu::always_inline]] static char *put_text(char *p, std::string_view s) {
        p = put_head(p, 3, s.size());
        if (!s.empty()) { // an empty view may have no data at all
            std::memcpy(p, s.data(), s.size());
        }
        return p + s.size();
    }

  private:
    [[gnu::always_inline]] void head(unsigned major, std::uint64_t v) {
        char *p = out_.room(9);
        out_.advance(static_cast<std::size_t>(put_head(p, major, v) - p));
    }

    ByteSink &out_;
    std::uint64_t open_array_at_ = 0;
    std::uint64_t open_count_ = 0;
    bool open_array_ = false;
    std::string scratch_;
};

// [SECTION] Events

// One event object: seq, t, kind, then the kind's fields in the schema's order (optional texts
// only when not empty). The writer of each kind is generated from the schema's tables at compile
// time: the keys, types and slots are constants, so an event is a straight run of writes.

// Whether an event writes field F: always, unless F is optional and its text is empty or its
// number 0.
template <Field F>
[[nodiscard, gnu::always_inline]] inline bool writes_field(const EventOut &e) noexcept {
    constexpr FieldSpec fs = field_spec(F);
    if constexpr (!fs.optional) {
        return true;
    } else if constexpr (fs.type == FieldType::text) {
        return !text_slot(e, fs.slot).empty();
    } else {
        return int_slot(e, fs.slot) != 0;
    }
}

// The fields whose texts are state names: the recorder hands them over already valid UTF-8
// (repaired once, when the future kind was interned), so they skip the check.
template <Field F>
inline constexpr bool is_state_name_field = F == Field::state || F == Field::from || F == Field::to;

template <Field F, class Enc>
[[gnu::always_inline]] inline void write_field(Enc &enc, const EventOut &e) {
    constexpr FieldSpec fs = field_spec(F);
    const ShortAscii &key = field_name_texts[static_cast<std::size_t>(F)];
    if constexpr (fs.type == FieldType::id32 || fs.type == FieldType::count) {
        if (writes_field<F>(e)) {
            enc.key(key);
            enc.uint(static_cast<std::uint64_t>(int_slot(e, fs.slot)));
        }
    } else if constexpr (fs.type == FieldType::int64) {
        enc.key(key);
        enc.integer(int_slot(e, fs.slot));
    } else if constexpr (fs.type == FieldType::text) {
        std::string_view s = text_slot(e, fs.slot);
        if (!fs.optional || !s.empty()) {
            enc.key(key);
            if constexpr (is_state_name_field<F>) {
                enc.valid_text(s);
            } else {
                enc.text(s);
            }
        }
    } else if constexpr (fs.type == FieldType::boolean) {
        enc.key(key);
        enc.boolean(e.flag);
    } else if constexpr (fs.type == FieldType::poll_result) {
        enc.key(key);
        enc.ascii(short_name(poll_result_texts, e.code));
    } else if constexpr (fs.type == FieldType::unpark_outcome) {
        enc.key(key);
        enc.ascii(short_name(unpark_outcome_texts, e.code));
    } else {
        static_assert(fs.type == FieldType::source_kind);
        enc.key(key);
        enc.ascii(short_name(source_kind_texts, e.source));
    }
}

// Writes an event of kind K; with `Exact` false, an event of any kind that has K's fields (the
// network's and the channels' kinds share theirs), whose name is then looked up.
template <EventKind K, bool Exact = true, class Enc>
void write_event(Enc &enc, std::uint64_t seq, const EventOut &e) {
    static constexpr KindSpec spec = kind_spec(K);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        std::size_t members =
            3 + (std::size_t{0} + ... + (writes_field<spec.fields[I]>(e) ? 1 : 0));
        enc.begin_object(members);
        enc.key(seq_text);
        enc.uint(seq);
        enc.key(t_text);
        enc.integer(e.t);
        enc.key(kind_text);
        if constexpr (Exact) {
            enc.ascii(kind_name_texts[static_cast<std::size_t>(K)]);
        } else {
            enc.ascii(kind_name_texts[static_cast<std::size_t>(e.kind)]);
        }
        (write_field<spec.fields[I]>(enc, e), ...);
    }
    (std::make_index_sequence<spec.fields.size()>{});
    enc.end_object();
}

// The CBOR form of write_event: the room for the whole event is reserved once (its fixed part
// is bounded at compile time, its texts add their sizes), then written through a local cursor.
// Only an event with texts too long for the buffer takes the general path.
template <Field F>
[[nodiscard, gnu::always_inline]] inline std::size_t cbor_bound(const EventOut &e) noexcept {
    constexpr FieldSpec fs = field_spec(F);
    if constexpr (fs.type == FieldType::text) {
        // A repaired invalid byte grows to 3.
        return 16 + 9 + 3 * text_slot(e, fs.slot).size();
    } else {
        return 16 + 16;
    }
}

template <Field F>
[[gnu::always_inline]] inline char *
cbor_field(char *p, const EventOut &e, std::string &scratch) noexcept {
    constexpr FieldSpec fs = field_spec(F);
    const ShortAscii &key = field_name_texts[static_cast<std::size_t>(F)];
    using C = CborEncoder;
    if constexpr (fs.type == FieldType::id32 || fs.type == FieldType::count) {
        if (writes_field<F>(e)) {
            p = C::put_short(p, key);
            p = C::put_head(p, 0, static_cast<std::uint64_t>(int_slot(e, fs.slot)));
        }
    } else if constexpr (fs.type == FieldType::int64) {
        p = C::put_short(p, key);
        p = C::put_integer(p, int_slot(e, fs.slot));
    } else if constexpr (fs.type == FieldType::text) {
        std::string_view s = text_slot(e, fs.slot);
        if (!fs.optional || !s.empty()) {
            p = C::put_short(p, key);
            if constexpr (is_state_name_field<F>) {
                p = C::put_text(p, s);
            } else {
                p = C::put_text(p, valid_utf8(s, scratch));
            }
        }
    } else if constexpr (fs.type == FieldType::boolean) {
        p = C::put_short(p, key);
        *p++ = static_cast<char>(e.flag ? 0xf5 : 0xf4);
    } else if constexpr (fs.type == FieldType::poll_result) {
        p = C::put_short(p, key);
        p = C::put_short(p, short_name(poll_result_texts, e.code));
    } else if constexpr (fs.type == FieldType::unpark_outcome) {
        p = C::put_short(p, key);
        p = C::put_short(p, short_name(unpark_outcome_texts, e.code));
    } else {
        static_assert(fs.type == FieldType::source_kind);
        p = C::put_short(p, key);
        p = C::put_short(p, short_name(source_kind_texts, e.source));
    }
    return p;
}

template <EventKind K, bool Exact = true>
void write_event(CborEncoder &enc, std::uint64_t seq, const EventOut &e) {
    static constexpr KindSpec spec = kind_spec(K);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        constexpr std::size_t fixed = 9 + 3 * (16 + 9) + 16;
        std::size_t bound = fixed + (std::size_t{0} + ... + cbor_bound<spec.fields[I]>(e));
        if (bound > ByteSink::buffer_size / 2) [[unlikely]] {
            write_event<K, Exact, CborEncoder>(enc, seq, e);
            return;
        }
        std::size_t members =
            3 + (std::size_t{0} + ... + (writes_field<spec.fields[I]>(e) ? 1 : 0));
        ByteSink &sink = enc.sink();
        char *const start = sink.room(bound);
        char *p = CborEncoder::put_head(start, 5, members);
        p = CborEncoder::put_short(p, seq_text);
        p = CborEncoder::put_head(p, 0, seq);
        p = CborEncoder::put_short(p, t_text);
        p = CborEncoder::put_integer(p, e.t);
        p = CborEncoder::put_short(p, kind_text);
        p = CborEncoder::put_short(p,
                                   kind_name_texts[static_cast<std::size_t>(Exact ? K : e.kind)]);
        ((p = cbor_field<spec.fields[I]>(p, e, enc.scratch())), ...);
        sink.advance(static_cast<std::size_t>(p - start));
    }
    (std::make_index_sequence<spec.fields.size()>{});
}

} // namespace futurescope::trace::detail
