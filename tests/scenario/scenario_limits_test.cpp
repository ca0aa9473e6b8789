// The budgets every scenario run has (steps, virtual time), how deep the futures built from a file
// may nest, and a run whose on_finish callback throws.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "futurescope/scenario/scenario.hpp"

namespace {

using namespace futurescope;
using namespace futurescope::scenario;

// A one-task scenario around `future` (JSON text), with `extra` top-level keys.
std::string one_task(const std::string &future, const std::string &extra = "") {
    return R"({"version": 1, "name": "t", "title": "t", )" + extra +
           R"("tasks": [{"name": "main", "future": )" + future + "}]}";
}

// A chain of `steps` elements: ok(1), then map(x => x) again and again.
std::string chain_of(int steps) {
    std::string s = R"({"chain": [{"ok": 1})";
    for (int i = 1; i < steps; ++i) {
        s += R"(, {"map": {"fn": "x", "body": {"var": "x"}}})";
    }
    return s + "]}";
}

TEST(scenario_limits, ChainAsDeepAsTheLimitRuns) {
    // A chain of n elements builds n nested futures.
    Scenario s = Scenario::parse(one_task(chain_of(256)), "t.json");
    RunOutcome out = s.run();
    EXPECT_EQ(out.report.reason, StopReason::completed);
    ASSERT_EQ(out.tasks.size(), 1u);
    EXPECT_EQ(out.tasks[0].result, "1");
}

TEST(scenario_limits, ChainDeeperThanTheLimitIsRefusedAtLoad) {
    try {
        (void)Scenario::parse(one_task(chain_of(257)), "t.json");
        FAIL() << "loaded";
    } catch (const ScenarioError &e) {
        EXPECT_STREQ(e.what(),
                     "t.json:1:90: /tasks/0/future/chain: a chain of 257 steps is deeper than the "
                     "256 futures this tool nests; split it, e.g. into a loop_fn or several tasks");
    }
}

TEST(scenario_limits, RunawayTaskStopsAtTheDefaultStepLimit) {
    Scenario s = Scenario::parse(one_task(R"({"busy_wait": 2000000})"), "t.json");
    RunOutcome out = s.run();
    EXPECT_EQ(out.report.reason, StopReason::step_limit);
    EXPECT_EQ(out.report.steps, 1'000'000u);
    EXPECT_NE(format_summary(out).find("the run hit its step limit: raise it with \"limits\": "
                                       "{\"steps\": N} (at most 100000000)"),
              std::string::npos);
}

TEST(scenario_limits, LongDelayStopsAtTheDefaultTimeLimit) {
    Scenario s = Scenario::parse(one_task(R"({"delay": {"s": 172800}})"), "t.json");
    RunOutcome out = s.run();
    EXPECT_EQ(out.report.reason, StopReason::time_limit);
    EXPECT_NE(format_summary(out).find("the run hit its time limit: raise it with \"limits\": "
                                       "{\"time\": MS} (at most 100 years)"),
              std::string::npos);
}

TEST(scenario_limits, RaisedTimeLimitLetsTheDelayFinish) {
    Scenario s = Scenario::parse(
        one_task(R"({"delay": {"s": 172800}})", R"("limits": {"time": {"s": 259200}}, )"),
        "t.json");
    EXPECT_EQ(s.run().report.reason, StopReason::completed);
}

// A loop_fn round that spawns a task and goes round again: tasks without end.
const std::string spawn_loop =
    R"({"loop_fn": [0, {"fn": "i", "body": {"chain": [{"spawn": {"ok": 1}}, )"
    R"({"map": {"continue": {"var": "i"}}}]}}]})";

TEST(scenario_limits, SpawnPastTheTaskLimitPanicsTheSpawningTask) {
    Scenario s = Scenario::parse(one_task(spawn_loop, R"("limits": {"tasks": 3}, )"), "t.json");
    RunOutcome out = s.run();
    ASSERT_EQ(out.tasks.size(), 4u); // main and the three it may spawn
    EXPECT_EQ(out.tasks[0].panic,
              "the task limit of 3 spawned tasks was reached: raise it with \"limits\": "
              "{\"tasks\": N} (at most 10000000)");
}

TEST(scenario_limits, LoopWhoseRoundsAreAlwaysReadyPanicsInsteadOfHanging) {
    Scenario s = Scenario::parse(
        one_task(R"({"loop_fn": [0, {"fn": "i", "body": {"continue": {"var": "i"}}}]})"), "t.json");
    RunOutcome out = s.run();
    ASSERT_EQ(out.tasks.size(), 1u);
    EXPECT_EQ(out.tasks[0].panic,
              "loop_fn went round 1000000 times inside one poll: a round that is always ready "
              "never lets another task run; make each round wait (a delay, a yield_now)");
}

TEST(scenario_limits, ThrowingOnFinishGivesItsErrorNotACrash) {
    // Two tasks stay stuck, so the executor still holds futures when the exception unwinds.
    Scenario s = Scenario::parse(
        R"({"version": 1, "name": "t", "title": "t", "channels": [{"name": "c", "kind": "oneshot"}],
            "tasks": [{"name": "a", "future": {"recv": "c"}}, {"name": "b", "future": {"delay": 5}}]})",
        "t.json");
    RunOptions options;
    options.on_finish = [](Executor &, const RunReport &) {
        throw std::runtime_error("cannot write the trace");
    };
    try {
        (void)s.run(options);
        FAIL() << "on_finish did not throw";
    } catch (const std::runtime_error &e) {
        EXPECT_STREQ(e.what(), "cannot write the trace");
    }
}

} // namespace
