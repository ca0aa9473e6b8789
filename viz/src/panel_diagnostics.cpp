// The diagnostics panel: each problem the detectors reported by the cursor's step, with a button
// that jumps to it, and how many more the run holds after it.
#include <imgui.h>

#include <cstdio>
#include <string>
#include <vector>

#include "panels.hpp"
#include "text.hpp"

namespace futurescope::viz {

using trace::TraceEvent;

namespace {

class DiagnosticsPanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override {
        if (!empty_unless_loaded(view)) {
            return;
        }
        const trace::TraceModel &m = *view.model;
        const std::vector<Seq> &diags = view.index.diags;
        if (diags.empty() && m.summary.diagnostics.empty()) {
            ImGui::TextDisabled("Nothing to show: no problem was detected in this run.");
            return;
        }
        // Only what has been detected by the cursor's step: the rest would tell the end of the
        // run before the learner gets there.
        std::size_t later = 0;
        for (std::size_t i = 0; i < diags.size(); ++i) {
            const Seq s = diags[i];
            if (s > view.cursor) {
                later = diags.size() - i;
                break;
            }
            const TraceEvent &e = m.events[s];
            ImGui::PushID(static_cast<int>(s));
            char jump[48];
            std::snprintf(jump, sizeof jump, "step %u", s);
            if (ImGui::SmallButton(jump)) {
                (void)view.jump_to_diag(i);
            }
            ImGui::SameLine();
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(ImVec4(1, 0.45f, 0.7f, 1),
                               "[%s]%s%s",
                               fit_text(m.str(e.text2)).c_str(),
                               e.task != 0 ? " task " : "",
                               e.task != 0 ? fit_text(m.task_name(e.task)).c_str() : "");
            draw_text(m.str(e.text));
            ImGui::PopTextWrapPos();
            ImGui::PopID();
        }
        if (later > 0) {
            ImGui::TextDisabled("%s: %zu more later in the run (Run to end shows %s).",
                                diags.size() == later ? "Nothing detected yet" : "So far",
                                later,
                                later == 1 ? "it" : "them");
        }
        if (diags.empty() && view.cursor < view.last()) {
            ImGui::TextDisabled("The run's diagnostics show at its end.");
        } else if (diags.empty()) {
            for (const trace::TraceDiagnostic &d : m.summary.diagnostics) {
                ImGui::BulletText(
                    "[%s] %s", fit_text(m.str(d.kind)).c_str(), fit_text(m.str(d.message)).c_str());
            }
        }
    }
};

} // namespace

std::unique_ptr<Panel> make_diagnostics_panel(PanelRect rect) {
    return std::make_unique<DiagnosticsPanel>("Diagnostics", rect);
}

} // namespace futurescope::viz
