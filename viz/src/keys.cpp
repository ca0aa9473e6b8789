// Keyboard shortcuts: Space plays or pauses, the arrows step (Shift: by task-level poll, Ctrl:
// by poll of the selected task; Up and Down: by line of the lesson's story), Home and End go to
// the ends, n and N to the next and previous lesson note.
#include <imgui.h>

#include "panels.hpp"

namespace futurescope::viz {

void handle_keys(ViewState &view) {
    ImGuiIO &io = ImGui::GetIO();
    if (io.WantTextInput || !view.loaded()) {
        return;
    }
    auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), true); };
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
        view.toggle_play();
    }
    for (int dir : {-1, 1}) {
        if (pressed(dir < 0 ? ImGuiKey_LeftArrow : ImGuiKey_RightArrow)) {
            if (io.KeyCtrl) {
                view.step_selected_poll(dir);
            } else if (io.KeyShift) {
                view.step_task_poll(dir);
            } else {
                view.step(dir);
            }
        }
    }
    if (pressed(ImGuiKey_UpArrow)) {
        view.step_story(-1);
    }
    if (pressed(ImGuiKey_DownArrow)) {
        view.step_story(1);
    }
    // Letters as typed characters: Dear ImGui 1.86 names no letter keys but these.
    for (const ImWchar c : io.InputQueueCharacters) {
        if (c == 'n') {
            view.step_note(1);
        } else if (c == 'N') {
            view.step_note(-1);
        }
    }
    if (pressed(ImGuiKey_Home)) {
        view.go_to(0);
    }
    if (pressed(ImGuiKey_End)) {
        view.run_to_end();
    }
}

} // namespace futurescope::viz
