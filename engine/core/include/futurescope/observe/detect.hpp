// The detectors: an Observer that watches a run and turns the classic async bugs into `diag`
// events a learner sees at the step where they happen — a lost wakeup, a deadlock or a stuck
// task, polling a finished future, a busy loop, a blocking poll, a send into a dropped
// receiver, a canceled oneshot — and, after every NotReady, reports who will wake the task
// (`wait`). It forwards every event to the next observer (the recorder), so it sits in front:
//
//     trace::Recorder recorder(ex, "out.json", info);
//     Detectors detectors(ex, &recorder);
//     ex.set_observer(&detectors);
//     ex.run_all();
//     detectors.finish(report);   // end-of-run checks: deadlock, stuck tasks
//
// [SECTION] Findings
// [SECTION] Detectors
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/observe/observe.hpp"

namespace futurescope {

// [SECTION] Findings

// One diagnostic as the detectors reported it (the trace has the same as a `diag` event).
struct Finding {
    std::string kind; // "lost_wakeup", "deadlock", …
    TaskId task = 0;
    FutureId future = 0;
    TimeNs t = 0;
    std::uint64_t step = 0; // the task-level poll (1-based step count) it points at; 0 = end
    std::string message;
};

struct DetectorOptions {
    // Consecutive polls in which a task unparks itself with no channel, socket, timer or
    // spawn activity before it counts as a busy loop.
    std::uint32_t busy_loop_polls = 32;
};

// [SECTION] Detectors

class Detectors final : public ForwardingObserver {
  public:
    // Turns on the executor's handle tracking; `next` receives every event (may be null).
    Detectors(Executor &executor, Observer *next, DetectorOptions options = {});
    ~Detectors() override;
    Detectors(const Detectors &) = delete;
    Detectors &operator=(const Detectors &) = delete;

    // The end-of-run checks: when the run stopped with tasks that can never complete, a
    // `deadlock` for each wait-for cycle and `stuck` for the others. Call it once, after the
    // run, with the observer still installed or not.
    void finish(const RunReport &report);

    [[nodiscard]] const std::vector<Finding> &findings() const noexcept { return findings_; }

    FutureId register_future(const FutureKind &kind, std::string_view label) override;
    FutureId register_future(const FutureKind &kind,
                             std::string_view label,
                             std::string_view source) override;
    void on_stream(FutureId future) override;
    void on_enter(FutureId future, int state) override;
    void on_exit(FutureId future, PollOutcome outcome, ValueRef value) override;
    void on_drop(FutureId future) override;
    void on_spawn(const TaskInfo &task) override;
    void on_poll_begin(TaskId task) override;
    void on_poll_end(TaskId task, PollOutcome outcome) override;
    void on_park(TaskId task, FutureId future) override;
    void on_unpark(TaskId target, const UnparkCause &cause, UnparkOutcome outcome) override;
    void on_timer_set(TimerId timer, TimeNs deadline, TaskId task) override;
    void on_clock(TimeNs from, TimeNs to, bool blocking) override;
    ChannelId register_channel(std::string_view kind, std::int64_t capacity) override;
    void on_channel(const ChannelEvent &event) override;
    void on_channel_owner(ChannelId channel, const char *role, TaskId task) override;
    void on_net(const NetEvent &event) override;
    void on_diag(const Diagnostic &diag) override;

  private:
    struct FutureInfo {
        std::string kind;
        std::string label;
        bool stream = false;
        bool done = false;
        bool reported = false;
        // Read from the kind once, at registration, rather than at every enter and exit.
        bool fused = false;      // a Fuse: polling it after it finished is defined
        bool refillable = false; // a FuturesUnordered/Ordered: Ready(None) means empty, not ended
    };
    struct Frame {
        FutureId future;
        bool entered_child = false;
        std::uint32_t parks_at_enter = 0;
    };
    struct TaskInfoRec {
        std::string name;
        bool daemon = false;
        std::uint32_t quiet_self_polls = 0; // the busy-loop streak
        bool busy_reported = false;
        FutureId waiting_future = 0; // the future that took the handle in the last poll
    };
    struct ChannelRec {
        std::string kind;
        std::set<TaskId> senders;
        std::set<TaskId> receivers;
        bool canceled_reported = false;
        std::set<TaskId> refused_reported;
    };

    // Records by id, for ids that come densely (tasks and futures): a vector indexed by the id.
    // operator[] makes the entry if it is missing, as std::map's does; an erased entry frees what
    // it held and leaves its slot.
    template <class T>
    class IdTable {
      public:
        T &operator[](std::uint32_t id) {
            if (id >= slots_.size()) {
                slots_.resize(static_cast<std::size_t>(id) + 1);
            }
            Slot &s = slots_[id];
            if (!s.live) {
                s.value = T{};
                s.live = true;
            }
            return s.value;
        }
        [[nodiscard]] T *find(std::uint32_t id) noexcept {
            return id < slots_.size() && slots_[id].live ? &slots_[id].value : nullptr;
        }
        [[nodiscard]] const T *find(std::uint32_t id) const noexcept {
            return id < slots_.size() && slots_[id].live ? &slots_[id].value : nullptr;
        }
        void erase(std::uint32_t id) noexcept {
            if (id < slots_.size()) {
                slots_[id] = Slot{};
            }
        }

      private:
        struct Slot {
            T value{};
            bool live = false;
        };
        std::vector<Slot> slots_;
    };

    void report(std::string kind, TaskId task, FutureId future, std::string message);
    [[nodiscard]] std::string task_name(TaskId task) const;
    [[nodiscard]] std::string future_name(FutureId future) const;
    // The future that took task `task`'s handle in its last poll, 0 when none is known.
    [[nodiscard]] FutureId waiting_future(TaskId task) const;
    // The tasks that could wake a task waiting through `h`, when known.
    [[nodiscard]] std::vector<TaskId> wakers_of(const WaitHolder &h, TaskId waiting) const;

    // The end-of-run wait-for graph: what each unfinished task waits on, and its edges task →
    // (holder, a live task that could wake it through that holder).
    struct WaitEdge {
        WaitHolder holder;
        TaskId to;
    };
    struct WaitGraph {
        std::vector<TaskView> all;
        std::map<TaskId, const TaskView *> by_id; // into `all`
        std::map<TaskId, std::vector<WaitEdge>> edges;
        std::map<TaskId, std::vector<WaitHolder>> holders;
        [[nodiscard]] bool alive(TaskId t) const;
    };
    [[nodiscard]] WaitGraph wait_graph() const;
    // "task a (in Select #3) waits on channel #2 (mpsc receiver)": one step of a cycle.
    [[nodiscard]] std::string waits_text(TaskId t, const WaitHolder &h) const;
    // Reports a `deadlock` for each wait-for cycle; returns the tasks in one.
    std::set<TaskId> report_deadlocks(WaitGraph &g);
    // Reports `stuck` for every other non-daemon task that cannot complete.
    void report_stuck(WaitGraph &g, const std::set<TaskId> &in_cycle);

    Executor &executor_;
    DetectorOptions options_;
    FutureId next_future_id_ = 1;
    ChannelId next_channel_id_ = 1;
    // Looked up at every poll, enter and exit, by ids that observers hand out densely (1, 2, …):
    // indexed, so a run of a million futures or tasks costs the same per event as a run of ten.
    IdTable<FutureInfo> futures_;
    IdTable<TaskInfoRec> tasks_;
    std::map<ChannelId, ChannelRec> channels_;
    std::vector<Frame> stack_;
    TaskId current_ = 0;
    std::uint32_t parks_ = 0;
    bool self_unparked_ = false;
    bool activity_ = false;
    FutureId culprit_ = 0; // the deepest future that answered NotReady without parking
    std::vector<Finding> findings_;
    bool finished_ = false;
};

} // namespace futurescope
