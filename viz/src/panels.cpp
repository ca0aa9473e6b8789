// Every panel but the timeline: controls, state machine, narration, scenario, event log, task
// table and diagnostics, plus the keyboard shortcuts.
//
// [SECTION] Panel base and colours
// [SECTION] Controls
// [SECTION] State machine
// [SECTION] Narration and scenario
// [SECTION] Event log
// [SECTION] Tasks and diagnostics
// [SECTION] Keys
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "futurescope/executor/executor.hpp"
#include "panels.hpp"
#include "scenario_text.hpp"

namespace futurescope::viz {

using trace::EventKind;
using trace::TraceEvent;

// [SECTION] Panel base and colours

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

namespace {

// [SECTION] Controls

class ControlsPanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override {
        if (!empty_unless_loaded(view)) {
            return;
        }
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
            ImGui::TextColored(ImVec4(1, 0.85f, 0.4f, 1), "%s", view.status.c_str());
        }
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

// [SECTION] State machine

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

// [SECTION] Narration and scenario

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
        ImGui::TextUnformatted(view.narration->sentence(*view.model, view.cursor).c_str());
        // The lesson's own notes at this step, set apart from the generated sentence.
        for (const std::string &note : view.narration->notes(*view.model, view.cursor)) {
            ImGui::TextColored(ImVec4(0.55f, 0.95f, 0.6f, 1), "Lesson note: %s", note.c_str());
        }
        ImGui::PopTextWrapPos();
        if (const std::string path = view.narration->path(*view.model, view.cursor);
            !path.empty()) {
            ImGui::TextColored(ImVec4(0.55f, 0.75f, 1, 1), "%s", path.c_str());
        }
        ImGui::Separator();
        ImGui::TextDisabled("%s", describe_event(*view.model, e).c_str());
    }
};

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
        // The current event's expression: its future's source, a JSON pointer into the text.
        if (std::string source = event_source(m, view.cursor); source != source_) {
            source_ = std::move(source);
            range_ = source_.empty() ? std::nullopt : locate_pointer(view.scenario_text, source_);
            scroll_ = range_.has_value();
        }
        if (range_) {
            ImGui::TextDisabled("%s — step %u: %s, lines %d–%d",
                                m.scenario.file.c_str(),
                                view.cursor,
                                source_.c_str(),
                                range_->first_line,
                                range_->last_line);
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
                ImGui::TextUnformatted(text.data(), text.data() + text.size());
            }
        }
        ImGui::EndChild();
    }

  private:
    std::uint64_t generation_ = 0;
    std::size_t text_size_ = 0;
    std::vector<std::string_view> lines_;
    std::string source_ = "\x01";
    std::optional<TextRange> range_;
    bool scroll_ = false;
};

// [SECTION] Event log

class EventLogPanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override {
        if (!empty_unless_loaded(view)) {
            return;
        }
        const trace::TraceModel &m = *view.model;
        bool refilter = generation_ != view.generation;
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
        if (refilter) {
            generation_ = view.generation;
            rows_.clear();
            filtered_ = task_ != 0 || future_ != 0 || kind_ >= 0;
            if (filtered_) {
                for (Seq s = 0; s < m.events.size(); ++s) {
                    const TraceEvent &e = m.events[s];
                    if ((task_ == 0 || e.task == static_cast<TaskId>(task_)) &&
                        (future_ == 0 || e.future == static_cast<FutureId>(future_)) &&
                        (kind_ < 0 || static_cast<int>(e.kind) == kind_)) {
                        rows_.push_back(s);
                    }
                }
            }
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
                const Seq s = filtered_ ? rows_[static_cast<std::size_t>(r)] : static_cast<Seq>(r);
                const TraceEvent &e = m.events[s];
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                char label[32];
                std::snprintf(label, sizeof label, "%u", s);
                if (ImGui::Selectable(
                        label, s == view.cursor, ImGuiSelectableFlags_SpanAllColumns)) {
                    view.go_to(s);
                    if (e.task != 0) {
                        view.select_task(e.task);
                    }
                }
                ImGui::TableSetColumnIndex(1);
                ImGui::TextUnformatted(format_duration(e.t).c_str());
                ImGui::TableSetColumnIndex(2);
                ImGui::TextUnformatted(e.task != 0 ? m.task_name(e.task).c_str() : "");
                ImGui::TableSetColumnIndex(3);
                ImGui::TextUnformatted(to_string(e.kind).data());
                ImGui::TableSetColumnIndex(4);
                const std::string details = describe_event(m, e);
                ImGui::TextUnformatted(details.c_str());
                if (ImGui::IsItemHovered()) {
                    ImGui::SetTooltip("%s", details.c_str());
                }
            }
        }
        ImGui::EndTable();
        if (count == 0) {
            ImGui::TextDisabled("Nothing to show: no event matches the filter.");
        }
    }

  private:
    std::uint64_t generation_ = 0;
    int task_ = 0;
    int future_ = 0;
    int kind_ = -1;
    bool follow_ = true;
    bool filtered_ = false;
    Seq scrolled_to_ = ~Seq{0};
    std::vector<Seq> rows_;
};

// [SECTION] Tasks and diagnostics

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
        for (const trace::TraceTask &t : m.tasks) {
            const trace::TaskSummary *s = nullptr;
            for (const trace::TaskSummary &ts : m.summary.tasks) {
                if (ts.id == t.id) {
                    s = &ts;
                }
            }
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            std::string name = std::to_string(t.id) + " " + m.task_name(t.id);
            if (ImGui::Selectable(name.c_str(),
                                  view.selected_task == t.id,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                view.select_task(t.id);
            }
            ImGui::TableSetColumnIndex(1);
            {
                const TaskStatus st = task_status(m, view.index, t.id, view.cursor);
                const std::string now = describe_status(st, view.vocabulary);
                ImGui::TextColored(st.kind == TaskStatus::Kind::lost_wakeup
                                       ? ImVec4(1, 0.45f, 0.7f, 1)
                                       : ImVec4(0.8f, 0.85f, 0.95f, 1),
                                   "%s",
                                   now.c_str());
                if (ImGui::IsItemHovered()) {
                    ImGui::SetTooltip("%s (since step %u)", now.c_str(), st.since);
                }
            }
            if (s == nullptr) {
                continue;
            }
            ImGui::TableSetColumnIndex(2);
            ImGui::Text("%llu", static_cast<unsigned long long>(s->polls));
            ImGui::TableSetColumnIndex(3);
            ImGui::Text("%llu", static_cast<unsigned long long>(s->unparks));
            ImGui::TableSetColumnIndex(4);
            ImGui::TextUnformatted(s->completed_ns < 0 ? "-"
                                                       : format_duration(s->completed_ns).c_str());
            ImGui::TableSetColumnIndex(5);
            std::string result;
            ImVec4 col(0.9f, 0.9f, 0.9f, 1);
            switch (s->result) {
            case trace::ResultKind::ok:
                result = "ok " + std::string(m.str(s->result_text));
                col = ImVec4(0.4f, 0.85f, 0.45f, 1);
                break;
            case trace::ResultKind::err:
                result = "err " + std::string(m.str(s->result_text));
                col = ImVec4(1, 0.4f, 0.4f, 1);
                break;
            case trace::ResultKind::panic:
                result = "panic: " + std::string(m.str(s->result_text));
                col = ImVec4(1, 0.4f, 0.4f, 1);
                break;
            case trace::ResultKind::none:
                result = "stuck: " + std::string(m.str(s->stuck));
                col = ImVec4(0.95f, 0.7f, 0.3f, 1);
                break;
            }
            ImGui::TextColored(col, "%s", result.c_str());
            if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip("%s", result.c_str());
            }
        }
        ImGui::EndTable();
    }
};

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
        for (std::size_t i = 0; i < diags.size(); ++i) {
            const Seq s = diags[i];
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
                               std::string(m.str(e.text2)).c_str(),
                               e.task != 0 ? " task " : "",
                               e.task != 0 ? m.task_name(e.task).c_str() : "");
            ImGui::TextUnformatted(std::string(m.str(e.text)).c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopID();
        }
        if (diags.empty()) {
            for (const trace::TraceDiagnostic &d : m.summary.diagnostics) {
                ImGui::BulletText("[%s] %s",
                                  std::string(m.str(d.kind)).c_str(),
                                  std::string(m.str(d.message)).c_str());
            }
        }
    }
};

} // namespace

std::unique_ptr<Panel> make_controls_panel(PanelRect rect) {
    return std::make_unique<ControlsPanel>("Controls", rect);
}
std::unique_ptr<Panel> make_state_machine_panel(PanelRect rect) {
    return std::make_unique<StateMachinePanel>("State machine", rect);
}
std::unique_ptr<Panel> make_narration_panel(PanelRect rect) {
    return std::make_unique<NarrationPanel>("Narration", rect);
}
std::unique_ptr<Panel> make_scenario_panel(PanelRect rect) {
    return std::make_unique<ScenarioPanel>("Scenario", rect);
}
std::unique_ptr<Panel> make_event_log_panel(PanelRect rect) {
    return std::make_unique<EventLogPanel>("Event log", rect);
}
std::unique_ptr<Panel> make_task_table_panel(PanelRect rect) {
    return std::make_unique<TaskTablePanel>("Tasks", rect);
}
std::unique_ptr<Panel> make_diagnostics_panel(PanelRect rect) {
    return std::make_unique<DiagnosticsPanel>("Diagnostics", rect);
}

// [SECTION] Keys

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
    if (pressed(ImGuiKey_Home)) {
        view.go_to(0);
    }
    if (pressed(ImGuiKey_End)) {
        view.run_to_end();
    }
}

} // namespace futurescope::viz
