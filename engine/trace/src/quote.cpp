// One-line quoting for the trace library's descriptions and messages (quote.hpp says why it is
// its own).

#include "quote.hpp"

#include <cstdio>

namespace futurescope::trace::detail {

void append_quoted(std::string &out, std::string_view s, QuoteStyle style) {
    out += '"';
    std::size_t n = 0;
    for (char ch : s) {
        if (++n > style.max_bytes) {
            out += "...";
            break;
        }
        auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c == '\n' && style.newline_as_n) {
            out += "\\n";
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    out += '"';
}

} // namespace futurescope::trace::detail
