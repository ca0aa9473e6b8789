// The viewer's entry point: `futurescope view FILE` and `futurescope-view FILE` both end here.
// It opens a window (GLFW + OpenGL 3 + Dear ImGui) on a trace, or on a scenario that a
// ScenarioRunner turns into a trace first; headless modes write a screenshot, run a script of UI
// actions and dump the view state, or time frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/trace/trace_model.hpp"
#include "futurescope/trace/vocabulary.hpp"

namespace futurescope::viz {

// A place in a scenario's text: bytes [begin, end) and lines (1-based, inclusive). A range of
// text rather than a JSON pointer, so that a lesson in another syntax can be highlighted too.
struct SourceRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    int first_line = 0;
    int last_line = 0;
    friend bool operator==(const SourceRange &, const SourceRange &) = default;
};

// Maps a future's source (TraceFuture::source) to where it is written in the scenario's text.
using SourceLocator = std::function<std::optional<SourceRange>(std::string_view source)>;

// A line the program printed (an async fn's println!): not in the trace, so the runner hands it
// over for the lesson's story, which shows it with the poll it was printed in.
struct PrintedLine {
    std::int64_t t = 0;     // virtual time, ns
    std::string task;       // the task's name
    std::string text;       // without the newline
    std::uint64_t poll = 0; // the task's task-level poll (1-based); 0: its first poll at t
};

// Everything the viewer shows of a scenario, so that it never reads scenario files itself.
struct ScenarioRun {
    trace::TraceModel trace;        // the run's trace (empty when only read)
    std::string source_text;        // the file as written, for the scenario panel
    std::vector<trace::Note> notes; // the lesson's own notes, placed by the Narrator
    SourceLocator locate;           // may be empty: nothing is highlighted
    std::string title;              // the lesson's title and teaching paragraph (may be empty)
    std::string description;
    std::vector<PrintedLine> output; // what the run printed (empty when only read)
};

// One lesson of a directory, for the lesson panel's list and its "next lesson".
struct LessonEntry {
    std::filesystem::path file;
    std::string title; // "(cannot load: …)" for a file the library refuses
};

// The lessons of a directory in their order (file name), each listed once (a lesson written in
// both forms as its `.rs` file), as `futurescope lessons DIR` lists them.
using LessonLister = std::function<std::vector<LessonEntry>(const std::filesystem::path &dir)>;

// What the viewer asks of a scenario file: run it, or only read it (the scenario a trace names,
// to show its text and notes beside the trace).
enum class ScenarioUse : std::uint8_t { run, read };

// Runs (or reads) a scenario file. Throws std::exception with a one-line message on bad input.
// The CLI sets it with the scenario library; without one, the viewer opens only traces and
// shows a trace's scenario as plain text.
using ScenarioRunner =
    std::function<ScenarioRun(const std::filesystem::path &file, ScenarioUse use)>;

struct ViewerOptions {
    std::filesystem::path file; // a trace (.json, .cbor) or a scenario; empty: start empty
    ScenarioRunner run_scenario;
    LessonLister list_lessons; // may be empty: no lesson list, no "next lesson"
    // The words of the narration and the labels: futures 0.1's or the modern model's (a toggle
    // in the window switches it too).
    trace::Vocabulary vocabulary = trace::Vocabulary::futures01;
    // Headless: render at `step` and write a PNG to `screenshot`, then exit.
    std::optional<std::filesystem::path> screenshot;
    std::optional<std::size_t> step;
    int width = 1280;
    int height = 800;
    // Headless: run the UI actions in `script` (one per line) and print the view state as JSON
    // (to `state_out` when set, else stdout). Combined with `screenshot`, the picture is taken
    // after the script.
    std::optional<std::filesystem::path> script;
    std::optional<std::filesystem::path> state_out;
    // Headless: draw this many frames at several zoom levels and report CPU time per frame.
    int bench_frames = 0;
};

// Returns the process exit code: 0 success, 1 a failure while running, 2 bad input or usage.
int run_viewer(const ViewerOptions &options);

// Parses `futurescope-view` style arguments (after the program or subcommand name) into
// options; on error or --help prints to stderr/stdout and returns the exit code to use.
std::optional<int> parse_viewer_args(int argc, const char *const *argv, ViewerOptions &out);

} // namespace futurescope::viz
