// The timeline's ruler labels and its legend, drawn with the same shapes as the lanes.
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "futurescope/executor/executor.hpp"
#include "timeline_parts.hpp"

namespace futurescope::viz::timeline {

double nice_step(double raw) {
    const double p = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-9))));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * p >= raw) {
            return m * p;
        }
    }
    return 10 * p;
}

std::string axis_label(Axis axis, double x) {
    char buf[64];
    if (std::fabs(x) < 1e-9) {
        x = 0; // no "-0"
    }
    if (axis == Axis::order) {
        std::snprintf(buf, sizeof buf, "#%.0f", x);
    } else if (const double whole = std::round(x); std::fabs(x - whole) < 1e-6) {
        return format_duration(static_cast<TimeNs>(whole));
    } else {
        // Ticks finer than a nanosecond, at the deepest zoom: the engine's durations are whole.
        std::snprintf(buf, sizeof buf, "%.3gns", x);
    }
    return buf;
}

enum class Swatch : std::uint8_t { box, triangle, diamond, arrow, line };

// One legend entry, drawn with the same shape as on the lanes; entries wrap to the next line
// when the panel is narrow.
void legend_item(ImU32 col, Swatch shape, const char *text, bool first = false) {
    const float s = ImGui::GetTextLineHeight();
    const float w = s + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(text).x;
    if (!first) {
        ImGui::SameLine(0, 14);
        if (ImGui::GetCursorPosX() + w > ImGui::GetWindowContentRegionMax().x) {
            ImGui::NewLine();
        }
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList *dl = ImGui::GetWindowDrawList();
    const float cx = p.x + s / 2;
    const float cy = p.y + s / 2;
    switch (shape) {
    case Swatch::box:
        dl->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + s, p.y + s - 2), col);
        break;
    case Swatch::triangle:
        dl->AddTriangleFilled(
            ImVec2(p.x + 2, p.y + 3), ImVec2(p.x + s - 2, p.y + 3), ImVec2(cx, p.y + s - 3), col);
        break;
    case Swatch::diamond:
        dl->AddQuadFilled(ImVec2(cx, p.y + 3),
                          ImVec2(p.x + s - 3, cy),
                          ImVec2(cx, p.y + s - 3),
                          ImVec2(p.x + 3, cy),
                          col);
        break;
    case Swatch::arrow:
        dl->AddLine(ImVec2(p.x, cy), ImVec2(p.x + s - 4, cy), col, 1.5f);
        dl->AddTriangleFilled(
            ImVec2(p.x + s, cy), ImVec2(p.x + s - 6, cy - 4), ImVec2(p.x + s - 6, cy + 4), col);
        break;
    case Swatch::line:
        dl->AddLine(ImVec2(cx, p.y + 1), ImVec2(cx, p.y + s - 1), col, 2);
        break;
    }
    ImGui::Dummy(ImVec2(s, s));
    ImGui::SameLine();
    ImGui::TextUnformatted(text);
}

// The legend names things in the view's vocabulary (NotReady or Pending, park or waker).
void draw_legend(trace::Vocabulary vocab) {
    const trace::Words w = trace::words(vocab);
    const std::string not_ready(w.not_ready);
    const std::string park(w.park);
    const std::string unpark = std::string(w.unpark) + " → poll it causes";
    legend_item(colors::ready, Swatch::box, "Ready", true);
    legend_item(colors::not_ready, Swatch::box, not_ready.c_str());
    legend_item(colors::err, Swatch::box, "Err");
    legend_item(colors::end, Swatch::box, "stream end");
    legend_item(colors::park, Swatch::triangle, park.c_str());
    legend_item(colors::unpark, Swatch::arrow, unpark.c_str());
    legend_item(colors::coalesced, Swatch::arrow, "coalesced / ignored");
    legend_item(colors::timer, Swatch::diamond, "timer fired, waits");
    legend_item(colors::ready, Swatch::diamond, "complete");
    legend_item(colors::diag, Swatch::line, "diagnostic");
    legend_item(colors::cursor, Swatch::line, "now");
}

} // namespace futurescope::viz::timeline
