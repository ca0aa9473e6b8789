// The Panel base (Begin/End, the first placement, the "nothing to show: why" line) and the
// colours of poll outcomes.
#include <imgui.h>

#include "panels.hpp"

namespace futurescope::viz {

ImU32 colors::of(PollOutcome outcome) {
    switch (outcome) {
    case PollOutcome::ready:
        return ready;
    case PollOutcome::err:
        return err;
    case PollOutcome::end:
        return end;
    case PollOutcome::not_ready:
        break;
    }
    return not_ready;
}

void Panel::show(ViewState &view) {
    if (!open) {
        return;
    }
    // The menu bar's height is known before its first frame ends, the work area's is not.
    const ImGuiViewport *vp = ImGui::GetMainViewport();
    const float menu_h = ImGui::GetFrameHeight();
    const ImVec2 pos(vp->Pos.x, vp->Pos.y + menu_h);
    const ImVec2 size(vp->Size.x, vp->Size.y - menu_h);
    ImGui::SetNextWindowPos(ImVec2(pos.x + rect_.x * size.x, pos.y + rect_.y * size.y),
                            ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(rect_.w * size.x, rect_.h * size.y), ImGuiCond_FirstUseEver);
    if (ImGui::Begin(title_, &open)) {
        draw(view);
    }
    ImGui::End();
}

bool Panel::empty_unless_loaded(const ViewState &view) {
    if (view.loaded()) {
        return true;
    }
    if (!view.load_error.empty()) {
        ImGui::TextColored(
            ImVec4(1, 0.5f, 0.5f, 1), "Nothing to show: %s", view.load_error.c_str());
    } else if (view.model != nullptr) {
        ImGui::TextDisabled("Nothing to show: the trace has no events.");
    } else {
        ImGui::TextDisabled(
            "Nothing to show: no trace is open. Use File > Open, or drop a trace on the window.");
    }
    return false;
}

} // namespace futurescope::viz
