// Where an expression sits in the scenario's text: the scenario builder records the JSON pointer
// of each future's expression (TraceFuture::source, e.g. "/tasks/0/future/and_then/0"); the
// scenario panel highlights the lines of that value. A small scanner finds a pointer's value in
// the text without building a document, so the positions are those of the file as written.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/trace/trace_model.hpp"

namespace futurescope::viz {

// A value's place in the text: byte offsets [begin, end) and lines (1-based, inclusive).
struct TextRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    int first_line = 0;
    int last_line = 0;
    friend bool operator==(const TextRange &, const TextRange &) = default;
};

// The value at JSON pointer `pointer` ("" is the whole document; "~1" and "~0" escape '/' and
// '~'), or nothing when the text is not JSON or has no such value.
[[nodiscard]] std::optional<TextRange> locate_pointer(std::string_view json,
                                                      std::string_view pointer);

// The expression of event `seq`: the source of its future, else of the nearest enclosing future
// that has one, else of its task's root future. Empty when the trace carries no sources.
[[nodiscard]] std::string event_source(const trace::TraceModel &model, std::size_t seq);

// The scenario's text split into lines (without their '\n'), for drawing line by line.
[[nodiscard]] std::vector<std::string_view> split_lines(std::string_view text);

} // namespace futurescope::viz
