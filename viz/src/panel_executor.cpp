// The executor drawn as data, the event log panel's second tab: the ready queue (front first),
// the task being polled, the timers by deadline with the task each will wake, the parked tasks
// with what holds their handles, and every channel by its name with its buffer's values, its
// capacity and its parked senders, all after the cursor's event (executor_state.hpp).
#include <imgui.h>

#include <algorithm>
#include <string>

#include "futurescope/executor/executor.hpp"
#include "panels.hpp"
#include "text.hpp"

namespace futurescope::viz {

namespace {

// Longer lists are cut, saying how many more there are.
constexpr std::size_t list_max = 50;

void draw_timers(const ViewState &view, const ExecutorState &ex) {
    const trace::TraceModel &m = *view.model;
    const TimeNs now = m.events[view.cursor].t;
    ImGui::TextColored(ImVec4(0.9f, 0.9f, 0.47f, 1), "Timers (by deadline): %zu", ex.timers.size());
    for (std::size_t i = 0; i < ex.timers.size() && i < list_max; ++i) {
        const TimerRow &t = ex.timers[i];
        ImGui::BulletText("timer #%u at %s (in %s) wakes %s",
                          t.id,
                          format_duration(t.deadline).c_str(),
                          format_duration(std::max<TimeNs>(0, t.deadline - now)).c_str(),
                          t.task == 0 ? "no task: the network's own (a delivery)"
                                      : ("task " + fit_text(m.task_name(t.task))).c_str());
    }
    if (ex.timers.size() > list_max) {
        ImGui::TextDisabled("… and %zu more", ex.timers.size() - list_max);
    }
}

void draw_parked(const ViewState &view) {
    const trace::TraceModel &m = *view.model;
    const trace::TaskStatusCursor *now = view.tasks_at_cursor();
    if (now == nullptr) {
        return;
    }
    std::size_t shown = 0;
    std::size_t parked = 0;
    for (const trace::TraceTask &t : m.tasks) {
        if (now->status(t.id).phase != trace::TaskPhase::parked) {
            continue;
        }
        if (parked++ == 0) {
            ImGui::TextColored(ImVec4(0.35f, 0.63f, 1, 1),
                               "Parked tasks, and what holds each "
                               "one's handle:");
        }
        if (shown < list_max) {
            ++shown;
            const TaskStatus st = task_status(m, view.index, t.id, view.cursor);
            const std::string line =
                m.task_name(t.id) + ": " + describe_status(st, view.vocabulary);
            ImGui::Bullet();
            draw_text(line);
        }
    }
    if (parked > shown) {
        ImGui::TextDisabled("… and %zu more", parked - shown);
    }
}

void draw_channels(const ViewState &view, const ExecutorState &ex) {
    const trace::TraceModel &m = *view.model;
    for (std::size_t i = 0; i < ex.channels.size() && i < m.channels.size(); ++i) {
        const ChannelRow &c = ex.channels[i];
        const trace::TraceChannel &tc = m.channels[i];
        std::string head =
            m.channel_name(c.id) + " (" + std::string(m.str(tc.kind)) +
            (tc.capacity < 0 ? ", unbounded" : ", capacity " + std::to_string(tc.capacity)) + ")" +
            (c.closed ? ": closed, " + c.closed_why : "");
        ImGui::TextColored(ImVec4(0.86f, 0.55f, 1, 1), "%s", fit_text(head).c_str());
        std::string buffer = "buffer [";
        for (std::size_t k = 0; k < c.buffer.size() && k < list_max; ++k) {
            buffer += (k == 0 ? "" : ", ") + c.buffer[k];
        }
        buffer += c.buffer.size() > list_max ? ", …]" : "]";
        buffer += "  sent " + std::to_string(c.sent) + ", received " + std::to_string(c.received);
        ImGui::Indent();
        draw_text(buffer);
        if (!c.parked_senders.empty()) {
            std::string p = "parked senders: ";
            for (std::size_t k = 0; k < c.parked_senders.size(); ++k) {
                p += (k == 0 ? "" : ", ") + m.task_name(c.parked_senders[k]);
            }
            draw_text(p);
        }
        ImGui::Unindent();
    }
}

} // namespace

void draw_executor(ViewState &view) {
    const trace::TraceModel &m = *view.model;
    const ExecutorState *ex = view.executor_at_cursor();
    if (ex == nullptr) {
        ImGui::TextDisabled("Nothing to show: the executor is drawn for traces of up to %zu "
                            "events.",
                            ExecutorCursor::events_max);
        return;
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.55f, 0.75f, 1, 1), "Ready queue (front first):");
    ImGui::SameLine();
    if (ex->ready.empty()) {
        ImGui::TextDisabled("empty");
    } else {
        std::string q;
        for (std::size_t i = 0; i < ex->ready.size() && i < list_max; ++i) {
            q += (i == 0 ? "" : ", ") + m.task_name(ex->ready[i]);
        }
        if (ex->ready.size() > list_max) {
            q += " … and " + std::to_string(ex->ready.size() - list_max) + " more";
        }
        draw_text(q);
    }
    if (ex->running != 0) {
        ImGui::Text("Being polled: %s", fit_text(m.task_name(ex->running)).c_str());
    }
    draw_timers(view, *ex);
    draw_parked(view);
    draw_channels(view, *ex);
    ImGui::PopTextWrapPos();
}

} // namespace futurescope::viz
