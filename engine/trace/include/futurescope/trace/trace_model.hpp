// A trace file in memory: what the viewer, the stepper, the Chrome export and the determinism
// check read. It is compact so that a million events load in about a second (JSON; CBOR in under
// half that): events are one vector of fixed-size 56-byte records indexed by seq, and every text
// (names, values, states) is an id into one string table, each distinct text stored once.
//
// [SECTION] String table
// [SECTION] Events
// [SECTION] Tables and summary
// [SECTION] The model
// [SECTION] Loading and describing
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "futurescope/observe/observe.hpp"
#include "futurescope/trace/trace_types.hpp"

namespace futurescope::trace {

// [SECTION] String table

using StrId = std::uint32_t; // 0 is the empty text

// Interned texts. Views stay valid for the table's life (texts are stored in blocks that never
// move). Ids follow first appearance, so the same document always gives the same ids.
class StringTable {
  public:
    StringTable();
    StringTable(StringTable &&) noexcept;
    StringTable &operator=(StringTable &&) noexcept;
    StringTable(const StringTable &) = delete;
    StringTable &operator=(const StringTable &) = delete;
    ~StringTable();

    StrId intern(std::string_view text);
    [[nodiscard]] std::string_view operator[](StrId id) const noexcept {
        return id < views_.size() ? views_[id] : std::string_view();
    }
    [[nodiscard]] std::size_t size() const noexcept { return views_.size(); }

  private:
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t block_used_ = 0;
    std::size_t block_size_ = 0;
    std::vector<std::string_view> views_;
    std::unordered_map<std::string_view, StrId> index_;
};

// [SECTION] Events

// One event. Which members mean what depends on the kind (the file's field names in brackets);
// members a kind does not use are zero.
struct TraceEvent {
    TimeNs t = 0;
    // timer_set [deadline_ns]; clock [from_ns]; network kinds [bytes].
    std::int64_t num = 0;
    // clock [to_ns].
    std::int64_t num2 = 0;
    // The task concerned [task]; unpark: the task unparked [target].
    TaskId task = 0;
    // enter, exit, state, drop, park, diag [future].
    FutureId future = 0;
    // spawn: the spawning task [parent]; unpark: the source's id [source_id]; timer kinds
    // [timer]; network kinds [socket]; channel kinds [channel].
    std::uint32_t ref = 0;
    // Network kinds [peer].
    std::uint32_t peer = 0;
    // spawn [name]; enter [state]; state [from]; exit, complete, channel kinds [value];
    // unpark [via]; network kinds [local]; diag [message].
    StrId text = 0;
    // state [to]; complete [panic]; network kinds [remote]; diag [diag] (the problem's id).
    StrId text2 = 0;
    // Channel and network kinds [detail]; state: what an async fn's new state holds [held].
    StrId text3 = 0;
    EventKind kind = EventKind::spawn;
    // poll_end, exit, complete: a PollOutcome [result]; unpark: an UnparkOutcome [outcome].
    std::uint8_t code = 0;
    // unpark: a SourceKind [source].
    std::uint8_t source = 0;
    // spawn [daemon]; clock [blocking].
    bool flag = false;

    friend bool operator==(const TraceEvent &, const TraceEvent &) = default;
};

[[nodiscard]] inline PollOutcome poll_outcome(const TraceEvent &e) noexcept {
    return static_cast<PollOutcome>(e.code);
}
[[nodiscard]] inline UnparkOutcome unpark_outcome(const TraceEvent &e) noexcept {
    return static_cast<UnparkOutcome>(e.code);
}
[[nodiscard]] inline SourceKind unpark_source(const TraceEvent &e) noexcept {
    return static_cast<SourceKind>(e.source);
}

// [SECTION] Tables and summary

struct TraceTask {
    TaskId id = 0;
    StrId name = 0;
    bool daemon = false;
    TaskId parent = 0; // the task that spawned it, 0 from outside
    FutureId root = 0; // the first future registered at task level, 0 when none was observed
    friend bool operator==(const TraceTask &, const TraceTask &) = default;
};

struct TraceFuture {
    FutureId id = 0;
    TaskId task = 0;               // the task that first polled it
    FutureId parent = 0;           // the future polling it when it was registered, 0 at task level
    StrId kind = 0;                // "AndThen"
    StrId label = 0;               // "delay(30ms)", or empty
    StrId source = 0;              // where it was written ("/tasks/0/future"), or empty
    std::uint32_t first_state = 0; // its state names: TraceModel::state_names[first_state …]
    std::uint32_t state_count = 0;
    friend bool operator==(const TraceFuture &, const TraceFuture &) = default;
};

struct TraceChannel {
    ChannelId id = 0;
    StrId kind = 0;            // "oneshot", "mpsc", …
    std::int64_t capacity = 0; // as the channel reported it (negative: unbounded)
    TaskId task = 0;           // the task that made it, 0 from outside
    StrId name = 0;            // what the scenario calls it ("jobs"), or empty
    friend bool operator==(const TraceChannel &, const TraceChannel &) = default;
};

enum class ResultKind : std::uint8_t { none, ok, err, panic };

struct TaskSummary {
    TaskId id = 0;
    std::uint64_t polls = 0;   // task-level polls
    std::uint64_t unparks = 0; // unparks that queued or coalesced (ignored ones do not count)
    TimeNs completed_ns = -1;  // -1: not complete
    ResultKind result = ResultKind::none;
    StrId result_text = 0; // the value or error as describe() reads it, or the panic message
    StrId stuck = 0;       // why a task that did not complete is stuck, 0 when complete
    friend bool operator==(const TaskSummary &, const TaskSummary &) = default;
};

struct TraceDiagnostic {
    StrId kind = 0; // "lost_wakeup", "deadlock", …
    TaskId task = 0;
    FutureId future = 0;
    StrId message = 0;
    friend bool operator==(const TraceDiagnostic &, const TraceDiagnostic &) = default;
};

struct TraceSummary {
    TimeNs end_ns = 0;
    std::uint64_t steps = 0;
    StrId stop = 0; // "completed", "idle", "step_limit", "time_limit"; 0 when not known
    std::vector<TaskSummary> tasks;
    std::vector<TraceDiagnostic> diagnostics;
};

// [SECTION] The model

struct TraceModel {
    int version = trace_version;
    ScenarioInfo scenario;
    StringTable strings;
    std::vector<TraceEvent> events;   // events[i] has seq i
    std::vector<TraceTask> tasks;     // tasks[i] has id i + 1
    std::vector<TraceFuture> futures; // futures[i] has id i + 1
    std::vector<StrId> state_names;
    std::vector<TraceChannel> channels;
    TraceSummary summary;

    [[nodiscard]] std::string_view str(StrId id) const noexcept { return strings[id]; }
    [[nodiscard]] const TraceTask *task(TaskId id) const noexcept {
        return id >= 1 && id <= tasks.size() ? &tasks[id - 1] : nullptr;
    }
    [[nodiscard]] const TraceFuture *future(FutureId id) const noexcept {
        return id >= 1 && id <= futures.size() ? &futures[id - 1] : nullptr;
    }
    [[nodiscard]] std::span<const StrId> states(const TraceFuture &f) const noexcept {
        return std::span<const StrId>(state_names).subspan(f.first_state, f.state_count);
    }
    // "AndThen#3", or "#3" for an id the table does not hold.
    [[nodiscard]] std::string future_name(FutureId id) const;
    // "main", or "task-N" for an id the table does not hold.
    [[nodiscard]] std::string task_name(TaskId id) const;
    // "channel jobs" for a named channel, else "channel #N".
    [[nodiscard]] std::string channel_name(ChannelId id) const;
};

// [SECTION] Loading and describing

// Reads a trace file, JSON or CBOR, told apart by content: CBOR starts with a map header byte,
// JSON with '{' after optional whitespace. Anything wrong throws TraceError with a one-line
// message naming the file, the place and what was expected. Events must be in seq order with
// time never going backwards; every task and future an event names must be in the tables.
[[nodiscard]] TraceModel load_trace(const std::filesystem::path &path);
// The same from bytes in memory; `name` stands for the file in messages.
[[nodiscard]] TraceModel load_trace_bytes(std::string_view bytes, std::string_view name);

// One line for an event, with the file's field names:
//   exit task=1 future=3 result=ready value="7"
[[nodiscard]] std::string describe_event(const TraceModel &model, const TraceEvent &event);

// The holders a `wait` event lists ("timer #3 (delay, fires at 30ms)", …): who will wake the task.
[[nodiscard]] std::vector<std::string> wait_holders(const TraceModel &model,
                                                    const TraceEvent &wait);

// A scenario's teaching note and where it belongs. Exactly one way of placing it is set:
//   seq           — the event with that seq;
//   task + poll   — the poll_begin of the task's n-th task-level poll (1-based);
//   task + event  — the first event of that kind ("complete", "park", …) of the task.
struct Note {
    std::optional<std::uint64_t> seq;
    std::string task;
    std::optional<std::uint64_t> poll;
    std::string event;
    std::string text;
};

} // namespace futurescope::trace
