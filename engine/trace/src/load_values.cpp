// How a loader message shows the value it rejects.

#include "load_values.hpp"

#include <cstdio>

namespace futurescope::trace::load_detail {

std::string quoted(std::string_view s) {
    std::string out = "\"";
    std::size_t n = 0;
    for (char ch : s) {
        if (++n > 40) {
            out += "...";
            break;
        }
        auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

std::string found(const Scalar &v) {
    switch (v.type) {
    case Scalar::Type::null:
        return "null";
    case Scalar::Type::boolean:
        return v.b ? "true" : "false";
    case Scalar::Type::integer:
        return std::to_string(v.i);
    case Scalar::Type::unsigned_integer:
        return std::to_string(v.u);
    case Scalar::Type::floating: {
        if (!v.s.empty()) {
            return std::string(v.s.substr(0, 40));
        }
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", v.d);
        return buf;
    }
    case Scalar::Type::string:
        return quoted(v.s);
    case Scalar::Type::binary:
        return "binary data";
    }
    return "?";
}

} // namespace futurescope::trace::load_detail
