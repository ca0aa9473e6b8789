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
    // Lane 2 is task 3 ('fails'); its depth row 2 holds Result#15's poll, events 69 to 71.
    json s = script("goto 64\nclick seq:70 lane:2:2\n");
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

// One lane per timer: the lesson's six timers each have their own, after the tasks.
TEST_F(Viewer, EachTimerHasItsOwnLane) {
    json s = script("fit\n");
    ASSERT_EQ(s["lanes"].size(), 12u);
    EXPECT_EQ(s["lanes"][5], "timer #1 (join)");
    EXPECT_EQ(s["lanes"][6], "timer #2 (join)");
    EXPECT_EQ(s["lanes"][10], "timer #6 (chain)");
    EXPECT_EQ(s["lanes"][11], "channel 1 (oneshot)");
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
    // The timeline's ruler and lanes hold the diagnostic's colour; a trace without
    // diagnostics (the lesson) does not.
    EXPECT_GT(load_png(png).count(0.14f, 0.22f, 1, 0.55f, 255, 70, 170), 40);
    const fs::path none = dir_ / "nodiag.png";
    ASSERT_EQ(view("--screenshot " + none.string() + " --step 14").code, 0);
    EXPECT_EQ(load_png(none).count(0.14f, 0.22f, 1, 0.55f, 255, 70, 170), 0);
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

} // namespace
