#include "encoder.hpp"

#include <cerrno>
#include <ostream>

namespace futurescope::trace::detail {

// [SECTION] ByteSink

ByteSink::ByteSink(std::FILE *file) : file_(file), buf_(new char[buffer_size]) {}

ByteSink::ByteSink(std::string *memory) : memory_(memory), buf_(new char[buffer_size]) {}

ByteSink::ByteSink(std::ostream *stream) : stream_(stream), buf_(new char[buffer_size]) {}

void ByteSink::emit(const char *p, std::size_t n) {
    if (error_ != 0 || n == 0) {
        return;
    }
    if (memory_ != nullptr) {
        memory_->append(p, n);
    } else if (stream_ != nullptr) {
        if (!stream_->write(p, static_cast<std::streamsize>(n))) {
            error_ = EIO;
        }
    } else if (std::fwrite(p, 1, n, file_) != n) {
        error_ = errno != 0 ? errno : EIO;
    }
}

void ByteSink::flush() {
    emit(buf_.get(), pos_);
    flushed_ += pos_;
    pos_ = 0;
}

void ByteSink::write_slow(const char *p, std::size_t n) {
    flush();
    if (n >= buffer_size) {
        emit(p, n);
        flushed_ += n;
        return;
    }
    std::memcpy(buf_.get(), p, n);
    pos_ = n;
}

void ByteSink::patch(std::uint64_t at, const char *p, std::size_t n) {
    if (error_ != 0) {
        return;
    }
    if (memory_ != nullptr) {
        memory_->replace(static_cast<std::size_t>(at), n, p, n);
        return;
    }
    if (stream_ != nullptr) {
        error_ = ESPIPE; // a stream cannot go back
        return;
    }
    errno = 0;
    if (fseeko(file_, static_cast<off_t>(at), SEEK_SET) != 0 || std::fwrite(p, 1, n, file_) != n ||
        fseeko(file_, 0, SEEK_END) != 0) {
        error_ = errno != 0 ? errno : EIO;
    }
}

// [SECTION] UTF-8

namespace {

// The length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    std::size_t n = s.size() - i;
    auto cont = [&](std::size_t k) { return k < s.size() && (byte(k) & 0xc0) == 0x80; };
    if (c < 0x80) {
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        return n >= 2 && cont(i + 1) ? 2 : 0;
    }
    if (c >= 0xe0 && c <= 0xef) {
        if (n < 3 || !cont(i + 1) || !cont(i + 2)) {
            return 0;
        }
        unsigned char c1 = byte(i + 1);
        if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f)) {
            return 0;
        }
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (n < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) {
            return 0;
        }
        unsigned char c1 = byte(i + 1);
        if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f)) {
            return 0;
        }
        return 4;
    }
    return 0;
}

} // namespace

std::string_view valid_utf8_rest(std::string_view s, std::size_t i, std::string &scratch) {
    // Check the rest before copying: most non-ASCII texts are valid.
    std::size_t j = i;
    while (j < s.size()) {
        std::size_t n = utf8_sequence(s, j);
        if (n == 0) {
            break;
        }
        j += n;
    }
    if (j == s.size()) {
        return s;
    }
    scratch.assign(s.data(), j);
    while (j < s.size()) {
        std::size_t n = utf8_sequence(s, j);
        if (n == 0) {
            scratch += "\xef\xbf\xbd";
            ++j;
        } else {
            scratch.append(s.data() + j, n);
            j += n;
        }
    }
    return scratch;
}

// [SECTION] JsonEncoder

void JsonEncoder::push(bool multiline) {
    if (depth_ < static_cast<int>(levels_.size())) {
        levels_[static_cast<std::size_t>(depth_)] = Level{true, multiline};
    }
    ++depth_;
}

void JsonEncoder::begin_object(std::size_t, bool multiline) {
    separate();
    out_.put('{');
    push(multiline);
}

void JsonEncoder::end_object() {
    --depth_;
    if (depth_ < static_cast<int>(levels_.size())) {
        const Level &l = levels_[static_cast<std::size_t>(depth_)];
        if (l.multiline && !l.first) {
            out_.put('\n');
        }
    }
    out_.put('}');
}

void JsonEncoder::begin_array(std::size_t, bool multiline) {
    separate();
    out_.put('[');
    push(multiline);
}

void JsonEncoder::end_array() {
    --depth_;
    if (depth_ < static_cast<int>(levels_.size())) {
        const Level &l = levels_[static_cast<std::size_t>(depth_)];
        if (l.multiline && !l.first) {
            out_.put('\n');
        }
    }
    out_.put(']');
}

// The file's own escaping, not quote.hpp's one-line form: JSON's short escapes where it has them,
// written straight into the sink in runs (invalid UTF-8 was repaired before).
void JsonEncoder::escaped(std::string_view s) {
    out_.put('"');
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out_.write(s.data() + start, i - start);
        start = i + 1;
        switch (c) {
        case '"':
            out_.write("\\\"", 2);
            break;
        case '\\':
            out_.write("\\\\", 2);
            break;
        case '\n':
            out_.write("\\n", 2);
            break;
        case '\r':
            out_.write("\\r", 2);
            break;
        case '\t':
            out_.write("\\t", 2);
            break;
        case '\b':
            out_.write("\\b", 2);
            break;
        case '\f':
            out_.write("\\f", 2);
            break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out_.write(u, 6);
            break;
        }
        }
    }
    out_.write(s.data() + start, s.size() - start);
    out_.put('"');
}

// [SECTION] CborEncoder

void CborEncoder::begin_open_array() {
    char placeholder[9] = {static_cast<char>(0x9b)};
    out_.write(placeholder, 9);
    open_array_at_ = out_.offset() - 8;
    open_array_ = true;
}

void CborEncoder::complete() {
    out_.flush();
    if (open_array_) {
        char count[8];
        for (int i = 0; i < 8; ++i) {
            count[i] = static_cast<char>(open_count_ >> (56 - 8 * i));
        }
        out_.patch(open_array_at_, count, 8);
    }
}

} // namespace futurescope::trace::detail
