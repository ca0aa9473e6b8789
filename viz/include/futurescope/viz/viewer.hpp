// The viewer's entry point: `futurescope view FILE` and `futurescope-view FILE` both end here.
// It opens a window (GLFW + OpenGL 3 + Dear ImGui) on a trace, or on a scenario that a
// ScenarioRunner turns into a trace first; headless modes write a screenshot, run a script of UI
// actions and dump the view state, or time frames.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "futurescope/trace/trace_model.hpp"
#include "futurescope/trace/vocabulary.hpp"

namespace futurescope::viz {

// Runs a scenario file and returns its trace; `scenario_text` receives the scenario's JSON for
// the scenario panel. Throws std::exception with a one-line message on bad input. The CLI sets
// it once the scenario runner exists; without one, the viewer opens only traces.
using ScenarioRunner =
    std::function<trace::TraceModel(const std::filesystem::path &file, std::string &scenario_text)>;

struct ViewerOptions {
    std::filesystem::path file; // a trace (.json, .cbor) or a scenario; empty: start empty
    ScenarioRunner run_scenario;
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
