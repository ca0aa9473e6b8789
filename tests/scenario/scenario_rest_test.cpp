// Scenario operators for Shared, sinks, spawn handles, option, concat2 and the stream adapters
// from_err, inspect_err and catch_unwind, and the file's "let" section: each gives its exact
// result, time, task-level polls and unparks, and builds the engine's own combinator (its kind is
// in the trace).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "futurescope/narrate/narrator.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope::scenario {
namespace {

std::string file_with(const std::string &tasks, const std::string &extra = "") {
    return R"({"version": 1, "name": "t", "title": "t", )" + extra + R"("tasks": [)" + tasks + "]}";
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

// "ok 7 at 10ms, 2 polls, 1 unparks": the task's result, completion time, polls and unparks.
std::string summary_of(const RunOutcome &out, const std::string &name) {
    const TaskView &t = find_task(out, name);
    if (t.state != TaskState::completed) {
        return "stuck, " + std::to_string(t.polls) + " polls";
    }
    std::string r = !t.panic.empty()                ? "panic " + t.panic
                    : t.outcome == PollOutcome::err ? "err " + t.result
                                                    : "ok " + t.result;
    return r + " at " + format_duration(t.completed_ns) + ", " + std::to_string(t.polls) +
           " polls, " + std::to_string(t.unparks) + " unparks";
}

std::string run_one(const std::string &future, const std::string &extra = "") {
    Scenario s = Scenario::parse(file_with(task("main", future), extra), "t.json");
    return summary_of(s.run(), "main");
}

std::string load_error(const std::string &text) {
    try {
        (void)Scenario::parse(text, "t.json");
    } catch (const ScenarioError &e) {
        return e.what();
    }
    return "loaded";
}

// A run with its trace, as the recorder writes it.
struct Traced {
    RunOutcome out;
    trace::TraceModel model;
};

Traced traced(const Scenario &s) {
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
    return {std::move(out), trace::load_trace_bytes(bytes, "run")};
}

// How many futures of the kind the run made, and how often they were polled (enter events).
std::pair<int, int> futures_and_polls(const trace::TraceModel &m, const std::string &kind) {
    int futures = 0;
    int polls = 0;
    for (const trace::TraceFuture &f : m.futures) {
        if (m.str(f.kind) == kind) {
            ++futures;
            for (const trace::TraceEvent &e : m.events) {
                polls += e.kind == trace::EventKind::enter && e.future == f.id ? 1 : 0;
            }
        }
    }
    return {futures, polls};
}

bool has_kind(const std::string &future, const std::string &kind, const std::string &extra = "") {
    Scenario s = Scenario::parse(file_with(task("main", future), extra), "t.json");
    return futures_and_polls(traced(s).model, kind).first > 0;
}

const std::string answer_let =
    R"("let": [{"name": "answer", "value": {"chain": [{"delay": 10}, {"map": 42}, {"shared": {}}]}}], )";

// [SECTION] Shared and let

TEST(scenario_shared, TwoTasksWaitOnOneComputationThatRunsOnce) {
    std::string tasks =
        task(
            "first",
            R"({"chain": [{"clone": {"var": "answer"}}, {"map": {"fn": "v", "body": {"add": [{"var": "v"}, 1]}}}]})") +
        ", " +
        task(
            "second",
            R"({"chain": [{"clone": {"var": "answer"}}, {"map": {"fn": "v", "body": {"mul": [{"var": "v"}, 2]}}}]})");
    Scenario s = Scenario::parse(file_with(tasks, answer_let), "t.json");
    Traced t = traced(s);
    // The one timer wakes both; first does the work and is woken again by the completion.
    EXPECT_EQ(summary_of(t.out, "first"), "ok 43 at 10ms, 2 polls, 2 unparks");
    EXPECT_EQ(summary_of(t.out, "second"), "ok 84 at 10ms, 2 polls, 1 unparks");
    EXPECT_EQ(t.out.report.end_ns, 10'000'000);
    // One clone per task; one delay, polled by both clones at 0 ms and by first's at 10 ms.
    EXPECT_EQ(futures_and_polls(t.model, "Shared"), std::make_pair(2, 4));
    EXPECT_EQ(futures_and_polls(t.model, "Delay"), std::make_pair(1, 3));
    int fires = 0;
    std::vector<std::string> woken;
    for (const trace::TraceEvent &e : t.model.events) {
        fires += e.kind == trace::EventKind::timer_fire ? 1 : 0;
        if (e.kind == trace::EventKind::unpark && e.t == 10'000'000 &&
            t.model.str(e.text) == "timer fired") {
            woken.push_back(t.model.task_name(e.task));
        }
    }
    EXPECT_EQ(fires, 1);
    EXPECT_EQ(woken, (std::vector<std::string>{"first", "second"}));
}

TEST(scenario_shared, TheSharedsInnerFutureParksOnTheSharedsHandle) {
    std::string tasks = task("first", R"({"clone": {"var": "answer"}})") + ", " +
                        task("second", R"({"clone": {"var": "answer"}})");
    Scenario s = Scenario::parse(file_with(tasks, answer_let), "t.json");
    Traced t = traced(s);
    std::vector<std::string> all = narrate::narrate(t.model);
    auto has = [&](const std::string &text) {
        return std::any_of(all.begin(), all.end(), [&](const std::string &x) {
            return x.find(text) != std::string::npos;
        });
    };
    EXPECT_TRUE(has("Delay takes the handle it is given, which is the Shared's own, not task "
                    "first's"));
    EXPECT_TRUE(has("Timer #1 is set for 10ms: it holds the Shared's handle"));
    EXPECT_TRUE(has("Timer #1 fires and wakes the Shared's handle: the Shared unparks every task "
                    "that polled a clone since its last wakeup."));
    EXPECT_TRUE(has("Shared is polled in state complete: the inner future has finished (and was "
                    "dropped), so this clone copies its result without polling anything."));
    EXPECT_TRUE(has("Shared takes task second's handle, as every poll of a clone does first, but "
                    "the Shared has completed: nothing will use it."));
    EXPECT_TRUE(has("Shared takes task first's handle and keeps it as this clone's waiter"));
}

TEST(scenario_shared, APanicInTheInnerFuturePoisonsEveryClone) {
    std::string extra =
        R"("let": [{"name": "s", "value": {"shared": {"chain": [{"delay": 1}, {"map": {"div": [1, 0]}}]}}}], )";
    std::string tasks =
        task("a", R"({"clone": {"var": "s"}})") + ", " + task("b", R"({"clone": {"var": "s"}})");
    RunOutcome out = Scenario::parse(file_with(tasks, extra), "t.json").run();
    EXPECT_EQ(summary_of(out, "a"), "panic attempt to divide by zero at 1ms, 2 polls, 1 unparks");
    EXPECT_EQ(summary_of(out, "b"),
              "panic inner future panicked during poll at 1ms, 2 polls, 1 unparks");
}

TEST(scenario_shared, AMovedSharedFutureCannotBeUsedAgain) {
    // Rust's move: the first task takes the let's Shared, the second finds it used.
    std::string tasks =
        task("a", R"({"var": "answer"})") + ", " + task("b", R"({"clone": {"var": "answer"}})");
    RunOutcome out = Scenario::parse(file_with(tasks, answer_let), "t.json").run();
    EXPECT_EQ(summary_of(out, "a"), "ok 42 at 10ms, 2 polls, 2 unparks");
    EXPECT_EQ(summary_of(out, "b"),
              "panic clone: the shared future was already used at 0ns, 1 polls, 0 unparks");
}

TEST(scenario_shared, ASharedInAChainIsAFutureForTheNextStep) {
    EXPECT_EQ(run_one(R"({"chain": [{"delay": 5}, {"map": 3}, {"shared": {}},
                         {"map": {"fn": "v", "body": {"add": [{"var": "v"}, 1]}}}]})"),
              "ok 4 at 5ms, 2 polls, 2 unparks");
    EXPECT_TRUE(has_kind(R"({"shared": {"ok": 1}})", "Shared"));
    // A shared future's error is copied to every clone too.
    EXPECT_EQ(run_one(R"({"shared": {"err": "boom"}})"), "err \"boom\" at 0ns, 1 polls, 1 unparks");
}

TEST(scenario_let, EachValueSeesTheOnesBeforeIt) {
    std::string extra =
        R"("let": [{"name": "a", "value": 2}, {"name": "b", "value": {"mul": [{"var": "a"}, 3]}}], )";
    EXPECT_EQ(run_one(R"({"add": [{"var": "a"}, {"var": "b"}]})", extra),
              "ok 8 at 0ns, 1 polls, 0 unparks");
}

TEST(scenario_let, MistakesAreLoadErrors) {
    EXPECT_EQ(load_error(file_with(
                  task("main", "1"),
                  R"("let": [{"name": "a", "value": {"var": "b"}}, {"name": "b", "value": 1}], )")),
              "t.json:1:82: /let/0/value/var: unknown variable \"b\"");
    EXPECT_EQ(
        load_error(file_with(task("main", "1"),
                             R"("let": [{"name": "a", "value": 1}, {"name": "a", "value": 2}], )")),
        "t.json:1:87: /let/1/name: duplicate let \"a\"");
    EXPECT_EQ(
        load_error(file_with(task("main", "1"), R"("let": {"a": 1}, )")),
        "t.json:1:50: /let: expected an array of {\"name\": …, \"value\": …}, found an object");
}

TEST(scenario_let, AValueThatPanicsPanicsEveryTask) {
    std::string extra = R"("let": [{"name": "a", "value": {"div": [1, 0]}}], )";
    RunOutcome out =
        Scenario::parse(file_with(task("x", "1") + ", " + task("y", "2"), extra), "t.json").run();
    EXPECT_EQ(summary_of(out, "x"), "panic attempt to divide by zero at 0ns, 1 polls, 0 unparks");
    EXPECT_EQ(summary_of(out, "y"), "panic attempt to divide by zero at 0ns, 1 polls, 0 unparks");
}

// [SECTION] Sinks

TEST(scenario_sinks, WithRunsEachItemThroughItsFuture) {
    // One item in flight at a time: three 1 ms futures one after the other.
    std::string f =
        R"({"chain": [{"send_all": [{"with": [[], {"fn": "x", "body": {"chain": [{"delay": 1},
        {"map": {"mul": [{"var": "x"}, 10]}}]}}]}, {"iter": [1, 2, 3]}]},
        {"map": {"fn": ["sink", "_"], "body": {"into_inner": {"var": "sink"}}}}]})";
    EXPECT_EQ(run_one(f), "ok [10, 20, 30] at 3ms, 4 polls, 3 unparks");
    EXPECT_TRUE(has_kind(f, "SendAll"));
}

TEST(scenario_sinks, WithFlatMapSendsEveryItemOfTheStreamItsFunctionGives) {
    EXPECT_EQ(
        run_one(
            R"({"chain": [{"send_all": [{"with_flat_map": [[0], {"fn": "x", "body": [{"var": "x"}, {"var": "x"}]}]},
        {"iter": [1, 2]}]}, {"map": {"fn": ["sink", "_"], "body": {"into_inner": {"var": "sink"}}}}]})"),
        "ok [0, 1, 1, 2, 2] at 0ns, 1 polls, 0 unparks");
}

TEST(scenario_sinks, FanoutCopiesEachItemIntoBothSinks) {
    EXPECT_EQ(run_one(R"({"chain": [{"send_all": [{"fanout": [[], [0]]}, {"iter": [1, 2]}]},
        {"map": {"fn": ["sink", "_"], "body": {"into_inner": {"var": "sink"}}}}]})"),
              "ok ([1, 2], [0, 1, 2]) at 0ns, 1 polls, 0 unparks");
}

// The times (ms) at which the stream of a run yields each item (its IterOk's Ready exits).
std::vector<TimeNs> item_times(const trace::TraceModel &m) {
    std::vector<TimeNs> times;
    for (const trace::TraceEvent &e : m.events) {
        const trace::TraceFuture *f = m.future(e.future);
        if (e.kind == trace::EventKind::exit && f != nullptr && m.str(f->kind) == "IterOk" &&
            poll_outcome(e) == PollOutcome::ready) {
            times.push_back(e.t / 1'000'000);
        }
    }
    return times;
}

TEST(scenario_sinks, BufferTakesItemsWhileTheChannelIsFull) {
    // channel(1) holds two items (its capacity and the sender's slot); the consumer takes one
    // every 10 ms. The buffer's two slots let the producer drain its stream at 0 ms; without it
    // the stream waits for room. Either way the close waits until the last item is in the
    // channel, at 30 ms.
    auto run = [](const std::string &sink) {
        std::string extra = R"("channels": [{"name": "jobs", "kind": "mpsc", "capacity": 1}], )";
        std::string tasks =
            task("producer",
                 R"({"chain": [{"send_all": [)" + sink +
                     R"(, {"iter": [1, 2, 3, 4, 5, 6]}]}, {"map": "sent"}]})") +
            ", " +
            task(
                "consumer",
                R"({"chain": [{"recv": "jobs"}, {"and_then": {"fn": "x", "body": {"chain": [{"delay": 10},
                    {"map": {"var": "x"}}]}}}, {"collect": {}}]})");
        return traced(Scenario::parse(file_with(tasks, extra), "t.json"));
    };
    Traced buffered = run(R"({"buffer": [{"sender": "jobs"}, 2]})");
    EXPECT_EQ(summary_of(buffered.out, "producer"), "ok \"sent\" at 30ms, 5 polls, 4 unparks");
    EXPECT_EQ(summary_of(buffered.out, "consumer"),
              "ok [1, 2, 3, 4, 5, 6] at 60ms, 7 polls, 6 unparks");
    EXPECT_EQ(item_times(buffered.model), (std::vector<TimeNs>{0, 0, 0, 0, 0, 0}));
    Traced plain = run(R"({"sender": "jobs"})");
    EXPECT_EQ(summary_of(plain.out, "producer"), "ok \"sent\" at 30ms, 5 polls, 4 unparks");
    EXPECT_EQ(item_times(plain.model), (std::vector<TimeNs>{0, 0, 0, 0, 10, 20}));
}

TEST(scenario_sinks, FanoutGoesAsFastAsItsSlowerSink) {
    // The vector takes every item at once, the channel one per 10 ms once it is full: the
    // stream is pulled at the channel's pace. The producer keeps the vector and drops the sender,
    // so that the consumer's stream ends.
    std::string extra = R"("channels": [{"name": "jobs", "kind": "mpsc", "capacity": 1}], )";
    std::string tasks =
        task(
            "producer",
            R"({"chain": [{"send_all": [{"fanout": [[], {"sender": "jobs"}]}, {"iter": [1, 2, 3, 4, 5, 6, 7, 8]}]},
                {"map": {"fn": ["k", "_"], "body": {"get": [{"into_inner": {"var": "k"}}, 0]}}}]})") +
        ", " +
        task(
            "consumer",
            R"({"chain": [{"recv": "jobs"}, {"and_then": {"fn": "x", "body": {"chain": [{"delay": 10},
                {"map": {"var": "x"}}]}}}, {"collect": {}}]})");
    Traced t = traced(Scenario::parse(file_with(tasks, extra), "t.json"));
    EXPECT_EQ(summary_of(t.out, "producer"),
              "ok [1, 2, 3, 4, 5, 6, 7, 8] at 50ms, 7 polls, 6 unparks");
    EXPECT_EQ(summary_of(t.out, "consumer"),
              "ok [1, 2, 3, 4, 5, 6, 7, 8] at 80ms, 9 polls, 8 unparks");
    EXPECT_EQ(item_times(t.model), (std::vector<TimeNs>{0, 0, 0, 0, 0, 10, 20, 30}));
}

TEST(scenario_sinks, SinkMapErrMapsTheErrorAndSinkFromErrKeepsIt) {
    std::string failing =
        R"({"with": [[], {"fn": "x", "body": {"err": {"concat": ["no ", {"to_string": {"var": "x"}}]}}}]})";
    EXPECT_EQ(run_one(R"({"send": [{"sink_map_err": [)" + failing +
                      R"(, {"fn": "e", "body": {"concat": ["mapped: ", {"var": "e"}]}}]}, 1]})"),
              "err \"mapped: no 1\" at 0ns, 1 polls, 0 unparks");
    EXPECT_EQ(run_one(R"({"send": [{"sink_from_err": )" + failing + R"(}, 1]})"),
              "err \"no 1\" at 0ns, 1 polls, 0 unparks");
}

TEST(scenario_sinks, SendAndFlushOnAVectorSink) {
    EXPECT_EQ(run_one(R"({"send": [[1], 2]})"), "ok [1, 2] at 0ns, 1 polls, 0 unparks");
    EXPECT_EQ(run_one(R"({"flush": [1, 2]})"), "ok [1, 2] at 0ns, 1 polls, 0 unparks");
    EXPECT_TRUE(has_kind(R"({"flush": [1, 2]})", "Flush"));
    EXPECT_TRUE(has_kind(R"({"send": [[1], 2]})", "Send"));
    EXPECT_EQ(run_one(R"({"flush": 5})"),
              "panic expected a sink (a list, a channel's sender or a sink adapter), found int 5 "
              "at 0ns, 1 polls, 0 unparks");
}

// [SECTION] Spawn handles

TEST(scenario_spawn_handle, OneshotSpawnResolvesToTheSpawnedFuturesResult) {
    Scenario s = Scenario::parse(
        file_with(task("main", R"({"oneshot_spawn": {"chain": [{"delay": 5}, {"map": 9}]}})")),
        "t.json");
    RunOutcome out = s.run();
    EXPECT_EQ(summary_of(out, "main"), "ok 9 at 5ms, 2 polls, 1 unparks");
    EXPECT_EQ(summary_of(out, "task-2"), "ok () at 5ms, 2 polls, 1 unparks");
    EXPECT_TRUE(has_kind(R"({"oneshot_spawn": {"ok": 1}})", "SpawnHandle"));
    EXPECT_TRUE(has_kind(R"({"unsync_oneshot_spawn": {"ok": 1}})", "SpawnedFuture"));
}

TEST(scenario_spawn_handle, DroppingTheHandleCancelsTheSpawnedFuture) {
    // The select's loser is the handle: dropped at 10 ms, its task stops then, not at 50 ms.
    for (const char *op : {"oneshot_spawn", "unsync_oneshot_spawn"}) {
        std::string f = std::string(R"({"chain": [{"select": [{")") + op +
                        R"(": {"chain": [{"delay": 50}, {"map": 1}]}},
            {"chain": [{"delay": 10}, {"map": 2}]}]}, {"map": {"fn": ["v", "_"], "body": {"var": "v"}}}]})";
        RunOutcome out = Scenario::parse(file_with(task("main", f)), "t.json").run();
        EXPECT_EQ(summary_of(out, "main"), "ok 2 at 10ms, 2 polls, 1 unparks") << op;
        EXPECT_EQ(summary_of(out, "task-2"), "ok () at 10ms, 2 polls, 1 unparks") << op;
        EXPECT_EQ(out.report.end_ns, 10'000'000) << op;
    }
}

TEST(scenario_spawn_handle, AForgottenHandleLetsTheFutureRunToTheEnd) {
    std::string f =
        R"({"chain": [{"forget": {"oneshot_spawn": {"chain": [{"delay": 30}, {"map": 1}]}}}, {"and_then": {"delay": 1}}]})";
    RunOutcome out = Scenario::parse(file_with(task("main", f)), "t.json").run();
    EXPECT_EQ(summary_of(out, "main"), "ok () at 1ms, 2 polls, 1 unparks");
    EXPECT_EQ(summary_of(out, "task-2"), "ok () at 30ms, 2 polls, 1 unparks");
    EXPECT_EQ(out.report.end_ns, 30'000'000);
    // Nobody reads the result: the detectors say the send went nowhere.
    ASSERT_EQ(out.diagnostics.size(), 1u);
    EXPECT_EQ(out.diagnostics[0].kind, "send_after_receiver_dropped");
    EXPECT_EQ(run_one(R"({"forget": {"delay": 1}})"),
              "panic forget: expected a spawn handle ({\"oneshot_spawn\": F}) to forget at 0ns, 1 "
              "polls, 0 unparks");
}

TEST(scenario_spawn_handle, MpscSpawnStreamsTheItemsOfASpawnedStream) {
    RunOutcome out =
        Scenario::parse(
            file_with(
                task("main",
                     R"({"chain": [{"mpsc_spawn": [{"iter": [1, 2, 3]}, 1]}, {"collect": {}}]})")),
            "t.json")
            .run();
    EXPECT_EQ(summary_of(out, "main"), "ok [1, 2, 3] at 0ns, 3 polls, 2 unparks");
    EXPECT_EQ(summary_of(out, "task-2"), "ok () at 0ns, 2 polls, 1 unparks");
    EXPECT_EQ(run_one(R"({"chain": [{"unsync_mpsc_spawn": [{"iter": [4]}, 1]}, {"collect": {}}]})"),
              "ok [4] at 0ns, 2 polls, 1 unparks");
}

TEST(scenario_spawn_handle, DroppingAStreamHandleEndsTheSpawnedTask) {
    // take(2) drops the handle after the second tick: the ticking task ends at 20 ms.
    RunOutcome out =
        Scenario::parse(
            file_with(task(
                "main",
                R"({"chain": [{"mpsc_spawn": [{"interval": 10}, 1]}, {"take": 2}, {"collect": {}}]})")),
            "t.json")
            .run();
    EXPECT_EQ(summary_of(out, "main"), "ok [1, 2] at 20ms, 3 polls, 2 unparks");
    EXPECT_EQ(summary_of(out, "task-2"), "ok () at 20ms, 4 polls, 3 unparks");
    EXPECT_EQ(out.report.end_ns, 20'000'000);
}

// [SECTION] Futures and stream adapters

TEST(scenario_rest, OptionIsSomeFuturesItemOrNone) {
    EXPECT_EQ(
        run_one(
            R"({"join": [{"option": {"chain": [{"delay": 2}, {"map": 3}]}}, {"option": null}]})"),
        "ok (3, ()) at 2ms, 2 polls, 1 unparks");
    EXPECT_TRUE(has_kind(R"({"option": null})", "Option"));
}

TEST(scenario_rest, Concat2AppendsListsStringsAndBytes) {
    EXPECT_EQ(run_one(R"({"concat2": {"iter": [[1], [2, 3]]}})"),
              "ok [1, 2, 3] at 0ns, 1 polls, 0 unparks");
    EXPECT_EQ(run_one(R"({"chain": [{"iter": ["a", "b"]}, {"concat2": {}}]})"),
              "ok \"ab\" at 0ns, 1 polls, 0 unparks");
    EXPECT_EQ(run_one(R"({"concat2": {"iter": []}})"), "ok () at 0ns, 1 polls, 0 unparks");
    EXPECT_EQ(run_one(R"({"concat2": {"iter": [[1], "b"]}})"),
              "panic concat2: cannot append string \"b\" to list [1]: items are lists, strings or "
              "bytes at 0ns, 1 polls, 0 unparks");
    EXPECT_TRUE(has_kind(R"({"concat2": {"iter": [[1]]}})", "Concat2"));
}

TEST(scenario_rest, FromErrAndInspectErrPassTheErrorOn) {
    EXPECT_EQ(
        run_one(
            R"({"chain": [{"iter_result": [{"ok": 1}, {"err": "bad"}]}, {"from_err": {}}, {"collect": {}}]})"),
        "err \"bad\" at 0ns, 1 polls, 0 unparks");
    // The function sees the error: dividing by zero there panics the task.
    EXPECT_EQ(run_one(R"({"chain": [{"iter_result": [{"ok": 1}, {"err": "bad"}]},
        {"inspect_err": {"fn": "e", "body": {"div": [1, 0]}}}, {"collect": {}}]})"),
              "panic attempt to divide by zero at 0ns, 1 polls, 0 unparks");
    EXPECT_EQ(run_one(R"({"chain": [{"iter_result": [{"ok": 1}, {"err": "bad"}]},
        {"inspect_err": {"fn": "e", "body": {"len": {"var": "e"}}}}, {"collect": {}}]})"),
              "err \"bad\" at 0ns, 1 polls, 0 unparks");
    EXPECT_TRUE(has_kind(R"({"chain": [{"iter": [1]}, {"from_err": {}}, {"collect": {}}]})",
                         "FromErrStream"));
}

TEST(scenario_rest, CatchUnwindTurnsAPanicIntoTheStreamsLastError) {
    EXPECT_EQ(
        run_one(R"({"chain": [{"iter_result": [{"ok": 1}, {"err": "e"}, {"ok": 0}, {"ok": 2}]},
        {"map": {"fn": "x", "body": {"div": [1, {"var": "x"}]}}}, {"catch_unwind": {}},
        {"then": {"fn": "r", "body": {"ok": {"var": "r"}}}}, {"collect": {}}]})"),
        "ok [Ok(1), Err(\"e\"), \"attempt to divide by zero\"] at 0ns, 1 polls, 0 unparks");
    EXPECT_TRUE(has_kind(R"({"chain": [{"iter": [1]}, {"catch_unwind": {}}, {"collect": {}}]})",
                         "CatchUnwindStream"));
}

// [SECTION] Narration

bool says(const std::vector<std::string> &sentences, const std::string &text) {
    return std::any_of(sentences.begin(), sentences.end(), [&](const std::string &x) {
        return x.find(text) != std::string::npos;
    });
}

TEST(scenario_rest_narration, EachNewKindSaysWhatItDoesInItsState) {
    std::string tasks =
        task("flush", R"({"flush": [1]})") + ", " +
        task("option", R"({"join": [{"option": {"ok": 1}}, {"option": null}]})") + ", " +
        task("spawned", R"({"oneshot_spawn": {"ok": 1}})") + ", " +
        task("streamed", R"({"chain": [{"mpsc_spawn": [{"iter": [1]}, 1]}, {"collect": {}}]})") +
        ", " + task("concat", R"({"concat2": {"iter": [[1], [2]]}})") + ", " +
        task(
            "errs",
            R"({"chain": [{"iter_result": [{"err": "x"}]}, {"from_err": {}}, {"inspect_err": {"fn": "e", "body": 0}},
                {"catch_unwind": {}}, {"collect": {}}]})");
    Traced t = traced(Scenario::parse(file_with(tasks), "t.json"));
    std::vector<std::string> all = narrate::narrate(t.model);
    EXPECT_TRUE(says(all, "Flush is polled in state flushing: it asks its sink to flush"));
    EXPECT_TRUE(says(all, "Option is polled in state some: it holds a future and polls it"));
    EXPECT_TRUE(says(all, "Option is polled in state none: it holds no future"));
    EXPECT_TRUE(says(all, "SpawnHandle is polled in state waiting: it waits for the spawned task"));
    EXPECT_TRUE(says(all, "SpawnHandle is polled in state streaming: it reads the channel"));
    EXPECT_TRUE(
        says(all, "SpawnedFuture is polled in state running: it is the spawned task's root"));
    EXPECT_TRUE(
        says(all, "SpawnedStream is polled in state running: it is the spawned task's root"));
    EXPECT_TRUE(says(all, "Concat2 is polled in state first: it pulls items from its stream"));
    EXPECT_TRUE(says(all, "FromErrStream is polled in state streaming: it polls its stream"));
    EXPECT_TRUE(says(all,
                     "InspectErrStream is polled in state streaming: it polls its stream and "
                     "passes each item on; an error goes to its function first"));
    EXPECT_TRUE(says(all,
                     "CatchUnwindStream is polled in state streaming: it polls its stream and "
                     "yields each item as Ok"));
}

TEST(scenario_rest_narration, SharedSpeaksOfWakersInTheModernVocabulary) {
    std::string tasks = task("first", R"({"clone": {"var": "answer"}})");
    Traced t = traced(Scenario::parse(file_with(tasks, answer_let), "t.json"));
    std::vector<std::string> all = narrate::narrate(t.model, trace::Vocabulary::modern);
    EXPECT_TRUE(says(all, "Shared takes task first's Waker and keeps it as this clone's waiter"));
    EXPECT_TRUE(
        says(all, "Timer #1 fires and wakes the Shared's Waker: the Shared wakes every task"));
}

} // namespace
} // namespace futurescope::scenario
