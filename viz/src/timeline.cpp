// The timeline panel: a lane per task (task-level polls, nested polls stacked under them like a
// flame graph, parks), a lane for timers and one per socket and channel, unpark arrows from
// their source to the poll they cause, an axis of event order or virtual time, and the cursor.
// Lanes are rows behind one interface (timeline_parts.hpp, drawn in timeline_rows.cpp); zoom and
// pan live in the view's TimelineContext. A frame is drawn in named steps: header, layout,
// input, grid, rows, arrows, cursor, ruler, and the click on what the mouse was over.
//
// [SECTION] The panel
// [SECTION] Layout and input
// [SECTION] Drawing steps
// [SECTION] What the mouse is over
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "panels.hpp"
#include "text.hpp"
#include "timeline_parts.hpp"

namespace futurescope::viz {

using namespace timeline;

namespace {

// [SECTION] The panel

class TimelinePanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override;

  private:
    // Where this frame's lanes are, in screen pixels, set by layout().
    struct Frame {
        ImVec2 origin;     // top left of the lanes (the ruler's top when not scrolled)
        float left = 0;    // x of axis pixel 0
        float right = 0;   // x of the axis' end
        float depth_h = 0; // one depth row
        float ruler_h = 0; // the ruler's height
        float total_h = 0; // ruler and every lane
        float avail_w = 0; // the child window's width: labels and axis
        float visible_top = 0;
        float visible_bottom = 0;
        bool hovered = false;
        double tick = 1;       // the ruler's tick spacing, in axis units
        double first_tick = 0; // the first tick at or after the visible start
        std::vector<float> row_top;
    };

    void rebuild(const ViewState &view);
    static void draw_header(ViewState &view);
    void layout(ViewState &view);
    void scroll_to_selected_task(const ViewState &view);
    void handle_input(ViewState &view);
    void draw_grid(ImDrawList *dl, const ViewState &view) const;
    void draw_rows(RowContext &c, const ViewState &view) const;
    void draw_arrows(RowContext &c, const ViewState &view) const;
    [[nodiscard]] float draw_cursor(ImDrawList *dl, const ViewState &view) const;
    void draw_ruler(RowContext &c, const ViewState &view, float cursor_px) const;
    void apply_hit(ViewState &view, const Hit &hit) const;

    std::uint64_t built_for_ = 0; // the view's generation
    std::vector<std::unique_ptr<TimelineRow>> rows_;
    TaskId scrolled_task_ = 0;
    Frame f_;
};

void TimelinePanel::rebuild(const ViewState &view) {
    rows_.clear();
    scrolled_task_ = 0;
    for (const Lane &lane : view.index.lanes) {
        rows_.push_back(make_row(lane));
    }
    built_for_ = view.generation;
}

void TimelinePanel::draw(ViewState &view) {
    if (!empty_unless_loaded(view)) {
        return;
    }
    if (built_for_ != view.generation) {
        rebuild(view);
    }
    draw_header(view);
    ImGui::BeginChild("lanes", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    layout(view);
    scroll_to_selected_task(view);
    handle_input(view);

    ImDrawList *dl = ImGui::GetWindowDrawList();
    draw_grid(dl, view);
    Hit hit;
    RowContext c;
    c.dl = dl;
    c.left = f_.left;
    c.view = &view;
    c.mouse = ImGui::GetIO().MousePos;
    c.mouse_in = f_.hovered;
    c.hit = &hit;
    c.depth_h = f_.depth_h;
    draw_rows(c, view);
    dl->PushClipRect(
        ImVec2(f_.left, f_.origin.y), ImVec2(f_.right, f_.origin.y + f_.total_h), true);
    draw_arrows(c, view);
    const float cursor_px = draw_cursor(dl, view);
    dl->PopClipRect();
    draw_ruler(c, view, cursor_px);
    apply_hit(view, hit);
    ImGui::EndChild();
}

// Axis switch, fit, follow, the hint line and the legend.
void TimelinePanel::draw_header(ViewState &view) {
    int axis = view.axis == Axis::order ? 0 : 1;
    ImGui::TextUnformatted("Axis:");
    ImGui::SameLine();
    if (ImGui::RadioButton("event order", &axis, 0)) {
        view.set_axis(Axis::order);
    }
    ImGui::SameLine();
    if (ImGui::RadioButton("virtual time", &axis, 1)) {
        view.set_axis(Axis::time);
    }
    ImGui::SameLine();
    if (ImGui::Button("Fit all")) {
        view.fit();
    }
    ImGui::SameLine();
    ImGui::Checkbox("follow cursor", &view.follow_cursor);
    ImGui::SameLine();
    ImGui::TextDisabled(view.axis == Axis::time
                            ? "(polls take no virtual time: each is drawn 6 px wide; event order "
                              "shows inside them)"
                            : "(wheel: zoom, drag: pan, click: select)");
    draw_legend(view.vocabulary);
}

// [SECTION] Layout and input

// Row positions, the axis width, and the input button that covers the lanes.
void TimelinePanel::layout(ViewState &view) {
    f_.depth_h = ImGui::GetTextLineHeight() + 4;
    f_.ruler_h = ImGui::GetTextLineHeight() + 6;
    f_.origin = ImGui::GetCursorScreenPos();
    f_.avail_w = ImGui::GetContentRegionAvail().x;
    view.timeline.width_px = std::max(50.0f, f_.avail_w - label_w);
    if (view.fit_requested) {
        view.fit();
    }
    f_.total_h = f_.ruler_h;
    f_.row_top.clear();
    for (const auto &row : rows_) {
        f_.row_top.push_back(f_.origin.y + f_.total_h);
        f_.total_h += row->height(f_.depth_h);
    }
    f_.left = f_.origin.x + label_w;
    f_.right = f_.left + view.timeline.width_px;
    f_.visible_top = ImGui::GetWindowPos().y;
    f_.visible_bottom = f_.visible_top + ImGui::GetWindowHeight();
    f_.tick = nice_step(view.timeline.units_per_px() * 110);
    f_.first_tick = std::ceil(view.timeline.x0 / f_.tick) * f_.tick;
    view.geometry.left = f_.left;
    view.geometry.depth_h = f_.depth_h;
    view.geometry.lane_top = f_.row_top;
}

// A newly selected task's lane is scrolled into view.
void TimelinePanel::scroll_to_selected_task(const ViewState &view) {
    if (view.selected_task == scrolled_task_ || view.selected_task >= view.index.task_lane.size()) {
        return;
    }
    scrolled_task_ = view.selected_task;
    const int lane = view.index.task_lane[view.selected_task];
    if (lane < 0) {
        return;
    }
    const float y = f_.row_top[static_cast<std::size_t>(lane)] - f_.origin.y;
    const float h = rows_[static_cast<std::size_t>(lane)]->height(f_.depth_h);
    const float scroll = ImGui::GetScrollY();
    const float window_h = ImGui::GetWindowHeight();
    if (y < scroll || y + h > scroll + window_h) {
        ImGui::SetScrollY(std::max(0.0f, y - f_.ruler_h));
    }
}

// The wheel zooms at the mouse, a drag pans.
void TimelinePanel::handle_input(ViewState &view) {
    ImGui::InvisibleButton("##lanes_input", ImVec2(std::max(1.0f, f_.avail_w), f_.total_h));
    f_.hovered = ImGui::IsItemHovered();
    const ImGuiIO &io = ImGui::GetIO();
    if (f_.hovered && io.MouseWheel != 0) {
        view.timeline.zoom(std::pow(1.25, static_cast<double>(io.MouseWheel)),
                           io.MousePos.x - f_.left);
    }
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2)) {
        view.timeline.pan_px(io.MouseDelta.x);
    }
}

// [SECTION] Drawing steps

// Grid lines under the lanes; the ruler's labels come last, on top, pinned to the visible top.
void TimelinePanel::draw_grid(ImDrawList *dl, const ViewState &view) const {
    dl->PushClipRect(
        ImVec2(f_.left, f_.origin.y), ImVec2(f_.right, f_.origin.y + f_.total_h), true);
    for (double x = f_.first_tick; x < view.timeline.x1; x += f_.tick) {
        const float px = f_.left + view.timeline.to_px(x);
        dl->AddLine(ImVec2(px, f_.origin.y + f_.ruler_h - 4),
                    ImVec2(px, f_.origin.y + f_.total_h),
                    IM_COL32(255, 255, 255, 28));
    }
    dl->PopClipRect();
}

// Only rows inside the scrolled child window are drawn: a trace may have thousands of tasks.
void TimelinePanel::draw_rows(RowContext &c, const ViewState &view) const {
    ImDrawList *dl = c.dl;
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        const TimelineRow &row = *rows_[i];
        const float top = f_.row_top[i];
        const float h = row.height(f_.depth_h);
        if (top > f_.visible_bottom || top + h < f_.visible_top) {
            continue;
        }
        const bool selected =
            row.lane().kind == LaneKind::task && row.lane().id == view.selected_task;
        dl->AddRectFilled(ImVec2(f_.origin.x, top),
                          ImVec2(f_.right, top + h - 1),
                          selected
                              ? IM_COL32(60, 70, 100, 255)
                              : (i % 2 ? IM_COL32(38, 38, 44, 255) : IM_COL32(30, 30, 36, 255)));
        dl->PushClipRect(ImVec2(f_.origin.x, top), ImVec2(f_.left - 4, top + h), true);
        // Clipped to the label column: a few hundred characters are more than it shows.
        dl->AddText(ImVec2(f_.origin.x + 4, top + 3),
                    IM_COL32(230, 230, 230, 255),
                    fit_text(row.label(), label_chars_max).c_str());
        dl->PopClipRect();
        if (c.over(ImVec2(f_.origin.x, top), ImVec2(f_.left, top + h)) &&
            row.lane().kind == LaneKind::task) {
            const auto [first, last] = row.range();
            c.hit->text = "lane of " + row.label() +
                          (first <= last ? " (events " + std::to_string(first) + "–" +
                                               std::to_string(last) + ")"
                                         : std::string(" (no events)")) +
                          " — click to select";
            c.hit->task = row.lane().id;
        }
        dl->PushClipRect(ImVec2(f_.left, top), ImVec2(f_.right, top + h), true);
        c.top = top;
        row.draw(c);
        dl->PopClipRect();
    }
}

// Unpark arrows, from the source lane to the poll they cause.
void TimelinePanel::draw_arrows(RowContext &c, const ViewState &view) const {
    ImDrawList *dl = c.dl;
    const auto &arrows = view.index.arrows;
    const double span = view.timeline.x1 - view.timeline.x0;
    const double from_x = view.timeline.x0 - span;
    auto it = std::partition_point(
        arrows.begin(), arrows.end(), [&](const Arrow &a) { return c.pos(a.from) < from_x; });
    while (it != arrows.end()) {
        const Arrow &a = *it;
        const float px = view.timeline.to_px((c.pos(a.from) + c.pos_end(a.from)) / 2);
        if (px > view.timeline.width_px) {
            break;
        }
        // Crowded: one arrow per three pixels is all the eye can read.
        const double next = view.timeline.to_x(px + 3);
        it = std::partition_point(
            it + 1, arrows.end(), [&](const Arrow &b) { return c.pos(b.from) < next; });
        const std::size_t to_lane = static_cast<std::size_t>(a.to_lane);
        const float ty = f_.row_top[to_lane] + 3 + f_.depth_h / 2;
        const float fy = a.from_lane >= 0 ? f_.row_top[static_cast<std::size_t>(a.from_lane)] + 3 +
                                                f_.depth_h / 2
                                          : f_.row_top[to_lane] - 2;
        const float fx = f_.left + px;
        const bool caused = a.to != a.from;
        const float tx = caused ? f_.left + view.timeline.to_px(c.pos(a.to)) : fx + 6;
        const ImU32 col = a.outcome == UnparkOutcome::queued ? colors::unpark : colors::coalesced;
        dl->AddCircleFilled(ImVec2(fx, fy), 2.5f, col);
        dl->AddLine(ImVec2(fx, fy), ImVec2(tx, ty), col, 1.5f);
        // Arrowhead.
        const float dx = tx - fx;
        const float dy = ty - fy;
        const float len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
        const float ux = dx / len;
        const float uy = dy / len;
        dl->AddTriangleFilled(ImVec2(tx, ty),
                              ImVec2(tx - ux * 7 - uy * 4, ty - uy * 7 + ux * 4),
                              ImVec2(tx - ux * 7 + uy * 4, ty - uy * 7 - ux * 4),
                              col);
        if (!c.hit->seq && c.over(ImVec2(fx - 4, fy - 4), ImVec2(fx + 4, fy + 4))) {
            c.hit->text = describe_event(*view.model, view.model->events[a.from]);
            c.hit->seq = a.from;
            c.hit->task = view.model->events[a.from].task;
        }
    }
}

// The cursor's line; what has not happened yet at the cursor is dimmed, since the replay's "now"
// is the cursor. Returns the cursor's screen x for the ruler.
float TimelinePanel::draw_cursor(ImDrawList *dl, const ViewState &view) const {
    const float cursor_px = f_.left + view.timeline.to_px(view.axis_of(view.cursor));
    if (cursor_px < f_.right) {
        dl->AddRectFilled(ImVec2(std::max(f_.left, cursor_px), f_.origin.y),
                          ImVec2(f_.right, f_.origin.y + f_.total_h),
                          IM_COL32(10, 10, 14, 110));
    }
    dl->AddLine(ImVec2(cursor_px, f_.origin.y),
                ImVec2(cursor_px, f_.origin.y + f_.total_h),
                colors::cursor,
                2);
    return cursor_px;
}

// The ruler over everything, pinned to the visible top: ticks and labels, a mark over each diag
// event, and the cursor's triangle.
void TimelinePanel::draw_ruler(RowContext &c, const ViewState &view, float cursor_px) const {
    ImDrawList *dl = c.dl;
    const float y = f_.visible_top;
    const float ruler_h = f_.ruler_h;
    dl->AddRectFilled(
        ImVec2(f_.origin.x, y), ImVec2(f_.right, y + ruler_h), IM_COL32(20, 20, 24, 255));
    dl->PushClipRect(ImVec2(f_.left, y), ImVec2(f_.right, y + ruler_h), true);
    for (double x = f_.first_tick; x < view.timeline.x1; x += f_.tick) {
        const float px = f_.left + view.timeline.to_px(x);
        dl->AddLine(
            ImVec2(px, y + ruler_h - 5), ImVec2(px, y + ruler_h), IM_COL32(200, 200, 200, 255));
        dl->AddText(
            ImVec2(px + 3, y), IM_COL32(200, 200, 200, 255), axis_label(view.axis, x).c_str());
    }
    // Diagnostics are marked whatever lane they are on (a deadlock found at the end names no
    // single task).
    const auto &diags = view.index.diags;
    for (auto it = std::partition_point(
             diags.begin(), diags.end(), [&](Seq s) { return c.pos_end(s) < view.timeline.x0; });
         it != diags.end();
         ++it) {
        const float px = f_.left + view.timeline.to_px((c.pos(*it) + c.pos_end(*it)) / 2);
        if (px > f_.right + 6) {
            break;
        }
        dl->AddRectFilled(ImVec2(px - 2, y + 1), ImVec2(px + 2, y + ruler_h - 1), colors::diag);
    }
    dl->AddTriangleFilled(ImVec2(cursor_px - 6, y + ruler_h - 8),
                          ImVec2(cursor_px + 6, y + ruler_h - 8),
                          ImVec2(cursor_px, y + ruler_h),
                          colors::cursor);
    dl->PopClipRect();
}

// [SECTION] What the mouse is over

// Its tooltip, and a click (not a drag) selects its future or task and moves the cursor there.
void TimelinePanel::apply_hit(ViewState &view, const Hit &hit) const {
    if (!f_.hovered) {
        return;
    }
    if (!hit.text.empty()) {
        draw_tooltip(hit.text);
    }
    const ImGuiIO &io = ImGui::GetIO();
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && io.MouseDragMaxDistanceSqr[0] < 16) {
        if (hit.future != 0) {
            view.select_future(hit.future);
        } else if (hit.task != 0) {
            view.select_task(hit.task);
        }
        if (hit.seq) {
            view.go_to(*hit.seq);
        }
    }
}

} // namespace

std::unique_ptr<Panel> make_timeline_panel(PanelRect rect) {
    return std::make_unique<TimelinePanel>("Timeline", rect);
}

} // namespace futurescope::viz
