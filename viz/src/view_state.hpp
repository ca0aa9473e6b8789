// The one view state every panel reads and edits: the loaded trace and its index, the cursor
// (the current step, an event's seq), the selection, the timeline's zoom and pan, playback and
// breakpoints. Panels never talk to each other; they change this state, and the commands here are
// what buttons, keys and scripts call, so that a script exercises the same code as a click.
//
// [SECTION] Timeline context
// [SECTION] Future snapshots
// [SECTION] The lesson
// [SECTION] View state
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "executor_state.hpp"
#include "futurescope/narrate/story.hpp"
#include "futurescope/trace/task_status.hpp"
#include "futurescope/viz/viewer.hpp"
#include "narration.hpp"
#include "trace_index.hpp"

namespace futurescope::viz {

// [SECTION] Timeline context

enum class Axis : std::uint8_t { order, time };

// Zoom and pan of the timeline: the visible range [x0, x1) in axis units (seq, or ns) over a
// width in pixels. Everything that maps between axis units and pixels goes through here.
struct TimelineContext {
    double x0 = 0;
    double x1 = 1;
    float width_px = 1000; // the lanes' drawing width, set by the timeline each frame

    [[nodiscard]] double units_per_px() const { return (x1 - x0) / std::max(1.0f, width_px); }
    [[nodiscard]] float to_px(double x) const {
        return static_cast<float>((x - x0) / (x1 - x0) * width_px);
    }
    [[nodiscard]] double to_x(float px) const {
        return x0 + static_cast<double>(px) / width_px * (x1 - x0);
    }
    // Zooms by `factor` (> 1 zooms in) keeping the axis position under `anchor_px` still.
    void zoom(double factor, float anchor_px);
    void pan_px(float dx_px);
};

// Where the timeline drew its lanes last frame, in window pixels: scripts and tests aim mouse
// actions with it.
struct TimelineGeometry {
    float left = 0;              // x of axis pixel 0
    float depth_h = 0;           // height of one depth row
    std::vector<float> lane_top; // y of each lane's top (lanes in TraceIndex order)
};

// [SECTION] Future snapshots

// One future instance of a task as it stands after an event: its tree position, state and last
// poll result.
struct FutureSnapshot {
    FutureId id = 0;
    FutureId parent = 0;
    int depth = 0;
    std::string state;       // the state's name; empty before its first poll
    std::string last_result; // "ready(7)", "not_ready", …; empty before its first exit
    std::string held;        // an async fn's state: the values it holds ("non_send = Rc(1)")
    bool seen = false;       // polled at least once by this event
    bool dropped = false;
    bool polling = false; // on the path being polled at this event
};

struct TaskSnapshot {
    TaskId task = 0;
    std::vector<FutureSnapshot> futures; // tree order (depth-first)
    std::vector<FutureId> polling_path;  // outermost first
    // The one future the event at `upto` changed (entered, exited, moved or dropped), 0 when it
    // changed none, and that future as it stood before it: what changed by this step, without
    // a second snapshot.
    FutureId touched = 0;
    FutureSnapshot touched_before;
};

[[nodiscard]] TaskSnapshot snapshot_task(const trace::TraceModel &model,
                                         const TraceIndex &index,
                                         TaskId task,
                                         std::optional<Seq> upto);

// What a task is doing after an event, and for a parked task who will wake it: the holders of
// its handle that the `wait` event after its last NotReady poll listed.
struct TaskStatus {
    enum class Kind : std::uint8_t { not_spawned, queued, polling, parked, lost_wakeup, done };
    Kind kind = Kind::not_spawned;
    std::vector<std::string> wakers; // parked: what holds its handle (empty: not recorded)
    Seq since = 0;                   // the event that put it in this state
};

[[nodiscard]] TaskStatus
task_status(const trace::TraceModel &model, const TraceIndex &index, TaskId task, Seq upto);
// "parked — what will wake it: timer #3 (…)", in the view's words.
[[nodiscard]] std::string describe_status(const TaskStatus &status, trace::Vocabulary vocab);
[[nodiscard]] std::string_view to_string(TaskStatus::Kind kind) noexcept;

// [SECTION] The lesson

// What the lesson panel shows: the lesson's title and teaching paragraph, its story (the trace
// told one line per task-level poll, narrate/story.hpp, as `step` tells it), where its notes
// are, and the lessons beside it. A trace without its scenario has a story too, without notes.
struct Lesson {
    std::string title;
    std::string description;
    std::vector<PrintedLine> output;       // what the run printed, placed in the story
    std::vector<narrate::StoryLine> story; // retold on every load and change of words
    std::vector<Seq> story_ends;           // each line's last event, ascending
    std::vector<Seq> note_seqs;            // the events that carry a note, ascending
    std::vector<LessonEntry> list;         // the lessons of the file's directory
    std::filesystem::path list_dir;        // the directory `list` was read from
    std::optional<std::size_t> current;    // the open file's place in `list`, found on load
};

// [SECTION] View state

struct Breakpoints {
    std::array<bool, trace::event_kind_count> kinds{};
    TaskId task = 0;     // 0: any
    FutureId future = 0; // 0: any
    [[nodiscard]] bool any() const;
    [[nodiscard]] bool hit(const trace::TraceEvent &e) const;
};

struct ViewState {
    std::shared_ptr<const trace::TraceModel> model;
    // Bumped by every load: panels key their caches on it (a new model may reuse an old
    // one's address).
    std::uint64_t generation = 0;
    TraceIndex index;
    std::unique_ptr<Narration> narration = make_narration();
    std::filesystem::path file;
    std::string scenario_text;      // the scenario's text as written, when known
    SourceLocator locate;           // a future's source in scenario_text (may be empty)
    std::vector<trace::Note> notes; // the lesson's own notes
    std::string load_error;         // why nothing is loaded, for the empty panels

    Seq cursor = 0;
    TaskId selected_task = 0;
    FutureId selected_future = 0;
    Axis axis = Axis::order;
    TimelineContext timeline;
    TimelineGeometry geometry;
    bool fit_requested = true;
    bool follow_cursor = true; // the timeline pans to keep the cursor visible
    bool follow_task = true;   // the selection follows the task of the event under the cursor

    // The narration's and the labels' words (futures 0.1 or modern).
    trace::Vocabulary vocabulary = trace::Vocabulary::futures01;

    bool playing = false;
    float events_per_s = 10;
    double play_accum = 0;
    Breakpoints breakpoints;
    std::string status; // one line shown under the controls (breakpoint hit, …)

    Lesson lesson;
    // tasks_at_cursor()'s cursor over the model, moved lazily (a few events per step).
    mutable std::unique_ptr<trace::TaskStatusCursor> task_cursor;
    mutable std::unique_ptr<ExecutorCursor> executor_cursor;
    bool show_executor = false; // the tasks panel's Executor tab is in front
    // A file a command asked to open (the next lesson, one picked from the list): the
    // application loads it after the frame, or the script at once.
    std::filesystem::path open_request;

    // Each task's polls, unparks, completion and result after the cursor's event (the rule
    // `step` and `run` share, trace/task_status.hpp): what the tasks panel shows, so that it
    // never tells the end of the run before the cursor gets there. Null when nothing is loaded.
    [[nodiscard]] const trace::TaskStatusCursor *tasks_at_cursor() const;
    // The ready queue, the timers and the channels after the cursor's event (executor_state.hpp);
    // null when nothing is loaded or the trace is too long to replay.
    [[nodiscard]] const ExecutorState *executor_at_cursor() const;

    [[nodiscard]] bool loaded() const { return model != nullptr && !model->events.empty(); }
    [[nodiscard]] Seq last() const {
        return loaded() ? static_cast<Seq>(model->events.size() - 1) : 0;
    }
    void set_model(std::shared_ptr<const trace::TraceModel> m);
    // The scenario's text (may be empty) and where its futures are written, for the scenario
    // panel, and the lesson's notes for the narration.
    void set_scenario(std::string text, std::vector<trace::Note> notes, SourceLocator locate);
    // Where a future's source is written in the scenario's text; nothing without a locator.
    [[nodiscard]] std::optional<SourceRange> locate_source(std::string_view source) const;
    void set_vocabulary(trace::Vocabulary v);
    // The lesson's title, paragraph and printed lines; the story is told again.
    void set_lesson(std::string title, std::string description, std::vector<PrintedLine> output);
    void retell(); // tells the story of the model with the current notes and words

    // Commands.
    void go_to(std::int64_t seq);
    void step(int delta);             // by event
    void step_task_poll(int dir);     // to the next/previous task-level poll_begin
    void step_selected_poll(int dir); // the same, of the selected task only
    void run_to_end();                // stops at the first breakpoint after the cursor
    void toggle_play();
    void advance_play(double dt_s); // while playing
    void select_task(TaskId task);
    void select_future(FutureId future);
    // The story line the cursor is in: the first whose last event is at or after the cursor.
    [[nodiscard]] std::optional<std::size_t> story_line() const;
    void step_story(int dir); // to the last event of the next/previous story line
    void go_to_story(std::size_t line);
    void step_note(int dir); // to the next/previous event that carries a lesson note
    // Finds the open file's place in the lesson list (once per load: it asks the file system).
    void place_in_lessons();
    // The lesson after the open file in its directory's list, if any.
    [[nodiscard]] std::optional<std::filesystem::path> next_lesson() const;
    bool request_next_lesson();
    // The diagnostics panel's jump: to the i-th diag event, selecting its task and future.
    bool jump_to_diag(std::size_t i);
    void set_axis(Axis a);
    void fit();
    [[nodiscard]] double axis_of(Seq seq) const; // the cursor's position on the current axis
    [[nodiscard]] double axis_end() const;
};

} // namespace futurescope::viz
