// The viewer end to end, under Xvfb: screenshots of a recorded trace at chosen steps, checked on
// their pixels (the timeline holds spans of each result colour, the panels are not blank), and
// script-mode state dumps (cursor, the path being polled, the narration of the chosen step).
// tests/data/traces/viz/lesson.json is `viz_trace_gen lesson` output, committed so that the
// expected steps do not move when the engine changes; regenerate it when the trace format does.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "futurescope/narrate/narrator.hpp"
#include "futurescope/trace/trace_model.hpp"
#include "futurescope/trace/vocabulary.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Outcome {
    int code = -1;
    std::string out;
};

Outcome run(const std::string &command) {
    Outcome r;
    FILE *p = ::popen((command + " 2>&1").c_str(), "r");
    if (p == nullptr) {
        return r;
    }
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) {
        r.out.append(buf, n);
    }
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

class Viewer : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = fs::temp_directory_path() / ("futurescope-viz-test-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        // The committed trace keeps the expected steps stable when the engine changes; the
        // generator's fresh one shows that what the recorder writes today opens too.
        lesson_ = fs::path(VIZ_TEST_DATA) / "lesson.json";
        fresh_ = dir_ / "fresh.json";
        Outcome r = run(std::string(VIZ_TRACE_GEN) + " lesson " + fresh_.string());
        ASSERT_EQ(r.code, 0) << r.out;
    }
    static void TearDownTestSuite() { fs::remove_all(dir_); }

    // Runs the viewer on the lesson trace with `args`.
    static Outcome view(const std::string &args) {
        return run(std::string(VIZ_VIEWER) + " " + lesson_.string() + " " + args);
    }

    // Runs a script on `file` (the lesson trace by default) and returns the dumped state.
    // `viewer` is futurescope-view, or `futurescope view` (which runs scenarios first).
    static json script(const std::string &actions,
                       const fs::path &file = {},
                       const std::string &viewer = VIZ_VIEWER,
                       const std::string &options = {}) {
        const fs::path s = dir_ / "actions.txt";
        std::ofstream(s) << actions;
        Outcome r = run(viewer + " " + (file.empty() ? lesson_ : file).string() + " --script " +
                        s.string() + " " + options);
        EXPECT_EQ(r.code, 0) << r.out;
        const auto brace = r.out.find('{');
        if (brace == std::string::npos) {
            ADD_FAILURE() << "no JSON in: " << r.out;
            return json::object();
        }
        return json::parse(r.out.substr(brace));
    }

    static fs::path data(const char *name) { return fs::path(VIZ_TEST_DATA) / name; }

    static inline fs::path dir_;
    static inline fs::path lesson_;
    static inline fs::path fresh_;
};

struct Image {
    int w = 0;
    int h = 0;
    std::vector<unsigned char> rgb;

    // Pixels exactly of colour (r, g, b) in the rectangle of fractions [x0, x1) × [y0, y1).
    [[nodiscard]] int count(float x0, float y0, float x1, float y1, int r, int g, int b) const {
        int n = 0;
        for (int y = static_cast<int>(y0 * h); y < static_cast<int>(y1 * h); ++y) {
            for (int x = static_cast<int>(x0 * w); x < static_cast<int>(x1 * w); ++x) {
                const unsigned char *p = &rgb[(static_cast<std::size_t>(y) * w + x) * 3];
                n += p[0] == r && p[1] == g && p[2] == b;
            }
        }
        return n;
    }
    // Pixels brighter than the dark theme's backgrounds: text, spans, highlights.
    [[nodiscard]] int bright(float x0, float y0, float x1, float y1) const {
        int n = 0;
        for (int y = static_cast<int>(y0 * h); y < static_cast<int>(y1 * h); ++y) {
            for (int x = static_cast<int>(x0 * w); x < static_cast<int>(x1 * w); ++x) {
                const unsigned char *p = &rgb[(static_cast<std::size_t>(y) * w + x) * 3];
                n += p[0] + p[1] + p[2] > 450;
            }
        }
        return n;
    }
};

Image load_png(const fs::path &p) {
    Image img;
    int comp = 0;
    unsigned char *data = stbi_load(p.string().c_str(), &img.w, &img.h, &comp, 3);
    if (data != nullptr) {
        img.rgb.assign(data, data + static_cast<std::size_t>(img.w) * img.h * 3);
        stbi_image_free(data);
    }
    return img;
}

TEST_F(Viewer, ScreenshotShowsSpansOfEachResultColourAndNoBlankPanel) {
    const fs::path png = dir_ / "step100.png";
    Outcome r = view("--screenshot " + png.string() + " --step 100 --size 1280x800");
    ASSERT_EQ(r.code, 0) << r.out;
    ASSERT_FALSE(fs::exists(png.string() + ".tmp"));
    Image img = load_png(png);
    ASSERT_EQ(img.w, 1280);
    ASSERT_EQ(img.h, 800);
    // The timeline's lanes (below its legend): Ready (green), NotReady (amber) and Err (red)
    // spans, in their exact colours.
    EXPECT_GT(img.count(0.14f, 0.23f, 1, 0.55f, 76, 175, 80), 300);
    EXPECT_GT(img.count(0.14f, 0.23f, 1, 0.55f, 235, 165, 45), 3000);
    EXPECT_GT(img.count(0.14f, 0.23f, 1, 0.55f, 220, 60, 60), 300);
    // The panels below it (state machine, narration, event log, tasks) all hold text.
    EXPECT_GT(img.bright(0.0f, 0.60f, 0.33f, 0.98f), 400) << "state machine panel is blank";
    EXPECT_GT(img.bright(0.34f, 0.60f, 0.69f, 0.68f), 150) << "narration panel is blank";
    EXPECT_GT(img.bright(0.34f, 0.74f, 0.69f, 0.98f), 400) << "event log panel is blank";
    EXPECT_GT(img.bright(0.71f, 0.60f, 1.0f, 0.74f), 300) << "task table is blank";
}

TEST_F(Viewer, ScreenshotsAreIdenticalRunToRun) {
    const fs::path a = dir_ / "a.png";
    const fs::path b = dir_ / "b.png";
    ASSERT_EQ(view("--screenshot " + a.string() + " --step 64").code, 0);
    ASSERT_EQ(view("--screenshot " + b.string() + " --step 64").code, 0);
    EXPECT_EQ(load_png(a).rgb, load_png(b).rgb);
}

TEST_F(Viewer, ScriptGotoDumpsCursorPollingPathAndNarration) {
    json s = script("goto 64\n");
    EXPECT_EQ(s["cursor"], 64);
    EXPECT_EQ(s["t_ns"], 5000000);
    EXPECT_EQ(s["event"], "enter task=3 future=10 state=\"waiting\"");
    // The narration panel says what the engine's Narrator says (`futurescope step`'s text).
    const futurescope::trace::TraceModel model = futurescope::trace::load_trace(lesson_);
    EXPECT_EQ(s["narration"], futurescope::narrate::Narrator(model).sentence(64));
    // The cursor's task is selected, and the path being polled goes from its root down.
    EXPECT_EQ(s["selected_task"], 3);
    EXPECT_EQ(s["polling_path"], json::array({"AndThen#9", "Delay#10"}));
    ASSERT_EQ(s["futures"].size(), 2u);
    EXPECT_EQ(s["futures"][0]["name"], "AndThen#9");
    EXPECT_EQ(s["futures"][0]["state"], "first");
    EXPECT_EQ(s["futures"][1]["state"], "waiting");
    EXPECT_EQ(s["futures"][1]["last_result"], "not_ready");
}

TEST_F(Viewer, ScriptStepsByTaskLevelPollAndBySelectedTasksPoll) {
    EXPECT_EQ(script("goto 64\npoll 1\n")["cursor"], 80);
    EXPECT_EQ(script("goto 64\npoll -1\n")["cursor"], 62);
    // Task 2's polls begin at 23 and 100: from 64 its next one is 100. At a poll_begin nothing
    // is entered yet; two events later the Map and its AndThen are.
    json s = script("goto 64\nselect_task 2\ntask_poll 1\n");
    EXPECT_EQ(s["cursor"], 100);
    EXPECT_EQ(s["selected_task"], 2);
    EXPECT_EQ(s["polling_path"], json::array());
    s = script("goto 64\nselect_task 2\ntask_poll 1\nstep 2\n");
    EXPECT_EQ(s["cursor"], 102);
    EXPECT_EQ(s["polling_path"], json::array({"Map#6", "AndThen#7"}));
}

TEST_F(Viewer, ScriptAfterAStateChangeShowsTheNewStateAndTheResult) {
    json s = script("goto 72\n");
    EXPECT_EQ(s["futures"][0]["name"], "AndThen#9");
    EXPECT_EQ(s["futures"][0]["state"], "second");
    EXPECT_EQ(s["futures"][0]["last_result"], "err(\"boom\")");
    EXPECT_EQ(s["polling_path"], json::array());
}

TEST_F(Viewer, ScriptRunToEndStopsAtABreakpoint) {
    json s = script("break_kind complete\nrun_to_end\n");
    EXPECT_EQ(s["cursor"], 76);
    EXPECT_EQ(s["status"], "Breakpoint: complete task=3 result=err value=\"\\\"boom\\\"\"");
    EXPECT_EQ(script("run_to_end\n")["cursor"], 178);
}

TEST_F(Viewer, ScriptTogglesTheAxisAndZooms) {
    json order = script("fit\n");
    EXPECT_EQ(order["axis"], "order");
    const double w0 = order["visible"]["x1"].get<double>() - order["visible"]["x0"].get<double>();
    json time = script("toggle_axis\nzoom 4\n");
    EXPECT_EQ(time["axis"], "time");
    const double w1 = time["visible"]["x1"].get<double>() - time["visible"]["x0"].get<double>();
    // 179 events vs 35 ms of virtual time (plus 2% margins), zoomed 4×.
    EXPECT_NEAR(w0, 179 * 1.04, 1e-6);
    EXPECT_NEAR(w1, 35e6 * 1.04 / 4, 1);
}

// Mouse actions are played as frames with synthetic input, through the timeline's own
// hit-testing, zoom and pan code.
TEST_F(Viewer, ClickingANestedPollSelectsItsFutureAndMovesTheCursorToIt) {
    // Lane 2 is task 3 ('fails'); its depth row 2 holds Result#15's poll, events 69 to 71. The
    // window is tall enough for the timeline to show that row without scrolling.
    json s = script("goto 64\nclick seq:70 lane:2:2\n", {}, VIZ_VIEWER, "--size 1280x1000");
    EXPECT_EQ(s["selected_future"], 15);
    EXPECT_EQ(s["selected_task"], 3);
    EXPECT_EQ(s["cursor"], 69);
}

TEST_F(Viewer, TheWheelZoomsAroundTheMouseAndDraggingPans) {
    json fit = script("fit\n");
    const double x0 = fit["visible"]["x0"].get<double>();
    const double x1 = fit["visible"]["x1"].get<double>();
    const double left = fit["timeline"]["left_px"].get<double>();
    const double width = fit["timeline"]["width_px"].get<double>();
    const double under_mouse = x0 + (700 - left) / width * (x1 - x0);

    json zoomed = script("fit\nwheel 700 lane:2 1\n");
    const double z0 = zoomed["visible"]["x0"].get<double>();
    const double z1 = zoomed["visible"]["x1"].get<double>();
    EXPECT_NEAR(z1 - z0, (x1 - x0) / 1.25, 1e-6);
    EXPECT_NEAR(z0 + (700 - left) / width * (z1 - z0), under_mouse, 1e-6);

    // Dragging 100 px to the right shows what was 100 px to the left.
    json dragged = script("fit\ndrag 700 lane:2 800 lane:2\n");
    EXPECT_NEAR(dragged["visible"]["x0"].get<double>(), x0 - 100 * (x1 - x0) / width, 1e-6);
    EXPECT_EQ(dragged["cursor"], 0); // a drag is not a click
}

TEST_F(Viewer, AScriptErrorNamesTheLineAndExitsWith2) {
    const fs::path s = dir_ / "bad.txt";
    std::ofstream(s) << "step 1\nfly away\n";
    Outcome r = view("--script " + s.string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("bad.txt:2: unknown action 'fly'"), std::string::npos) << r.out;
}

TEST_F(Viewer, ABadTraceFailsWith2AndWritesNoPicture) {
    const fs::path bad = dir_ / "bad.json";
    std::ofstream(bad) << R"({"format":"futurescope-trace","version":1,"events":[{"seq":0}]})";
    const fs::path png = dir_ / "bad.png";
    Outcome r = run(std::string(VIZ_VIEWER) + " " + bad.string() + " --screenshot " + png.string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("bad.json"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(png));
}

TEST_F(Viewer, BenchFramesReportsCpuTimePerFrameOnAFreshlyRecordedTrace) {
    Outcome r = run(std::string(VIZ_VIEWER) + " " + fresh_.string() + " --bench-frames 2");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("load: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("worst mean CPU per frame: "), std::string::npos) << r.out;
}

// The scenario panel marks the lines of the current event's expression: its future's `source`
// (the JSON pointer the scenario builder recorded) located in the scenario's text.
// highlight.json is a scenario; `futurescope view` runs it first.
TEST_F(Viewer, TheScenarioPanelMarksTheLinesOfTheCurrentEventsExpression) {
    const fs::path scenario = data("highlight.json");
    // Event 3 polls the Delay, written at /tasks/0/future/chain/0 (lines 11–13).
    json s = script("goto 3\n", scenario, std::string(VIZ_CLI) + " view");
    EXPECT_EQ(s["event"], "enter task=1 future=2 state=\"idle\"");
    ASSERT_TRUE(s["source"].is_object()) << s.dump(2);
    EXPECT_EQ(s["source"]["pointer"], "/tasks/0/future/chain/0");
    EXPECT_EQ(s["source"]["first_line"], 11);
    EXPECT_EQ(s["source"]["last_line"], 13);
    EXPECT_EQ(s["source"]["text"], "{\n            \"delay\": 10\n          }");
    // The task-level poll shows the task's root future: the chain's map step.
    s = script("goto 1\n", scenario, std::string(VIZ_CLI) + " view");
    EXPECT_EQ(s["source"]["pointer"], "/tasks/0/future/chain/1");
    EXPECT_EQ(s["source"]["first_line"], 14);
    EXPECT_EQ(s["source"]["last_line"], 16);
    // The clock's jump belongs to no expression.
    s = script("break_kind clock\nrun_to_end\n", scenario, std::string(VIZ_CLI) + " view");
    EXPECT_EQ(s["event"], "clock from_ns=0 to_ns=10000000 blocking=false");
    EXPECT_TRUE(s["source"].is_null());
}

TEST_F(Viewer, TheScenarioPanelsHighlightIsDrawnOverTheExpressionsLines) {
    const fs::path scenario = data("highlight.json");
    const fs::path marked = dir_ / "marked.png";
    const fs::path clock = dir_ / "clock.png";
    const std::string cli = std::string(VIZ_CLI) + " view " + scenario.string();
    ASSERT_EQ(run(cli + " --screenshot " + marked.string() + " --step 3").code, 0);
    const int clock_step = script(
        "break_kind clock\nrun_to_end\n", scenario, std::string(VIZ_CLI) + " view")["cursor"];
    ASSERT_EQ(
        run(cli + " --screenshot " + clock.string() + " --step " + std::to_string(clock_step)).code,
        0);
    // The scenario panel (bottom right) holds the highlight's exact colour at step 3 only.
    const Image a = load_png(marked);
    const Image b = load_png(clock);
    EXPECT_GT(a.count(0.70f, 0.83f, 1, 1, 45, 95, 160), 3000);
    EXPECT_EQ(b.count(0.70f, 0.83f, 1, 1, 45, 95, 160), 0);
    EXPECT_GT(b.bright(0.70f, 0.83f, 1, 1), 100) << "the scenario's text is not shown";
}

// The lesson's own notes (its "narration" entries) show at their step, besides the sentence.
TEST_F(Viewer, TheNarrationPanelShowsTheLessonsNoteAtItsStep) {
    const fs::path scenario = data("highlight.json");
    const std::string cli = std::string(VIZ_CLI) + " view";
    json s = script("poll 1\n", scenario, cli);
    EXPECT_EQ(s["cursor"], 1);
    EXPECT_EQ(s["notes"], json::array({"The first poll sets the timer."}));
    EXPECT_EQ(s["narration"],
              "The executor takes task main from the front of the ready queue and polls its root "
              "future (Map) once: task-level poll 1.");
    EXPECT_EQ(script("goto 2\n", scenario, cli)["notes"], json::array());
    // The note on the task's "complete" event.
    s = script("break_kind complete\nrun_to_end\n", scenario, cli);
    EXPECT_EQ(s["notes"], json::array({"Done after one wakeup."}));
    // Drawn in the note's own colour, which nothing else in the window uses.
    const fs::path png = dir_ / "note.png";
    ASSERT_EQ(
        run(cli + " " + scenario.string() + " --screenshot " + png.string() + " --step 1").code, 0);
    ASSERT_EQ(run(cli + " " + scenario.string() + " --screenshot " +
                  (dir_ / "nonote.png").string() + " --step 2")
                  .code,
              0);
    EXPECT_GT(load_png(png).count(0.33f, 0.55f, 0.70f, 0.73f, 140, 242, 153), 8);
    EXPECT_EQ(load_png(dir_ / "nonote.png").count(0.33f, 0.55f, 0.70f, 0.73f, 140, 242, 153), 0);
}

// One lane per timer: the lesson's six timers each have their own, after the tasks and the
// channel.
TEST_F(Viewer, EachTimerHasItsOwnLane) {
    json s = script("fit\n");
    ASSERT_EQ(s["lanes"].size(), 12u);
    EXPECT_EQ(s["lanes"][5], "channel #1 (oneshot)");
    EXPECT_EQ(s["lanes"][6], "timer #1 (join)");
    EXPECT_EQ(s["lanes"][7], "timer #2 (join)");
    EXPECT_EQ(s["lanes"][11], "timer #6 (chain)");
    // In waits.json timer #1 (sleeper's) is lane 3: clicking its fire mark moves the cursor
    // there.
    s = script("click seq:28 lane:3\n", data("waits.json"));
    EXPECT_EQ(s["lanes"][3], "timer #1 (sleeper)");
    EXPECT_EQ(s["cursor"], 28);
    EXPECT_EQ(s["event"], "timer_fire timer=1 task=1");
}

// The vocabulary switch: futures 0.1's words or the modern model's, in the narration and the
// dumped state, from the command line or the toggle.
TEST_F(Viewer, TheVocabularyToggleNarratesInPendingAndWaker) {
    json s = script("goto 9\n");
    EXPECT_EQ(s["vocabulary"], "01");
    EXPECT_EQ(s["event"], "park task=1 future=3");
    const futurescope::trace::TraceModel model = futurescope::trace::load_trace(lesson_);
    const auto modern = futurescope::trace::Vocabulary::modern;
    EXPECT_EQ(s["narration"], futurescope::narrate::Narrator(model).sentence(9));
    json m = script("vocab modern\ngoto 9\n");
    EXPECT_EQ(m["vocabulary"], "modern");
    EXPECT_EQ(m["narration"], futurescope::narrate::Narrator(model, modern).sentence(9));
    EXPECT_EQ(m["narration"],
              "Delay clones task join's Waker from its Context (cx.waker().clone()), so that a "
              "timer, socket or channel can wake the task later: the promise that comes with "
              "Pending. Futures 0.1 and the modern Future model name the same things "
              "differently: park ≈ cloning the Context's waker; unpark ≈ wake; NotReady ≈ "
              "Pending; Task handle ≈ Waker.");
    // --vocab on the command line, and the toggle back.
    EXPECT_EQ(script("goto 9\n", {}, VIZ_VIEWER, "--vocab modern")["narration"], m["narration"]);
    EXPECT_EQ(script("vocab modern\ntoggle_vocab\ngoto 9\n")["narration"], s["narration"]);
    Outcome bad = view("--vocab 02");
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.out.find("--vocab needs 01 or modern, not '02'"), std::string::npos) << bad.out;
}

// Who will wake me: each parked task's holders at the cursor, the lost wakeup, the diagnostics
// panel's jump. waits.json is hand-written: a task parked on a timer and a channel, one that
// returned NotReady with nothing holding its handle, one that yields (unparks itself).
TEST_F(Viewer, TheTaskTableSaysWhoWillWakeEachParkedTask) {
    const fs::path waits = data("waits.json");
    json s = script("goto 9\n", waits);
    ASSERT_EQ(s["tasks_now"].size(), 3u);
    EXPECT_EQ(s["tasks_now"][0]["state"], "parked");
    EXPECT_EQ(s["tasks_now"][0]["wakers"],
              json::array({"timer #1 (delay, fires at 30ms)", "channel #7 (mpsc receiver)"}));
    EXPECT_EQ(s["tasks_now"][0]["text"],
              "parked — what will wake it: timer #1 (delay, fires at 30ms); channel #7 (mpsc "
              "receiver)");
    EXPECT_EQ(s["tasks_now"][1]["state"], "queued");
    EXPECT_EQ(s["narration"],
              "Task sleeper is parked; what will wake it: timer #1 (delay, fires at 30ms); "
              "channel #7 (mpsc receiver).");
    s = script("goto 14\n", waits);
    EXPECT_EQ(s["tasks_now"][0]["state"], "parked");
    EXPECT_EQ(s["tasks_now"][1]["state"], "lost_wakeup");
    EXPECT_EQ(s["tasks_now"][1]["text"], "parked, and nothing holds its handle: lost wakeup");
    // The yield: nothing holds the handle, but the task unparked itself during the poll.
    s = script("goto 21\n", waits);
    EXPECT_EQ(s["tasks_now"][2]["state"], "queued");
    // While being polled, and after the timer's unpark.
    EXPECT_EQ(script("goto 11\n", waits)["tasks_now"][1]["state"], "polling");
    s = script("goto 29\n", waits);
    EXPECT_EQ(s["tasks_now"][0]["state"], "queued");
    EXPECT_EQ(s["tasks_now"][2]["state"], "done");
    // In the modern words.
    s = script("vocab modern\ngoto 14\n", waits);
    EXPECT_EQ(s["tasks_now"][1]["text"], "pending, and nothing holds its Waker: lost wakeup");
}

TEST_F(Viewer, TheDiagnosticsPanelJumpsToEachDiagnosticsStep) {
    const fs::path waits = data("waits.json");
    json s = script("jump_diag 0\n", waits);
    ASSERT_EQ(s["diagnostics"].size(), 2u);
    EXPECT_EQ(s["diagnostics"][0]["seq"], 15);
    EXPECT_EQ(s["diagnostics"][0]["diag"], "lost_wakeup");
    EXPECT_EQ(s["diagnostics"][1]["diag"], "stuck");
    EXPECT_EQ(s["cursor"], 15);
    EXPECT_EQ(s["selected_task"], 2);
    EXPECT_EQ(s["selected_future"], 2);
    // The panel lists a diagnostic once the cursor has reached its step, never before.
    EXPECT_TRUE(s["diagnostics"][0]["shown"]);
    EXPECT_FALSE(s["diagnostics"][1]["shown"]);
    const json start = script("home\n", waits)["diagnostics"];
    EXPECT_FALSE(start[0]["shown"]);
    EXPECT_FALSE(start[1]["shown"]);
    s = script("jump_diag 1\n", waits);
    EXPECT_EQ(s["cursor"], 35);
    const fs::path bad = dir_ / "jump.txt";
    std::ofstream(bad) << "jump_diag 2\n";
    Outcome r = run(std::string(VIZ_VIEWER) + " " + waits.string() + " --script " + bad.string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("jump.txt:1: 'jump_diag' takes the index of a diagnostic"),
              std::string::npos)
        << r.out;
}

TEST_F(Viewer, DiagnosticsAreMarkedOnTheTimeline) {
    const fs::path png = dir_ / "diag.png";
    ASSERT_EQ(run(std::string(VIZ_VIEWER) + " " + data("waits.json").string() + " --screenshot " +
                  png.string() + " --step 14")
                  .code,
              0);
    // The timeline's ruler and lanes (below its legend, left of the lesson panel) hold the
    // diagnostic's colour; a trace without diagnostics (the lesson) does not.
    EXPECT_GT(load_png(png).count(0.14f, 0.245f, 0.64f, 0.55f, 255, 70, 170), 40);
    const fs::path none = dir_ / "nodiag.png";
    ASSERT_EQ(view("--screenshot " + none.string() + " --step 14").code, 0);
    EXPECT_EQ(load_png(none).count(0.14f, 0.245f, 0.64f, 0.55f, 255, 70, 170), 0);
}

// A task name of 20,000 characters (past what Dear ImGui 1.86's 16-bit indices can draw in one
// string) is drawn cut with an ellipsis in every panel, and its lane's tooltip, holding the whole
// name, is drawn too; the state dump keeps the name whole.
TEST_F(Viewer, DrawsATwentyThousandCharacterTaskName) {
    const fs::path trace = dir_ / "long-name.json";
    Outcome r = run(std::string(VIZ_TRACE_GEN) + " long-name " + trace.string() + " 20000");
    ASSERT_EQ(r.code, 0) << r.out;
    const fs::path png = dir_ / "long-name.png";
    r = run(std::string(VIZ_VIEWER) + " " + trace.string() + " --screenshot " + png.string() +
            " --step 3");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_GT(load_png(png).bright(0, 0.5f, 0.33f, 1), 100) << "the state machine is blank";
    // Hovering the lane's label shows its tooltip with the whole name.
    json s = script("goto 3\nclick 60 lane:0\n", trace);
    EXPECT_EQ(s["selected_task"], 1);
    ASSERT_EQ(s["tasks_now"].size(), 1u);
    EXPECT_EQ(s["tasks_now"][0]["name"].get<std::string>().size(), 20000u);
}

// The lesson panel holds the lesson's title, its teaching paragraph and its story: the lines
// `futurescope step` tells (one per task-level poll, the world folded), the cursor's line and
// the steps that carry the lesson's notes.
TEST_F(Viewer, TheLessonPanelHoldsTheTitleTheParagraphAndTheStory) {
    const fs::path lesson = fs::path(VIZ_SCENARIOS) / "01-hello-world.rs";
    const json l = script("home\n", lesson, std::string(VIZ_CLI) + " view")["lesson"];
    EXPECT_EQ(l["title"], "01 · Hello, World! — an HTTPS GET from the virtual www.rust-lang.org");
    EXPECT_EQ(l["description"].get<std::string>().rfind(
                  "The tutorial's first program: connect to www.rust-lang.org:443, run a TLS "
                  "handshake over the socket",
                  0),
              0u)
        << l["description"];
    EXPECT_EQ(l["story_lines"], 11);
    EXPECT_EQ(l["note_steps"], json::array({3, 43, 258}));
    EXPECT_EQ(l["line"]["number"], 1);
    EXPECT_EQ(
        l["line"]["text"],
        "Task main is spawned: it goes to the back of the ready queue, to be polled in turn.");
}

// Up/Down (`story N`) move by story line, to the line's last event; n/N (`note N`) to the next
// and previous step with a note; `story_line K` to a line by its number.
TEST_F(Viewer, TheStoryAndTheNotesMoveTheCursorLineByLine) {
    const fs::path lesson = fs::path(VIZ_SCENARIOS) / "01-hello-world.rs";
    const std::string cli = std::string(VIZ_CLI) + " view";
    // Line 1 is the spawn, line 2 the listener; line 3 is main's first poll, headed by a note.
    json s = script("story 2\n", lesson, cli);
    EXPECT_EQ(s["cursor"], 21);
    EXPECT_EQ(s["lesson"]["line"]["number"], 3);
    EXPECT_EQ(s["lesson"]["line"]["first_event"], 3);
    EXPECT_EQ(s["lesson"]["line"]["notes"],
              json::array({"The first poll starts the connection: Connect sends a SYN and returns "
                           "NotReady. Nothing else can happen until the SYN-ACK comes back, one "
                           "round trip (40 ms) later."}));
    EXPECT_EQ(
        s["lesson"]["line"]["text"].get<std::string>().rfind("main · poll 1: Map[pending]", 0), 0u);
    s = script("story 3\nstory -1\n", lesson, cli);
    EXPECT_EQ(s["lesson"]["line"]["number"], 3);
    EXPECT_EQ(script("note 1\n", lesson, cli)["cursor"], 3);
    EXPECT_EQ(script("note 2\n", lesson, cli)["cursor"], 43);
    s = script("end\nnote -1\n", lesson, cli);
    EXPECT_EQ(s["cursor"], 43);
    EXPECT_EQ(s["lesson"]["line"]["number"], 5);
    s = script("story_line 11\n", lesson, cli);
    EXPECT_EQ(s["cursor"], 258);
    EXPECT_EQ(s["lesson"]["line"]["text"].get<std::string>().rfind("main · poll 5", 0), 0u);
    // A line past the story is an error that says how many there are.
    const fs::path actions = dir_ / "past.txt";
    std::ofstream(actions) << "story_line 12\n";
    const Outcome r = run(cli + " " + lesson.string() + " --script " + actions.string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find(actions.string() + ":1: 'story_line' takes a line number from 1 to 11"),
              std::string::npos)
        << r.out;
}

// The lessons of the directory, as `futurescope lessons` lists them, and "next lesson", which
// opens the one after the open file; the last lesson has none.
TEST_F(Viewer, NextLessonOpensTheLessonAfterThisOne) {
    const std::string cli = std::string(VIZ_CLI) + " view";
    const Outcome listed = run(std::string(VIZ_CLI) + " lessons " + VIZ_SCENARIOS);
    ASSERT_EQ(listed.code, 0) << listed.out;
    const auto count =
        static_cast<std::size_t>(std::count(listed.out.begin(), listed.out.end(), '\n'));
    json s = script("story 3\nnext_lesson\n", fs::path(VIZ_SCENARIOS) / "01-hello-world.rs", cli);
    EXPECT_EQ(fs::path(s["file"].get<std::string>()).filename(), "02-poll-and-notready.rs");
    EXPECT_EQ(s["lesson"]["title"], "02 · poll and NotReady: one delay");
    EXPECT_EQ(s["cursor"], 0);
    ASSERT_EQ(s["lesson"]["lessons"].size(), count);
    EXPECT_EQ(s["lesson"]["lessons"][0], "01-hello-world.rs");
    EXPECT_EQ(s["lesson"]["next_lesson"], "03-map-and-then.rs");
    const std::string last = s["lesson"]["lessons"].back();
    EXPECT_TRUE(
        script("home\n", fs::path(VIZ_SCENARIOS) / last, cli)["lesson"]["next_lesson"].is_null());
    const fs::path actions = dir_ / "next.txt";
    std::ofstream(actions) << "next_lesson\n";
    const Outcome r = run(cli + " " + (fs::path(VIZ_SCENARIOS) / last).string() + " --script " +
                          actions.string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("there is no lesson after " + last), std::string::npos) << r.out;
}

// The font covers every character beyond Latin-1 that the narration and the panels use ("≈" in
// the sentence that maps the old words to the new, the notes' "✎", the path's "▸"), so none is
// drawn as "?".
TEST_F(Viewer, TheFontDrawsEveryCharacterTheTextsUse) {
    EXPECT_EQ(script("home\n")["glyphs_missing"], json::array());
}

// Drawn: the title in its own colour at the top of the lesson panel (top right), and the story
// under it.
TEST_F(Viewer, TheLessonPanelIsDrawnBesideTheTimeline) {
    const fs::path lesson = fs::path(VIZ_SCENARIOS) / "01-hello-world.rs";
    const fs::path png = dir_ / "lesson-panel.png";
    const Outcome r = run(std::string(VIZ_CLI) + " view " + lesson.string() + " --screenshot " +
                          png.string() + " --step 21");
    ASSERT_EQ(r.code, 0) << r.out;
    const Image img = load_png(png);
    EXPECT_GT(img.count(0.64f, 0.15f, 1, 0.22f, 255, 217, 115), 12) << "no title";
    EXPECT_EQ(img.count(0, 0.15f, 0.64f, 1, 255, 217, 115), 0) << "the title's colour elsewhere";
    EXPECT_GT(img.bright(0.64f, 0.42f, 1, 0.54f), 300) << "the story is blank";
}

// The tasks panel's counts and result are those after the cursor's event: at step 0 main has
// not been polled, and its 5 polls, 4 unparks and result show only at the end of the run.
TEST_F(Viewer, TheTasksPanelShowsNothingOfTheRunBeforeTheCursorGetsThere) {
    const fs::path lesson = fs::path(VIZ_SCENARIOS) / "01-hello-world.rs";
    const std::string cli = std::string(VIZ_CLI) + " view";
    json main = script("home\n", lesson, cli)["tasks_now"][0];
    EXPECT_EQ(main["name"], "main");
    EXPECT_EQ(main["phase"], "queued");
    EXPECT_EQ(main["polls"], 0);
    EXPECT_EQ(main["unparks"], 0);
    EXPECT_TRUE(main["completed_ns"].is_null());
    EXPECT_TRUE(main["result"].is_null());
    // After the second story line's poll (main's first): one poll, parked, no unpark yet.
    main = script("story 2\n", lesson, cli)["tasks_now"][0];
    EXPECT_EQ(main["phase"], "parked");
    EXPECT_EQ(main["polls"], 1);
    EXPECT_EQ(main["unparks"], 0);
    main = script("end\n", lesson, cli)["tasks_now"][0];
    EXPECT_EQ(main["phase"], "completed");
    EXPECT_EQ(main["polls"], 5);
    EXPECT_EQ(main["unparks"], 4);
    EXPECT_EQ(main["completed_ns"], 123844000);
    EXPECT_EQ(main["result"], "ok 218");
}

// The executor drawn as data (the event log's Executor tab) in lesson 13: after the producer's
// first poll the consumer waits in the ready queue and the channel holds 1 and 2; after its
// second, 1 has been received, 2 and 3 wait in the buffer (3 in the producer's own slot), the
// producer is parked on the full channel and the consumer's 10 ms delay is the one timer.
TEST_F(Viewer, TheExecutorTabShowsTheQueueTheTimersAndTheChannelsBuffer) {
    const fs::path lesson = fs::path(VIZ_SCENARIOS) / "13-backpressure.rs";
    const std::string cli = std::string(VIZ_CLI) + " view";
    json ex = script("story 2\n", lesson, cli)["executor"];
    EXPECT_EQ(ex["ready"], json::array({"consumer"}));
    EXPECT_EQ(ex["timers"], json::array());
    ASSERT_EQ(ex["channels"].size(), 1u);
    EXPECT_EQ(ex["channels"][0]["name"], "channel jobs");
    EXPECT_EQ(ex["channels"][0]["buffer"], json::array({"1", "2"}));
    EXPECT_EQ(ex["channels"][0]["parked_senders"], json::array({"producer"}));
    const json s = script("story 4\nexecutor on\n", lesson, cli);
    ex = s["executor"];
    EXPECT_TRUE(ex["shown"]);
    EXPECT_EQ(ex["ready"], json::array());
    EXPECT_TRUE(ex["running"].is_null());
    EXPECT_EQ(ex["timers"],
              json::array({{{"timer", 1}, {"deadline_ns", 10000000}, {"task", "consumer"}}}));
    EXPECT_EQ(ex["channels"][0]["buffer"], json::array({"2", "3"}));
    EXPECT_EQ(ex["channels"][0]["sent"], 3);
    EXPECT_EQ(ex["channels"][0]["received"], 1);
    EXPECT_EQ(ex["channels"][0]["parked_senders"], json::array({"producer"}));
    EXPECT_FALSE(ex["channels"][0]["closed"]);
    // What holds the producer's handle is the channel, by the name the lesson gives it.
    EXPECT_EQ(s["tasks_now"][0]["wakers"], json::array({"channel jobs (mpsc sender)"}));
    // At the end both tasks are done: the channel is closed and empty, no timer is left.
    ex = script("end\n", lesson, cli)["executor"];
    EXPECT_EQ(ex["channels"][0]["buffer"], json::array());
    EXPECT_TRUE(ex["channels"][0]["closed"]);
    EXPECT_EQ(ex["timers"], json::array());
    EXPECT_EQ(ex["ready"], json::array());
}

// The Executor tab is drawn in front when asked: the channel's heading, in the channels' colour,
// is in the event log's place then, and not while the events are in front.
TEST_F(Viewer, TheExecutorTabIsDrawnInTheEventLogsPlace) {
    const fs::path lesson = fs::path(VIZ_SCENARIOS) / "13-backpressure.rs";
    const std::string cli = std::string(VIZ_CLI) + " view " + lesson.string();
    const fs::path on = dir_ / "executor-on.txt";
    std::ofstream(on) << "story 4\nexecutor on\n";
    const fs::path off = dir_ / "executor-off.txt";
    std::ofstream(off) << "story 4\n";
    const fs::path a = dir_ / "executor.png";
    const fs::path b = dir_ / "events.png";
    ASSERT_EQ(run(cli + " --script " + on.string() + " --screenshot " + a.string()).code, 0);
    ASSERT_EQ(run(cli + " --script " + off.string() + " --screenshot " + b.string()).code, 0);
    EXPECT_GT(load_png(a).count(0.33f, 0.72f, 0.70f, 1, 219, 140, 255), 4);
    EXPECT_EQ(load_png(b).count(0.33f, 0.72f, 0.70f, 1, 219, 140, 255), 0);
}

// The state machine shows what an async fn's state holds across its await (lesson 19's point):
// after main's first poll, YieldNow holds non_send = Rc(1); once it is Terminated, nothing.
TEST_F(Viewer, TheStateMachineShowsWhatAnAsyncFnsStateHolds) {
    const fs::path lesson = fs::path(VIZ_SCENARIOS) / "19-async-fn.rs";
    const std::string cli = std::string(VIZ_CLI) + " view";
    json f = script("story 2\n", lesson, cli)["futures"][0];
    EXPECT_EQ(f["name"], "async fn#1");
    EXPECT_EQ(f["state"], "YieldNow");
    EXPECT_EQ(f["held"], "non_send = Rc(1)");
    // Story line 5 is main's second poll, which completes it.
    f = script("story 5\n", lesson, cli)["futures"][0];
    EXPECT_EQ(f["name"], "async fn#1");
    EXPECT_EQ(f["state"], "Terminated");
    EXPECT_EQ(f["held"], "");
}

} // namespace
