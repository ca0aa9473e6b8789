// The timeline's pieces behind the panel in timeline.cpp: rows behind one interface (label, the
// events shown, height, draw) with a subclass per kind of lane, what the mouse is over, the
// ruler's ticks and labels, and the legend. Whatever is narrower than two pixels is drawn once per
// pixel column (the first item there), so a row costs O(pixels × log events) at any zoom.
#pragma once

#include <imgui.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "panels.hpp"

namespace futurescope::viz::timeline {

inline constexpr float label_w = 170;
// Narrower items are drawn this wide, one per pixel column (the first there). On the time axis
// polls take no virtual time, so they get a visible minimum width.
inline constexpr float min_w = 2;
inline constexpr float min_w_time = 6;
inline constexpr std::size_t max_drawn_depths = 12;
inline constexpr std::size_t label_chars_max = 200;

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

// A task's lane (polls stacked by depth) or an event lane (timers, sockets, channels).
[[nodiscard]] std::unique_ptr<TimelineRow> make_row(const Lane &lane);

// The ruler's tick spacing: 1, 2 or 5 times a power of ten, at least `raw`.
[[nodiscard]] double nice_step(double raw);
// "#120" on the order axis, "1.5ms" on the time axis.
[[nodiscard]] std::string axis_label(Axis axis, double x);
// The legend, in the view's vocabulary (NotReady or Pending, park or waker).
void draw_legend(trace::Vocabulary vocab);

} // namespace futurescope::viz::timeline
