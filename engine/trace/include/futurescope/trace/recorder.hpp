// The trace recorder: an Observer that writes every event of an executor's run into a trace file
// (JSON or CBOR, by the file's extension) as the events happen, then the tasks, futures,
// channels and summary tables when the run is finished. Memory stays bounded by the tables (one
// small record per task, future, channel and timer), never by the number of events.
//
//     Executor ex;
//     Recorder recorder(ex, "run.cbor", {.name = "join", .file = "join.json", .seed = 1});
//     ex.spawn(...);
//     RunReport report = ex.run_all();
//     recorder.finish(report); // the file appears under its name only now
//
// The file is written under a temporary name in the same directory and renamed when finish()
// succeeds, so a crash or a failed write never leaves a half trace under the requested name.
// The same run gives a byte-identical file: nothing in it depends on addresses, hash order or the
// wall clock.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "futurescope/executor/executor.hpp"
#include "futurescope/observe/observe.hpp"
#include "futurescope/trace/trace_types.hpp"

namespace futurescope::trace {

class Recorder final : public Observer {
  public:
    // Records into `path`; the encoding follows its extension (trace_format_for_path). The
    // recorder attaches itself to `executor` (set_observer) and detaches when destroyed, so it
    // must not outlive the executor. Throws TraceError when the temporary file cannot be made.
    Recorder(Executor &executor, const std::filesystem::path &path, ScenarioInfo scenario = {});
    // Records into memory (tests, the run-twice determinism check): see bytes().
    Recorder(Executor &executor, TraceFormat format, ScenarioInfo scenario = {});
    ~Recorder() override;
    Recorder(const Recorder &) = delete;
    Recorder &operator=(const Recorder &) = delete;

    // The scenario block comes before the events in the file: it can change only until the
    // first event is recorded (std::logic_error after that).
    void set_scenario(ScenarioInfo scenario);
    // Replaces the explanation the summary gives for a task that did not complete (the
    // recorder's own says what the task last parked in and why nothing will wake it).
    void set_stuck_reason(TaskId task, std::string reason);

    // Writes the tables and the summary and, for a file, renames it into place. `report` adds
    // why the run stopped. Events after finish() are not recorded. Throws TraceError when a
    // write failed at any point; the temporary file is then removed and nothing is left under
    // the requested name.
    void finish();
    void finish(const RunReport &report);

    // The encoded trace of a memory recorder, complete after finish().
    [[nodiscard]] const std::string &bytes() const noexcept;
    [[nodiscard]] std::uint64_t event_count() const noexcept;
    [[nodiscard]] bool finished() const noexcept;

    // [Observer]
    FutureId register_future(const FutureKind &kind, std::string_view label) override;
    FutureId register_future(const FutureKind &kind,
                             std::string_view label,
                             std::string_view source) override;
    void on_enter(FutureId future, int state) override;
    void on_exit(FutureId future, PollOutcome outcome, ValueRef value) override;
    void on_state(FutureId future, int from, int to) override;
    void on_state_held(FutureId future, int from, int to, std::string_view held) override;
    void on_drop(FutureId future) override;
    void on_spawn(const TaskInfo &task) override;
    void on_poll_begin(TaskId task) override;
    void on_poll_end(TaskId task, PollOutcome outcome) override;
    void
    on_complete(TaskId task, PollOutcome outcome, ValueRef value, std::string_view panic) override;
    void on_park(TaskId task, FutureId future) override;
    void on_unpark(TaskId target, const UnparkCause &cause, UnparkOutcome outcome) override;
    void on_timer_set(TimerId timer, TimeNs deadline, TaskId task) override;
    void on_timer_cancel(TimerId timer) override;
    void on_timer_fire(TimerId timer, TaskId task) override;
    void on_clock(TimeNs from, TimeNs to, bool blocking) override;
    ChannelId register_channel(std::string_view kind, std::int64_t capacity) override;
    void on_channel(const ChannelEvent &event) override;
    void on_channel_name(ChannelId channel, std::string_view name) override;
    void on_net(const NetEvent &event) override;
    void on_diag(const Diagnostic &diag) override;
    void on_wait(TaskId task, std::span<const WaitHolder> holders) override;
    void on_worker(TaskId task, std::uint32_t worker, std::uint32_t stolen_from) override;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    Executor *executor_;
};

} // namespace futurescope::trace
