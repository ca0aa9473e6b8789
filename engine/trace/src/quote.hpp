// Quoting a text for one line of the trace library's output: describe_event's fields and the
// value a loader message says it found. Private to the trace library.
//
// Both write `"` and `\` with a backslash and every other control character and DEL as \u00XX,
// so that a line never breaks and reads like the JSON it came from. They are not core's
// describe_detail::quote, which writes \r and \t short, other control characters as \xNN and DEL
// as is: tests, recorded `step` outputs and the documented loader messages match these lines
// byte for byte. Nor the JSON encoder's, which writes the file's bytes (\b, \f, \r and \t short,
// into a byte sink, after repairing invalid UTF-8).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace futurescope::trace::detail {

struct QuoteStyle {
    // describe_event writes a newline as \n, as its values' descriptions often hold one; loader
    // messages have always written \u000a.
    bool newline_as_n = false;
    // Bytes kept before "..." (inside the quotes) stands for the rest.
    std::size_t max_bytes = std::string_view::npos;
};

void append_quoted(std::string &out, std::string_view s, QuoteStyle style);

} // namespace futurescope::trace::detail
