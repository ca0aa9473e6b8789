// The viewer application object behind run_viewer, and the script mode's two halves (run UI
// actions on a view state, dump a view state as JSON).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "futurescope/viz/viewer.hpp"
#include "panels.hpp"
#include "view_state.hpp"

struct GLFWwindow;

namespace futurescope::viz {

// What a script needs of the application (headless runs only): mouse actions played as frames
// with synthetic input, and opening a file (the next lesson) before the script's next line.
class ScriptHost {
  public:
    virtual ~ScriptHost() = default;
    virtual void click(float x, float y) = 0;
    virtual void wheel(float x, float y, float delta) = 0;
    virtual void drag(float x0, float y0, float x1, float y1) = 0;
    virtual bool open(const std::filesystem::path &file) = 0;
};

class App final : public ScriptHost {
  public:
    explicit App(const ViewerOptions &options);
    ~App();
    App(const App &) = delete;
    App &operator=(const App &) = delete;

    bool open_window();
    bool load(const std::filesystem::path &file);
    [[nodiscard]] bool headless() const;
    int interactive();
    int headless_run();
    [[nodiscard]] const ViewState &view() const { return view_; }

    // [ScriptHost]
    void click(float x, float y) override;
    void wheel(float x, float y, float delta) override;
    void drag(float x0, float y0, float x1, float y1) override;
    bool open(const std::filesystem::path &file) override;

  private:
    void frame(double dt_s);
    void draw_menu();
    void draw_open_dialog();
    [[nodiscard]] ScenarioRun read_named_scenario(const trace::TraceModel &model,
                                                  const std::filesystem::path &file) const;
    void add_recent(const std::filesystem::path &file);
    bool write_screenshot(const std::filesystem::path &out);
    int bench();

    ViewerOptions options_;
    ViewState view_;
    std::vector<std::unique_ptr<Panel>> panels_;
    GLFWwindow *window_ = nullptr;
    std::string ini_path_;
    std::vector<std::string> recent_;
    bool open_dialog_ = false;
    std::string dialog_dir_;
    std::string pending_open_;
    double load_ms_ = 0;
    // Synthetic mouse input for the next frames (script mode).
    struct FakeMouse {
        float x, y;
        bool down;
        float wheel;
    };
    void play_mouse(const std::vector<FakeMouse> &frames);
    const FakeMouse *fake_mouse_ = nullptr;
};

// A file's bytes, or nothing when it cannot be read.
[[nodiscard]] std::string read_text(const std::filesystem::path &p);

// Runs a script of UI actions, one per line ('#' starts a comment):
//   step N | goto N | poll N | task_poll N | select_task ID | select_future ID |
//   axis order|time | toggle_axis | zoom FACTOR [AT] | pan PX | fit | home | end | run_to_end |
//   break_kind KIND | break_task ID | break_future ID | speed EV_PER_S | play SECONDS |
//   story N | story_line K | note N | next_lesson | executor on|off |
//   click X Y | wheel X Y DELTA | drag X0 Y0 X1 Y1
// (N may be negative; AT is where the zoom is anchored, 0..1 across the timeline, default 0.5).
// On an error, `error` says "LINE: what" and nothing after that line runs.
// Mouse actions (`click X Y`, `wheel X Y DELTA`, `drag X0 Y0 X1 Y1`, in window pixels; X may
// be written `seq:N` for the middle of event N on the timeline and Y `lane:L[:D]` for the middle
// of depth row D of lane L) need `mouse`; without one they are an error.
bool run_script(ViewState &view,
                const std::string &script,
                std::string &error,
                ScriptHost *mouse = nullptr);

// The view state as JSON: cursor, event, narration, selection, polling path, the state machine
// table, axis and visible range.
std::string dump_state(const ViewState &view);

} // namespace futurescope::viz
