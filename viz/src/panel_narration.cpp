// The narration panel: the sentence for the cursor's event, the lesson's notes, the polling path
// and the vocabulary toggle.
#include <imgui.h>

#include <string>

#include "futurescope/executor/executor.hpp"
#include "panels.hpp"
#include "text.hpp"

namespace futurescope::viz {

using trace::TraceEvent;

namespace {

class NarrationPanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override {
        if (!empty_unless_loaded(view)) {
            return;
        }
        const TraceEvent &e = view.model->events[view.cursor];
        ImGui::TextDisabled("Step %u, t = %s", view.cursor, format_duration(e.t).c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("   words:");
        ImGui::SameLine();
        int vocab = view.vocabulary == trace::Vocabulary::modern ? 1 : 0;
        if (ImGui::RadioButton("futures 0.1", &vocab, 0)) {
            view.set_vocabulary(trace::Vocabulary::futures01);
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("Ready/NotReady, park/unpark, the Task handle");
        }
        ImGui::SameLine();
        if (ImGui::RadioButton("modern", &vocab, 1)) {
            view.set_vocabulary(trace::Vocabulary::modern);
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("Ready/Pending, the Context's Waker, wake");
        }
        ImGui::PushTextWrapPos(0);
        draw_text(view.narration->sentence(*view.model, view.cursor));
        // The lesson's own notes at this step, set apart from the generated sentence.
        for (const std::string &note : view.narration->notes(*view.model, view.cursor)) {
            ImGui::TextColored(
                ImVec4(0.55f, 0.95f, 0.6f, 1), "Lesson note: %s", fit_text(note).c_str());
        }
        ImGui::PopTextWrapPos();
        if (const std::string path = view.narration->path(*view.model, view.cursor);
            !path.empty()) {
            ImGui::TextColored(ImVec4(0.55f, 0.75f, 1, 1), "%s", fit_text(path).c_str());
        }
        ImGui::Separator();
        ImGui::TextDisabled("%s", fit_text(describe_event(*view.model, e)).c_str());
    }
};

} // namespace

std::unique_ptr<Panel> make_narration_panel(PanelRect rect) {
    return std::make_unique<NarrationPanel>("Narration", rect);
}

} // namespace futurescope::viz
