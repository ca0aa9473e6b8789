// The tasks panel: each task's status now (and who will wake it), its polls, unparks, completion
// and result so far: all at the cursor, never the end of the run before the cursor gets there.
//
// A trace may have tens of thousands of tasks: each task's summary is found once per trace, and
// only the rows in view are drawn (their status is worked out for those rows alone).
#include <imgui.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "panels.hpp"
#include "text.hpp"

namespace futurescope::viz {

namespace {

class TaskTablePanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override {
        if (!empty_unless_loaded(view)) {
            return;
        }
        const trace::TraceModel &m = *view.model;
        if (m.tasks.empty()) {
            ImGui::TextDisabled("Nothing to show: the trace has no tasks.");
            return;
        }
        if (generation_ != view.generation) {
            find_summaries(m);
            generation_ = view.generation;
        }
        draw_table(view);
    }

  private:
    void draw_table(ViewState &view) {
        const trace::TraceModel &m = *view.model;
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
        if (!ImGui::BeginTable("tasks", 6, flags)) {
            return;
        }
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("task", ImGuiTableColumnFlags_WidthStretch, 1.3f);
        ImGui::TableSetupColumn("now (who will wake it)", ImGuiTableColumnFlags_WidthStretch, 2);
        ImGui::TableSetupColumn("polls", ImGuiTableColumnFlags_WidthFixed, 45);
        ImGui::TableSetupColumn("unparks", ImGuiTableColumnFlags_WidthFixed, 55);
        ImGui::TableSetupColumn("completed", ImGuiTableColumnFlags_WidthFixed, 75);
        ImGui::TableSetupColumn("result", ImGuiTableColumnFlags_WidthStretch, 1);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(m.tasks.size()));
        while (clipper.Step()) {
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                const std::size_t i = static_cast<std::size_t>(r);
                draw_row(view, m.tasks[i], summaries_[i]);
            }
        }
        ImGui::EndTable();
    }

    // The summary of each task, by its place in m.tasks (the last one when a trace repeats an
    // id), or null when the summary does not name it.
    void find_summaries(const trace::TraceModel &m) {
        std::unordered_map<TaskId, const trace::TaskSummary *> by_id;
        by_id.reserve(m.summary.tasks.size());
        for (const trace::TaskSummary &ts : m.summary.tasks) {
            by_id[ts.id] = &ts;
        }
        summaries_.assign(m.tasks.size(), nullptr);
        for (std::size_t i = 0; i < m.tasks.size(); ++i) {
            if (const auto it = by_id.find(m.tasks[i].id); it != by_id.end()) {
                summaries_[i] = it->second;
            }
        }
    }

    static void draw_row(ViewState &view, const trace::TraceTask &t, const trace::TaskSummary *s) {
        const trace::TraceModel &m = *view.model;
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        std::string name = std::to_string(t.id) + " " + m.task_name(t.id);
        if (ImGui::Selectable(fit_text(name).c_str(),
                              view.selected_task == t.id,
                              ImGuiSelectableFlags_SpanAllColumns)) {
            view.select_task(t.id);
        }
        tooltip_if_cut(name);
        ImGui::TableSetColumnIndex(1);
        {
            const TaskStatus st = task_status(m, view.index, t.id, view.cursor);
            const std::string now = describe_status(st, view.vocabulary);
            ImGui::TextColored(st.kind == TaskStatus::Kind::lost_wakeup
                                   ? ImVec4(1, 0.45f, 0.7f, 1)
                                   : ImVec4(0.8f, 0.85f, 0.95f, 1),
                               "%s",
                               fit_text(now).c_str());
            if (ImGui::IsItemHovered()) {
                draw_tooltip(now + " (since step " + std::to_string(st.since) + ")");
            }
        }
        // The counts and the result as they stand after the cursor's event.
        const trace::TaskStatusCursor *now = view.tasks_at_cursor();
        if (now == nullptr) {
            return;
        }
        const trace::TaskStatus &ts = now->status(t.id);
        ImGui::TableSetColumnIndex(2);
        ImGui::Text("%llu", static_cast<unsigned long long>(ts.polls));
        ImGui::TableSetColumnIndex(3);
        ImGui::Text("%llu", static_cast<unsigned long long>(ts.unparks));
        ImGui::TableSetColumnIndex(4);
        ImGui::TextUnformatted(ts.completed_ns < 0 ? "-"
                                                   : format_duration(ts.completed_ns).c_str());
        ImGui::TableSetColumnIndex(5);
        draw_result(m, ts, s);
    }

    // The result once the task has completed; "stuck" once the run has ended with it parked;
    // nothing before.
    static void draw_result(const trace::TraceModel &m,
                            const trace::TaskStatus &ts,
                            const trace::TaskSummary *s) {
        std::string result;
        ImVec4 col(0.9f, 0.9f, 0.9f, 1);
        if (ts.phase == trace::TaskPhase::completed) {
            switch (ts.result) {
            case trace::ResultKind::ok:
                result = "ok " + std::string(m.str(ts.result_text));
                col = ImVec4(0.4f, 0.85f, 0.45f, 1);
                break;
            case trace::ResultKind::err:
                result = "err " + std::string(m.str(ts.result_text));
                col = ImVec4(1, 0.4f, 0.4f, 1);
                break;
            case trace::ResultKind::panic:
                result = "panic: " + std::string(m.str(ts.result_text));
                col = ImVec4(1, 0.4f, 0.4f, 1);
                break;
            case trace::ResultKind::none:
                break;
            }
        } else if (ts.phase == trace::TaskPhase::stuck) {
            result = "stuck";
            if (s != nullptr && s->stuck != 0) {
                result += ": " + std::string(m.str(s->stuck));
            }
            col = ImVec4(0.95f, 0.7f, 0.3f, 1);
        }
        if (result.empty()) {
            ImGui::TextDisabled("-");
            return;
        }
        ImGui::TextColored(col, "%s", fit_text(result).c_str());
        if (ImGui::IsItemHovered()) {
            draw_tooltip(result);
        }
    }

    std::uint64_t generation_ = 0;
    std::vector<const trace::TaskSummary *> summaries_; // by place in m.tasks
};

} // namespace

std::unique_ptr<Panel> make_task_table_panel(PanelRect rect) {
    return std::make_unique<TaskTablePanel>("Tasks", rect);
}

} // namespace futurescope::viz
