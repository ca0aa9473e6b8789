// Scenario files (DESIGN.md "Scenario files", the syntax in scenarios/README.md): loading,
// validating, running on a fresh executor and checking the `expect` block.
//
//     Scenario s = Scenario::load("scenarios/04-join.json"); // ScenarioError on bad input
//     RunOutcome out = s.run();
//     for (const std::string &m : s.check(out)) { … }         // "task main: polls: expected 3, got
//     4"
//
// Everything is validated by load(): a scenario that loads runs without input errors. Each
// expression builds the real engine objects (AndThen, Join, Select, …) over BoxFuture<Value,
// Value> and BoxStream<Value, Value>; each built future carries the JSON path of its expression
// as its `source` in the trace.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/trace/trace_model.hpp"

namespace futurescope::scenario {

// A scenario file could not be loaded. One line, stable text that tests match:
//   bad.json:7:15: /tasks/0/future/and_thn: unknown operator "and_thn" (did you mean "and_then"?)
//   missing.json: cannot read the file: No such file or directory
class ScenarioError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

inline constexpr std::size_t max_file_bytes = 16u * 1024u * 1024u;

struct RunOptions {
    std::optional<std::uint64_t> seed; // replaces the file's seed
    // Called with the fresh executor before anything is spawned (attach a recorder here), and
    // after the run with its report (finish the recorder here), while the executor still lives.
    std::function<void(Executor &)> on_start;
    std::function<void(Executor &, const RunReport &)> on_finish;
};

// One diagnostic of a run (a `diag` event: lost_wakeup, deadlock, poll_after_completion, …),
// with the place it points to: the task and its task-level poll, the executor's step.
struct DiagnosticRecord {
    std::string kind; // stable id: "lost_wakeup", "deadlock", …
    TaskId task = 0;  // 0 when it concerns no task
    std::string task_name;
    TimeNs t = 0;
    bool at_end = false;    // reported by the end-of-run checks (deadlock, stuck)
    std::uint64_t step = 0; // the executor's task-level polls so far (this poll included)
    std::uint64_t poll = 0; // the task's own task-level polls so far (this poll included)
    std::string message;
};

// A line an async fn printed ({"print": …}).
struct OutputLine {
    TimeNs t = 0;
    TaskId task = 0;
    std::string task_name;
    std::string text;
    std::uint64_t poll = 0; // the task-level poll it was printed in (1-based), 0 outside one
};

struct RunOutcome {
    RunReport report;
    std::vector<OutputLine> output; // what the async fns printed, in order
    std::vector<TaskView> tasks;    // the scenario's tasks and the tasks they spawned, by id
    std::vector<DiagnosticRecord> diagnostics; // in the order they were reported
};

class Scenario {
  public:
    [[nodiscard]] static Scenario load(const std::filesystem::path &path);
    // The same from text; `file` names it in messages.
    [[nodiscard]] static Scenario parse(std::string_view text, std::string file);

    [[nodiscard]] const std::string &file() const noexcept;
    [[nodiscard]] const std::string &name() const noexcept;
    [[nodiscard]] const std::string &title() const noexcept;
    [[nodiscard]] const std::string &description() const noexcept;
    [[nodiscard]] std::uint64_t seed() const noexcept;
    [[nodiscard]] bool has_expect() const noexcept;
    // The scenario's own teaching notes, for the Narrator.
    [[nodiscard]] const std::vector<trace::Note> &narration() const noexcept;

    // The compiler's error of a scenario whose expect block says it is "rejected" (a not-Send
    // future on the multi-threaded runtime), null otherwise. Without that expectation such a
    // file does not load (ScenarioError with the same text); with it, run() runs nothing and
    // check() compares the error with the expectation.
    [[nodiscard]] const std::string *rejection() const noexcept;

    // Runs on a fresh executor until every non-daemon task completed, nothing can progress, or
    // a limit is hit. Never throws for the scenario's own failures (they are task results).
    [[nodiscard]] RunOutcome run(const RunOptions &options = {}) const;
    // What differs from `expect`, one line each ("task main: polls: expected 3, got 4").
    [[nodiscard]] std::vector<std::string> check(const RunOutcome &outcome) const;

    struct Impl;

  private:
    explicit Scenario(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

// A value's place in a scenario's text: bytes [begin, end) and lines (1-based, inclusive).
struct TextRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    int first_line = 0;
    int last_line = 0;
    friend bool operator==(const TextRange &, const TextRange &) = default;
};

// Where the value at JSON pointer `pointer` is written in `json_text` ("" is the whole document),
// for showing a future's `source` in its file; nothing when the text is not JSON or has no such
// value.
[[nodiscard]] std::optional<TextRange> locate_json_pointer(std::string_view json_text,
                                                           std::string_view pointer);
// Where a future's `source` is written: a JSON pointer in a `.json` file, or a span
// "line:column-line:column" (the first byte and the one past the last) in a `.rs` file.
[[nodiscard]] std::optional<TextRange> locate_source(std::string_view text,
                                                     std::string_view source);

// A JSON scenario as the Rust form (`futurescope fmt --to rs`), which loads back to the same
// document; throws ScenarioError for a file that is not a valid scenario or uses what the Rust
// form cannot say yet.
[[nodiscard]] std::string format_rust(std::string_view json_text, const std::string &file);

// One line per task, like examples/demo.cpp: id, task, state, result, completed, polls, unparks;
// then the diagnostics, one line each (format_diagnostic). `states`, when it holds one text per
// task, replaces the executor's state in the state column: the command line passes the status
// the trace library's one rule gives (trace/task_status.hpp), so that `run`, `step` and the viewer
// name a task's end the same way.
[[nodiscard]] std::string format_summary(const RunOutcome &outcome,
                                         const std::vector<std::string> &states = {});
// "  12ms  main      lost_wakeup  poll 2: <message>" (time, task, id, where, message).
[[nodiscard]] std::string format_diagnostic(const DiagnosticRecord &d);

} // namespace futurescope::scenario
