// The scenario panel's pieces that need no scenario library: the source of the future behind an
// event (TraceFuture::source: a JSON pointer such as "/tasks/0/future/and_then/0" for a JSON
// lesson), which the scenario runner's locator maps to a place in the text, and the text's lines.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/trace/trace_model.hpp"

namespace futurescope::viz {

// The expression of event `seq`: the source of its future, else of the nearest enclosing future
// that has one, else of its task's root future. Empty when the trace carries no sources.
[[nodiscard]] std::string event_source(const trace::TraceModel &model, std::size_t seq);

// The scenario's text split into lines (without their '\n'), for drawing line by line.
[[nodiscard]] std::vector<std::string_view> split_lines(std::string_view text);

} // namespace futurescope::viz
