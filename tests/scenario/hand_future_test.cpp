// Futures and streams written by hand ("types" and {"new": …}): the wakeup contract (a stored
// handle notified later by a timer, by another task, by the future itself), the learner's own
// lost wakeup and busy loop diagnosed, each statement form, the run-time bounds of a poll and
// each load error's exact message.
//
// [SECTION] The wakeup contract
// [SECTION] The learner's own bugs, diagnosed
// [SECTION] Statements
// [SECTION] Run-time bounds and panics
// [SECTION] Load errors
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

// A file of one type, given as the JSON of its poll, and tasks.
std::string
file_with(const std::string &types, const std::string &tasks, const std::string &extra) {
    return R"({"version": 1, "name": "t", "title": "t", )" + extra + R"("types": [)" + types +
           R"(], "tasks": [)" + tasks + "]}";
}

std::string type(const std::string &name,
                 const std::string &fields,
                 const std::string &poll,
                 const char *impl = "Future") {
    return R"({"struct": ")" + name + R"(", "impl": ")" + impl + R"(", "fields": )" + fields +
           R"(, "poll": )" + poll + "}";
}

std::string task(const std::string &name, const std::string &future, bool daemon = false) {
    return R"({"name": ")" + name + R"(", "future": )" + future +
           (daemon ? R"(, "daemon": true)" : "") + "}";
}

const TaskView &find_task(const RunOutcome &out, const std::string &name) {
    auto it = std::find_if(
        out.tasks.begin(), out.tasks.end(), [&](const TaskView &t) { return t.name == name; });
    if (it == out.tasks.end()) {
        throw std::runtime_error("no task " + name);
    }
    return *it;
}

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

RunOutcome run_file(const std::string &text) { return Scenario::parse(text, "t.json").run(); }

// The message of the file's load error, or "loaded".
std::string load_error(const std::string &text) {
    try {
        (void)Scenario::parse(text, "t.json");
    } catch (const ScenarioError &e) {
        return e.what();
    }
    return "loaded";
}

// The error's text after "t.json:LINE:COLUMN: ".
std::string message_of(const std::string &error) {
    std::size_t at = error.find(": ");
    return at == std::string::npos ? error : error.substr(at + 2);
}

// A type Once with a poll, run as the task main: its result.
std::string run_poll(const std::string &fields,
                     const std::string &init,
                     const std::string &poll,
                     const std::string &extra = "") {
    RunOutcome out = run_file(file_with(
        type("Once", fields, poll), task("main", R"({"new": {"Once": )" + init + "}}"), extra));
    return result_of(out, "main");
}

// The kinds and the state names of a run's futures, from its trace.
struct Traced {
    std::vector<std::string> kinds;
    std::vector<std::string> states_of_first;
    std::string json; // the trace itself
};

Traced trace_of(const std::string &text) {
    Scenario s = Scenario::parse(text, "t.json");
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
    Traced t;
    t.json = bytes;
    for (const trace::TraceFuture &f : m.futures) {
        t.kinds.emplace_back(m.str(f.kind));
    }
    return t;
}

// The lesson's countdown, with `arrange` in place of the line that arranges its wakeup.
std::string countdown(const std::string &arrange) {
    return type("Countdown",
                R"(["n", "at", "clock"])",
                R"([
      {"if": {"ge": [{"now_ms": {}}, {"field": "at"}]}, "then": [
        {"if": {"eq": [{"field": "n"}, 0]}, "then": [{"return": {"ready": "liftoff"}}]},
        {"set": "n", "value": {"sub": [{"field": "n"}, 1]}},
        {"set": "at", "value": {"add": [{"field": "at"}, 10]}}]},)" +
                    arrange + R"({"return": {"not_ready": {}}}])");
}

std::string countdown_file(const std::string &arrange, const std::string &extra = "") {
    return file_with(
        countdown(arrange),
        task("countdown",
             R"({"new": {"Countdown": {"n": 3, "at": 0, "clock": {"sender": "clock"}}}})") +
            "," +
            task("clock",
                 R"({"for_each": [{"recv": "clock"}, {"fn": ["task", "at"], "body": {"chain": [
                     {"delay_until": {"var": "at"}}, {"map": {"notify": {"var": "task"}}}]}}]})",
                 true),
        R"("channels": [{"name": "clock", "kind": "unbounded"}], )" + extra);
}

// [SECTION] The wakeup contract

TEST(wakeup_contract, AStoredHandleIsNotifiedLaterByAnotherTask) {
    RunOutcome out = run_file(countdown_file(
        R"({"do": {"unbounded_send": [{"field": "clock"}, {"tuple": [{"current_task": {}}, {"field": "at"}]}]}},)"));
    EXPECT_EQ(result_of(out, "countdown"), "ok \"liftoff\"");
    const TaskView &t = find_task(out, "countdown");
    EXPECT_EQ(t.polls, 4u); // at 0, 10, 20 and 30 ms: one per notify, none wasted
    EXPECT_EQ(t.unparks, 3u);
    EXPECT_EQ(t.completed_ns, 30'000'000);
    EXPECT_TRUE(out.diagnostics.empty());
}

TEST(wakeup_contract, AHandleTakenByHandSaysWhoHoldsItIsWhoeverThePollGaveItTo) {
    // The poll sends its handle down a channel: the wait event after each NotReady can only say
    // that the poll handed it on, not "nothing holds it" (that would be a lost wakeup).
    Traced t = trace_of(countdown_file(
        R"({"do": {"unbounded_send": [{"field": "clock"}, {"tuple": [{"current_task": {}}, {"field": "at"}]}]}},)"));
    const std::string wait =
        R"("kind":"wait","task":1,"on":"whoever this poll gave task::current() to"})";
    std::size_t count = 0;
    for (std::size_t at = t.json.find(wait); at != std::string::npos;
         at = t.json.find(wait, at + 1)) {
        ++count;
    }
    EXPECT_EQ(count, 3u); // after the polls at 0, 10 and 20 ms
}

TEST(wakeup_contract, AHandleInASharedCellIsNotifiedByAnotherTaskAfterADelay) {
    // The future keeps task::current() in a cell it shares with the waker task, which notifies
    // whatever handle the cell holds after 25 ms.
    std::string poll = R"([
      {"if": {"field": "woken"}, "then": [{"return": {"ready": "done"}}]},
      {"set": "woken", "value": true},
      {"do": {"store": [{"field": "cell"}, {"current_task": {}}]}},
      {"return": {"not_ready": {}}}])";
    std::string main = R"({"chain": [{"ok": {"cell": null}}, {"and_then": {"fn": "cell", "body":
        {"chain": [{"spawn": {"name": "waker", "future": {"chain": [{"delay": 25},
            {"map": {"notify": {"load": {"var": "cell"}}}}]}}},
          {"and_then": {"new": {"Waiter": {"woken": false, "cell": {"var": "cell"}}}}}]}}}]})";
    RunOutcome out =
        run_file(file_with(type("Waiter", R"(["woken", "cell"])", poll), task("main", main), ""));
    EXPECT_EQ(result_of(out, "main"), "ok \"done\"");
    EXPECT_EQ(find_task(out, "main").polls, 2u);
    EXPECT_EQ(find_task(out, "main").completed_ns, 25'000'000);
    EXPECT_TRUE(out.diagnostics.empty());
}

TEST(wakeup_contract, ADelayItPollsHoldsTheHandleAndItsTimerNotifies) {
    std::string poll = R"([{"let": "v", "try_ready": "timer"}, {"return": {"ready": 7}}])";
    RunOutcome out =
        run_file(file_with(type("Wait", R"(["timer"])", poll),
                           task("main", R"({"new": {"Wait": {"timer": {"delay": 15}}}})"),
                           ""));
    EXPECT_EQ(result_of(out, "main"), "ok 7");
    EXPECT_EQ(find_task(out, "main").polls, 2u);
    EXPECT_EQ(find_task(out, "main").completed_ns, 15'000'000);
    // The Delay is polled from inside the hand-written future: both are in the trace.
    Traced t = trace_of(file_with(type("Wait", R"(["timer"])", poll),
                                  task("main", R"({"new": {"Wait": {"timer": {"delay": 15}}}})"),
                                  ""));
    EXPECT_EQ(t.kinds, (std::vector<std::string>{"Wait", "Delay"}));
}

TEST(wakeup_contract, ANotifyOfItselfAsksForOneMorePoll) {
    // yield_now written by hand: the task is queued again at once, and the second poll is Ready.
    std::string poll = R"([
      {"if": {"field": "yielded"}, "then": [{"return": {"ready": "again"}}]},
      {"set": "yielded", "value": true},
      {"notify": {"current_task": {}}},
      {"return": {"not_ready": {}}}])";
    RunOutcome out = run_file(file_with(type("Yield", R"(["yielded"])", poll),
                                        task("main", R"({"new": {"Yield": {"yielded": false}}})"),
                                        ""));
    EXPECT_EQ(result_of(out, "main"), "ok \"again\"");
    EXPECT_EQ(find_task(out, "main").polls, 2u);
    EXPECT_EQ(find_task(out, "main").unparks, 1u);
    EXPECT_EQ(find_task(out, "main").completed_ns, 0);
    EXPECT_TRUE(out.diagnostics.empty());
}

TEST(wakeup_contract, PollCancelOfASenderFieldLeavesTheHandleWithTheChannel) {
    // `match self.tx.poll_cancel()`: NotReady until the receiver is dropped at 5 ms, and the
    // channel, which keeps the sender's task, wakes it then.
    std::string poll = R"([{"match": "tx", "method": "poll_cancel", "arms": [
      {"pattern": "ready", "body": [{"return": {"ready": "receiver gone"}}]},
      {"pattern": "_", "body": [{"return": {"not_ready": {}}}]}]}])";
    RunOutcome out = run_file(file_with(
        type("Watch", R"(["tx"])", poll),
        task("main", R"({"new": {"Watch": {"tx": {"sender": "answer"}}}})") + "," +
            task("dropper",
                 R"({"chain": [{"delay": 5}, {"map": {"drop": {"receiver": "answer"}}}]})"),
        R"("channels": [{"name": "answer", "kind": "oneshot"}], )"));
    EXPECT_EQ(result_of(out, "main"), "ok \"receiver gone\"");
    EXPECT_EQ(find_task(out, "main").polls, 2u);
    EXPECT_EQ(find_task(out, "main").completed_ns, 5'000'000);
    EXPECT_TRUE(out.diagnostics.empty());
}

TEST(wakeup_contract, TheSeedsNamesParkAndUnparkAreTheSameHandleAndNotify) {
    std::string poll = R"([
      {"if": {"field": "yielded"}, "then": [{"return": {"ready": "again"}}]},
      {"set": "yielded", "value": true},
      {"unpark": {"park": {}}},
      {"return": {"not_ready": {}}}])";
    RunOutcome out = run_file(file_with(type("Yield", R"(["yielded"])", poll),
                                        task("main", R"({"new": {"Yield": {"yielded": false}}})"),
                                        ""));
    EXPECT_EQ(result_of(out, "main"), "ok \"again\"");
    EXPECT_EQ(find_task(out, "main").polls, 2u);
}

// [SECTION] The learner's own bugs, diagnosed

TEST(lost_wakeup, NotReadyWithoutAHandleTakenIsTheLearnersLostWakeup) {
    RunOutcome out = run_file(countdown_file(""));
    EXPECT_EQ(result_of(out, "countdown"), "stuck");
    EXPECT_EQ(find_task(out, "countdown").polls, 1u);
    ASSERT_EQ(out.diagnostics.size(), 2u);
    EXPECT_EQ(out.diagnostics[0].kind, "lost_wakeup");
    EXPECT_EQ(out.diagnostics[0].poll, 1u);
    EXPECT_EQ(out.diagnostics[0].message,
              "Task countdown returned NotReady, but nothing holds its handle: no timer, socket, "
              "channel or other task can unpark it, so it will never be polled again (a lost "
              "wakeup). Countdown #1 answered NotReady without taking the task's handle "
              "(park()); a future may return NotReady only after arranging to be woken.");
    EXPECT_EQ(out.diagnostics[1].kind, "stuck");
    EXPECT_TRUE(out.diagnostics[1].at_end);
}

TEST(busy_loop, ANotifyOfItselfEveryPollIsTheLearnersBusyLoop) {
    RunOutcome out = run_file(
        countdown_file(R"({"notify": {"current_task": {}}},)", R"("limits": {"steps": 100}, )"));
    EXPECT_EQ(out.report.reason, StopReason::step_limit);
    EXPECT_EQ(find_task(out, "countdown").polls, 99u);
    ASSERT_EQ(out.diagnostics.size(), 1u);
    EXPECT_EQ(out.diagnostics[0].kind, "busy_loop");
    EXPECT_EQ(out.diagnostics[0].poll, 32u);
    EXPECT_EQ(out.diagnostics[0].t, 0);
    EXPECT_EQ(out.diagnostics[0].message,
              "Task countdown unparked itself in each of its last 32 polls with no channel, "
              "socket, timer or spawn activity: it is spinning (a busy loop). It burns polls, and "
              "the executor never goes idle, so the clock cannot move on. Store the task's handle "
              "where the event you wait for will unpark it, instead of unparking yourself.");
}

// [SECTION] Statements

TEST(hand_statements, LetSetAndIfElse) {
    std::string poll = R"([
      {"let": "x", "value": {"add": [{"field": "n"}, 1]}},
      {"set": "n", "value": {"mul": [{"var": "x"}, 10]}},
      {"if": {"gt": [{"field": "n"}, 100]}, "then": [{"return": {"ready": "big"}}],
       "else": [{"return": {"ready": {"field": "n"}}}]}])";
    EXPECT_EQ(run_poll(R"(["n"])", R"({"n": 4})", poll), "ok 50");
    EXPECT_EQ(run_poll(R"(["n"])", R"({"n": 40})", poll), "ok \"big\"");
}

TEST(hand_statements, MatchBindsTheValueOfEachAnswer) {
    std::string poll = R"([{"match": "inner", "arms": [
      {"pattern": "ready", "bind": "v", "body": [{"return": {"ready": {"add": [{"var": "v"}, 1]}}}]},
      {"pattern": "not_ready", "body": [{"return": {"not_ready": {}}}]},
      {"pattern": "err", "bind": "e", "body": [{"return": {"ready": {"concat": ["caught ", {"var": "e"}]}}}]}]}])";
    EXPECT_EQ(run_poll(R"(["inner"])", R"({"inner": {"ok": 41}})", poll), "ok 42");
    EXPECT_EQ(run_poll(R"(["inner"])", R"({"inner": {"err": "boom"}})", poll),
              "ok \"caught boom\"");
    EXPECT_EQ(run_poll(R"(["inner"])", R"({"inner": {"chain": [{"delay": 5}, {"map": 1}]}})", poll),
              "ok 2");
}

TEST(hand_statements, AnUnderscoreArmMatchesTheRest) {
    std::string poll = R"([{"match": "inner", "arms": [
      {"pattern": "err", "body": [{"return": {"ready": "failed"}}]},
      {"pattern": "_", "body": [{"return": {"ready": "other"}}]}]}])";
    EXPECT_EQ(run_poll(R"(["inner"])", R"({"inner": {"ok": 1}})", poll), "ok \"other\"");
    EXPECT_EQ(run_poll(R"(["inner"])", R"({"inner": {"err": 1}})", poll), "ok \"failed\"");
}

TEST(hand_statements, TryReadyReturnsNotReadyAndErrAtOnce) {
    std::string poll =
        R"([{"let": "v", "try_ready": "inner"}, {"return": {"ready": {"var": "v"}}}])";
    EXPECT_EQ(run_poll(R"(["inner"])", R"({"inner": {"err": "bad"}})", poll), "err \"bad\"");
    EXPECT_EQ(run_poll(R"(["inner"])", R"({"inner": {"chain": [{"delay": 3}, {"map": 9}]}})", poll),
              "ok 9");
}

TEST(hand_statements, LoopBreakAndContinue) {
    // Sums 1..=5 skipping 3, in one poll.
    std::string poll = R"([{"loop": [
      {"set": "i", "value": {"add": [{"field": "i"}, 1]}},
      {"if": {"gt": [{"field": "i"}, 5]}, "then": [{"break": {}}]},
      {"if": {"eq": [{"field": "i"}, 3]}, "then": [{"continue": {}}]},
      {"set": "sum", "value": {"add": [{"field": "sum"}, {"field": "i"}]}}]},
      {"return": {"ready": {"field": "sum"}}}])";
    EXPECT_EQ(run_poll(R"(["i", "sum"])", R"({"i": 0, "sum": 0})", poll), "ok 12");
}

TEST(hand_statements, PrintDoAndReturnErr) {
    std::string poll = R"([{"print": {"concat": ["n is ", {"field": "n"}]}},
      {"do": {"drop": 1}}, {"return": {"err": "nope"}}])";
    RunOutcome out = run_file(
        file_with(type("P", R"(["n"])", poll), task("main", R"({"new": {"P": {"n": 3}}})"), ""));
    EXPECT_EQ(result_of(out, "main"), "err \"nope\"");
    ASSERT_EQ(out.output.size(), 1u);
    EXPECT_EQ(out.output[0].text, "n is 3");
    EXPECT_EQ(out.output[0].task_name, "main");
}

TEST(hand_statements, AStreamByHandAnswersSomeAndNone) {
    std::string poll = R"([
      {"if": {"eq": [{"field": "n"}, 0]}, "then": [{"return": {"none": {}}}]},
      {"try_ready": "timer"},
      {"let": "item", "value": {"field": "n"}},
      {"set": "n", "value": {"sub": [{"field": "n"}, 1]}},
      {"set": "timer", "value": {"delay": 10}},
      {"return": {"some": {"var": "item"}}}])";
    RunOutcome out = run_file(file_with(
        type("Ticks", R"(["n", "timer"])", poll, "Stream"),
        task(
            "main",
            R"({"chain": [{"new": {"Ticks": {"n": 3, "timer": {"delay": 10}}}}, {"collect": {}}]})"),
        ""));
    EXPECT_EQ(result_of(out, "main"), "ok [3, 2, 1]");
    EXPECT_EQ(find_task(out, "main").polls, 4u);
    EXPECT_EQ(find_task(out, "main").completed_ns, 30'000'000);
}

TEST(hand_statements, AMatchOnAStreamFieldSeesSomeAndNone) {
    std::string poll = R"([{"loop": [{"match": "inner", "arms": [
      {"pattern": "some", "bind": "x", "body": [{"set": "sum", "value": {"add": [{"field": "sum"}, {"var": "x"}]}}]},
      {"pattern": "none", "body": [{"return": {"ready": {"field": "sum"}}}]},
      {"pattern": "not_ready", "body": [{"return": {"not_ready": {}}}]},
      {"pattern": "err", "bind": "e", "body": [{"return": {"err": {"var": "e"}}}]}]}]}])";
    EXPECT_EQ(run_poll(R"(["inner", "sum"])", R"({"inner": {"iter": [1, 2, 3]}, "sum": 0})", poll),
              "ok 6");
}

TEST(hand_statements, ItsKindIsTheTypesName) {
    Traced t = trace_of(file_with(type("Answer", "[]", R"([{"return": {"ready": 42}}])"),
                                  task("main", R"({"new": {"Answer": {}}})"),
                                  ""));
    EXPECT_EQ(t.kinds, (std::vector<std::string>{"Answer"}));
}

// [SECTION] Run-time bounds and panics

TEST(hand_bounds, ALoopThatNeverReturnsRunsOutOfItsStatementBudget) {
    EXPECT_EQ(run_poll("[]", "{}", R"([{"loop": []}])"),
              "panic poll of Once ran 1000000 statements in one poll: a loop that never returns "
              "keeps its task (and every other) from running");
}

TEST(hand_bounds, PollsThatNestWithoutEndAreRefused) {
    // Each poll makes another instance and polls it: without the bound, a stack overflow.
    std::string poll = R"([{"set": "inner", "value": {"new": {"Deep": {"inner": null}}}},
      {"try_ready": "inner"}, {"return": {"ready": 1}}])";
    RunOutcome out = run_file(file_with(type("Deep", R"(["inner"])", poll),
                                        task("main", R"({"new": {"Deep": {"inner": null}}})"),
                                        ""));
    EXPECT_EQ(result_of(out, "main"),
              "panic polls of futures written by hand nest deeper than 256: a poll that makes "
              "and polls another instance of its type recurses without end");
}

TEST(hand_bounds, MatchingAFutureWithStreamPatternsPanics) {
    std::string poll = R"([{"match": "inner", "arms": [
      {"pattern": "some", "body": [{"return": {"ready": 1}}]},
      {"pattern": "_", "body": [{"return": {"ready": 2}}]}]}])";
    EXPECT_EQ(run_poll(R"(["inner"])", R"({"inner": {"ok": 1}})", poll),
              "panic match self.inner.poll(): \"inner\" holds a future, but the arms match a "
              "stream's answers");
    EXPECT_EQ(run_poll(R"(["inner"])",
                       R"({"inner": 3})",
                       R"([{"try_ready": "inner"}, {"return": {"ready": 1}}])"),
              "panic expected a future or a stream in field \"inner\", found int 3");
}

TEST(hand_bounds, NotifyOfSomethingElseThanAHandlePanics) {
    EXPECT_EQ(run_poll("[]", "{}", R"([{"notify": 5}, {"return": {"ready": 1}}])"),
              "panic notify: expected a task handle (task::current()), found int 5");
}

// [SECTION] Load errors

std::string error_of(const std::string &types, const std::string &future = R"({"ok": 1})") {
    return message_of(load_error(file_with(types, task("main", future), "")));
}

TEST(hand_load_errors, EachHasItsExactMessage) {
    std::string ok_poll = R"([{"return": {"ready": 1}}])";
    std::string a = type("A", R"(["n"])", ok_poll);
    EXPECT_EQ(error_of(a, R"({"new": {"Aa": {"n": 1}}})"),
              "/tasks/0/future/new/Aa: unknown type \"Aa\" (did you mean \"A\"?)");
    EXPECT_EQ(error_of(a, R"({"new": {"A": {}}})"),
              "/tasks/0/future/new/A: missing field \"n\" in initializer of \"A\"");
    EXPECT_EQ(error_of(a, R"({"new": {"A": {"n": 1, "m": 2}}})"),
              "/tasks/0/future/new/A/m: struct \"A\" has no field named \"m\" (did you mean "
              "\"n\"?)");
    EXPECT_EQ(error_of(a + "," + a), "/types/1/struct: duplicate type \"A\"");
    EXPECT_EQ(error_of(type("A", "[]", ok_poll, "Iterator")),
              "/types/0/impl: expected \"Future\" or \"Stream\", found \"Iterator\" (a type "
              "written by hand implements one of them)");
    EXPECT_EQ(error_of(type("A", "[]", R"([{"print": 1}])")),
              "/types/0/poll: the poll of \"A\" can reach its end without returning: every path "
              "must end in a return");
    EXPECT_EQ(error_of(type("A", "[]", R"([{"if": true, "then": [{"return": {"ready": 1}}]}])")),
              "/types/0/poll: the poll of \"A\" can reach its end without returning: every path "
              "must end in a return");
    EXPECT_EQ(
        error_of(type("A", R"(["n"])", R"([{"set": "m", "value": 1}, {"return": {"ready": 1}}])")),
        "/types/0/poll/0/set: unknown field \"m\" of \"A\" (did you mean \"n\"?)");
    EXPECT_EQ(error_of(type("A", R"(["f"])", R"([{"match": "f", "arms": [
                  {"pattern": "ready", "body": [{"return": {"ready": 1}}]},
                  {"pattern": "not_ready", "body": [{"return": {"not_ready": {}}}]}]}])")),
              "/types/0/poll/0/arms: non-exhaustive patterns: \"err\" not covered (add its arm, "
              "or a \"_\" arm)");
    EXPECT_EQ(error_of(type("A", R"(["f"])", R"([{"match": "f", "arms": [
                  {"pattern": "ready", "body": [{"return": {"ready": 1}}]},
                  {"pattern": "some", "body": [{"return": {"ready": 1}}]},
                  {"pattern": "_", "body": [{"return": {"ready": 1}}]}]}])")),
              "/types/0/poll/0/arms: a match cannot mix \"ready\" (a future's answer) with "
              "\"some\" or \"none\" (a stream's)");
    EXPECT_EQ(error_of(type("A", "[]", ok_poll), R"({"ok": {"field": "n"}})"),
              "/tasks/0/future/ok: {\"field\": …} is only allowed in the statements of a poll "
              "(not inside a function: copy the field into a let first)");
    EXPECT_EQ(error_of(type("A", "[]", R"([{"break": {}}, {"return": {"ready": 1}}])")),
              "/types/0/poll/0: \"break\" outside a loop");
    EXPECT_EQ(error_of(type("A", "[]", R"([{"return": {"some": 1}}])")),
              "/types/0/poll/0/return/some: {\"return\": {\"some\": …}} is a stream's answer: "
              "\"A\" implements Future");
    EXPECT_EQ(error_of(type("A", "[]", R"([{"return": {"ready": 1}}])", "Stream")),
              "/types/0/poll/0/return/ready: {\"return\": {\"ready\": …}} is a future's answer: "
              "\"A\" implements Stream (write {\"some\": V} or {\"none\": {}})");
    EXPECT_EQ(error_of(type("A", "[]", R"([{"retrun": {"ready": 1}}])")),
              "/types/0/poll/0/retrun: unknown statement \"retrun\" (did you mean \"return\"?); "
              "expected a statement: {\"let\": …}, {\"set\": …}, {\"if\": …}, {\"match\": …}, "
              "{\"try_ready\": …}, {\"loop\": […]}, {\"break\": {}}, {\"continue\": {}}, "
              "{\"notify\": …}, {\"unpark\": …}, {\"print\": …}, {\"do\": …} or {\"return\": …}");
    EXPECT_EQ(error_of(type("A", R"(["n", "n"])", ok_poll)),
              "/types/0/fields/1: duplicate field \"n\" of \"A\"");
    EXPECT_EQ(error_of(type("A", "[]", ok_poll), R"({"new": "A"})"),
              "/tasks/0/future/new: expected {\"TypeName\": {\"field\": value, …}}");
    std::string arms = R"([{"match": "f", "arms": [{"pattern": "redy", "body": []}]}])";
    EXPECT_EQ(error_of(type("A", R"(["f"])", arms)),
              "/types/0/poll/0/arms/0/pattern: unknown pattern \"redy\" (did you mean "
              "\"ready\"?); expected \"ready\", \"not_ready\", \"err\", \"some\", \"none\" or "
              "\"_\"");
    arms = R"([{"match": "f", "arms": [{"pattern": "not_ready", "bind": "x", "body": []}]}])";
    EXPECT_EQ(error_of(type("A", R"(["f"])", arms)),
              "/types/0/poll/0/arms/0/bind: the pattern \"not_ready\" holds no value");
    EXPECT_EQ(error_of(type("A", "[]", R"([{"return": {"pending": {}}}])")),
              "/types/0/poll/0/return/pending: unknown answer \"pending\"");
    EXPECT_EQ(error_of(type("A", "[]", R"([{"return": {"not_ready": 1}}])")),
              "/types/0/poll/0/return/not_ready: expected {} (\"not_ready\" holds no value)");
    EXPECT_EQ(error_of(type("1A", "[]", ok_poll)),
              "/types/0/struct: expected a type name (a letter, then letters, digits or _), "
              "found \"1A\"");
}

} // namespace
} // namespace futurescope::scenario
