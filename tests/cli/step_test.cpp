// `futurescope step` as a learner runs it: without a terminal the whole lesson story is printed
// at once (or every event with --detail events); on a terminal (a pty from script(1)) each key
// moves, goes back, jumps between notes, shows the tasks at the step or says it is unknown. The
// status of each task agrees with `run`'s summary, and none is shown before its step.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/cli_support.hpp"

namespace futurescope::testing {
namespace {

const std::string cli = FUTURESCOPE_CLI;
const std::string lessons = FUTURESCOPE_LESSONS_DIR;

Outcome step(const std::string &lesson, const std::string &options = "") {
    return run_command(cli + " step " + lessons + "/" + lesson + options + " < /dev/null");
}

bool has(const Outcome &o, const std::string &text) {
    return o.out.find(text) != std::string::npos;
}

TEST(cli_step_status, RunAndStepNameATasksEndTheSameWay) {
    // A deadlocked pair is stuck in both; a listening daemon server is parked in both; a busy
    // loop stopped by the step limit is still queued in both.
    const Outcome deadlock_run = run_command(cli + " run " + lessons + "/23-deadlock.json");
    EXPECT_TRUE(has(deadlock_run, "alice        stuck")) << deadlock_run.out;
    EXPECT_TRUE(has(step("23-deadlock.json"), "task alice: stuck (channel"));
    const Outcome hello_run = run_command(cli + " run " + lessons + "/01-hello-world.json");
    EXPECT_TRUE(has(hello_run, "https www.rust-lang.org:443 parked")) << hello_run.out;
    EXPECT_TRUE(has(step("01-hello-world.json"),
                    "task https www.rust-lang.org:443: parked (socket #1 (accept))"));
    const Outcome busy_run = run_command(cli + " run " + lessons + "/24-busy-loop.json");
    EXPECT_TRUE(has(busy_run, "spinner      queued")) << busy_run.out;
    EXPECT_TRUE(has(step("24-busy-loop.json"), "task spinner: queued, 99 polls"));
}

TEST(cli_step_lesson, ALessonIsAShortStoryByDefaultAndEveryEventOnRequest) {
    const Outcome story = step("01-hello-world.json");
    ASSERT_EQ(story.code, 0) << story.out;
    EXPECT_TRUE(has(story, "main · poll 1: Map[pending] ▸ AndThen[first]"));
    EXPECT_TRUE(has(story, "\n  ✎  The first poll starts the connection"));
    EXPECT_FALSE(has(story, "#0 "));
    std::size_t lines = 0;
    for (char c : story.out) {
        lines += c == '\n' ? 1 : 0;
    }
    EXPECT_LT(lines, 40u) << story.out;
    const Outcome events = step("01-hello-world.json", " --detail events");
    EXPECT_TRUE(has(events, "#258 ")) << events.out;
    EXPECT_EQ(step("01-hello-world.json", " --detail lesson").out, story.out);
    const Outcome bad = step("01-hello-world.json", " --detail all");
    EXPECT_EQ(bad.code, 2);
    EXPECT_TRUE(has(bad, "--detail needs lesson or events")) << bad.out;
}

TEST(cli_step_lesson, WhatAnAsyncFnPrintsIsShownInBothDetails) {
    EXPECT_TRUE(has(step("19-async-fn.json"), "prints \"1\""));
    EXPECT_TRUE(
        has(step("19-async-fn.json", " --detail events"), "         Task main prints \"1\".\n"));
}

// Runs `step` on a pseudo-terminal from script(1), typing `keys` (one per line).
Outcome step_on_a_terminal(const std::string &lesson, const std::string &keys) {
    const std::filesystem::path typed =
        std::filesystem::temp_directory_path() / ("futurescope-step-keys-" + lesson);
    std::ofstream(typed) << keys;
    const Outcome o = run_command("timeout 20 script -qc '" + cli + " step " + lessons + "/" +
                                  lesson + " < /dev/tty' /dev/null < " + typed.string());
    std::filesystem::remove(typed);
    return o;
}

TEST(cli_step_lesson, KeysMoveBackAndForthAndAnUnknownKeySaysSo) {
    if (!std::filesystem::exists("/usr/bin/script")) {
        GTEST_SKIP() << "script(1) is not installed";
    }
    const Outcome o = step_on_a_terminal("01-hello-world.json", "x\n?\nb\np\nt\nn\nN\nq\n");
    EXPECT_TRUE(has(o, "unknown key \"x\" — ? lists the keys")) << o.out;
    EXPECT_TRUE(has(o, "b: back · n/N: next/previous note")) << o.out;
    EXPECT_TRUE(has(o, "(this is the first step)")) << o.out;
    // The tasks at the first poll, not at the end of the run.
    EXPECT_TRUE(has(o, "task main: parked (socket #2 (connect)), 1 polls, 0 unparks")) << o.out;
    EXPECT_FALSE(has(o, "task main: ok 218")) << o.out;
    EXPECT_TRUE(has(o, "Connected: AndThen calls the closure")) << o.out;
}

} // namespace
} // namespace futurescope::testing
