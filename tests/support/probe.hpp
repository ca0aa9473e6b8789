// A test observer that writes each engine event as one short line, so a test can assert the
// exact sequence of polls, state changes, parks and unparks:
//   "spawn 1", "poll 1", "enter Map#2", "state AndThen#1 first->second", "exit Delay#3 not_ready",
//   "park 1", "unpark 1 from timer#1 queued", "end 1 ready", "complete 1 ready 7", "drop Delay#3",
//   "timer_set #1 @30ms", "clock 0->30ms", "fire #1".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/observe/observe.hpp"

namespace futurescope::testing {

class Probe : public Observer {
  public:
    std::vector<std::string> lines;
    // Future-level lines (enter/exit/state/drop) are recorded only when this is true.
    bool futures = true;

    FutureId register_future(const FutureKind &kind, std::string_view label) override {
        names_.emplace_back(kind.name);
        kinds_.push_back(&kind);
        labels_.emplace_back(label);
        return static_cast<FutureId>(names_.size());
    }
    FutureId register_future(const FutureKind &kind,
                             std::string_view label,
                             std::string_view source) override {
        FutureId id = register_future(kind, label);
        sources_.resize(id);
        sources_[id - 1] = std::string(source);
        return id;
    }
    // Where the future was written (WithSource), empty when nothing said.
    [[nodiscard]] std::string source(FutureId id) const {
        return id <= sources_.size() ? sources_[id - 1] : std::string();
    }
    [[nodiscard]] std::string name(FutureId id) const {
        return id == 0 ? "?" : names_[id - 1] + "#" + std::to_string(id);
    }
    [[nodiscard]] std::string label(FutureId id) const { return labels_[id - 1]; }
    void on_enter(FutureId f, int) override {
        if (futures) {
            lines.push_back("enter " + name(f));
        }
    }
    void on_exit(FutureId f, PollOutcome outcome, ValueRef value) override {
        if (futures) {
            std::string line = "exit " + name(f) + " " + to_string(outcome);
            if (!value.empty()) {
                line += " " + value.text();
            }
            lines.push_back(line);
        }
    }
    void on_state(FutureId f, int from, int to) override {
        if (futures) {
            const FutureKind &k = *kinds_[f - 1];
            lines.push_back("state " + name(f) + " " + std::string(k.states[from]) + "->" +
                            std::string(k.states[to]));
        }
    }
    void on_drop(FutureId f) override {
        if (futures) {
            lines.push_back("drop " + name(f));
        }
    }
    void on_spawn(const TaskInfo &t) override { lines.push_back("spawn " + std::to_string(t.id)); }
    void on_poll_begin(TaskId t) override { lines.push_back("poll " + std::to_string(t)); }
    void on_poll_end(TaskId t, PollOutcome o) override {
        lines.push_back("end " + std::to_string(t) + " " + to_string(o));
    }
    void on_complete(TaskId t, PollOutcome o, ValueRef v, std::string_view panic) override {
        std::string line = "complete " + std::to_string(t) + " " + to_string(o);
        if (!panic.empty()) {
            line += " panic: " + std::string(panic);
        } else if (!v.empty()) {
            line += " " + v.text();
        }
        lines.push_back(line);
    }
    void on_park(TaskId t, FutureId) override { lines.push_back("park " + std::to_string(t)); }
    void on_unpark(TaskId t, const UnparkCause &c, UnparkOutcome o) override {
        std::string from = c.kind == SourceKind::external
                               ? std::string("outside")
                               : std::string(to_string(c.kind)) + "#" + std::to_string(c.id);
        lines.push_back("unpark " + std::to_string(t) + " from " + from + " " + to_string(o));
    }
    void on_timer_set(TimerId id, TimeNs deadline, TaskId) override {
        lines.push_back("timer_set #" + std::to_string(id) + " @" + format_duration(deadline));
    }
    void on_timer_cancel(TimerId id) override {
        lines.push_back("timer_cancel #" + std::to_string(id));
    }
    void on_timer_fire(TimerId id, TaskId) override {
        lines.push_back("fire #" + std::to_string(id));
    }
    void on_clock(TimeNs from, TimeNs to, bool blocking) override {
        lines.push_back(std::string(blocking ? "block " : "clock ") + format_duration(from) + "->" +
                        format_duration(to));
    }
    ChannelId register_channel(std::string_view, std::int64_t) override {
        return static_cast<ChannelId>(++channels_);
    }
    void on_channel(const ChannelEvent &e) override {
        std::string line = std::string(to_string(e.kind)) + " #" + std::to_string(e.channel);
        if (!e.value.empty()) {
            line += " " + e.value.text();
        }
        if (e.detail != nullptr) {
            line += " (" + std::string(e.detail) + ")";
        }
        lines.push_back(line);
    }

    // The lines that start with `prefix`, in order.
    [[nodiscard]] std::vector<std::string> only(std::string_view prefix) const {
        std::vector<std::string> out;
        for (const std::string &l : lines) {
            if (l.rfind(prefix, 0) == 0) {
                out.push_back(l);
            }
        }
        return out;
    }

  private:
    std::vector<std::string> names_;
    std::vector<const FutureKind *> kinds_;
    std::vector<std::string> labels_;
    std::vector<std::string> sources_;
    ChannelId channels_ = 0;
};

} // namespace futurescope::testing
