// The controls panel: stepping buttons (by event, by task-level poll, by poll of the selected
// task), play and speed, the cursor's slider, and the breakpoints popup.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "futurescope/executor/executor.hpp"
#include "panels.hpp"
#include "text.hpp"

namespace futurescope::viz {

using trace::EventKind;
using trace::TraceEvent;

namespace {

class ControlsPanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override {
        if (!empty_unless_loaded(view)) {
            return;
        }
        draw_step_buttons(view);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(110);
        ImGui::SliderFloat(
            "ev/s", &view.events_per_s, 1, 500, "%.0f", ImGuiSliderFlags_Logarithmic);
        ImGui::SameLine();
        int cursor = static_cast<int>(view.cursor);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderInt("##cursor", &cursor, 0, static_cast<int>(view.last()), "step %d")) {
            view.go_to(cursor);
        }
        const TraceEvent &e = view.model->events[view.cursor];
        ImGui::Text("Step %u / %u   t = %s   %s",
                    view.cursor,
                    view.last(),
                    format_duration(e.t).c_str(),
                    std::string(to_string(e.kind)).c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Breakpoints...")) {
            ImGui::OpenPopup("breakpoints");
        }
        if (!view.status.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(1, 0.85f, 0.4f, 1), "%s", fit_text(view.status).c_str());
        }
        draw_breakpoints(view);
    }

  private:
    // Back and forth by event, by task-level poll, by poll of the selected task; play; run.
    static void draw_step_buttons(ViewState &view) {
        if (ImGui::Button("|<")) {
            view.go_to(0);
        }
        ImGui::SameLine();
        if (ImGui::Button("<< task poll")) {
            view.step_selected_poll(-1);
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("previous poll of the selected task (Ctrl+Left)");
        }
        ImGui::SameLine();
        if (ImGui::Button("<< poll")) {
            view.step_task_poll(-1);
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("previous task-level poll, any task (Shift+Left)");
        }
        ImGui::SameLine();
        if (ImGui::Button("< event")) {
            view.step(-1);
        }
        ImGui::SameLine();
        if (ImGui::Button(view.playing ? "Pause" : "Play ")) {
            view.toggle_play();
        }
        ImGui::SameLine();
        if (ImGui::Button("event >")) {
            view.step(1);
        }
        ImGui::SameLine();
        if (ImGui::Button("poll >>")) {
            view.step_task_poll(1);
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("next task-level poll, any task (Shift+Right)");
        }
        ImGui::SameLine();
        if (ImGui::Button("task poll >>")) {
            view.step_selected_poll(1);
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("next poll of the selected task (Ctrl+Right)");
        }
        ImGui::SameLine();
        if (ImGui::Button("Run to end")) {
            view.run_to_end();
        }
    }

    // Stop at events of chosen kinds, of a task or of a future.
    static void draw_breakpoints(ViewState &view) {
        if (ImGui::BeginPopup("breakpoints")) {
            ImGui::TextUnformatted("Stop playback and 'Run to end' at events of these kinds:");
            for (std::size_t k = 0; k < trace::event_kind_count; ++k) {
                if (k % 4 != 0) {
                    ImGui::SameLine(static_cast<float>(k % 4) * 150);
                }
                std::string name(to_string(static_cast<EventKind>(k)));
                ImGui::Checkbox(name.c_str(), &view.breakpoints.kinds[k]);
            }
            int task = static_cast<int>(view.breakpoints.task);
            int future = static_cast<int>(view.breakpoints.future);
            ImGui::SetNextItemWidth(120);
            if (ImGui::InputInt("task (0: any)", &task)) {
                view.breakpoints.task = static_cast<TaskId>(std::max(0, task));
            }
            ImGui::SetNextItemWidth(120);
            if (ImGui::InputInt("future (0: any)", &future)) {
                view.breakpoints.future = static_cast<FutureId>(std::max(0, future));
            }
            if (ImGui::Button("Clear")) {
                view.breakpoints = Breakpoints{};
            }
            ImGui::EndPopup();
        }
    }
};

} // namespace

std::unique_ptr<Panel> make_controls_panel(PanelRect rect) {
    return std::make_unique<ControlsPanel>("Controls", rect);
}

} // namespace futurescope::viz
