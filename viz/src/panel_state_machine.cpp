// The state machine panel: the selected task's futures after the cursor's step, their states
// and last results, what changed by this step, and what the task is doing now.
//
// A task may have tens of thousands of futures: one snapshot per step says what each row needs
// (changed by this step or not, shown or hidden), and only the rows in view are drawn.
#include <imgui.h>

#include <string>
#include <vector>

#include "panels.hpp"
#include "text.hpp"

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
            take_snapshots(view);
        }
        ImGui::Text("Task '%s' after step %u",
                    fit_text(m.task_name(view.selected_task)).c_str(),
                    view.cursor);
        draw_status(view);
        ImGui::Checkbox("follow cursor", &view.follow_task);
        ImGui::SameLine();
        if (ImGui::Checkbox("show dropped", &show_dropped_)) {
            select_rows();
        }
        if (now_.futures.empty()) {
            ImGui::TextDisabled("Nothing to show: this task has not polled any future yet.");
            return;
        }
        ImGui::TextDisabled("highlighted: being polled now;  yellow: changed by this step");
        draw_table(view);
    }

  private:
    // The snapshot after this step, and which futures this step changed: at step 0 all of them
    // (nothing was seen before), later at most the one its event touched, when its state, last
    // result or dropped mark differs from before (or it was not seen before).
    void take_snapshots(const ViewState &view) {
        now_ = snapshot_task(*view.model, view.index, view.selected_task, view.cursor);
        snap_task_ = view.selected_task;
        snap_cursor_ = view.cursor;
        snap_generation_ = view.generation;
        changed_.assign(now_.futures.size(), view.cursor == 0);
        const FutureSnapshot &p = now_.touched_before;
        for (std::size_t i = 0; i < now_.futures.size() && view.cursor != 0; ++i) {
            const FutureSnapshot &f = now_.futures[i];
            if (f.id == now_.touched) {
                changed_[i] = !p.seen || p.state != f.state || p.last_result != f.last_result ||
                              p.dropped != f.dropped;
            }
        }
        select_rows();
    }

    // Futures dropped before this step are history; the one dropped by it is news.
    void select_rows() {
        rows_.clear();
        for (std::size_t i = 0; i < now_.futures.size(); ++i) {
            if (!now_.futures[i].dropped || changed_[i] || show_dropped_) {
                rows_.push_back(i);
            }
        }
    }

    // What the task is doing now, and when parked, who will wake it.
    static void draw_status(const ViewState &view) {
        const TaskStatus st = task_status(*view.model, view.index, view.selected_task, view.cursor);
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(st.kind == TaskStatus::Kind::lost_wakeup ? ImVec4(1, 0.45f, 0.7f, 1)
                                                                    : ImVec4(0.55f, 0.75f, 1, 1),
                           "%s",
                           fit_text(describe_status(st, view.vocabulary)).c_str());
        ImGui::PopTextWrapPos();
    }

    void draw_table(ViewState &view) const {
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
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows_.size()));
        while (clipper.Step()) {
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                const std::size_t i = rows_[static_cast<std::size_t>(r)];
                draw_row(view, now_.futures[i], changed_[i]);
            }
        }
        ImGui::EndTable();
    }

    static void draw_row(ViewState &view, const FutureSnapshot &f, bool changed) {
        const trace::TraceModel &m = *view.model;
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
        const ImVec4 col =
            changed ? ImVec4(1, 0.9f, 0.35f, 1)
                    : (f.dropped ? ImVec4(0.55f, 0.55f, 0.55f, 1) : ImVec4(0.92f, 0.92f, 0.92f, 1));
        ImGui::PushStyleColor(ImGuiCol_Text, col);
        if (ImGui::Selectable(fit_text(name).c_str(),
                              view.selected_future == f.id,
                              ImGuiSelectableFlags_SpanAllColumns)) {
            view.select_future(f.id);
        }
        tooltip_if_cut(name);
        // The state it is in, and what an async fn's state holds, in full (wrapped in the
        // column); all its states, the current one in brackets, on hover.
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
        std::string now = f.state.empty() ? std::string("-") : f.state;
        if (!f.held.empty()) {
            now += ", holds " + f.held;
        }
        ImGui::PushTextWrapPos(0);
        draw_text(now);
        ImGui::PopTextWrapPos();
        if (!states.empty() && ImGui::IsItemHovered()) {
            draw_tooltip("states: " + states + (f.held.empty() ? "" : "\nholds " + f.held));
        }
        ImGui::TableSetColumnIndex(2);
        draw_text(f.last_result.empty() ? std::string_view("-") : f.last_result);
        ImGui::PopStyleColor();
    }

    bool show_dropped_ = false;
    TaskId snap_task_ = 0;
    Seq snap_cursor_ = 0;
    std::uint64_t snap_generation_ = 0;
    TaskSnapshot now_;
    std::vector<bool> changed_;     // by this step, per future of now_
    std::vector<std::size_t> rows_; // the futures of now_ shown, in tree order
};

} // namespace

std::unique_ptr<Panel> make_state_machine_panel(PanelRect rect) {
    return std::make_unique<StateMachinePanel>("State machine", rect);
}

} // namespace futurescope::viz
