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

#include "futurescope/trace/trace_model.hpp"
#if defined(VIZ_HAS_NARRATOR)
#include "futurescope/narrate/narrator.hpp"
#endif

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

    // Runs a script and returns the dumped state.
    static json script(const std::string &actions) {
        const fs::path s = dir_ / "actions.txt";
        std::ofstream(s) << actions;
        Outcome r = view("--script " + s.string());
        EXPECT_EQ(r.code, 0) << r.out;
        const auto brace = r.out.find('{');
        if (brace == std::string::npos) {
            ADD_FAILURE() << "no JSON in: " << r.out;
            return json::object();
        }
        return json::parse(r.out.substr(brace));
    }

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
#if defined(VIZ_HAS_NARRATOR)
    const futurescope::trace::TraceModel model = futurescope::trace::load_trace(lesson_);
    EXPECT_EQ(s["narration"], futurescope::narrate::Narrator(model).sentence(64));
#else
    EXPECT_EQ(s["narration"], "At 5 ms, Delay#10 is polled in state 'waiting'.");
#endif
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

} // namespace
