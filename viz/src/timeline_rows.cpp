// The timeline's rows: a task's lane (task-level polls, nested polls stacked under them like a
// flame graph, parks) and the event lanes (timer waits as thin bars, socket and channel events as
// markers).
#include <imgui.h>

#include <algorithm>
#include <string>

#include "futurescope/executor/executor.hpp"
#include "timeline_parts.hpp"

namespace futurescope::viz::timeline {

using trace::EventKind;

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

namespace {

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

} // namespace

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

namespace {

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
                              ", t = " + format_duration(m.events[s.begin].t);
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
                    ": set at t = " + format_duration(set.t) + ", deadline " +
                    format_duration(static_cast<TimeNs>(set.num)) + ", " +
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

} // namespace

std::unique_ptr<TimelineRow> make_row(const Lane &lane) {
    if (lane.kind == LaneKind::task) {
        return std::make_unique<TaskRow>(lane);
    }
    return std::make_unique<EventRow>(lane);
}

} // namespace futurescope::viz::timeline
