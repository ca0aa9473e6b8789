// The scenario panel: the scenario's text, with the lines of the current event's expression
// highlighted and scrolled into view.
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>

#include "panels.hpp"
#include "scenario_text.hpp"
#include "text.hpp"

namespace futurescope::viz {

namespace {

class ScenarioPanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override {
        if (!empty_unless_loaded(view)) {
            return;
        }
        if (view.scenario_text.empty()) {
            ImGui::TextDisabled("Nothing to show: this trace was not opened from a scenario, and "
                                "its scenario file (%s) could not be read.",
                                view.model->scenario.file.empty()
                                    ? "none named"
                                    : view.model->scenario.file.c_str());
            return;
        }
        const trace::TraceModel &m = *view.model;
        if (generation_ != view.generation || text_size_ != view.scenario_text.size()) {
            generation_ = view.generation;
            text_size_ = view.scenario_text.size();
            lines_ = split_lines(view.scenario_text);
            source_ = "\x01"; // recompute the highlight
        }
        // The current event's expression: its future's source, located in the text by the runner.
        if (std::string source = event_source(m, view.cursor); source != source_) {
            source_ = std::move(source);
            range_ = source_.empty() ? std::nullopt : view.locate_source(source_);
            scroll_ = range_.has_value();
        }
        draw_caption(view);
        draw_lines();
    }

  private:
    // Which expression is highlighted, or why none is.
    void draw_caption(const ViewState &view) const {
        const trace::TraceModel &m = *view.model;
        if (range_) {
            ImGui::TextDisabled("%s — step %u: %s, lines %d–%d",
                                m.scenario.file.c_str(),
                                view.cursor,
                                source_.c_str(),
                                range_->first_line,
                                range_->last_line);
        } else if (!source_.empty() && !view.locate) {
            ImGui::TextDisabled("%s — step %u: %s (this viewer cannot find it in the text: it was "
                                "started without the scenario runner)",
                                m.scenario.file.c_str(),
                                view.cursor,
                                source_.c_str());
        } else if (!source_.empty()) {
            ImGui::TextDisabled("%s — step %u: %s is not in this text (was the file edited?)",
                                m.scenario.file.c_str(),
                                view.cursor,
                                source_.c_str());
        } else {
            ImGui::TextDisabled("%s — step %u has no expression of the scenario (executor "
                                "event, or a future built inside a closure)",
                                m.scenario.file.c_str(),
                                view.cursor);
        }
    }

    // The text, only the lines in view, the highlighted ones scrolled into view once.
    void draw_lines() {
        ImGui::BeginChild("json", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
        const float line_h = ImGui::GetTextLineHeightWithSpacing();
        if (scroll_ && range_) {
            scroll_ = false;
            const float y = static_cast<float>(range_->first_line - 1) * line_h;
            const float h = static_cast<float>(range_->last_line - range_->first_line + 1) * line_h;
            const float top = ImGui::GetScrollY();
            const float win = ImGui::GetWindowHeight();
            if (y < top || y + std::min(h, win) > top + win) {
                ImGui::SetScrollY(std::max(0.0f, y - win / 4));
            }
        }
        ImDrawList *dl = ImGui::GetWindowDrawList();
        const float width = std::max(ImGui::GetContentRegionAvail().x, ImGui::GetWindowWidth());
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(lines_.size()), line_h);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const int line = i + 1;
                const std::string_view text = lines_[static_cast<std::size_t>(i)];
                const bool marked =
                    range_ && line >= range_->first_line && line <= range_->last_line;
                if (marked) {
                    const ImVec2 p = ImGui::GetCursorScreenPos();
                    dl->AddRectFilled(ImVec2(p.x - 4, p.y),
                                      ImVec2(p.x + width, p.y + line_h),
                                      colors::source_highlight);
                }
                draw_text(text);
            }
        }
        ImGui::EndChild();
    }

    std::uint64_t generation_ = 0;
    std::size_t text_size_ = 0;
    std::vector<std::string_view> lines_;
    std::string source_ = "\x01";
    std::optional<SourceRange> range_;
    bool scroll_ = false;
};

} // namespace

std::unique_ptr<Panel> make_scenario_panel(PanelRect rect) {
    return std::make_unique<ScenarioPanel>("Scenario", rect);
}

} // namespace futurescope::viz
