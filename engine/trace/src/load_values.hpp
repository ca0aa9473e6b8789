// The scalar values the trace loader reads, and how a message shows the value it rejects.
// Private to the trace library's loader.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace futurescope::trace::load_detail {

struct Scalar {
    enum class Type : std::uint8_t {
        null,
        boolean,
        integer,
        unsigned_integer,
        floating,
        string,
        binary,
        below_int64, // a CBOR integer below -2^63: -u, or -2^64 when u is 0
    };
    Type type = Type::null;
    bool b = false;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    std::string_view s; // the text of a string, or of a float as written in JSON
};

// A text as it reads in a one-line message: quoted, escaped, cut after 40 bytes.
[[nodiscard]] std::string quoted(std::string_view s);
// The value as a message shows it after "found".
[[nodiscard]] std::string found(const Scalar &v);

inline bool as_uint(const Scalar &v, std::uint64_t max, std::uint64_t &out) {
    if (v.type == Scalar::Type::unsigned_integer && v.u <= max) {
        out = v.u;
        return true;
    }
    if (v.type == Scalar::Type::integer && v.i >= 0 && static_cast<std::uint64_t>(v.i) <= max) {
        out = static_cast<std::uint64_t>(v.i);
        return true;
    }
    return false;
}

inline bool as_int(const Scalar &v, std::int64_t &out) {
    if (v.type == Scalar::Type::integer) {
        out = v.i;
        return true;
    }
    if (v.type == Scalar::Type::unsigned_integer &&
        v.u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        out = static_cast<std::int64_t>(v.u);
        return true;
    }
    return false;
}

inline constexpr std::uint64_t u32_max = 0xffffffffu;
inline constexpr auto i64_max =
    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
inline constexpr std::string_view expect_u32 = "an integer from 0 to 4294967295";
inline constexpr std::string_view expect_count = "an integer from 0 to 9223372036854775807";
inline constexpr std::string_view expect_u64 = "a non-negative integer";

} // namespace futurescope::trace::load_detail
