// Scenario operators (select2, flatten, loop_fn, unfold, peekable/peek,
// stream flatten, iter_result, TaskRc, fail, send_all), named spawns, and the `diagnostics` of
// an expect block: each operator gives its exact result and builds the real engine combinator
// (its kind is in the trace), and check() reports each diagnostic mismatch on one line.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope::scenario {
namespace {

std::string scenario_with(const std::string &tasks,
                          const std::string &extra = "",
                          const std::string &expect = "") {
    return R"({"version": 1, "name": "t", "title": "t", )" + extra + R"("tasks": [)" + tasks + "]" +
           (expect.empty() ? "" : ", \"expect\": " + expect) + "}";
}

std::string task(const std::string &name, const std::string &future) {
    return R"({"name": ")" + name + R"(", "future": )" + future + "}";
}

const TaskView &find_task(const RunOutcome &out, const std::string &name) {
    auto it = std::find_if(
        out.tasks.begin(), out.tasks.end(), [&](const TaskView &t) { return t.name == name; });
    if (it == out.tasks.end()) {
        throw std::runtime_error("no task " + name);
    }
    return *it;
}

// "ok 7", "err \"boom\"", "panic …".
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

std::string run_one(const std::string &future, const std::string &extra = "") {
    Scenario s = Scenario::parse(scenario_with(task("main", future), extra), "t.json");
    return result_of(s.run(), "main");
}

// The kinds of the futures a run registered, in registration order.
std::vector<std::string> kinds_of(const Scenario &s) {
    std::unique_ptr<trace::Recorder> recorder;
    std::string bytes;
    RunOptions options;
    options.on_start = [&](Executor &ex) {
        recorder = std::make_unique<trace::Recorder>(ex, trace::TraceFormat::json);
    };
    options.on_finish = [&](Executor &, const RunReport &report) {
        recorder->finish(report);
        bytes = recorder->bytes();
        recorder.reset();
    };
    (void)s.run(options);
    trace::TraceModel m = trace::load_trace_bytes(bytes, "run");
    std::vector<std::string> kinds;
    for (const trace::TraceFuture &f : m.futures) {
        kinds.emplace_back(m.str(f.kind));
    }
    return kinds;
}

bool has_kind(const std::string &future, const std::string &kind, const std::string &extra = "") {
    Scenario s = Scenario::parse(scenario_with(task("main", future), extra), "t.json");
    std::vector<std::string> kinds = kinds_of(s);
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

TEST(scenario_ops, Select2ResolvesToTheWinningSideWithTheLoser) {
    EXPECT_EQ(run_one(R"({"select2": [{"delay": 10}, {"ok": 3}]})"), "ok B((3, <future>))");
    // The loser goes on: destructuring an A((value, loser)) reads the pair.
    EXPECT_EQ(
        run_one(
            R"({"chain": [{"select2": [{"chain": [{"delay": 5}, {"map": 1}]}, {"chain": [{"delay": 10}, {"map": 2}]}]},
                {"and_then": {"fn": ["v", "loser"], "body": {"chain": [{"var": "loser"},
                  {"map": {"fn": "w", "body": {"tuple": [{"var": "v"}, {"var": "w"}]}}}]}}}]})"),
        "ok (1, 2)");
    EXPECT_EQ(run_one(R"({"chain": [{"select2": [{"err": "x"}, {"delay": 1}]},
                         {"map_err": {"fn": "e", "body": {"tag_of": {"var": "e"}}}}]})"),
              "err \"A\"");
    EXPECT_TRUE(has_kind(R"({"select2": [{"delay": 10}, {"ok": 3}]})", "Select2"));
}

TEST(scenario_ops, FlattenRunsTheFutureAFutureResolvesTo) {
    std::string f =
        R"({"flatten": {"chain": [{"delay": 1}, {"map": {"future": {"chain": [{"delay": 2}, {"map": 9}]}}}]}})";
    EXPECT_EQ(run_one(f), "ok 9");
    EXPECT_TRUE(has_kind(f, "Flatten"));
    // A plain value is ok(value).
    EXPECT_EQ(run_one(R"({"flatten": {"ok": 4}})"), "ok 4");
}

TEST(scenario_ops, LoopFnGoesRoundUntilBreak) {
    std::string f = R"({"loop_fn": [0, {"fn": "i", "body": {"chain": [{"delay": 1}, {"map":
        {"if": [{"lt": [{"var": "i"}, 3]}, {"continue": {"add": [{"var": "i"}, 1]}},
                {"break": {"mul": [{"var": "i"}, 10]}}]}}]}}]})";
    Scenario s = Scenario::parse(scenario_with(task("main", f)), "t.json");
    RunOutcome out = s.run();
    EXPECT_EQ(result_of(out, "main"), "ok 30");
    EXPECT_EQ(out.report.end_ns, 4'000'000); // four rounds of 1 ms
    EXPECT_TRUE(has_kind(f, "LoopFn"));
    EXPECT_EQ(run_one(R"({"loop_fn": [0, {"fn": "i", "body": 5}]})"),
              "panic loop_fn: a round must resolve to {\"break\": value} or {\"continue\": "
              "state}, found 5");
}

TEST(scenario_ops, UnfoldEndsWhenItsFunctionGivesUnit) {
    std::string f =
        R"({"chain": [{"unfold": [1, {"fn": "n", "body": {"if": [{"gt": [{"var": "n"}, 3]},
        null, {"tuple": [{"var": "n"}, {"add": [{"var": "n"}, 1]}]}]}}]}, {"collect": {}}]})";
    EXPECT_EQ(run_one(f), "ok [1, 2, 3]");
    EXPECT_TRUE(has_kind(f, "Unfold"));
    // A step may be a future of (item, next state).
    EXPECT_EQ(
        run_one(R"({"chain": [{"unfold": [1, {"fn": "n", "body": {"if": [{"gt": [{"var": "n"}, 2]},
        null, {"future": {"chain": [{"delay": 5}, {"map": {"tuple": [{"var": "n"}, {"add": [{"var": "n"}, 1]}]}}]}}]}}]},
        {"collect": {}}]})"),
        "ok [1, 2]");
}

TEST(scenario_ops, PeekLooksAtTheNextItemWithoutTakingIt) {
    std::string f =
        R"({"chain": [{"peek": {"peekable": {"iter": [1, 2, 3]}}}, {"and_then": {"fn": ["first", "rest"],
        "body": {"chain": [{"var": "rest"}, {"collect": {}}, {"map": {"fn": "all",
        "body": {"tuple": [{"var": "first"}, {"var": "all"}]}}}]}}}]})";
    EXPECT_EQ(run_one(f), "ok (1, [1, 2, 3])");
    EXPECT_TRUE(has_kind(f, "PeekableStream"));
    EXPECT_EQ(
        run_one(
            R"({"chain": [{"peek": {"iter": []}}, {"map": {"fn": ["x", "_"], "body": {"var": "x"}}}]})"),
        "ok ()");
}

TEST(scenario_ops, StreamFlattenStreamsEachInnerStreamInTurn) {
    std::string f = R"({"chain": [{"iter": [[1, 2], [], [3]]}, {"flatten": {}}, {"collect": {}}]})";
    EXPECT_EQ(run_one(f), "ok [1, 2, 3]");
    EXPECT_TRUE(has_kind(f, "FlattenStreamStream"));
    EXPECT_EQ(
        run_one(R"({"chain": [{"iter": [{"stream": {"iter": [4]}}, {"stream": {"iter": [5, 6]}}]},
                         {"flatten": {}}, {"collect": {}}]})"),
        "ok [4, 5, 6]");
}

TEST(scenario_ops, IterResultYieldsOkItemsAndErrErrors) {
    std::string f = R"({"chain": [{"iter_result": [{"ok": 1}, {"err": "bad"}, {"ok": 3}]},
        {"then": {"fn": "r", "body": {"ok": {"to_string": {"var": "r"}}}}}, {"collect": {}}]})";
    EXPECT_EQ(run_one(f), "ok [\"1\", \"bad\", \"3\"]");
    EXPECT_TRUE(has_kind(f, "IterResult"));
    // collect stops at the first error.
    EXPECT_EQ(
        run_one(R"({"chain": [{"iter_result": [{"ok": 1}, {"err": "bad"}]}, {"collect": {}}]})"),
        "err \"bad\"");
}

TEST(scenario_ops, FailIsAnErrorWhereAFunctionGivesAFuture) {
    EXPECT_EQ(run_one(R"({"chain": [{"ok": 5}, {"and_then": {"fn": "x", "body":
        {"if": [{"gt": [{"var": "x"}, 3]}, {"fail": "too big"}, {"var": "x"}]}}}]})"),
              "err \"too big\"");
    EXPECT_EQ(run_one(R"({"chain": [{"ok": 2}, {"and_then": {"fn": "x", "body":
        {"if": [{"gt": [{"var": "x"}, 3]}, {"fail": "too big"}, {"var": "x"}]}}}]})"),
              "ok 2");
    // A map's function cannot fail in futures 0.1: fail there is a panic that says so.
    EXPECT_EQ(run_one(R"({"chain": [{"ok": 5}, {"map": {"fail": "no"}}]})"),
              "panic fail(\"no\") in a function that cannot fail: only a function that gives a "
              "future (and_then, then, or_else, loop_fn, unfold, …) can fail");
}

TEST(scenario_ops, TaskRcIsReadableOnlyByItsTask) {
    std::string tasks =
        task("owner",
             R"({"chain": [{"task_rc": 41}, {"and_then": {"fn": "r", "body": {"chain": [
                 {"task_rc_get": {"var": "r"}}, {"and_then": {"fn": "v", "body": {"chain": [
                 {"spawn": {"name": "thief", "future": {"task_rc_get": {"var": "r"}}}},
                 {"map": {"var": "v"}}]}}}]}}}]})");
    Scenario s = Scenario::parse(scenario_with(tasks), "t.json");
    RunOutcome out = s.run();
    EXPECT_EQ(result_of(out, "owner"), "ok 41");
    EXPECT_EQ(result_of(out, "thief"),
              "panic TaskRc being accessed on task it does not belong to (created on task 1, "
              "accessed from task 2)");
}

TEST(scenario_ops, SendAllSendsEveryItemAndGivesTheSenderAndStreamBack) {
    std::string extra = R"("channels": [{"name": "jobs", "kind": "mpsc", "capacity": 1}], )";
    std::string f = R"({"join": [{"chain": [{"send_all": [{"sender": "jobs"}, {"iter": [1, 2, 3]}]},
        {"map": {"fn": ["tx", "rest"], "body": {"tuple": [{"to_string": {"var": "tx"}}, {"to_string": {"var": "rest"}}]}}}]},
        {"chain": [{"recv": "jobs"}, {"collect": {}}]}]})";
    EXPECT_EQ(run_one(f, extra), "ok ((\"<sender>\", \"<stream>\"), [1, 2, 3])");
    EXPECT_TRUE(has_kind(f, "SendAll", extra));
}

TEST(scenario_ops, PollAllPollsFinishedFuturesAgainUnlessTheyAreFused) {
    std::string naive = R"({"poll_all": [{"chain": [{"delay": 10}, {"map": 1}]},
                                         {"chain": [{"delay": 30}, {"map": 2}]}]})";
    std::string fused = R"({"poll_all": [{"chain": [{"delay": 10}, {"map": 1}, {"fuse": {}}]},
                                         {"chain": [{"delay": 30}, {"map": 2}, {"fuse": {}}]}]})";
    Scenario s = Scenario::parse(scenario_with(task("naive", naive) + ", " + task("fused", fused)),
                                 "t.json");
    RunOutcome out = s.run();
    EXPECT_EQ(result_of(out, "naive"), "panic cannot poll Map twice");
    EXPECT_EQ(result_of(out, "fused"), "ok [1, 2]");
    ASSERT_EQ(out.diagnostics.size(), 2u);
    EXPECT_EQ(out.diagnostics[0].kind, "poll_after_completion");
    EXPECT_EQ(out.diagnostics[0].task_name, "naive");
    EXPECT_EQ(out.diagnostics[0].poll, 3u);
    EXPECT_TRUE(has_kind(naive, "PollAll"));
}

TEST(scenario_spawn, ANamedSpawnIsNamedInTheRunAndTheExpectBlock) {
    std::string tasks = task("main", R"({"spawn": {"name": "worker", "future": {"delay": 5}}})");
    Scenario s = Scenario::parse(
        scenario_with(
            tasks, "", R"({"tasks": {"worker": {"result": {"ok": null}, "completed_ms": 5}}})"),
        "t.json");
    RunOutcome out = s.run();
    ASSERT_EQ(out.tasks.size(), 2u);
    EXPECT_EQ(out.tasks[1].name, "worker");
    EXPECT_EQ(out.tasks[1].parent, 1u);
    EXPECT_TRUE(s.check(out).empty());
    EXPECT_NE(format_summary(out).find("worker"), std::string::npos);
}

TEST(scenario_spawn, AnUnknownTaskInExpectSuggestsASpawnedName) {
    std::string tasks = task("main", R"({"spawn": {"name": "worker", "future": {"delay": 5}}})");
    try {
        (void)Scenario::parse(scenario_with(tasks, "", R"({"tasks": {"wroker": {"polls": 1}}})"),
                              "t.json");
        FAIL() << "loaded";
    } catch (const ScenarioError &e) {
        EXPECT_STREQ(e.what(),
                     "t.json:1:158: /expect/tasks/wroker: unknown task \"wroker\" (did you mean "
                     "\"worker\"?)");
    }
}

// expect.diagnostics is checked against the diagnostics of the run; run_impl collects every
// `diag` the observer chain reports. The oneshot whose sender is dropped is a `canceled`.
constexpr std::string_view canceled_tasks = R"(
  {"name": "waiter", "future": {"recv": "answer"}},
  {"name": "quitter", "future": {"chain": [{"delay": 5}, {"map": {"drop": {"sender": "answer"}}}]}})";
constexpr std::string_view canceled_channels =
    R"("channels": [{"name": "answer", "kind": "oneshot"}], )";

std::vector<std::string> check_with(const std::string &expect) {
    Scenario s = Scenario::parse(
        scenario_with(std::string(canceled_tasks), std::string(canceled_channels), expect),
        "t.json");
    return s.check(s.run());
}

TEST(scenario_diagnostics, TheRunReportsWhereEachDiagnosticPoints) {
    Scenario s = Scenario::parse(
        scenario_with(std::string(canceled_tasks), std::string(canceled_channels)), "t.json");
    RunOutcome out = s.run();
    ASSERT_EQ(out.diagnostics.size(), 1u);
    const DiagnosticRecord &d = out.diagnostics[0];
    EXPECT_EQ(d.kind, "canceled");
    EXPECT_EQ(d.task_name, "quitter");
    EXPECT_EQ(d.poll, 2u);
    EXPECT_EQ(d.step, 3u);
    EXPECT_EQ(d.t, 5'000'000);
    EXPECT_FALSE(d.at_end);
    EXPECT_EQ(format_diagnostic(d),
              "       5ms  quitter      canceled               poll 2   " + d.message);
}

TEST(scenario_diagnostics, MatchingExpectationsGiveNoMismatch) {
    EXPECT_EQ(check_with(R"({"diagnostics": [{"diag": "canceled", "task": "quitter", "poll": 2,
                             "step": 3, "at_ms": 5, "end": false, "contains": "without sending"}]})"),
              std::vector<std::string>{});
    EXPECT_EQ(check_with(R"({"diagnostics": [{"diag": "canceled"}]})"), std::vector<std::string>{});
}

TEST(scenario_diagnostics, EachMismatchIsOneLine) {
    EXPECT_EQ(check_with(R"({"diagnostics": [{"diag": "canceled", "task": "quitter", "poll": 3,
                             "at_ms": 6}]})"),
              (std::vector<std::string>{
                  "diagnostic canceled (task quitter, poll 3, 6ms): poll: expected 3, got 2",
                  "diagnostic canceled (task quitter, poll 3, 6ms): time: expected 6ms, got 5ms"}));
    EXPECT_EQ(
        check_with(R"({"diagnostics": [{"diag": "canceled"}, {"diag": "lost_wakeup",
                             "task": "waiter"}]})"),
        std::vector<std::string>{"diagnostic lost_wakeup (task waiter): expected, not reported"});
}

TEST(scenario_diagnostics, AnExpectBlockWithoutDiagnosticsExpectsNone) {
    std::vector<std::string> m = check_with(R"({"end_ms": 5})");
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(
        m[0].rfind("diagnostic canceled (task quitter, poll 2, step 3, 5ms): not expected: ", 0),
        0u)
        << m[0];
}

TEST(scenario_diagnostics, AnUnknownDiagnosticIdIsALoadError) {
    try {
        (void)Scenario::parse(scenario_with(std::string(canceled_tasks),
                                            std::string(canceled_channels),
                                            R"({"diagnostics": [{"diag": "lost_wakup"}]})"),
                              "t.json");
        FAIL() << "loaded";
    } catch (const ScenarioError &e) {
        std::string what = e.what();
        EXPECT_NE(what.find("/expect/diagnostics/0/diag: unknown diagnostic \"lost_wakup\" (did "
                            "you mean \"lost_wakeup\"?)"),
                  std::string::npos)
            << what;
    }
}

} // namespace
} // namespace futurescope::scenario
