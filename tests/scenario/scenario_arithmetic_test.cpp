// Integer arithmetic in scenarios: a division by zero, INT64_MIN / -1 and every overflow panic the
// task that evaluates them with the message of Rust's debug build, as the task's result, while the
// run and the other tasks go on; results that fit are those of Rust's i64 operators.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "futurescope/scenario/scenario.hpp"

namespace futurescope::scenario {
namespace {

const TaskView &find_task(const RunOutcome &out, const std::string &name) {
    auto it = std::find_if(
        out.tasks.begin(), out.tasks.end(), [&](const TaskView &t) { return t.name == name; });
    if (it == out.tasks.end()) {
        throw std::runtime_error("no task " + name);
    }
    return *it;
}

// "ok 7", "err \"boom\"", "panic …", "stuck".
std::string result_of(const RunOutcome &out, const std::string &name) {
    const TaskView &t = find_task(out, name);
    if (t.state != TaskState::completed) {
        return "stuck";
    }
    if (!t.panic.empty()) {
        return "panic " + t.panic;
    }
    return (t.outcome == PollOutcome::err ? "err " : "ok ") + t.result;
}

std::string scenario_of(const std::string &tasks, const std::string &expect = "") {
    return R"({"version": 1, "name": "t", "title": "t", "tasks": [)" + tasks + "]" +
           (expect.empty() ? "" : ", \"expect\": " + expect) + "}";
}

// A task whose future maps ok(a) through a function that computes `op` on its argument and b.
std::string map_task(const std::string &name,
                     const std::string &op,
                     const std::string &a,
                     const std::string &b) {
    return R"({"name": ")" + name + R"(", "future": {"map": [{"ok": )" + a +
           R"(}, {"fn": "x", "body": {")" + op + R"(": [{"var": "x"}, )" + b + "]}}]}}";
}

std::string run_map(const std::string &op, const std::string &a, const std::string &b) {
    Scenario s = Scenario::parse(scenario_of(map_task("main", op, a, b)), "t.json");
    return result_of(s.run(), "main");
}

// Strings, not string literals: g++ 12 at -O2 warns (-Warray-bounds, a false positive) on
// std::string(literal) + literal.
const std::string int64_min = "-9223372036854775808";
const std::string int64_max = "9223372036854775807";

TEST(scenario_arithmetic, DivisionByZeroInAMapPanicsTheTask) {
    Scenario s = Scenario::parse(
        scenario_of(map_task("main", "div", "1", "0") + R"(, {"name": "other", "future": {"chain":
            [{"delay": 5}, {"map": {"fn": "_", "body": 7}}]}})"),
        "t.json");
    RunOutcome out = s.run();
    const TaskView &main = find_task(out, "main");
    EXPECT_EQ(main.state, TaskState::completed);
    EXPECT_EQ(main.panic, "attempt to divide by zero");
    EXPECT_EQ(main.polls, 1u);
    // The panic is the task's result: the run goes on and the other task completes.
    EXPECT_EQ(result_of(out, "other"), "ok 7");
    EXPECT_EQ(out.report.reason, StopReason::completed);
}

TEST(scenario_arithmetic, RemainderByZeroPanicsTheTask) {
    EXPECT_EQ(run_map("mod", "1", "0"),
              "panic attempt to calculate the remainder with a divisor of zero");
}

TEST(scenario_arithmetic, MinDividedByMinusOnePanicsWithOverflow) {
    EXPECT_EQ(run_map("div", int64_min, "-1"), "panic attempt to divide with overflow");
    EXPECT_EQ(run_map("mod", int64_min, "-1"),
              "panic attempt to calculate the remainder with overflow");
}

TEST(scenario_arithmetic, OverflowPanicsTheTask) {
    EXPECT_EQ(run_map("add", int64_max, "1"), "panic attempt to add with overflow");
    EXPECT_EQ(run_map("sub", int64_min, "1"), "panic attempt to subtract with overflow");
    EXPECT_EQ(run_map("mul", int64_max, "2"), "panic attempt to multiply with overflow");
    Scenario s =
        Scenario::parse(scenario_of(R"({"name": "main", "future": {"map": [{"ok": )" + int64_min +
                                    R"(}, {"fn": "x", "body": {"neg": {"var": "x"}}}]}})"),
                        "t.json");
    EXPECT_EQ(result_of(s.run(), "main"), "panic attempt to negate with overflow");
}

TEST(scenario_arithmetic, ResultsThatFitAreRustsI64Results) {
    EXPECT_EQ(run_map("div", "-7", "2"), "ok -3");
    EXPECT_EQ(run_map("mod", "-7", "2"), "ok -1");
    EXPECT_EQ(run_map("div", int64_min, "1"), "ok " + int64_min);
    EXPECT_EQ(run_map("mod", int64_min, "-2"), "ok 0");
    EXPECT_EQ(run_map("add", int64_max, "-1"), "ok 9223372036854775806");
    EXPECT_EQ(run_map("mul", "-3", "4"), "ok -12");
}

TEST(scenario_arithmetic, AnExpectBlockNamesThePanic) {
    Scenario s = Scenario::parse(
        scenario_of(map_task("main", "div", "1", "0"),
                    R"({"tasks": {"main": {"result": {"panic": "attempt to divide by zero"}}}})"),
        "t.json");
    EXPECT_EQ(s.check(s.run()), std::vector<std::string>{});
    Scenario wrong = Scenario::parse(
        scenario_of(map_task("main", "mod", "1", "0"),
                    R"({"tasks": {"main": {"result": {"panic": "attempt to divide by zero"}}}})"),
        "t.json");
    EXPECT_EQ(wrong.check(wrong.run()),
              std::vector<std::string>{
                  "task main: result: expected panic \"attempt to divide by zero\", got panic "
                  "\"attempt to calculate the remainder with a divisor of zero\""});
}

} // namespace
} // namespace futurescope::scenario
