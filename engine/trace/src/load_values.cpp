// How a loader message shows the value it rejects.

#include "load_values.hpp"

#include <cstdio>

#include "quote.hpp"

namespace futurescope::trace::load_detail {

std::string quoted(std::string_view s) {
    std::string out;
    detail::append_quoted(out, s, {.newline_as_n = false, .max_bytes = 40});
    return out;
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
    case Scalar::Type::below_int64:
        return "-" + (v.u == 0 ? std::string("18446744073709551616") : std::to_string(v.u));
    }
    return "?";
}

} // namespace futurescope::trace::load_detail
