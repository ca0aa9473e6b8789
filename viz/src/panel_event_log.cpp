// The event log panel: every event, or those of a task, future or kind, one clipped row each,
// following the cursor; its second tab is the executor drawn as data (panel_executor.cpp).
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "panels.hpp"
#include "text.hpp"

namespace futurescope::viz {

using trace::EventKind;
using trace::TraceEvent;

namespace {

class EventLogPanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override {
        if (!empty_unless_loaded(view)) {
            return;
        }
        // Two tabs: every event, and the executor drawn as data (panel_executor.cpp). A script's
        // `executor on|off` brings one to the front.
        if (!ImGui::BeginTabBar("##log_tabs")) {
            return;
        }
        const bool request = shown_executor_ != view.show_executor;
        if (ImGui::BeginTabItem("Events",
                                nullptr,
                                request && !view.show_executor ? ImGuiTabItemFlags_SetSelected
                                                               : 0)) {
            if (!request) {
                view.show_executor = false;
            }
            draw_log(view);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Executor",
                                nullptr,
                                request && view.show_executor ? ImGuiTabItemFlags_SetSelected
                                                              : 0)) {
            if (!request) {
                view.show_executor = true;
            }
            draw_executor(view);
            ImGui::EndTabItem();
        }
        shown_executor_ = view.show_executor;
        ImGui::EndTabBar();
    }

  private:
    void draw_log(ViewState &view) {
        const trace::TraceModel &m = *view.model;
        const bool refilter = draw_filters() || generation_ != view.generation;
        if (refilter) {
            generation_ = view.generation;
            apply_filter(m);
        }
        const int count =
            filtered_ ? static_cast<int>(rows_.size()) : static_cast<int>(m.events.size());
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
        if (!ImGui::BeginTable("events", 5, flags)) {
            return;
        }
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("step", ImGuiTableColumnFlags_WidthFixed, 60);
        ImGui::TableSetupColumn("t", ImGuiTableColumnFlags_WidthFixed, 70);
        ImGui::TableSetupColumn("task", ImGuiTableColumnFlags_WidthFixed, 70);
        ImGui::TableSetupColumn("kind", ImGuiTableColumnFlags_WidthFixed, 80);
        ImGui::TableSetupColumn("details", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        const float row_h = ImGui::GetTextLineHeightWithSpacing();
        if (follow_ && (view.cursor != scrolled_to_ || refilter)) {
            scrolled_to_ = view.cursor;
            // The cursor's row (or the first after it) is brought to the middle.
            std::size_t row = view.cursor;
            if (filtered_) {
                row = static_cast<std::size_t>(
                    std::lower_bound(rows_.begin(), rows_.end(), view.cursor) - rows_.begin());
            }
            ImGui::SetScrollY(
                std::max(0.0f, static_cast<float>(row) * row_h - ImGui::GetWindowHeight() / 2));
        }
        ImGuiListClipper clipper;
        clipper.Begin(count, row_h);
        while (clipper.Step()) {
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                draw_row(view,
                         filtered_ ? rows_[static_cast<std::size_t>(r)] : static_cast<Seq>(r));
            }
        }
        ImGui::EndTable();
        if (count == 0) {
            ImGui::TextDisabled("Nothing to show: no event matches the filter.");
        }
    }

    // The task, future and kind filters and the follow toggle; true when a filter changed.
    bool draw_filters() {
        bool refilter = false;
        ImGui::SetNextItemWidth(70);
        refilter |= ImGui::InputInt("task", &task_, 0);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(70);
        refilter |= ImGui::InputInt("future", &future_, 0);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(120);
        const char *preview =
            kind_ < 0 ? "any kind" : to_string(static_cast<EventKind>(kind_)).data();
        if (ImGui::BeginCombo("kind", preview)) {
            if (ImGui::Selectable("any kind", kind_ < 0)) {
                kind_ = -1;
                refilter = true;
            }
            for (int k = 0; k < static_cast<int>(trace::event_kind_count); ++k) {
                if (ImGui::Selectable(to_string(static_cast<EventKind>(k)).data(), kind_ == k)) {
                    kind_ = k;
                    refilter = true;
                }
            }
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        ImGui::Checkbox("follow cursor", &follow_);
        return refilter;
    }

    // The events the filters keep, once per change of filter or trace.
    void apply_filter(const trace::TraceModel &m) {
        rows_.clear();
        filtered_ = task_ != 0 || future_ != 0 || kind_ >= 0;
        if (!filtered_) {
            return;
        }
        for (Seq s = 0; s < m.events.size(); ++s) {
            const TraceEvent &e = m.events[s];
            if ((task_ == 0 || e.task == static_cast<TaskId>(task_)) &&
                (future_ == 0 || e.future == static_cast<FutureId>(future_)) &&
                (kind_ < 0 || static_cast<int>(e.kind) == kind_)) {
                rows_.push_back(s);
            }
        }
    }

    static void draw_row(ViewState &view, Seq s) {
        const trace::TraceModel &m = *view.model;
        const TraceEvent &e = m.events[s];
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        char label[32];
        std::snprintf(label, sizeof label, "%u", s);
        if (ImGui::Selectable(label, s == view.cursor, ImGuiSelectableFlags_SpanAllColumns)) {
            view.go_to(s);
            if (e.task != 0) {
                view.select_task(e.task);
            }
        }
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(format_duration(e.t).c_str());
        ImGui::TableSetColumnIndex(2);
        draw_text(e.task != 0 ? m.task_name(e.task) : std::string());
        ImGui::TableSetColumnIndex(3);
        ImGui::TextUnformatted(to_string(e.kind).data());
        ImGui::TableSetColumnIndex(4);
        const std::string details = describe_event(m, e);
        ImGui::TextUnformatted(fit_text(details).c_str());
        if (ImGui::IsItemHovered()) {
            draw_tooltip(details);
        }
    }

    std::uint64_t generation_ = 0;
    bool shown_executor_ = false;
    int task_ = 0;
    int future_ = 0;
    int kind_ = -1;
    bool follow_ = true;
    bool filtered_ = false;
    Seq scrolled_to_ = ~Seq{0};
    std::vector<Seq> rows_;
};

} // namespace

std::unique_ptr<Panel> make_event_log_panel(PanelRect rect) {
    return std::make_unique<EventLogPanel>("Event log", rect);
}

} // namespace futurescope::viz
