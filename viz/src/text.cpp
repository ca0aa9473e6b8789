#include "text.hpp"

#include <imgui.h>

#include <algorithm>

namespace futurescope::viz {

namespace {

// The largest cut at or below `at` that does not split a UTF-8 sequence.
std::size_t utf8_boundary(std::string_view text, std::size_t at) {
    at = std::min(at, text.size());
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) {
        --at;
    }
    return at;
}

} // namespace

std::string fit_text(std::string_view text, std::size_t max) {
    if (text.size() <= max) {
        return std::string(text);
    }
    return std::string(text.substr(0, utf8_boundary(text, max))) + "…";
}

void draw_text(std::string_view text) {
    if (text.size() <= text_chars_max) {
        ImGui::TextUnformatted(text.data(), text.data() + text.size());
        return;
    }
    const std::string cut = fit_text(text);
    ImGui::TextUnformatted(cut.c_str());
    tooltip_if_cut(text);
}

void draw_tooltip(std::string_view text) {
    ImGui::BeginTooltip();
    std::size_t shown = 0;
    while (shown < text.size() && shown < tooltip_chars_max) {
        const std::size_t nl = text.find('\n', shown);
        std::size_t end = utf8_boundary(text, shown + tooltip_line_chars);
        if (nl != std::string_view::npos && nl < end) {
            end = nl;
        } else if (end == shown) {
            end = text.size(); // a single character longer than a line: cannot be split
        }
        ImGui::TextUnformatted(text.data() + shown, text.data() + end);
        shown = end < text.size() && text[end] == '\n' ? end + 1 : end;
    }
    if (shown < text.size()) {
        ImGui::TextDisabled("… (%zu more characters)", text.size() - shown);
    }
    ImGui::EndTooltip();
}

void tooltip_if_cut(std::string_view text, std::size_t max) {
    if (text.size() > max && ImGui::IsItemHovered()) {
        draw_tooltip(text);
    }
}

} // namespace futurescope::viz
