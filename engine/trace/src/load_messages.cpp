// The trace loader's messages: the place of a problem (line:column for JSON text, the byte for
// CBOR), its JSON pointer path and what was expected, in one line.

#include "loader.hpp"

namespace futurescope::trace::load_detail {

std::string Loader::path(bool include_top) const {
    std::string p;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
        const Frame &f = frames_[i];
        if (i + 1 == frames_.size() && !include_top) {
            break;
        }
        if (f.array) {
            p += "/" + std::to_string(f.index);
        } else if (f.has_key) {
            p += '/';
            std::string_view key = f.key;
            if (f.ctx == Ctx::event && f.ekey != unknown_event_key) {
                key = event_key_name(f.ekey);
            }
            for (char c : key) {
                if (c == '~') {
                    p += "~0";
                } else if (c == '/') {
                    p += "~1";
                } else if (static_cast<unsigned char>(c) < 0x20) {
                    p += '?';
                } else {
                    p += c;
                }
            }
        }
    }
    return p.empty() ? "/" : p;
}

// Where the value just read starts: after the previous one, past separators.
std::string Loader::place() const {
    const char *p = prev_end_;
    if (cbor_) {
        return name_ + ": byte " + std::to_string(p - begin_);
    }
    while (p < end_ &&
           (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',' || *p == ':')) {
        ++p;
    }
    return line_column(p);
}

std::string Loader::line_column(const char *p) const {
    std::size_t line = 1;
    const char *line_start = begin_;
    for (const char *q = begin_; q < p && q < end_; ++q) {
        if (*q == '\n') {
            ++line;
            line_start = q + 1;
        }
    }
    return name_ + ":" + std::to_string(line) + ":" + std::to_string(p - line_start + 1);
}

bool Loader::fail(const std::string &what, bool include_top) {
    if (error_.empty()) {
        error_ = place() + ": " + path(include_top) + ": " + what;
    }
    return false;
}

bool Loader::expected(std::string_view what, const Scalar &v) {
    return fail("expected " + std::string(what) + ", found " + found(v));
}

bool Loader::expected_container(std::string_view what, bool array) {
    return fail("expected " + std::string(what) + ", found " + (array ? "an array" : "an object"));
}

bool Loader::missing(std::string_view key, const std::string &why) {
    return fail("missing key \"" + std::string(key) + "\"" + why, false);
}

bool Loader::parse_error(std::size_t position,
                         const std::string &,
                         const nlohmann::detail::exception &ex) {
    // nlohmann's text: "[json.exception.parse_error.101] parse error at line 3, column 14:
    // syntax error while parsing value - …". Keep its explanation, put the place in front.
    std::string what = ex.what();
    std::string explanation = what;
    std::string where;
    std::size_t at = what.find("parse error");
    if (at != std::string::npos) {
        std::size_t colon = what.find(": ", at);
        if (colon != std::string::npos) {
            explanation = what.substr(colon + 2);
            where = what.substr(at, colon - at);
        }
    }
    std::string place;
    std::size_t line_at = where.find("line ");
    std::size_t column_at = where.find(", column ");
    if (!cbor_ && line_at != std::string::npos && column_at != std::string::npos) {
        place = name_ + ":" + where.substr(line_at + 5, column_at - line_at - 5) + ":" +
                where.substr(column_at + 9);
    } else {
        // nlohmann counts the bytes read, the offending one (or the end of input) included:
        // messages name 0-based offsets.
        place = name_ + ": byte " + std::to_string(position > 0 ? position - 1 : 0);
    }
    for (char &c : explanation) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    if (error_.empty()) {
        error_ = place + ": " + path(true) + ": " + explanation;
    }
    return false;
}

} // namespace futurescope::trace::load_detail
