// Text from a trace or a scenario (task names, labels, sentences, lines of the file) drawn safely
// at any length. Dear ImGui 1.86 indexes a window's vertices with 16 bits and reserves four per
// character of a string before clipping it, so one string of about 16,000 characters aborts the
// viewer. Such text is cut to `text_chars_max` with an ellipsis, and the whole of it (broken into
// lines, up to `tooltip_chars_max`) shows in a tooltip on hover.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace futurescope::viz {

inline constexpr std::size_t text_chars_max = 500;
inline constexpr std::size_t tooltip_line_chars = 100;
inline constexpr std::size_t tooltip_chars_max = 4000;

// `text` when it has at most `max` bytes; else its first bytes (never half a UTF-8 character)
// and "…".
[[nodiscard]] std::string fit_text(std::string_view text, std::size_t max = text_chars_max);

// ImGui::TextUnformatted at any length: when cut, the whole text is in a tooltip on hover.
void draw_text(std::string_view text);

// A tooltip for text of any length: broken into lines of `tooltip_line_chars`, and past
// `tooltip_chars_max` the rest counted rather than drawn.
void draw_tooltip(std::string_view text);

// The tooltip of the last item, when it is hovered and `text` would have been cut.
void tooltip_if_cut(std::string_view text, std::size_t max = text_chars_max);

} // namespace futurescope::viz
