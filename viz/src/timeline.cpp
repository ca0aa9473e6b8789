// The timeline panel: a lane per task (task-level polls, nested polls stacked under them like a
// flame graph, parks), a lane for timers and one per socket and channel, unpark arrows from
// their source to the poll they cause, an axis of event order or virtual time, and the cursor.
// Lanes are rows behind one interface; zoom and pan live in the view's TimelineContext.
// Whatever is narrower than two pixels is drawn once per pixel column (the first item there),
// so a frame costs O(pixels × log events) at any zoom.
//
// [SECTION] Rows
// [SECTION] Axis and legend
// [SECTION] The panel
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "futurescope/executor/executor.hpp"
#include "panels.hpp"

namespace futurescope::viz {

using trace::EventKind;

namespace {

// [SECTION] Rows

constexpr float label_w = 170;
// Narrower items are drawn this wide, one per pixel column (the first there). On the time axis
// polls take no virtual time, so they get a visible minimum width.
constexpr float min_w = 2;
constexpr float min_w_time = 6;
constexpr std::size_t max_drawn_depths = 12;

// What the mouse is over, filled while drawing.
struct Hit {
    std::string text;
    std::optional<Seq> seq;
    TaskId task = 0;
    FutureId future = 0;
};

struct RowContext {
    ImDrawList *dl = nullptr;
    float left = 0; // screen x of axis pixel 0
    float top = 0;  // screen y of the row's top
    const ViewState *view = nullptr;
    ImVec2 mouse;
    bool mouse_in = false;
    Hit *hit = nullptr;
    float depth_h = 18;

    [[nodiscard]] double pos(Seq seq) const {
        return view->axis == Axis::order ? static_cast<double>(seq)
                                         : static_cast<double>(view->model->events[seq].t);
    }
    [[nodiscard]] double pos_end(Seq seq) const {
        return view->axis == Axis::order ? static_cast<double>(seq) + 1
                                         : static_cast<double>(view->model->events[seq].t);
    }
    [[nodiscard]] float sx(double x) const { return left + view->timeline.to_px(x); }
    [[nodiscard]] bool over(ImVec2 a, ImVec2 b) const {
        return mouse_in && mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y;
    }
};

class TimelineRow {
  public:
    explicit TimelineRow(const Lane &lane) : lane_(lane) {}
    virtual ~TimelineRow() = default;
    TimelineRow(const TimelineRow &) = delete;
    TimelineRow &operator=(const TimelineRow &) = delete;

    [[nodiscard]] const std::string &label() const { return lane_.label; }
    [[nodiscard]] const Lane &lane() const { return lane_; }
    // The first and last event the row shows.
    [[nodiscard]] std::pair<Seq, Seq> range() const;
    [[nodiscard]] virtual float height(float depth_h) const = 0;
    virtual void draw(RowContext &c) const = 0;

  protected:
    void draw_markers(RowContext &c, float y0, float y1) const;
    const Lane &lane_;
};

std::pair<Seq, Seq> TimelineRow::range() const {
    Seq a = ~Seq{0};
    Seq b = 0;
    for (const auto &d : lane_.depths) {
        if (!d.empty()) {
            a = std::min(a, d.front().begin);
            b = std::max(b, d.back().end);
        }
    }
    if (!lane_.markers.empty()) {
        a = std::min(a, lane_.markers.front().seq);
        b = std::max(b, lane_.markers.back().seq);
    }
    return {a, b};
}

ImU32 marker_color(EventKind k) {
    switch (k) {
    case EventKind::park:
        return colors::park;
    case EventKind::complete:
        return colors::ready;
    case EventKind::spawn:
        return IM_COL32(200, 200, 200, 255);
    case EventKind::diag:
        return colors::diag;
    case EventKind::timer_set:
    case EventKind::timer_fire:
        return colors::timer;
    case EventKind::timer_cancel:
        return IM_COL32(150, 150, 110, 255);
    default:
        return trace::is_channel_event(k) ? colors::channel : colors::io;
    }
}

void TimelineRow::draw_markers(RowContext &c, float y0, float y1) const {
    const auto &ms = lane_.markers;
    const double x0 = c.view->timeline.x0;
    const float width = c.view->timeline.width_px;
    auto it = std::partition_point(
        ms.begin(), ms.end(), [&](const Marker &m) { return c.pos(m.seq) + 1 < x0; });
    const float h = y1 - y0;
    while (it != ms.end()) {
        const Marker &m = *it;
        const double x = (c.pos(m.seq) + c.pos_end(m.seq)) / 2;
        const float px = c.view->timeline.to_px(x);
        if (px > width) {
            break;
        }
        const float cx = c.left + px;
        const ImU32 col = marker_color(m.kind);
        const float r = std::min(5.0f, h / 3);
        if (m.kind == EventKind::park) {
            // A park is a small downward triangle at the top of the lane: "handle taken here".
            c.dl->AddTriangleFilled(
                ImVec2(cx - r, y0), ImVec2(cx + r, y0), ImVec2(cx, y0 + r * 1.6f), col);
        } else if (m.kind == EventKind::timer_fire || m.kind == EventKind::complete) {
            const float cy = (y0 + y1) / 2;
            c.dl->AddQuadFilled(ImVec2(cx, cy - r),
                                ImVec2(cx + r, cy),
                                ImVec2(cx, cy + r),
                                ImVec2(cx - r, cy),
                                col);
        } else {
            c.dl->AddLine(ImVec2(cx, y0 + 2), ImVec2(cx, y1 - 2), col, 2);
        }
        if (c.over(ImVec2(cx - r, y0), ImVec2(cx + r + 1, y1))) {
            c.hit->text = describe_event(*c.view->model, c.view->model->events[m.seq]);
            c.hit->seq = m.seq;
            c.hit->task = c.view->model->events[m.seq].task;
        }
        // Skip whatever falls in the same two pixels.
        const double next = c.view->timeline.to_x(px + min_w);
        it = std::partition_point(
            it + 1, ms.end(), [&](const Marker &mm) { return c.pos(mm.seq) < next; });
    }
}

class TaskRow final : public TimelineRow {
  public:
    using TimelineRow::TimelineRow;
    [[nodiscard]] float height(float depth_h) const override {
        return static_cast<float>(std::min(lane_.depths.size(), max_drawn_depths)) * depth_h + 6;
    }
    void draw(RowContext &c) const override;
};

void TaskRow::draw(RowContext &c) const {
    const ViewState &v = *c.view;
    const trace::TraceModel &m = *v.model;
    const float width = v.timeline.width_px;
    const double x0 = v.timeline.x0;
    const std::size_t depths = std::min(lane_.depths.size(), max_drawn_depths);
    for (std::size_t d = 0; d < depths; ++d) {
        const std::vector<Span> &spans = lane_.depths[d];
        const float y0 = c.top + 3 + static_cast<float>(d) * c.depth_h;
        const float y1 = y0 + c.depth_h - 2;
        auto it = std::partition_point(
            spans.begin(), spans.end(), [&](const Span &s) { return c.pos_end(s.end) < x0; });
        while (it != spans.end()) {
            const Span &s = *it;
            float a = v.timeline.to_px(c.pos(s.begin));
            if (a > width) {
                break;
            }
            float b = v.timeline.to_px(c.pos_end(s.end));
            const float least = v.axis == Axis::time ? min_w_time : min_w;
            const bool small = b - a < least;
            if (small) {
                b = a + least;
            }
            const float ca = std::max(a, -2.0f);
            const float cb = std::min(b, width + 2);
            const ImVec2 p0(c.left + ca, y0);
            const ImVec2 p1(c.left + cb, y1);
            c.dl->AddRectFilled(p0, p1, colors::of(s.result));
            const bool selected = v.selected_future != 0 && s.future == v.selected_future;
            if (!small && cb - ca > 3) {
                c.dl->AddRect(p0, p1, selected ? colors::cursor : IM_COL32(0, 0, 0, 120));
            }
            if (!small && cb - ca > 30) {
                std::string text = d == 0 ? std::string("poll") : m.future_name(s.future);
                c.dl->PushClipRect(ImVec2(p0.x + 2, p0.y), ImVec2(p1.x - 2, p1.y), true);
                c.dl->AddText(ImVec2(p0.x + 3, p0.y), IM_COL32(20, 20, 20, 255), text.c_str());
                c.dl->PopClipRect();
            }
            if (c.over(p0, ImVec2(p1.x + 1, p1.y))) {
                std::string what =
                    d == 0 ? "task-level poll of " + m.task_name(lane_.id)
                           : m.future_name(s.future) +
                                 (m.future(s.future) != nullptr &&
                                          m.str(m.future(s.future)->label).empty()
                                      ? std::string()
                                      : " " + std::string(m.str(m.future(s.future)->label)));
                c.hit->text = what + "\nresult: " + to_string(s.result) + "\nevents " +
                              std::to_string(s.begin) + "–" + std::to_string(s.end) +
                              ", t = " + std::to_string(m.events[s.begin].t) + " ns";
                // On the multi-threaded runtime a task-level poll names its worker (num =
                // worker + 1, ref = the worker it was stolen from + 1).
                if (const trace::TraceEvent &b = m.events[s.begin];
                    d == 0 && b.kind == EventKind::poll_begin && b.num > 0) {
                    c.hit->text += "\non worker " + std::to_string(b.num);
                    if (b.ref != 0) {
                        c.hit->text += ", stolen from worker " + std::to_string(b.ref);
                    }
                }
                c.hit->seq = s.begin;
                c.hit->task = lane_.id;
                c.hit->future = s.future;
            }
            if (small) {
                const double next = v.timeline.to_x(a + least);
                it = std::partition_point(
                    it + 1, spans.end(), [&](const Span &ss) { return c.pos(ss.begin) < next; });
            } else {
                ++it;
            }
        }
    }
    draw_markers(c, c.top, c.top + c.depth_h);
}

class EventRow final : public TimelineRow {
  public:
    using TimelineRow::TimelineRow;
    [[nodiscard]] float height(float depth_h) const override {
        const std::size_t bars = lane_.depths.size();
        return depth_h + 6 + static_cast<float>(bars) * bar_h;
    }
    void draw(RowContext &c) const override;

  private:
    static constexpr float bar_h = 7;
};

// Timer waits: thin bars under the markers, yellow when the timer fired, grey when cancelled.
void EventRow::draw(RowContext &c) const {
    const ViewState &v = *c.view;
    const float width = v.timeline.width_px;
    for (std::size_t d = 0; d < lane_.depths.size(); ++d) {
        const std::vector<Span> &spans = lane_.depths[d];
        const float y0 = c.top + 3 + c.depth_h + static_cast<float>(d) * bar_h;
        const float y1 = y0 + bar_h - 2;
        auto it = std::partition_point(spans.begin(), spans.end(), [&](const Span &s) {
            return c.pos_end(s.end) < v.timeline.x0;
        });
        while (it != spans.end()) {
            const Span &s = *it;
            const float a = v.timeline.to_px(c.pos(s.begin));
            if (a > width) {
                break;
            }
            const float b = std::max(a + min_w, v.timeline.to_px(c.pos_end(s.end)));
            const ImU32 col = s.result == PollOutcome::ready
                                  ? IM_COL32(200, 200, 90, 200)
                                  : (s.result == PollOutcome::err ? IM_COL32(120, 120, 120, 200)
                                                                  : IM_COL32(200, 200, 90, 110));
            const ImVec2 p0(c.left + std::max(a, -2.0f), y0);
            const ImVec2 p1(c.left + std::min(b, width + 2), y1);
            c.dl->AddRectFilled(p0, p1, col);
            if (c.over(p0, ImVec2(p1.x + 1, p1.y))) {
                const trace::TraceModel &m = *v.model;
                const trace::TraceEvent &set = m.events[s.begin];
                c.hit->text =
                    "timer #" + std::to_string(s.future) + " of " + m.task_name(set.task) +
                    ": set at t = " + std::to_string(set.t) + " ns, deadline " +
                    std::to_string(set.num) + " ns, " +
                    (s.result == PollOutcome::ready
                         ? "fired"
                         : (s.result == PollOutcome::err ? "cancelled"
                                                         : "still waiting at the end")) +
                    (s.result == PollOutcome::not_ready ? std::string()
                                                        : " at event " + std::to_string(s.end));
                c.hit->seq = s.begin;
                c.hit->task = set.task;
            }
            // The next bar that starts after this one's end: in the overflow row, where waits
            // overlap, the ones hidden under this bar are not drawn one by one.
            const double next = v.timeline.to_x(std::max(b, a + min_w));
            it = std::partition_point(
                it + 1, spans.end(), [&](const Span &ss) { return c.pos(ss.begin) < next; });
        }
    }
    draw_markers(c, c.top + 3, c.top + 3 + c.depth_h);
}

// [SECTION] Axis and legend

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

// [SECTION] The panel

class TimelinePanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override;

  private:
    void rebuild(const ViewState &view);
    std::uint64_t built_for_ = 0; // the view's generation
    std::vector<std::unique_ptr<TimelineRow>> rows_;
    TaskId scrolled_task_ = 0;
};

void TimelinePanel::rebuild(const ViewState &view) {
    rows_.clear();
    scrolled_task_ = 0;
    for (const Lane &lane : view.index.lanes) {
        if (lane.kind == LaneKind::task) {
            rows_.push_back(std::make_unique<TaskRow>(lane));
        } else {
            rows_.push_back(std::make_unique<EventRow>(lane));
        }
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
    // Header: axis switch, fit, legend.
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

    const float depth_h = ImGui::GetTextLineHeight() + 4;
    const float ruler_h = ImGui::GetTextLineHeight() + 6;
    ImGui::BeginChild("lanes", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float avail_w = ImGui::GetContentRegionAvail().x;
    view.timeline.width_px = std::max(50.0f, avail_w - label_w);
    if (view.fit_requested) {
        view.fit();
    }
    float total_h = ruler_h;
    std::vector<float> row_top;
    for (const auto &row : rows_) {
        row_top.push_back(origin.y + total_h);
        total_h += row->height(depth_h);
    }
    // A newly selected task's lane is scrolled into view.
    if (view.selected_task != scrolled_task_ && view.selected_task < view.index.task_lane.size()) {
        scrolled_task_ = view.selected_task;
        const int lane = view.index.task_lane[view.selected_task];
        if (lane >= 0) {
            const float y = row_top[static_cast<std::size_t>(lane)] - origin.y;
            const float h = rows_[static_cast<std::size_t>(lane)]->height(depth_h);
            const float scroll = ImGui::GetScrollY();
            const float window_h = ImGui::GetWindowHeight();
            if (y < scroll || y + h > scroll + window_h) {
                ImGui::SetScrollY(std::max(0.0f, y - ruler_h));
            }
        }
    }
    ImGui::InvisibleButton("##lanes_input", ImVec2(std::max(1.0f, avail_w), total_h));
    const bool hovered = ImGui::IsItemHovered();
    ImGuiIO &io = ImGui::GetIO();
    const float left = origin.x + label_w;
    if (hovered && io.MouseWheel != 0) {
        view.timeline.zoom(std::pow(1.25, static_cast<double>(io.MouseWheel)),
                           io.MousePos.x - left);
    }
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2)) {
        view.timeline.pan_px(io.MouseDelta.x);
    }

    view.geometry.left = left;
    view.geometry.depth_h = depth_h;
    view.geometry.lane_top = row_top;

    ImDrawList *dl = ImGui::GetWindowDrawList();
    const ImVec2 clip_min(left, origin.y);
    const ImVec2 clip_max(left + view.timeline.width_px, origin.y + total_h);
    // Grid lines here; the ruler's labels at the end, on top, pinned to the visible top.
    const double tick = nice_step(view.timeline.units_per_px() * 110);
    const double first_tick = std::ceil(view.timeline.x0 / tick) * tick;
    dl->PushClipRect(clip_min, clip_max, true);
    for (double x = first_tick; x < view.timeline.x1; x += tick) {
        const float px = left + view.timeline.to_px(x);
        dl->AddLine(ImVec2(px, origin.y + ruler_h - 4),
                    ImVec2(px, origin.y + total_h),
                    IM_COL32(255, 255, 255, 28));
    }
    dl->PopClipRect();

    Hit hit;
    RowContext c;
    c.dl = dl;
    c.left = left;
    c.view = &view;
    c.mouse = io.MousePos;
    c.mouse_in = hovered;
    c.hit = &hit;
    c.depth_h = depth_h;
    // Only rows inside the scrolled child window are drawn: a trace may have thousands of tasks.
    const float visible_top = ImGui::GetWindowPos().y;
    const float visible_bottom = visible_top + ImGui::GetWindowHeight();
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        const TimelineRow &row = *rows_[i];
        const float top = row_top[i];
        const float h = row.height(depth_h);
        if (top > visible_bottom || top + h < visible_top) {
            continue;
        }
        const bool selected =
            row.lane().kind == LaneKind::task && row.lane().id == view.selected_task;
        dl->AddRectFilled(ImVec2(origin.x, top),
                          ImVec2(left + view.timeline.width_px, top + h - 1),
                          selected
                              ? IM_COL32(60, 70, 100, 255)
                              : (i % 2 ? IM_COL32(38, 38, 44, 255) : IM_COL32(30, 30, 36, 255)));
        dl->PushClipRect(ImVec2(origin.x, top), ImVec2(left - 4, top + h), true);
        dl->AddText(
            ImVec2(origin.x + 4, top + 3), IM_COL32(230, 230, 230, 255), row.label().c_str());
        dl->PopClipRect();
        if (c.over(ImVec2(origin.x, top), ImVec2(left, top + h)) &&
            row.lane().kind == LaneKind::task) {
            const auto [first, last] = row.range();
            hit.text = "lane of " + row.label() +
                       (first <= last
                            ? " (events " + std::to_string(first) + "–" + std::to_string(last) + ")"
                            : std::string(" (no events)")) +
                       " — click to select";
            hit.task = row.lane().id;
        }
        dl->PushClipRect(ImVec2(left, top), ImVec2(left + view.timeline.width_px, top + h), true);
        c.top = top;
        row.draw(c);
        dl->PopClipRect();
    }

    // Unpark arrows, from the source lane to the poll they cause.
    dl->PushClipRect(clip_min, clip_max, true);
    {
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
            const float ty = row_top[to_lane] + 3 + depth_h / 2;
            const float fy = a.from_lane >= 0
                                 ? row_top[static_cast<std::size_t>(a.from_lane)] + 3 + depth_h / 2
                                 : row_top[to_lane] - 2;
            const float fx = left + px;
            const bool caused = a.to != a.from;
            const float tx = caused ? left + view.timeline.to_px(c.pos(a.to)) : fx + 6;
            const ImU32 col =
                a.outcome == UnparkOutcome::queued ? colors::unpark : colors::coalesced;
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
            if (!hit.seq && c.over(ImVec2(fx - 4, fy - 4), ImVec2(fx + 4, fy + 4))) {
                hit.text = describe_event(*view.model, view.model->events[a.from]);
                hit.seq = a.from;
                hit.task = view.model->events[a.from].task;
            }
        }
    }
    // Cursor, and the ruler over everything.
    const float cursor_px = left + view.timeline.to_px(view.axis_of(view.cursor));
    // What has not happened yet at the cursor is dimmed: the replay's "now" is the cursor.
    if (cursor_px < left + view.timeline.width_px) {
        dl->AddRectFilled(ImVec2(std::max(left, cursor_px), origin.y),
                          ImVec2(left + view.timeline.width_px, origin.y + total_h),
                          IM_COL32(10, 10, 14, 110));
    }
    dl->AddLine(
        ImVec2(cursor_px, origin.y), ImVec2(cursor_px, origin.y + total_h), colors::cursor, 2);
    dl->PopClipRect();
    {
        const float y = visible_top;
        dl->AddRectFilled(ImVec2(origin.x, y),
                          ImVec2(left + view.timeline.width_px, y + ruler_h),
                          IM_COL32(20, 20, 24, 255));
        dl->PushClipRect(ImVec2(left, y), ImVec2(left + view.timeline.width_px, y + ruler_h), true);
        for (double x = first_tick; x < view.timeline.x1; x += tick) {
            const float px = left + view.timeline.to_px(x);
            dl->AddLine(
                ImVec2(px, y + ruler_h - 5), ImVec2(px, y + ruler_h), IM_COL32(200, 200, 200, 255));
            dl->AddText(
                ImVec2(px + 3, y), IM_COL32(200, 200, 200, 255), axis_label(view.axis, x).c_str());
        }
        // Diagnostics: a mark on the ruler over each diag event, whatever lane it is on (a
        // deadlock found at the end names no single task).
        const auto &diags = view.index.diags;
        for (auto it = std::partition_point(diags.begin(),
                                            diags.end(),
                                            [&](Seq s) { return c.pos_end(s) < view.timeline.x0; });
             it != diags.end();
             ++it) {
            const float px = left + view.timeline.to_px((c.pos(*it) + c.pos_end(*it)) / 2);
            if (px > left + view.timeline.width_px + 6) {
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

    if (hovered && !hit.text.empty()) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(hit.text.c_str());
        ImGui::EndTooltip();
    }
    if (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
        io.MouseDragMaxDistanceSqr[0] < 16) {
        if (hit.future != 0) {
            view.select_future(hit.future);
        } else if (hit.task != 0) {
            view.select_task(hit.task);
        }
        if (hit.seq) {
            view.go_to(*hit.seq);
        }
    }
    ImGui::EndChild();
}

} // namespace

std::unique_ptr<Panel> make_timeline_panel(PanelRect rect) {
    return std::make_unique<TimelinePanel>("Timeline", rect);
}

} // namespace futurescope::viz
