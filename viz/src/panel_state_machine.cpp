// The state machine panel: the selected task's futures after the cursor's step, their states
// and last results, what changed by this step, and what the task is doing now.
#include <imgui.h>

#include <optional>
#include <string>

#include "panels.hpp"

namespace futurescope::viz {

namespace {

class StateMachinePanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override {
        if (!empty_unless_loaded(view)) {
            return;
        }
        const trace::TraceModel &m = *view.model;
        if (view.selected_task == 0) {
            ImGui::TextDisabled("Nothing to show: select a task (click its lane or a poll).");
            return;
        }
        if (snap_task_ != view.selected_task || snap_cursor_ != view.cursor ||
            snap_generation_ != view.generation) {
            now_ = snapshot_task(m, view.index, view.selected_task, view.cursor);
            before_ = snapshot_task(m,
                                    view.index,
                                    view.selected_task,
                                    view.cursor == 0 ? std::nullopt
                                                     : std::optional<Seq>(view.cursor - 1));
            snap_task_ = view.selected_task;
            snap_cursor_ = view.cursor;
            snap_generation_ = view.generation;
        }
        ImGui::Text(
            "Task '%s' after step %u", m.task_name(view.selected_task).c_str(), view.cursor);
        {
            // What the task is doing now, and when parked, who will wake it.
            const TaskStatus st = task_status(m, view.index, view.selected_task, view.cursor);
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(st.kind == TaskStatus::Kind::lost_wakeup
                                   ? ImVec4(1, 0.45f, 0.7f, 1)
                                   : ImVec4(0.55f, 0.75f, 1, 1),
                               "%s",
                               describe_status(st, view.vocabulary).c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::Checkbox("follow cursor", &view.follow_task);
        ImGui::SameLine();
        ImGui::Checkbox("show dropped", &show_dropped_);
        if (now_.futures.empty()) {
            ImGui::TextDisabled("Nothing to show: this task has not polled any future yet.");
            return;
        }
        ImGui::TextDisabled("highlighted: being polled now;  yellow: changed by this step");
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                      ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
        if (!ImGui::BeginTable("futures", 3, flags)) {
            return;
        }
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("future", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableSetupColumn("state", ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableSetupColumn("last result", ImGuiTableColumnFlags_WidthStretch, 1);
        ImGui::TableHeadersRow();
        for (const FutureSnapshot &f : now_.futures) {
            const FutureSnapshot *prev = nullptr;
            for (const FutureSnapshot &p : before_.futures) {
                if (p.id == f.id) {
                    prev = &p;
                }
            }
            const bool changed = prev == nullptr || prev->state != f.state ||
                                 prev->last_result != f.last_result || prev->dropped != f.dropped;
            // Futures dropped before this step are history; the one dropped by it is news.
            if (f.dropped && !changed && !show_dropped_) {
                continue;
            }
            ImGui::TableNextRow();
            if (f.polling) {
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(40, 90, 150, 255));
            }
            ImGui::TableSetColumnIndex(0);
            const trace::TraceFuture *tf = m.future(f.id);
            std::string name =
                std::string(static_cast<std::size_t>(f.depth) * 2, ' ') + m.future_name(f.id);
            if (tf != nullptr && tf->label != 0) {
                name += " " + std::string(m.str(tf->label));
            }
            if (f.dropped) {
                name += "  (dropped)";
            }
            const ImVec4 col = changed ? ImVec4(1, 0.9f, 0.35f, 1)
                                       : (f.dropped ? ImVec4(0.55f, 0.55f, 0.55f, 1)
                                                    : ImVec4(0.92f, 0.92f, 0.92f, 1));
            ImGui::PushStyleColor(ImGuiCol_Text, col);
            if (ImGui::Selectable(name.c_str(),
                                  view.selected_future == f.id,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                view.select_future(f.id);
            }
            ImGui::TableSetColumnIndex(1);
            std::string states;
            if (tf != nullptr) {
                for (trace::StrId s : m.states(*tf)) {
                    if (!states.empty()) {
                        states += " / ";
                    }
                    states += m.str(s) == f.state ? "[" + f.state + "]" : std::string(m.str(s));
                }
            }
            ImGui::TextUnformatted(states.empty() ? f.state.c_str() : states.c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(f.last_result.empty() ? "-" : f.last_result.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::EndTable();
    }

  private:
    bool show_dropped_ = false;
    TaskId snap_task_ = 0;
    Seq snap_cursor_ = 0;
    std::uint64_t snap_generation_ = 0;
    TaskSnapshot now_;
    TaskSnapshot before_;
};

} // namespace

std::unique_ptr<Panel> make_state_machine_panel(PanelRect rect) {
    return std::make_unique<StateMachinePanel>("State machine", rect);
}

} // namespace futurescope::viz
