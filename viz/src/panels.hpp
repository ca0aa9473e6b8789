// The viewer's panels: small classes over the one ViewState. The base class does Begin/End and
// the first placement; each panel only draws its content, and says why when it has nothing to
// show. The base lives in panel.cpp, each panel in its own panel_<name>.cpp (the timeline in
// timeline.cpp), the keys in keys.cpp.
#pragma once

#include <imgui.h>

#include <memory>
#include <string>
#include <vector>

#include "view_state.hpp"

namespace futurescope::viz {

// Colours shared by the timeline, the legend and the tables.
namespace colors {
inline constexpr ImU32 ready = IM_COL32(76, 175, 80, 255);
inline constexpr ImU32 not_ready = IM_COL32(235, 165, 45, 255);
inline constexpr ImU32 err = IM_COL32(220, 60, 60, 255);
inline constexpr ImU32 end = IM_COL32(150, 110, 220, 255);
inline constexpr ImU32 park = IM_COL32(90, 160, 255, 255);
inline constexpr ImU32 unpark = IM_COL32(120, 200, 255, 220);
inline constexpr ImU32 coalesced = IM_COL32(160, 160, 160, 200);
inline constexpr ImU32 timer = IM_COL32(230, 230, 120, 255);
inline constexpr ImU32 io = IM_COL32(100, 220, 200, 255);
inline constexpr ImU32 channel = IM_COL32(220, 140, 255, 255);
inline constexpr ImU32 cursor = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 changed = IM_COL32(255, 230, 90, 255);
inline constexpr ImU32 diag = IM_COL32(255, 70, 170, 255);
inline constexpr ImU32 source_highlight = IM_COL32(45, 95, 160, 255);
[[nodiscard]] ImU32 of(PollOutcome outcome);
} // namespace colors

// Where a panel goes the first time (fractions of the display below the menu bar).
struct PanelRect {
    float x, y, w, h;
};

class Panel {
  public:
    Panel(const char *title, PanelRect rect) : title_(title), rect_(rect) {}
    virtual ~Panel() = default;
    Panel(const Panel &) = delete;
    Panel &operator=(const Panel &) = delete;

    void show(ViewState &view);
    [[nodiscard]] const char *title() const { return title_; }
    bool open = true;

  protected:
    virtual void draw(ViewState &view) = 0;
    // Panels without a trace all say the same thing.
    static bool empty_unless_loaded(const ViewState &view);

  private:
    const char *title_;
    PanelRect rect_;
};

std::unique_ptr<Panel> make_controls_panel(PanelRect rect);
std::unique_ptr<Panel> make_timeline_panel(PanelRect rect);
std::unique_ptr<Panel> make_state_machine_panel(PanelRect rect);
std::unique_ptr<Panel> make_narration_panel(PanelRect rect);
std::unique_ptr<Panel> make_scenario_panel(PanelRect rect);
std::unique_ptr<Panel> make_event_log_panel(PanelRect rect);
std::unique_ptr<Panel> make_task_table_panel(PanelRect rect);
std::unique_ptr<Panel> make_diagnostics_panel(PanelRect rect);
std::unique_ptr<Panel> make_lesson_panel(PanelRect rect);

// The executor drawn as data, as it stands after the cursor's event: the event log's second tab.
void draw_executor(ViewState &view);

// Keyboard shortcuts (Space, arrows, Home/End, n/N) when no text field has focus.
void handle_keys(ViewState &view);

} // namespace futurescope::viz
