// Async functions in scenario files: {"async": {"name", "body": [steps]}} runs as the
// engine's C++20 coroutine (RuntimeAsync) with one state per await point and the values it holds;
// on the multi-threaded runtime a not-Send value held across an await is rejected before
// anything runs, with the compiler's error.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope::scenario {
namespace {

// The seed's example (shared/seeds/004): an Rc held across yield_now().await.
std::string seed_example(int workers) {
    return R"({"version": 1, "name": "rc", "title": "rc", "runtime": {"workers": )" +
           std::to_string(workers) + R"(},
 "tasks": [{"name": "main", "future": {"async": {"name": "example", "body": [
   {"let": "non_send", "value": {"rc": 1}},
   {"await": {"yield_now": {}}, "state": "YieldNow"},
   {"print": {"var": "non_send"}}
 ]}}}]})";
}

std::string load_error(const std::string &text) {
    try {
        (void)Scenario::parse(text, "rc.json");
    } catch (const ScenarioError &e) {
        return e.what();
    }
    return "(loaded)";
}

trace::TraceModel traced(const Scenario &s, RunOutcome *outcome = nullptr) {
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
    RunOutcome out = s.run(options);
    if (outcome != nullptr) {
        *outcome = std::move(out);
    }
    return trace::load_trace_bytes(bytes, "run");
}

// "NotStarted->YieldNow {non_send = Rc(1)}" for each state event of the async fns.
std::vector<std::string> async_states(const trace::TraceModel &m) {
    std::vector<std::string> out;
    for (const trace::TraceEvent &e : m.events) {
        if (e.kind != trace::EventKind::state || e.future == 0) {
            continue;
        }
        const trace::TraceFuture &f = m.futures[e.future - 1];
        if (m.str(f.kind) != "async fn") {
            continue;
        }
        std::string line = std::string(m.str(f.label)) + " " + std::string(m.str(e.text)) + "->" +
                           std::string(m.str(e.text2));
        if (e.text3 != 0) {
            line += " {" + std::string(m.str(e.text3)) + "}";
        }
        out.push_back(line);
    }
    return out;
}

TEST(scenario_async, TheSeedExampleRunsOnTheSingleThreadedExecutor) {
    Scenario s = Scenario::parse(seed_example(1), "rc.json");
    RunOutcome out;
    trace::TraceModel m = traced(s, &out);
    ASSERT_EQ(out.tasks.size(), 1u);
    EXPECT_EQ(out.tasks[0].result, "()");
    EXPECT_EQ(out.tasks[0].polls, 2u);
    ASSERT_EQ(out.output.size(), 1u);
    EXPECT_EQ(out.output[0].text, "1");
    EXPECT_EQ(out.output[0].task_name, "main");
    EXPECT_EQ(async_states(m),
              (std::vector<std::string>{"example NotStarted->YieldNow {non_send = Rc(1)}",
                                        "example YieldNow->Terminated"}));
    EXPECT_TRUE(out.diagnostics.empty());
}

TEST(scenario_async, NotSendAcrossAnAwaitIsRejectedOnTheMultiThreadedRuntime) {
    EXPECT_EQ(
        load_error(seed_example(2)),
        "error: future cannot be sent between threads safely\n"
        "                            --> rc.json:2:39\n"
        "                             |\n"
        "/tasks/0/future              |     spawn(example());\n"
        "                             |           ^^^^^^^^^ future returned by `example` is not "
        "`Send`\n"
        "                             |\n"
        "                             = note: task \"main\" is spawned on the multi-threaded "
        "runtime (\"runtime\": {\"workers\": 2}): after an await it may resume on another "
        "worker thread\n"
        "note: future is not `Send` as this value is used across an await\n"
        "                             |\n"
        "/tasks/0/future/async/body/0 |     let non_send = Rc::new(1);\n"
        "                             |         -------- has type `Rc<i32>` which is not "
        "`Send`\n"
        "/tasks/0/future/async/body/1 |     yield_now().await;\n"
        "                             |                 ^^^^^ await occurs here, with "
        "`non_send` maybe used later\n"
        "note: required by a bound in `spawn`\n"
        "                             |\n"
        "                             |     F: Future + Send + 'static,\n"
        "                             |                 ^^^^ required by this bound in `spawn`\n"
        "help: run it with \"runtime\": {\"workers\": 1}, or let the value go out of scope "
        "before the await");
}

TEST(scenario_async, ASpawnedAsyncFnIsNamedAsTheSpawn) {
    std::string text = R"({"version": 1, "name": "rc", "title": "rc", "runtime": {"workers": 4},
 "tasks": [{"name": "main", "future": {"spawn": {"name": "worker", "future": {"async": {"name": "job", "body": [
   {"await": {"delay": 1}},
   {"let": "counter", "value": {"rc": "x"}},
   {"for_each": {"iter": [1]}, "as": "i", "body": []}
 ]}}}}}]})";
    std::string error = load_error(text);
    EXPECT_NE(error.find("/tasks/0/future" + std::string(26, ' ') + " |     spawn(job());\n"),
              std::string::npos)
        << error;
    EXPECT_NE(error.find("= note: task \"worker\" is spawned on the multi-threaded runtime "
                         "(\"runtime\": {\"workers\": 4})"),
              std::string::npos)
        << error;
    EXPECT_NE(error.find("|         ------- has type `Rc<String>` which is not `Send`"),
              std::string::npos)
        << error;
    EXPECT_NE(error.find("/tasks/0/future/spawn/future/async/body/2 |     while let Some(i) = "
                         "iter(…).next().await {\n"),
              std::string::npos)
        << error;
}

TEST(scenario_async, AScopeEndsItsLetsBeforeTheAwait) {
    // Rust's fix: the Rc lives in a block that ends before the await.
    std::string text = R"({"version": 1, "name": "s", "title": "s", "runtime": {"workers": 2},
 "tasks": [{"name": "main", "future": {"async": {"name": "example", "body": [
   {"scope": [{"let": "non_send", "value": {"rc": 1}}, {"print": {"var": "non_send"}}]},
   {"let": "n", "value": 2},
   {"await": {"yield_now": {}}, "state": "YieldNow"},
   {"return": {"var": "n"}}]}}}]})";
    Scenario s = Scenario::parse(text, "s.json");
    RunOutcome out;
    trace::TraceModel m = traced(s, &out);
    EXPECT_EQ(out.tasks[0].result, "2");
    ASSERT_EQ(out.output.size(), 1u);
    EXPECT_EQ(out.output[0].text, "1");
    EXPECT_EQ(async_states(m),
              (std::vector<std::string>{"example NotStarted->YieldNow {n = 2}",
                                        "example YieldNow->Terminated"}));
}

TEST(scenario_async, TheRejectedFileOfLesson21FailsWithTheCompilersError) {
    try {
        (void)Scenario::load(std::filesystem::path(FUTURESCOPE_SCENARIO_TEST_DATA) /
                             "rc-across-await.json");
        FAIL() << "loaded";
    } catch (const ScenarioError &e) {
        std::string what = e.what();
        EXPECT_EQ(what.rfind("error: future cannot be sent between threads safely\n", 0), 0u);
        EXPECT_NE(what.find("/tasks/0/future/async/body/0 |     let non_send = Rc::new(1);\n"),
                  std::string::npos)
            << what;
        EXPECT_NE(what.find("await occurs here, with `non_send` maybe used later"),
                  std::string::npos);
    }
}

TEST(scenario_async, AnExpectedRejectionLoadsRunsNothingAndIsChecked) {
    std::string text = seed_example(2);
    text.insert(text.size() - 1,
                R"(, "expect": {"rejected": {"contains": "future cannot be sent"}})");
    Scenario s = Scenario::parse(text, "rc.json");
    ASSERT_NE(s.rejection(), nullptr);
    EXPECT_EQ(s.rejection()->rfind("error: future cannot be sent between threads safely\n", 0), 0u);
    RunOutcome out = s.run();
    EXPECT_TRUE(out.tasks.empty());
    EXPECT_TRUE(s.check(out).empty());
    std::string wrong = seed_example(2);
    wrong.insert(wrong.size() - 1, R"(, "expect": {"rejected": {"contains": "lifetime"}})");
    Scenario w = Scenario::parse(wrong, "rc.json");
    EXPECT_EQ(w.check(w.run()),
              std::vector<std::string>{"rejected: expected the error to contain \"lifetime\", "
                                       "got \"error: future cannot be sent between threads "
                                       "safely\""});
    std::string runs = seed_example(1);
    runs.insert(runs.size() - 1, R"(, "expect": {"rejected": {"contains": "Send"}})");
    Scenario r = Scenario::parse(runs, "rc.json");
    EXPECT_EQ(r.rejection(), nullptr);
    EXPECT_EQ(r.check(r.run()),
              std::vector<std::string>{"rejected: expected the file to be rejected with an error "
                                       "containing \"Send\", but it runs"});
}

TEST(scenario_async, SendValuesAndRcWithoutAnAwaitRunOnTheMultiThreadedRuntime) {
    std::string text = R"({"version": 1, "name": "mt", "title": "mt", "runtime": {"workers": 2},
 "tasks": [{"name": "a", "future": {"async": {"name": "a", "body": [
   {"let": "n", "value": 3}, {"await": {"yield_now": {}}},
   {"let": "r", "value": {"rc": 1}}, {"return": {"add": [{"var": "n"}, 1]}}]}}},
           {"name": "b", "future": {"async": {"name": "b", "body": [{"await": {"delay": 5}}]}}}]})";
    Scenario s = Scenario::parse(text, "mt.json");
    RunOutcome out = s.run();
    ASSERT_EQ(out.tasks.size(), 2u);
    EXPECT_EQ(out.tasks[0].result, "4");
    EXPECT_EQ(out.tasks[1].completed_ns, 5'000'000);
}

TEST(scenario_async, AwaitPointsAreNamedAfterWhatTheyAwaitAndHoldTheirLocals) {
    std::string text = R"({"version": 1, "name": "af", "title": "af", "tasks": [
  {"name": "main", "future": {"async": {"name": "sum", "body": [
   {"let": "a", "await": {"chain": [{"delay": 10}, {"map": 2}]}},
   {"for_each": {"iter": [1, 2]}, "as": "x", "body": [{"await": {"delay": 1}, "state": "Tick"}]},
   {"let": "b", "await": {"async": {"name": "inner", "body": [{"await": {"yield_now": {}}}, {"return": 40}]}}},
   {"return": {"add": [{"var": "a"}, {"var": "b"}]}}]}}}]})";
    Scenario s = Scenario::parse(text, "af.json");
    RunOutcome out;
    trace::TraceModel m = traced(s, &out);
    EXPECT_EQ(out.tasks[0].result, "42");
    EXPECT_EQ(out.tasks[0].completed_ns, 12'000'000);
    EXPECT_EQ(async_states(m),
              (std::vector<std::string>{"sum NotStarted->Await1(Map)",
                                        "sum Await1(Map)->Tick {a = 2, x = 1}",
                                        "sum Tick->Tick {a = 2, x = 2}",
                                        "inner NotStarted->Await1(YieldNow)",
                                        "sum Tick->Await4(inner) {a = 2}",
                                        "inner Await1(YieldNow)->Terminated",
                                        "sum Await4(inner)->Terminated"}));
}

TEST(scenario_async, AnAwaitedErrorEndsTheAsyncFnWithIt) {
    std::string text = R"({"version": 1, "name": "e", "title": "e", "tasks": [
  {"name": "main", "future": {"async": {"name": "f", "body": [
   {"await": {"err": "boom"}}, {"print": "unreachable"}]}}}]})";
    Scenario s = Scenario::parse(text, "e.json");
    RunOutcome out = s.run();
    EXPECT_EQ(out.tasks[0].outcome, PollOutcome::err);
    EXPECT_EQ(out.tasks[0].result, "\"boom\"");
    EXPECT_TRUE(out.output.empty());
}

TEST(scenario_async, BadStepsAreLoadErrors) {
    auto with_body = [](const std::string &body) {
        return R"({"version": 1, "name": "b", "title": "b", "tasks": [{"name": "main", "future": {"async": {"name": "f", "body": )" +
               body + "}}}]}";
    };
    EXPECT_EQ(load_error(with_body(R"([{"yield": 1}])")),
              "rc.json:1:113: /tasks/0/future/async/body/0: expected a step: {\"let\": …, "
              "\"value\" or \"await\": …}, {\"await\": …}, {\"print\": …}, {\"return\": …}, "
              "{\"for_each\": …, \"as\": …, \"body\": […]} or {\"scope\": […]}");
    EXPECT_EQ(load_error(with_body(R"([{"let": "x", "value": 1, "await": {"delay": 1}}])")),
              "rc.json:1:113: /tasks/0/future/async/body/0: a let takes one of \"value\" and "
              "\"await\"");
    EXPECT_EQ(
        load_error(with_body(
            R"([{"await": {"delay": 1}, "state": "A"}, {"await": {"delay": 1}, "state": "A"}])")),
        "rc.json:1:185: /tasks/0/future/async/body/1/state: duplicate await point \"A\"");
    EXPECT_EQ(load_error(with_body(R"([{"print": {"var": "y"}}])")),
              "rc.json:1:131: /tasks/0/future/async/body/0/print/var: unknown variable \"y\"");
    EXPECT_EQ(load_error(R"({"version": 1, "name": "b", "title": "b", "runtime": {"workers": 0},
      "tasks": [{"name": "main", "future": {"delay": 1}}]})"),
              "rc.json:1:66: /runtime/workers: expected an integer >= 1, found 0");
}

} // namespace
} // namespace futurescope::scenario
