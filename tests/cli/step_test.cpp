// `futurescope step` as a learner runs it without a terminal (the whole story printed at once):
// the status of each task agrees with `run`'s summary.
#include <gtest/gtest.h>

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

} // namespace
} // namespace futurescope::testing
